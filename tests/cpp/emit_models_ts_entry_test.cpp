#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "emit/models_ts_entry.hpp"
#include "emit/models_ts_request.hpp"
#include "emit/models_ts_updater.hpp"
#include "fixtures.hpp"
#include "text_checks.hpp"

using namespace hfmi;
using hfmi::test::all_newlines_crlf;
using hfmi::test::printable_ascii_lines;

namespace {

const nlohmann::json& dataset_models() {
  static const nlohmann::json models =
      nlohmann::json::parse(test::fixture("flashinfer-bench/models_ts_entries.json"))["models"];
  return models;
}

ModelsTsEntry dataset_entry(const std::string& id) {
  for (const auto& m : dataset_models()) {
    if (m["id"] == id) {
      auto e = models_ts_entry_from_json(m.dump());
      REQUIRE(e.ok());
      return e.value();
    }
  }
  FAIL("no dataset entry " << id);
  return {};
}

// The text of one entry in tests/fixtures/models_ts/models.ts, from "  {" to "  },".
std::string fixture_entry_text(const std::string& id) {
  const std::string file = test::fixture("models_ts/models.ts");
  const std::string head = "  {\n    id: \"" + id + "\",";
  const size_t b = file.find(head);
  REQUIRE(b != std::string::npos);
  const size_t e = file.find("\n  },", b);
  REQUIRE(e != std::string::npos);
  return file.substr(b, e + 5 - b);
}

std::vector<std::string> split_lines(const std::string& s, const std::string& nl = "\n") {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (true) {
    const size_t e = s.find(nl, pos);
    if (e == std::string::npos) {
      lines.push_back(s.substr(pos));
      return lines;
    }
    lines.push_back(s.substr(pos, e - pos));
    pos = e + nl.size();
  }
}

// The real file writes non-ASCII characters raw ("×", "→"); the emitter writes them as \u escapes.
// Lines are compared with every `description: "..."` value re-encoded the same way (JSON, ASCII).
std::vector<std::string> normalized(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  const std::string key = "description: ";
  for (const auto& line : lines) {
    const size_t k = line.find(key);
    if (k == std::string::npos || line.back() != ',' || line[k + key.size()] != '"') {
      out.push_back(line);
      continue;
    }
    const std::string lit = line.substr(k + key.size(), line.size() - 1 - k - key.size());
    out.push_back(line.substr(0, k + key.size()) + nlohmann::json(nlohmann::json::parse(lit)).dump(-1, ' ', true) + ",");
  }
  return out;
}

bool module_definitions_all_present(const nlohmann::json& model) {
  for (const auto& m : model["modules"])
    if (!m.contains("definitions")) return false;
  return true;
}

}  // namespace

TEST_CASE("slugify_model_id makes ids of the ^[a-z0-9.-]+$ form", "[emit]") {
  CHECK(slugify_model_id("Llama-3.1-8B") == "llama-3.1-8b");
  CHECK(slugify_model_id("Qwen3-30B-A3B") == "qwen3-30b-a3b");
  CHECK(slugify_model_id("meta-llama/Llama-3.1-8B") == "llama-3.1-8b");
  CHECK(slugify_model_id("deepseek-ai/DeepSeek-V3") == "deepseek-v3");
  CHECK(slugify_model_id("nvidia/Llama-3_3-Nemotron-Super-49B-v1") == "llama-3-3-nemotron-super-49b-v1");
  CHECK(slugify_model_id("  Foo__Bar!! ") == "foo-bar");
  CHECK(slugify_model_id("..a..") == "a");
  CHECK(slugify_model_id("\xC3\x9Cn\xC3\xAF" "code Model") == "n-code-model");
  CHECK(slugify_model_id("") == "");
  CHECK(slugify_model_id("///") == "");
  CHECK(slugify_model_id("\"; process.exit(1); \"") == "process.exit-1");
}

TEST_CASE("every dataset id is a valid id and its own slug", "[emit]") {
  REQUIRE(dataset_models().size() == 9);
  for (const auto& m : dataset_models()) {
    const std::string id = m["id"];
    INFO(id);
    CHECK(is_valid_model_id(id));
    CHECK(slugify_model_id(id) == id);
  }
  CHECK_FALSE(is_valid_model_id(""));
  CHECK_FALSE(is_valid_model_id("Llama"));
  CHECK_FALSE(is_valid_model_id("a b"));
  CHECK_FALSE(is_valid_model_id("a_b"));
  CHECK_FALSE(is_valid_model_id("a/b"));
}

TEST_CASE("an emitted entry equals the real file's layout for every dataset entry without omitted fields", "[emit]") {
  int compared = 0;
  for (const auto& m : dataset_models()) {
    const std::string id = m["id"];
    if (!module_definitions_all_present(m) || id == "nemotron-h-8b") continue;  // see the next test case
    INFO(id);
    auto emitted = emit_models_ts_entry(dataset_entry(id), 1);
    REQUIRE(emitted.ok());
    CHECK(normalized(split_lines(emitted.value())) == normalized(split_lines(fixture_entry_text(id))));
    if (id == "llama-3.1-8b") CHECK(emitted.value() == fixture_entry_text(id));  // byte for byte
    ++compared;
  }
  CHECK(compared == 6);  // llama-3.1-8b, qwen3-30b-a3b, qwen3-next, minimax-m2, two llama-4
}

TEST_CASE("entries with a root without definitions or with comments differ only there", "[emit]") {
  // DeepSeek V3's and Kimi K2's roots have no `definitions` in the dataset; a ModuleTree always has
  // them, so the emitted entry has one extra `definitions: [],` line after the root's type.
  for (const std::string id : {"deepseek-v3", "kimi-k2"}) {
    INFO(id);
    auto emitted = emit_models_ts_entry(dataset_entry(id), 1);
    REQUIRE(emitted.ok());
    auto expected = split_lines(fixture_entry_text(id));
    REQUIRE(expected[7] == "        type: \"block\",");
    expected.insert(expected.begin() + 8, "        definitions: [],");
    CHECK(normalized(split_lines(emitted.value())) == normalized(expected));
  }
  // NemotronH's entry in the real file has section comments; the emitted one has none.
  auto emitted = emit_models_ts_entry(dataset_entry("nemotron-h-8b"), 1);
  REQUIRE(emitted.ok());
  std::vector<std::string> expected;
  for (const auto& line : split_lines(fixture_entry_text("nemotron-h-8b")))
    if (line.find("// ---") == std::string::npos) expected.push_back(line);
  CHECK(expected.size() == split_lines(fixture_entry_text("nemotron-h-8b")).size() - 4);
  CHECK(split_lines(emitted.value()) == expected);
}

TEST_CASE("entry layout details: indentation, optional fields, split definitions", "[emit]") {
  ModelsTsEntry e;
  e.id = "tiny";
  e.name = "Tiny";
  e.tree.modules = {
      {"TinyForCausalLM", 1, "", "block", {}},
      {"attn", 4, "TinyForCausalLM", "layer",
       {"gqa_paged_prefill_causal_h32_kv8_d128_ps1", "gqa_paged_decode_h32_kv8_d128_ps1"}},
  };
  auto level0 = emit_models_ts_entry(e, 0);
  REQUIRE(level0.ok());
  const std::string expected0 =
      "{\n"
      "  id: \"tiny\",\n"
      "  name: \"Tiny\",\n"
      "  modules: {\n"
      "    TinyForCausalLM: {\n"
      "      count: 1,\n"
      "      type: \"block\",\n"
      "      definitions: [],\n"
      "    },\n"
      "    attn: {\n"
      "      count: 4,\n"
      "      parent: \"TinyForCausalLM\",\n"
      "      type: \"layer\",\n"
      // 6 + 13 + 2 + 43 + 2 + 35 + 2 = 103 columns > 100: one name per line
      "      definitions: [\n"
      "        \"gqa_paged_prefill_causal_h32_kv8_d128_ps1\",\n"
      "        \"gqa_paged_decode_h32_kv8_d128_ps1\",\n"
      "      ],\n"
      "    },\n"
      "  },\n"
      "},";
  CHECK(level0.value() == expected0);

  auto level2 = emit_models_ts_entry(e, 2);
  REQUIRE(level2.ok());
  CHECK(level2.value().rfind("    {\n      id: \"tiny\",", 0) == 0);
  CHECK(level2.value().size() > 4);
  CHECK(level2.value().substr(level2.value().size() - 6) == "    },");

  ModelsTsFormat one_line;
  one_line.layout = ModulesLayout::kOneLine;
  auto compact = emit_models_ts_entry(e, one_line, 1);
  REQUIRE(compact.ok());
  CHECK(split_lines(compact.value()) ==
        std::vector<std::string>{
            "  {",
            "    id: \"tiny\",",
            "    name: \"Tiny\",",
            "    modules: {",
            "      TinyForCausalLM: { count: 1, type: \"block\", definitions: [] },",
            "      attn: { count: 4, parent: \"TinyForCausalLM\", type: \"layer\", definitions: "
            "[\"gqa_paged_prefill_causal_h32_kv8_d128_ps1\", \"gqa_paged_decode_h32_kv8_d128_ps1\"] },",
            "    },",
            "  },"});

  ModelsTsFormat crlf_tabs;
  crlf_tabs.newline = "\r\n";
  crlf_tabs.indent_unit = "\t";
  auto crlf = emit_models_ts_entry(e, crlf_tabs, 1);
  REQUIRE(crlf.ok());
  const std::string& t = crlf.value();
  CHECK(t.rfind("\t{\r\n\t\tid: \"tiny\",\r\n", 0) == 0);
  CHECK(all_newlines_crlf(t));

  e.tree.modules.clear();
  auto empty = emit_models_ts_entry(e, 0);
  REQUIRE(empty.ok());
  CHECK(empty.value() == "{\n  id: \"tiny\",\n  name: \"Tiny\",\n  modules: {},\n},");
}

TEST_CASE("hostile ids are refused with E_USAGE and no text", "[emit]") {
  ModelsTsEntry e = dataset_entry("llama-3.1-8b");
  for (const std::string id :
       {"\"; process.exit(1); \"", "", "Llama-3.1-8B", "a b", "a\nb", "${evil}", "x\\y", "a\xE2\x80\xA8" "b",
        "emoji\xF0\x9F\x98\x80", "bad\xFF", "*/", "</script>", "a_b", "org/name"}) {
    INFO(id);
    e.id = id;
    auto r = emit_models_ts_entry(e, 1);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_USAGE");
    CHECK(r.error().path == "id");
  }
}

TEST_CASE("entry refusals: empty name, empty or duplicate module names, unknown type", "[emit]") {
  ModelsTsEntry e = dataset_entry("llama-3.1-8b");
  {
    ModelsTsEntry x = e;
    x.name.clear();
    auto r = emit_models_ts_entry(x);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_USAGE");
    CHECK(r.error().path == "name");
  }
  {
    ModelsTsEntry x = e;
    x.tree.modules[5].name = x.tree.modules[2].name;  // input_layernorm -> embed_tokens
    auto r = emit_models_ts_entry(x);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_BAD_MODELS_TS");
    CHECK(r.error().path == "modules[5].name");
  }
  {
    ModelsTsEntry x = e;
    x.tree.modules[3].name.clear();
    auto r = emit_models_ts_entry(x);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().path == "modules[3].name");
  }
  {
    ModelsTsEntry x = e;
    x.tree.modules[7].type = "blok";
    auto r = emit_models_ts_entry(x);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_BAD_MODELS_TS");
    CHECK(r.error().path == "modules[7].type");
  }
}

TEST_CASE("hostile names, descriptions, module names and definitions are escaped and read back", "[emit]") {
  const std::vector<std::string> hostile = {
      "\"; process.exit(1); \"", "back\\slash\\", "${evil}", "new\nline", "sep\xE2\x80\xA8" "x",
      "emoji \xF0\x9F\x98\x80", "bad\xFF" "utf8", "*/ end", "</script>", "__proto__", "}, evil: {"};
  const std::string replacement = "\xEF\xBF\xBD";
  for (const auto& s : hostile) {
    INFO(s);
    ModelsTsEntry e;
    e.id = "hostile-test";
    e.name = s;
    e.description = s;
    e.tree.modules = {{s, 1, "", "block", {s}}, {"child", 2, s, "layer", {s, "ok"}}};
    auto file = emit_models_ts_file({e});
    REQUIRE(file.ok());
    // Nothing broke out: the file still scans, with exactly this one entry.
    auto scan = scan_models_ts(file.value());
    REQUIRE(scan.ok());
    REQUIRE(scan.value().entries.size() == 1);
    CHECK(scan.value().entries[0].id == std::optional<std::string>("hostile-test"));
    // Every string literal in the output decodes (as JSON) to the input, with U+FFFD for bad bytes.
    std::string expected = s;
    for (size_t p = expected.find('\xFF'); p != std::string::npos; p = expected.find('\xFF'))
      expected.replace(p, 1, replacement);
    const auto lines = split_lines(file.value());
    int found = 0;
    for (const auto& line : lines) {
      for (const std::string key : {"name: ", "description: ", "parent: "}) {
        const size_t k = line.find(key);
        if (k == std::string::npos || line.find("id: ") != std::string::npos) continue;
        if (line.compare(0, line.find_first_not_of(' '), std::string(line.find_first_not_of(' '), ' ')) != 0) continue;
        std::string lit = line.substr(k + key.size());
        REQUIRE(lit.back() == ',');
        lit.pop_back();
        CHECK(nlohmann::json::parse(lit).get<std::string>() == expected);
        ++found;
      }
    }
    CHECK(found == 3);
    // No raw control characters, no non-ASCII bytes, no `${` anywhere in the file.
    CHECK(printable_ascii_lines(file.value()));
    CHECK(file.value().find("${") == std::string::npos);
  }
}

TEST_CASE("emit_models_ts_file writes the real file's layout", "[emit]") {
  std::vector<ModelsTsEntry> entries;
  for (const auto& m : dataset_models()) entries.push_back(dataset_entry(m["id"]));
  auto file = emit_models_ts_file(entries);
  REQUIRE(file.ok());
  // Expected: the fixture without NemotronH's 4 comment lines, with `definitions: [],` added to the
  // two roots that lack it.
  std::vector<std::string> expected;
  const auto fixture_lines = split_lines(test::fixture("models_ts/models.ts"));
  for (size_t i = 0; i < fixture_lines.size(); ++i) {
    const std::string& line = fixture_lines[i];
    if (line.find("// ---") != std::string::npos) continue;
    expected.push_back(line);
    if ((line == "      DeepseekV3ForCausalLM: {" || line == "      KimiK2ForCausalLM: {")) {
      expected.push_back(fixture_lines[++i]);  // count
      expected.push_back(fixture_lines[++i]);  // type
      expected.push_back("        definitions: [],");
    }
  }
  CHECK(normalized(split_lines(file.value())) == normalized(expected));
  CHECK(expected.size() == fixture_lines.size() - 4 + 2);

  entries.push_back(entries[1]);
  auto dup = emit_models_ts_file(entries);
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().code == "E_USAGE");
  CHECK(dup.error().path == "[9].id");

  entries.pop_back();
  entries[2].id = "Bad Id";
  auto bad = emit_models_ts_file(entries);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().path == "[2].id");
}

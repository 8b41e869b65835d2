#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emit/models_ts_entry.hpp"
#include "emit/models_ts_request.hpp"
#include "emit/models_ts_updater.hpp"
#include "emit/ts_string.hpp"
#include "fixtures.hpp"
#include "text_checks.hpp"

using namespace hfmi;
using hfmi::test::all_newlines_crlf;
using hfmi::test::printable_ascii_lines;

namespace {

const nlohmann::json& dataset() {
  static const nlohmann::json j = nlohmann::json::parse(test::fixture("flashinfer-bench/models_ts_entries.json"));
  return j;
}

std::vector<std::string> dataset_ids() {
  std::vector<std::string> ids;
  for (const auto& m : dataset()["models"]) ids.push_back(m["id"]);
  return ids;
}

ModelsTsEntry dataset_entry(const std::string& id) {
  for (const auto& m : dataset()["models"]) {
    if (m["id"] == id) {
      auto e = models_ts_entry_from_json(m.dump());
      REQUIRE(e.ok());
      return e.value();
    }
  }
  FAIL("no dataset entry " << id);
  return {};
}

const std::string& real_file() {
  static const std::string text = test::fixture("models_ts/models.ts");
  return text;
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

std::vector<std::string> scanned_ids(const std::string& text) {
  auto scan = scan_models_ts(text);
  REQUIRE(scan.ok());
  std::vector<std::string> ids;
  for (const auto& e : scan.value().entries) ids.push_back(e.id.value_or("<no id>"));
  return ids;
}

void require_one_entry_per_id(const std::string& text) {
  std::map<std::string, int> seen;
  for (const auto& id : scanned_ids(text)) ++seen[id];
  for (const auto& [id, n] : seen) {
    INFO(id);
    CHECK(n == 1);
  }
}

// The new text with the edit (and the added comma) taken out.
std::string without_edit(const ModelsTsUpdate& u) {
  std::string t = u.text;
  t.erase(u.edit_begin, u.edit_end - u.edit_begin);
  if (u.comma_at != std::string::npos) {
    REQUIRE(t[u.comma_at] == ',');
    t.erase(u.comma_at, 1);
  }
  return t;
}

// Lines of `after` minus the contiguous block of inserted lines equal `before`; returns the block.
std::vector<std::string> inserted_lines(const std::string& before, const std::string& after,
                                        const std::string& nl = "\n") {
  const auto a = split_lines(before, nl), b = split_lines(after, nl);
  REQUIRE(b.size() >= a.size());
  size_t prefix = 0;
  while (prefix < a.size() && a[prefix] == b[prefix]) ++prefix;
  const size_t k = b.size() - a.size();
  std::vector<std::string> rest(b.begin(), b.begin() + prefix);
  rest.insert(rest.end(), b.begin() + prefix + k, b.end());
  CHECK(rest == a);
  return std::vector<std::string>(b.begin() + prefix, b.begin() + prefix + k);
}

ModelsTsEntry renamed(ModelsTsEntry e, const std::string& id, const std::string& name) {
  e.id = id;
  e.name = name;
  return e;
}

}  // namespace

TEST_CASE("scanning the real-layout models.ts finds every dataset entry and the file's style", "[emit]") {
  auto scan = scan_models_ts(real_file());
  REQUIRE(scan.ok());
  const ModelsTsScan& s = scan.value();
  CHECK(s.element_count == dataset()["models"].size());
  CHECK(scanned_ids(real_file()) == dataset_ids());
  CHECK(s.newline == "\n");
  CHECK(s.entry_indent == "  ");
  CHECK(s.indent_unit == "  ");
  CHECK(s.layout == ModulesLayout::kExpanded);
  CHECK(s.last_element_has_comma);
  CHECK(real_file().substr(s.array_open, 1) == "[");
  CHECK(real_file().substr(s.array_close, 20) == "] satisfies Model[]\n");
  CHECK(real_file().compare(s.entries[0].begin, 24, "{\n    id: \"deepseek-v3\",") == 0);
  CHECK(real_file().compare(s.entries[8].end - 1, 3, "},\n") == 0);
}

TEST_CASE("inserting a new entry leaves every original line unchanged", "[emit]") {
  const ModelsTsEntry entry = renamed(dataset_entry("llama-3.1-8b"), "llama-3.1-8b-instruct", "Llama 3.1 8B Instruct");
  auto u = update_models_ts(real_file(), entry, false);
  REQUIRE(u.ok());
  CHECK(u.value().action == "inserted");
  CHECK(u.value().comma_at == std::string::npos);
  CHECK(without_edit(u.value()) == real_file());
  const auto block = inserted_lines(real_file(), u.value().text);
  auto expected = emit_models_ts_entry(entry, 1);
  REQUIRE(expected.ok());
  CHECK(block == split_lines(expected.value()));
  // Right before the closing `] satisfies Model[]`.
  const auto lines = split_lines(u.value().text);
  const auto closing = std::find(lines.begin(), lines.end(), "] satisfies Model[]");
  REQUIRE(closing != lines.end());
  CHECK(*(closing - 1) == "  },");
  CHECK(*(closing - static_cast<long>(block.size())) == "  {");
  auto ids = dataset_ids();
  ids.push_back("llama-3.1-8b-instruct");
  CHECK(scanned_ids(u.value().text) == ids);
  // With replace=true and no such id, it is an insertion too.
  auto u2 = update_models_ts(real_file(), entry, true);
  REQUIRE(u2.ok());
  CHECK(u2.value().action == "inserted");
  CHECK(u2.value().text == u.value().text);
}

TEST_CASE("insert, re-import with replace, insert a second model: one entry per id, other lines unchanged",
          "[emit]") {
  const ModelsTsEntry first = renamed(dataset_entry("qwen3-30b-a3b"), "qwen3-30b-a3b-instruct-2507", "Qwen3 30B A3B");
  auto step1 = update_models_ts(real_file(), first, false);
  REQUIRE(step1.ok());
  const std::string text1 = step1.value().text;

  // Re-import the same id with a different description and counts.
  ModelsTsEntry again = first;
  again.description = "Re-imported: 48 layers, all MoE.";
  for (auto& m : again.tree.modules)
    if (m.count == 32 || m.count == 30) m.count = 48;
  auto step2 = update_models_ts(text1, again, true);
  REQUIRE(step2.ok());
  CHECK(step2.value().action == "replaced");
  const std::string text2 = step2.value().text;
  require_one_entry_per_id(text2);
  CHECK(scanned_ids(text2) == scanned_ids(text1));
  // Byte for byte: the bytes before the old entry's `{` and after its `}` are unchanged.
  auto scan1 = scan_models_ts(text1);
  REQUIRE(scan1.ok());
  const ModelsTsEntrySpan& old = scan1.value().entries.back();
  CHECK(text2.substr(0, step2.value().edit_begin) == text1.substr(0, old.begin));
  CHECK(text2.substr(step2.value().edit_end) == text1.substr(old.end));
  CHECK(text2.substr(step2.value().edit_begin, 1) == "{");
  CHECK(text2.substr(step2.value().edit_end - 1, 2) == "},");  // the old entry's own comma stays
  // Line-wise: same number of lines (the description and count lines changed in place).
  const auto l1 = split_lines(text1), l2 = split_lines(text2);
  CHECK(l2.size() == l1.size());
  size_t changed = 0;
  for (size_t i = 0; i < l1.size(); ++i) changed += l1[i] != l2[i] ? 1 : 0;
  CHECK(changed == 1 + 16);  // the description; the 16 modules with count 32 or 30 (all but the root)
  auto expected2 = emit_models_ts_entry(again, 1);
  REQUIRE(expected2.ok());
  CHECK(text2.find(expected2.value() + "\n] satisfies Model[]\n") != std::string::npos);

  // A second, new model.
  const ModelsTsEntry second = renamed(dataset_entry("minimax-m2"), "minimax-m2.1", "MiniMax M2.1");
  auto step3 = update_models_ts(text2, second, false);
  REQUIRE(step3.ok());
  CHECK(step3.value().action == "inserted");
  const std::string text3 = step3.value().text;
  CHECK(without_edit(step3.value()) == text2);
  inserted_lines(text2, text3);
  require_one_entry_per_id(text3);
  auto ids = dataset_ids();
  ids.push_back("qwen3-30b-a3b-instruct-2507");
  ids.push_back("minimax-m2.1");
  CHECK(scanned_ids(text3) == ids);
  // Every line of the original file is still there, in order, at the start and the end.
  const auto l0 = split_lines(real_file()), l3 = split_lines(text3);
  CHECK(std::vector<std::string>(l3.begin(), l3.begin() + static_cast<long>(l0.size()) - 4) ==
        std::vector<std::string>(l0.begin(), l0.end() - 4));
  CHECK(std::vector<std::string>(l3.end() - 4, l3.end()) == std::vector<std::string>(l0.end() - 4, l0.end()));
}

TEST_CASE("inserting an existing id without replace fails and returns no text", "[emit]") {
  const ModelsTsEntry entry = dataset_entry("kimi-k2");
  auto r = update_models_ts(real_file(), entry, false);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "E_BAD_MODELS_TS");
  CHECK(r.error().message == "entry with id \"kimi-k2\" exists; use --replace");
  CHECK(r.error().path == "models[6].id");
}

TEST_CASE("replacing DeepSeek V3 with its own dataset content changes only the root's definitions line", "[emit]") {
  auto r = update_models_ts(real_file(), dataset_entry("deepseek-v3"), true);
  REQUIRE(r.ok());
  CHECK(r.value().action == "replaced");
  const auto block = inserted_lines(real_file(), r.value().text);
  CHECK(block == std::vector<std::string>{"        definitions: [],"});
  const auto lines = split_lines(r.value().text);
  CHECK(lines[8] == "      DeepseekV3ForCausalLM: {");
  CHECK(lines[11] == "        definitions: [],");
}

TEST_CASE("replacing every dataset entry with itself keeps the ids and the text outside entries", "[emit]") {
  std::string text = real_file();
  for (const auto& id : dataset_ids()) {
    INFO(id);
    auto r = update_models_ts(text, dataset_entry(id), true);
    REQUIRE(r.ok());
    CHECK(r.value().action == "replaced");
    text = r.value().text;
  }
  CHECK(scanned_ids(text) == dataset_ids());
  // Header and footer untouched.
  CHECK(text.rfind("import type { Model } from \"@/lib/schemas\"\n\nconst models: Model[] = [\n  {\n", 0) == 0);
  const std::string footer = "  },\n] satisfies Model[]\n\nexport default models\n";
  CHECK(text.substr(text.size() - footer.size()) == footer);
}

TEST_CASE("CRLF files stay CRLF", "[emit]") {
  std::string crlf;
  for (char c : real_file()) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  auto scan = scan_models_ts(crlf);
  REQUIRE(scan.ok());
  CHECK(scan.value().newline == "\r\n");
  const ModelsTsEntry entry = renamed(dataset_entry("llama-3.1-8b"), "llama-3.2-1b", "Llama 3.2 1B");
  auto r = update_models_ts(crlf, entry, false);
  REQUIRE(r.ok());
  const std::string& t = r.value().text;
  CHECK(all_newlines_crlf(t));
  CHECK(without_edit(r.value()) == crlf);
  const auto block = inserted_lines(crlf, t, "\r\n");
  auto expected = emit_models_ts_entry(entry, 1);
  REQUIRE(expected.ok());
  CHECK(block == split_lines(expected.value()));
  // Replace keeps CRLF too.
  auto rr = update_models_ts(t, renamed(entry, "llama-3.2-1b", "Llama 3.2 1B (re-imported)"), true);
  REQUIRE(rr.ok());
  CHECK(rr.value().text.find("\r\n    name: \"Llama 3.2 1B (re-imported)\",\r\n") != std::string::npos);
  CHECK(all_newlines_crlf(rr.value().text));
}

TEST_CASE("tab indentation is detected and used", "[emit]") {
  std::string tabs;
  for (const auto& line : split_lines(real_file())) {
    size_t spaces = line.find_first_not_of(' ');
    if (spaces == std::string::npos) spaces = line.size();
    tabs += std::string(spaces / 2, '\t') + line.substr(spaces) + "\n";
  }
  tabs.pop_back();
  auto scan = scan_models_ts(tabs);
  REQUIRE(scan.ok());
  CHECK(scan.value().entry_indent == "\t");
  CHECK(scan.value().indent_unit == "\t");
  ModelsTsEntry entry = renamed(dataset_entry("llama-3.1-8b"), "llama-tabs", "Tabs");
  auto r = update_models_ts(tabs, entry, false);
  REQUIRE(r.ok());
  CHECK(without_edit(r.value()) == tabs);
  CHECK(r.value().text.find("\t{\n\t\tid: \"llama-tabs\",\n\t\tname: \"Tabs\",\n\t\tdescription: \"Meta's Llama 3.1 8B "
                            "parameter model\",\n\t\tmodules: {\n\t\t\tLlamaForCausalLM: {\n\t\t\t\tcount: 1,\n") !=
        std::string::npos);
}

TEST_CASE("a file with one module per line gets one-line modules", "[emit]") {
  ModelsTsFormat compact;
  compact.layout = ModulesLayout::kOneLine;
  auto file = emit_models_ts_file({dataset_entry("llama-3.1-8b")}, compact);
  REQUIRE(file.ok());
  auto scan = scan_models_ts(file.value());
  REQUIRE(scan.ok());
  CHECK(scan.value().layout == ModulesLayout::kOneLine);
  auto r = update_models_ts(file.value(), renamed(dataset_entry("deepseek-v3"), "deepseek-r1", "DeepSeek R1"), false);
  REQUIRE(r.ok());
  CHECK(r.value().text.find("\n      mlp_dense: { count: 31, parent: \"mlp\", type: \"block\", definitions: [] },\n") !=
        std::string::npos);
  CHECK(without_edit(r.value()) == file.value());
}

TEST_CASE("the scanner steps over comments, strings, templates, quoted keys and non-object elements", "[emit]") {
  const std::string tricky = test::fixture("models_ts/tricky.ts");
  auto scan = scan_models_ts(tricky);
  REQUIRE(scan.ok());
  const ModelsTsScan& s = scan.value();
  CHECK(s.element_count == 3);
  REQUIRE(s.entries.size() == 2);
  CHECK(s.entries[0].id == std::optional<std::string>("alpha"));
  CHECK(s.entries[0].element_index == 0);
  CHECK(s.entries[1].id == std::optional<std::string>("beta"));
  CHECK(s.entries[1].element_index == 2);
  CHECK_FALSE(s.last_element_has_comma);
  CHECK(s.layout == ModulesLayout::kOneLine);
  CHECK(s.entry_indent == "  ");
  CHECK(tricky.substr(s.array_close, 3) == "];\n");

  // Insert: a comma goes right after beta's `}`, the entry before `];`.
  ModelsTsEntry gamma;
  gamma.id = "gamma";
  gamma.name = "Gamma";
  gamma.tree.modules = {{"GammaRoot", 1, "", "block", {}}};
  auto ins = update_models_ts(tricky, gamma, false);
  REQUIRE(ins.ok());
  CHECK(ins.value().comma_at != std::string::npos);
  CHECK(without_edit(ins.value()) == tricky);
  CHECK(ins.value().text.find("  }, // no comma after the last entry\n  {\n    id: \"gamma\",\n") != std::string::npos);
  CHECK(ins.value().text.find("      GammaRoot: { count: 1, type: \"block\", definitions: [] },\n    },\n  },\n];\n") !=
        std::string::npos);
  CHECK(scanned_ids(ins.value().text) == std::vector<std::string>{"alpha", "beta", "gamma"});

  // Replace alpha: its comment line above and everything after its `}` stay.
  ModelsTsEntry alpha = gamma;
  alpha.id = "alpha";
  alpha.name = "Alpha 2";
  auto rep = update_models_ts(tricky, alpha, true);
  REQUIRE(rep.ok());
  CHECK(rep.value().action == "replaced");
  CHECK(rep.value().text.substr(0, rep.value().edit_begin) == tricky.substr(0, s.entries[0].begin));
  CHECK(rep.value().text.substr(rep.value().edit_end) == tricky.substr(s.entries[0].end));
  CHECK(scanned_ids(rep.value().text) == std::vector<std::string>{"alpha", "beta"});

  // Replace beta, the last element, which has no comma: none is added.
  ModelsTsEntry beta = gamma;
  beta.id = "beta";
  auto rep2 = update_models_ts(tricky, beta, true);
  REQUIRE(rep2.ok());
  CHECK(rep2.value().text.find("    },\n  } // no comma after the last entry\n];") != std::string::npos);
}

TEST_CASE("an empty models array and a one-line array", "[emit]") {
  ModelsTsEntry e;
  e.id = "first";
  e.name = "First";
  const std::string empty = "import type { Model } from \"@/lib/schemas\"\n\nconst models: Model[] = [] satisfies Model[]\n";
  auto r = update_models_ts(empty, e, false);
  REQUIRE(r.ok());
  CHECK(r.value().text ==
        "import type { Model } from \"@/lib/schemas\"\n\nconst models: Model[] = [\n  {\n    id: \"first\",\n"
        "    name: \"First\",\n    modules: {},\n  },\n] satisfies Model[]\n");
  const std::string one_line = "const models = [{ id: \"a\", name: \"A\", modules: {} }];\n";
  auto r2 = update_models_ts(one_line, e, false);
  REQUIRE(r2.ok());
  CHECK(r2.value().text ==
        "const models = [{ id: \"a\", name: \"A\", modules: {} },\n  {\n    id: \"first\",\n    name: \"First\",\n"
        "    modules: {},\n  },\n];\n");
  CHECK(scanned_ids(r2.value().text) == std::vector<std::string>{"a", "first"});
}

TEST_CASE("broken files are refused with a readable E_BAD_MODELS_TS and no text", "[emit]") {
  ModelsTsEntry e;
  e.id = "x";
  e.name = "X";
  struct Case {
    std::string text;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"", "no top-level `const models"},
      {"export default []\n", "no top-level `const models"},
      {"function f() { const models = [] }\n", "no top-level `const models"},
      {"const models = [\n  {\n    id: \"a\",\n  },\n", "1:16: unbalanced '[' is never closed"},
      {"const models = [ { id: \"a\" ) ]", "1:28: mismatched ')'"},
      {"const models = [\n  { id: \"a },\n]", "2:9: unterminated string literal"},
      {"const models = [ /* ] ", "1:18: unterminated /* comment"},
      {"const models = [ `abc ]", "1:18: unterminated template literal"},
      {"const models = [ `${ ]` ]", "unbalanced ']' inside a ${...} substitution"},
      {"const models = [ {id: 'a'},, ]", "empty element"},
      {"const models = [];\nconst models = [];\n", "2:1: a second top-level `models` declaration"},
      {"let models;\n", "without an `= [` initializer"},
      {"const models = getModels()\n", "not initialized with an array literal"},
      {"const models = [] }", "unbalanced '}' with nothing open"},
      {"const models = ['a\n']", "unterminated string literal (line break)"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto r = update_models_ts(c.text, e, true);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_BAD_MODELS_TS");
    CHECK(r.error().message.find(c.message_part) != std::string::npos);
    CHECK(r.error().message.rfind("models.ts", 0) == 0);
  }
  // An id that is not a constant string literal is not an id the updater can match.
  auto computed = scan_models_ts("const models = [{ id: \"x\" + suffix }, { id: `x${y}` }, { id: \"x\" }]");
  REQUIRE(computed.ok());
  REQUIRE(computed.value().entries.size() == 3);
  CHECK_FALSE(computed.value().entries[0].id.has_value());
  CHECK_FALSE(computed.value().entries[1].id.has_value());
  CHECK(computed.value().entries[2].id == std::optional<std::string>("x"));
  // Duplicate ids already in the file: refuse to guess which one to replace.
  const std::string dup = "const models = [\n  { id: \"x\", name: \"1\", modules: {} },\n  { id: \"x\", name: \"2\", modules: {} },\n]\n";
  auto r = update_models_ts(dup, e, true);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "models.ts already has 2 entries with id \"x\"; fix the file by hand first");
  CHECK(r.error().path == "models[1].id");
}

TEST_CASE("hostile ids are refused by the updater; hostile descriptions are escaped and read back", "[emit]") {
  ModelsTsEntry e = dataset_entry("llama-3.1-8b");
  for (const std::string id : {"\"; process.exit(1); \"", "a\nb", "${evil}", "x\\", "\xE2\x80\xA8", "</script>", "*/"}) {
    e.id = id;
    auto r = update_models_ts(real_file(), e, true);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_USAGE");
  }
  e.id = "hostile";
  for (const std::string text : {"\"; process.exit(1); \"", "back\\slash\\", "${evil}", "new\nline\r\n",
                                 "sep\xE2\x80\xA8" "x\xE2\x80\xA9", "emoji \xF0\x9F\x98\x80", "*/ /*", "</script>",
                                 "'quote' `tick`", "\xE2\x80\xAE" "rtl"}) {
    INFO(text);
    e.name = text;
    e.description = text;
    auto r = update_models_ts(real_file(), e, false);
    REQUIRE(r.ok());
    CHECK(without_edit(r.value()) == real_file());
    auto ids = dataset_ids();
    ids.push_back("hostile");
    CHECK(scanned_ids(r.value().text) == ids);
    const std::string inserted = r.value().text.substr(r.value().edit_begin, r.value().edit_end - r.value().edit_begin);
    CHECK(printable_ascii_lines(inserted));
    const auto lines = split_lines(inserted);
    REQUIRE(lines[2].rfind("    name: ", 0) == 0);
    REQUIRE(lines[3].rfind("    description: ", 0) == 0);
    CHECK(nlohmann::json::parse(lines[2].substr(10, lines[2].size() - 11)).get<std::string>() == text);
    CHECK(nlohmann::json::parse(lines[3].substr(17, lines[3].size() - 18)).get<std::string>() == text);
    auto own = decode_ts_string_literal(lines[3].substr(17));
    REQUIRE(own.ok());
    CHECK(own.value() == text);
  }
}

TEST_CASE("hostile.ts (checked by tests/js/ts_check.test.mjs with the TypeScript parser) is what the emitter writes",
          "[emit]") {
  // tests/fixtures/models_ts/hostile_strings.json lists the hostile strings as hex bytes; the file
  // hostile.ts is the emitter's output for one entry per string. Regenerate with HFMI_UPDATE_GOLDEN=1.
  const auto strings = nlohmann::json::parse(test::fixture("models_ts/hostile_strings.json"))["strings"];
  REQUIRE(strings.size() >= 10);
  std::vector<ModelsTsEntry> entries;
  for (size_t i = 0; i < strings.size(); ++i) {
    const std::string hex = strings[i]["hex"];
    std::string bytes;
    for (size_t k = 0; k + 1 < hex.size(); k += 2) bytes += static_cast<char>(std::stoi(hex.substr(k, 2), nullptr, 16));
    ModelsTsEntry e;
    e.id = "hostile-" + std::to_string(i);
    e.name = bytes;
    e.description = bytes;
    e.tree.modules = {{bytes.empty() ? "root" : bytes, 1, "", "block", {bytes}},
                      {"child", 1, bytes.empty() ? "root" : bytes, "layer", {bytes}}};
    entries.push_back(e);
  }
  auto file = emit_models_ts_file(entries);
  REQUIRE(file.ok());
  const std::string path = std::string(HFMI_FIXTURES_DIR) + "/models_ts/hostile.ts";
  if (const char* update = std::getenv("HFMI_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << file.value();
  }
  CHECK(file.value() == test::read_file(path));
  CHECK(scanned_ids(file.value()).size() == strings.size());
}

TEST_CASE("deep nesting and long inputs are handled without recursion", "[emit]") {
  // Issue 15: nesting is bounded by kMaxModelsTsNesting (a coded error), no longer accepted to any depth.
  ModelsTsEntry e;
  e.id = "deep";
  e.name = "Deep";
  const size_t ok_depth = kMaxModelsTsNesting - 1;  // plus the models array itself
  const std::string brackets = "const models = [" + std::string(ok_depth, '[') + std::string(ok_depth, ']') + "]\n";
  auto r = update_models_ts(brackets, e, false);
  REQUIRE(r.ok());
  CHECK(without_edit(r.value()) == brackets);

  std::string templates = "const models = [`";
  for (size_t i = 0; i < ok_depth / 2 - 1; ++i) templates += "${`";
  for (size_t i = 0; i < ok_depth / 2 - 1; ++i) templates += "`}";
  templates += "`]\n";
  auto t = update_models_ts(templates, e, false);
  REQUIRE(t.ok());
  CHECK(without_edit(t.value()) == templates);

  const size_t depth = 100000;
  auto open = update_models_ts("const models = [" + std::string(depth, '{'), e, false);
  REQUIRE_FALSE(open.ok());
  CHECK(open.error().code == "E_BAD_MODELS_TS");
  CHECK(open.error().message == "models.ts 1:" + std::to_string(16 + kMaxModelsTsNesting) + ": nesting deeper than " +
                                    std::to_string(kMaxModelsTsNesting) + " levels (kMaxModelsTsNesting)");
}

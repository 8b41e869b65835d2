// models.ts edge cases (issue 15 item 8) and --replace keeping the curated name and description (issue 12).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "emit/models_ts_request.hpp"
#include "emit/models_ts_updater.hpp"
#include "fixtures.hpp"

using namespace hfmi;

namespace {

ModelsTsEntry small_entry(const std::string& id, const std::string& name) {
  ModelsTsEntry e;
  e.id = id;
  e.name = name;
  e.tree.modules = {{"Root", 1, "", "block", {}}, {"attn", 2, "Root", "layer", {"gqa_ragged_prefill_causal_h32_kv8_d128"}}};
  return e;
}

const nlohmann::json& dataset_model(const std::string& id) {
  static const nlohmann::json j = nlohmann::json::parse(test::fixture("flashinfer-bench/models_ts_entries.json"));
  for (const auto& m : j["models"])
    if (m["id"] == id) return m;
  FAIL("no entry " << id);
  return j;
}

}  // namespace

TEST_CASE("models.ts --replace on an entry whose id is a template literal is refused with the reason; nothing written",
          "[emit][models_ts_cases]") {
  const std::string file = "const models = [\n  { id: `llama-3.1-8b`, name: \"Llama\", modules: {} },\n]\n";
  auto r = update_models_ts(file, small_entry("llama-3.1-8b", "Llama 3.1 8B"), true);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "E_BAD_MODELS_TS");
  CHECK(r.error().path == "models[0].id");
  CHECK(r.error().message.find("template literal") != std::string::npos);
  CHECK(r.error().message.find("nothing written") != std::string::npos);
  // without --replace it is refused too: inserting would add a second "llama-3.1-8b"
  CHECK_FALSE(update_models_ts(file, small_entry("llama-3.1-8b", "Llama 3.1 8B"), false).ok());
  // an expression id cannot be compared: --replace is refused, a plain insert of another id is not
  const std::string expr = "const models = [\n  { id: prefix + \"-8b\", name: \"Llama\", modules: {} },\n]\n";
  auto e = update_models_ts(expr, small_entry("llama-3.1-8b", "Llama 3.1 8B"), true);
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().message.find("an expression") != std::string::npos);
  CHECK(update_models_ts(expr, small_entry("other", "Other"), false).ok());
}

TEST_CASE("A CR-only models.ts keeps CR-only newlines", "[emit][models_ts_cases]") {
  std::string cr = test::fixture("models_ts/models.ts");
  for (char& c : cr)
    if (c == '\n') c = '\r';
  auto scan = scan_models_ts(cr);
  REQUIRE(scan.ok());
  CHECK(scan.value().newline == "\r");
  auto r = update_models_ts(cr, small_entry("new-model", "New"), false);
  REQUIRE(r.ok());
  CHECK(r.value().text.find('\n') == std::string::npos);
  const std::string inserted = r.value().text.substr(r.value().edit_begin, r.value().edit_end - r.value().edit_begin);
  CHECK(inserted.find("\r    id: \"new-model\",\r") != std::string::npos);
  // errors on a CR-only file give real line numbers
  auto bad = scan_models_ts("const models = [\r\r  { id: \"a },\r]");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message.find("models.ts 3:") == 0);
}

TEST_CASE("Regex literals are scanned as regexes", "[emit][models_ts_cases]") {
  const std::string file =
      "const pattern = /]/;\n"
      "const quote = /[/]\"'`/g;\n"
      "const ratio = total / 2 / count;\n"
      "const models = [\n"
      "  { id: \"a\", name: \"A\", match: /[}{]+/u.test(x) ? 1 : 2 / 3, modules: {} },\n"
      "]\n";
  auto scan = scan_models_ts(file);
  INFO((scan.ok() ? "" : scan.error().message));
  REQUIRE(scan.ok());
  REQUIRE(scan.value().entries.size() == 1);
  CHECK(scan.value().entries[0].id == std::optional<std::string>("a"));
  auto r = update_models_ts(file, small_entry("b", "B"), false);
  REQUIRE(r.ok());
  CHECK(r.value().text.substr(0, file.rfind(']')) == file.substr(0, file.rfind(']')));
  auto broken = scan_models_ts("const models = [ /abc\n]");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().message.find("unterminated regular expression") != std::string::npos);
}

TEST_CASE("A 100k-deep array gets a coded error naming the limit, not E_INTERNAL", "[emit][models_ts_cases]") {
  const std::string deep = "const models = [" + std::string(100000, '[') + std::string(100000, ']') + "]\n";
  auto r = update_models_ts(deep, small_entry("x", "X"), false);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "E_BAD_MODELS_TS");
  CHECK(r.error().message.find("kMaxModelsTsNesting") != std::string::npos);
}

TEST_CASE("models.ts --replace on the real models.ts keeps the curated name and description and says so",
          "[emit][models_ts_cases]") {
  const std::string file = test::fixture("models_ts/models.ts");
  const auto& curated = dataset_model("llama-3.1-8b");
  nlohmann::json entry = curated;  // our import names it after the repo and has no description
  entry["name"] = "Llama-3.1-8B";
  entry["description"] = "";
  entry["keep_name"] = true;
  entry["keep_description"] = true;
  std::vector<ModelsTsKept> kept;
  auto r = update_models_ts_from_json(file, entry.dump(), true, &kept);
  REQUIRE(r.ok());
  CHECK(r.value().action == "replaced");
  const std::string out = r.value().text;
  CHECK(out.find("    name: \"" + curated["name"].get<std::string>() + "\",\n") != std::string::npos);
  CHECK(out.find("    description: \"" + curated["description"].get<std::string>() + "\",\n") != std::string::npos);
  CHECK(out.find("Llama-3.1-8B") == std::string::npos);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].field == "name");
  CHECK(kept[0].value == curated["name"].get<std::string>());
  CHECK(kept[1].field == "description");
  CHECK(kept[1].value == curated["description"].get<std::string>());
  // given --name / --description (no keep flags), they replace the curated ones
  entry["keep_name"] = false;
  entry["keep_description"] = false;
  entry["name"] = "My Llama";
  entry["description"] = "mine";
  kept.clear();
  auto given = update_models_ts_from_json(file, entry.dump(), true, &kept);
  REQUIRE(given.ok());
  CHECK(kept.empty());
  CHECK(given.value().text.find("    name: \"My Llama\",\n    description: \"mine\",\n") != std::string::npos);
}

TEST_CASE("models.ts --replace refuses to drop a curated description it cannot keep", "[emit][models_ts_cases]") {
  const std::string file = "const models = [\n  { id: \"a\", name: \"A\", description: `made ${when}`, modules: {} },\n]\n";
  ModelsTsUpdateOptions keep;
  keep.replace = true;
  keep.keep_name = true;
  keep.keep_description = true;
  auto r = update_models_ts(file, small_entry("a", "a"), keep, nullptr);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "E_BAD_MODELS_TS");
  CHECK(r.error().path == "models[0].description");
  keep.keep_description = false;  // --description given
  std::vector<ModelsTsKept> kept;
  auto given = update_models_ts(file, small_entry("a", "a"), keep, &kept);
  REQUIRE(given.ok());
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].value == "A");
}

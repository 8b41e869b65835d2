// The llm-sizer catalogue: entries and byte-preserving updates of a copy of the real models.json
// (tests/fixtures/consumers/llm-sizer, AMD-melliott/llm-sizer@83714cfa), checked against its schema
// and the project's validator rules. Expected values come from the real file, the configs and the
// published parameter counts.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emit/catalog_entry.hpp"
#include "emit/catalog_pattern.hpp"
#include "emit/catalog_rules.hpp"
#include "emit/catalog_updater.hpp"
#include "fixtures.hpp"
#include "header_builder.hpp"
#include "json_oracle.hpp"
#include "session/import_session.hpp"

using namespace hfmi;
using nlohmann::json;

namespace {

const std::string& real_catalog() {
  static const std::string t = test::fixture("consumers/llm-sizer/models.json");
  return t;
}

const Json& real_schema() {
  static const Json s = Json::parse(test::fixture("consumers/llm-sizer/model.schema.json"));
  return s;
}

json entry_for(const std::string& config_text, const std::string& model_id, ImportSession* with = nullptr) {
  ImportSession local;
  ImportSession& s = with ? *with : local;
  REQUIRE(s.set_config(config_text).ok());
  AnalyzeOptions o;
  o.model_id = model_id;
  auto r = s.analyze(o);
  REQUIRE(r.ok());
  return test::oracle(r.value()["catalog_entry"]);
}

json entry_for_fixture(const std::string& org_name, const std::string& model_id) {
  return entry_for(test::hf_config(org_name), model_id);
}

// `after` is `before` with one contiguous insertion at `at` that holds the entry and separators only.
void check_pure_insertion(const std::string& before, const CatalogUpdate& up, const json& entry) {
  REQUIRE(up.text.size() > before.size());
  const size_t added = up.text.size() - before.size();
  const size_t at = up.edit_begin < up.edit_end && up.text.compare(up.edit_end, 1, ",") == 0 ? up.edit_begin
                                                                                               : up.edit_begin - (added - (up.edit_end - up.edit_begin));
  CHECK(up.text.substr(0, at) == before.substr(0, at));
  CHECK(up.text.substr(at + added) == before.substr(at));
  std::string sep = up.text.substr(at, added);
  sep.erase(up.edit_begin - at, up.edit_end - up.edit_begin);
  CHECK(sep.find_first_not_of(", \n") == std::string::npos);
  CHECK(json::parse(up.text.substr(up.edit_begin, up.edit_end - up.edit_begin)) == entry);
}

// The splice (what crosses the WASM boundary) rebuilds the same text.
void check_splice(const std::string& before, const CatalogUpdate& up) {
  CHECK(before.substr(0, up.splice_begin) + up.replacement + before.substr(up.splice_end) == up.text);
}

void check_neighbours(const std::string& text, const std::string& id) {
  const json models = json::parse(text)["models"];
  CHECK(models.back()["id"] == "custom");
  for (size_t i = 0; i < models.size(); ++i) {
    if (models[i]["id"] != id) continue;
    const double p = models[i]["parameters_billions"];
    if (i > 0) CHECK(models[i - 1]["parameters_billions"].get<double>() <= p);
    if (i + 1 < models.size() && models[i + 1]["id"] != "custom") CHECK(p <= models[i + 1]["parameters_billions"].get<double>());
    return;
  }
  FAIL("id " << id << " not in the catalogue");
}

void check_clean(const json& entry) {
  for (const CatalogIssue& i : check_catalog_entry(test::core_json(entry), real_schema())) {
    INFO(i.message);
    CHECK(i.severity != "error");
  }
}

}  // namespace

TEST_CASE("Schema patterns are matched without std::regex", "[catalog]") {
  const std::string id = real_schema()["properties"]["id"]["pattern"].get<std::string>();
  const std::string hf = real_schema()["properties"]["hf_model_id"]["pattern"].get<std::string>();
  CHECK(pattern_supported(id));
  CHECK(pattern_supported(hf));
  CHECK(pattern_matches(id, "llama-3-1-8b"));
  CHECK_FALSE(pattern_matches(id, "Llama-3.2-1B-Instruct"));
  CHECK_FALSE(pattern_matches(id, ""));
  CHECK(pattern_matches(hf, "meta-llama/Llama-3.1-8B"));
  CHECK(pattern_matches(hf, "custom"));
  CHECK_FALSE(pattern_matches(hf, "a/b/c"));
  CHECK_FALSE(pattern_matches(hf, "Custom"));
  CHECK(pattern_matches("ab*c", "xxacxx"));
  CHECK(pattern_matches("^a.c?$", "ab"));
  CHECK_FALSE(pattern_supported("^(a|b)$"));
  CHECK_FALSE(pattern_supported("^a{2}$"));
}

TEST_CASE("The real catalogue's entries: the schema finds the breaks the README lists", "[catalog]") {
  const json models = json::parse(real_catalog())["models"];
  size_t upper_ids = 0, bad_context = 0, failing = 0;
  for (const json& m : models) {
    const auto issues = check_against_schema(test::core_json(m), real_schema());
    bool any = false;
    for (const CatalogIssue& i : issues) {
      any = any || i.severity == "error";
      upper_ids += i.field == "$.id";
      bad_context += i.field == "$.default_context_length";
    }
    failing += any;
  }
  CHECK(upper_ids > 0);     // "Florence-2-base", "Llama-3.2-1B-Instruct", ...
  CHECK(bad_context > 0);   // contexts over 1,000,000
  CHECK(failing < models.size());
  CHECK(check_against_schema(test::core_json(models[1]), real_schema()).empty());  // qwen3-0-6b
}

TEST_CASE("Catalogue ids follow ^[a-z0-9-]+$ and map from models.ts ids", "[catalog]") {
  CHECK(catalog_id("llama-3.1-8b") == "llama-3-1-8b");
  CHECK(catalog_id("Qwen2.5-VL-7B-Instruct") == "qwen2-5-vl-7b-instruct");
  CHECK(catalog_id("gpt-oss-120b") == "gpt-oss-120b");
  CHECK(catalog_display_name("Llama-3.2-1B-Instruct") == "Llama 3.2 1B Instruct");
}

TEST_CASE("Three inserts and one replace on the real models.json change only those entries", "[catalog]") {
  std::string text = real_catalog();
  const size_t entries_before = json::parse(text)["models"].size();

  // Inserts: Llama-3.1-8B (8,030,261,248 parameters), Llama-3.1-70B (70,553,706,496), Qwen2.5-VL-7B.
  struct Insert {
    const char* fixture;
    const char* model;
    const char* id;
  };
  for (const Insert& ins : {Insert{"meta-llama__Llama-3.1-8B", "meta-llama/Llama-3.1-8B", "llama-3-1-8b"},
                            Insert{"meta-llama__Llama-3.1-70B", "meta-llama/Llama-3.1-70B", "llama-3-1-70b"},
                            Insert{"Qwen__Qwen2.5-VL-7B-Instruct", "Qwen/Qwen2.5-VL-7B-Instruct", "qwen2-5-vl-7b-instruct"}}) {
    INFO(ins.model);
    const json entry = entry_for_fixture(ins.fixture, ins.model);
    CHECK(entry["id"] == ins.id);
    check_clean(entry);
    auto up = update_catalog(text, test::core_json(entry), {});
    REQUIRE(up.ok());
    CHECK(up->action == "inserted");
    check_pure_insertion(text, up.value(), entry);
    check_splice(text, up.value());
    check_neighbours(up->text, ins.id);
    text = up->text;
  }
  const json after_inserts = json::parse(text)["models"];
  CHECK(after_inserts.size() == entries_before + 3);
  for (const json& m : after_inserts) {
    if (m["id"] == "llama-3-1-8b") CHECK(m["parameters_billions"] == 8.030261248);
    if (m["id"] == "llama-3-1-70b") CHECK(m["parameters_billions"] == 70.553706496);
  }

  // Replace Qwen3-0.6B (matched by id and hf_model_id): only that entry's bytes change; its key order,
  // curated name and modality stay.
  const json qwen = entry_for(test::hf_config("Qwen__Qwen3-0.6B"), "Qwen/Qwen3-0.6B");
  CHECK_FALSE(update_catalog(text, test::core_json(qwen), {}).ok());
  CatalogUpdateOptions replace;
  replace.replace = true;
  auto up = update_catalog(text, test::core_json(qwen), replace);
  REQUIRE(up.ok());
  CHECK(up->action == "replaced");
  check_splice(text, up.value());
  const size_t old_begin = text.find("{\n      \"id\": \"qwen3-0-6b\"");
  REQUIRE(old_begin != std::string::npos);
  const size_t old_end = text.find('}', old_begin) + 1;
  CHECK(up->text.substr(0, old_begin) == text.substr(0, old_begin));
  CHECK(up->edit_begin == old_begin);
  CHECK(up->text.substr(up->edit_end) == text.substr(old_end));
  const json old_entry = json::parse(text.substr(old_begin, old_end - old_begin));
  const nlohmann::ordered_json new_entry = nlohmann::ordered_json::parse(up->text.substr(up->edit_begin, up->edit_end - up->edit_begin));
  CHECK(new_entry["name"].get<std::string>() == old_entry["name"].get<std::string>());  // curated "Qwen3 0.6B"
  CHECK(new_entry["modality"].get<std::string>() == "text");
  std::vector<std::string> old_keys, new_keys;
  const nlohmann::ordered_json old_ordered = nlohmann::ordered_json::parse(text.substr(old_begin, old_end - old_begin));
  for (const auto& kv : old_ordered.items()) old_keys.push_back(kv.key());
  for (const auto& kv : new_entry.items()) new_keys.push_back(kv.key());
  REQUIRE(new_keys.size() >= old_keys.size());
  CHECK(std::vector<std::string>(new_keys.begin(), new_keys.begin() + static_cast<std::ptrdiff_t>(old_keys.size())) == old_keys);
  // Full precision: 596,049,920 parameters, the sum of the fixture repo's tensor shapes (tied embeddings;
  // the catalogue's 0.751632384 counts the lm_head copy the real checkpoint also stores).
  {
    const json repo = json::parse(test::fixture("repos/Qwen/Qwen3-0.6B/tensors.json"));
    int64_t sum = 0;
    for (const auto& shard : repo["shards"].items())
      for (const json& t : shard.value()) {
        int64_t n = 1;
        for (const json& d : t[2]) n *= d.get<int64_t>();
        sum += n;
      }
    CHECK(new_entry["parameters_billions"].get<double>() == static_cast<double>(sum) / 1e9);
  }
  check_clean(json::parse(new_entry.dump()));
  CHECK(json::parse(up->text)["models"].size() == entries_before + 3);
}

TEST_CASE("A 1,026B model is refused without force, naming the field and the limit", "[catalog]") {
  const json kimi = entry_for_fixture("moonshotai__Kimi-K2-Instruct", "moonshotai/Kimi-K2-Instruct");
  REQUIRE(kimi["parameters_billions"].get<double>() > 1026.0);
  REQUIRE(kimi["parameters_billions"].get<double>() < 1027.0);
  CatalogUpdateOptions replace;
  replace.replace = true;
  auto refused = update_catalog(real_catalog(), test::core_json(kimi), replace);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == "E_CATALOG_SCHEMA");
  CHECK(refused.error().path == "$.parameters_billions");
  CHECK(refused.error().message.find("above the schema's maximum 1000 ") != std::string::npos);
  auto fresh = update_catalog("", test::core_json(kimi), {});
  REQUIRE_FALSE(fresh.ok());
  CHECK(fresh.error().code == "E_CATALOG_SCHEMA");

  replace.force = true;
  auto forced = update_catalog(real_catalog(), test::core_json(kimi), replace);
  REQUIRE(forced.ok());
  bool warned = false;
  for (const CatalogIssue& i : forced->issues) warned = warned || i.field == "$.parameters_billions";
  CHECK(warned);
  CHECK(forced->id == "Kimi-K2-Instruct");  // matched by hf_model_id: the curated id is kept
}

TEST_CASE("A second id for an hf_model_id already in the catalogue is refused", "[catalog]") {
  const json mixtral = entry_for_fixture("mistralai__Mixtral-8x7B-v0.1", "mistralai/Mixtral-8x7B-v0.1");
  REQUIRE(mixtral["id"] == "mixtral-8x7b-v0-1");  // the catalogue has it as "Mixtral-8x7B-v0.1"
  auto r = update_catalog(real_catalog(), test::core_json(mixtral), {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "E_BAD_CATALOG");
  CHECK(r.error().message.find("Mixtral-8x7B-v0.1") != std::string::npos);
  CHECK(r.error().path.find(".hf_model_id") != std::string::npos);
}

TEST_CASE("DeepSeek-V3 carries MLA cache fields; a replace keeps its curated id with a warning", "[catalog]") {
  const json ds = entry_for_fixture("deepseek-ai__DeepSeek-V3", "deepseek-ai/DeepSeek-V3");
  CHECK(ds["attention_type"] == "mla");
  CHECK(ds["kv_lora_rank"] == 512);
  CHECK(ds["qk_rope_head_dim"] == 64);
  CHECK(ds["kv_bytes_per_token"] == 61 * (512 + 64) * 2);
  CatalogUpdateOptions replace;
  replace.replace = true;
  auto up = update_catalog(real_catalog(), test::core_json(ds), replace);
  REQUIRE(up.ok());
  CHECK(up->id == "DeepSeek-V3");
  bool warned = false;
  for (const CatalogIssue& i : up->issues) warned = warned || (i.field == "$.id" && i.severity == "warning");
  CHECK(warned);
}

TEST_CASE("gpt-oss carries sliding-window cache fields", "[catalog]") {
  const json e = entry_for_fixture("openai__gpt-oss-120b", "openai/gpt-oss-120b");
  CHECK(e["sliding_window"] == 128);
  CHECK(e["sliding_window_layers"] == 18);
  CHECK(e["head_dim"] == 64);
  CHECK(e["attention_type"] == "gqa");
}

TEST_CASE("Qwen2.5-VL gets the multimodal fields from the config and the headers", "[catalog]") {
  const std::string config = test::hf_config("Qwen__Qwen2.5-VL-7B-Instruct");
  const json cfg = json::parse(config);
  const json& v = cfg["vision_config"];
  const int64_t h = v["hidden_size"], inter = v["intermediate_size"], out = v["out_hidden_size"];
  const int64_t merged = h * v["spatial_merge_size"].get<int64_t>() * v["spatial_merge_size"].get<int64_t>();
  // The vision tower and merger as the checkpoint names them (HF Qwen2_5_VisionTransformer).
  test::HeaderBuilder b;
  int64_t tower = 0, projector = 0;
  auto add = [&](const std::string& name, std::vector<int64_t> shape, bool proj) {
    b.add(name, "BF16", shape);
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    (proj ? projector : tower) += n;
  };
  add("visual.patch_embed.proj.weight", {h, 3, 2, 14, 14}, false);
  for (int64_t i = 0; i < v["depth"].get<int64_t>(); ++i) {
    const std::string p = "visual.blocks." + std::to_string(i) + ".";
    add(p + "norm1.weight", {h}, false);
    add(p + "norm2.weight", {h}, false);
    add(p + "attn.qkv.weight", {3 * h, h}, false);
    add(p + "attn.qkv.bias", {3 * h}, false);
    add(p + "attn.proj.weight", {h, h}, false);
    add(p + "attn.proj.bias", {h}, false);
    add(p + "mlp.gate_proj.weight", {inter, h}, false);
    add(p + "mlp.gate_proj.bias", {inter}, false);
    add(p + "mlp.up_proj.weight", {inter, h}, false);
    add(p + "mlp.up_proj.bias", {inter}, false);
    add(p + "mlp.down_proj.weight", {h, inter}, false);
    add(p + "mlp.down_proj.bias", {h}, false);
  }
  add("visual.merger.ln_q.weight", {h}, true);
  add("visual.merger.mlp.0.weight", {merged, merged}, true);
  add("visual.merger.mlp.0.bias", {merged}, true);
  add("visual.merger.mlp.2.weight", {out, merged}, true);
  add("visual.merger.mlp.2.bias", {out}, true);
  ImportSession s;
  REQUIRE(s.add_header("model-00001-of-00005.safetensors", b.bytes(), b.file_size()).ok());
  const json e = entry_for(config, "Qwen/Qwen2.5-VL-7B-Instruct", &s);

  CHECK(e["modality"] == "multimodal");
  const json& vc = e["vision_config"];
  CHECK(vc["model_type"].is_string());
  CHECK(vc["image_size"].get<int64_t>() > 0);
  CHECK(vc["patch_size"] == v["patch_size"]);
  CHECK(vc["hidden_size"] == h);
  CHECK(vc["num_layers"] == v["depth"]);
  CHECK(vc["num_heads"] == v["num_heads"]);
  CHECK(vc["parameters_millions"] == Approx(static_cast<double>(tower) / 1e6).margin(0.05));
  const json& mc = e["multimodal_config"];
  CHECK(mc["projector_type"] == "mlp");
  CHECK(mc["projector_params_millions"] == Approx(static_cast<double>(projector) / 1e6).margin(0.05));
  const int64_t side = vc["image_size"].get<int64_t>() / v["patch_size"].get<int64_t>();
  CHECK(mc["image_token_count"] == side * side / (v["spatial_merge_size"].get<int64_t>() * v["spatial_merge_size"].get<int64_t>()));
  CHECK(mc["supports_video"] == true);
  // Schema and validator rules: no error, and none of the multimodal warnings.
  for (const CatalogIssue& i : check_catalog_entry(test::core_json(e), real_schema())) {
    INFO(i.message);
    CHECK(i.severity != "error");
    CHECK(i.field.find("vision_config") == std::string::npos);
    CHECK(i.field.find("multimodal_config") == std::string::npos);
  }
}

TEST_CASE("Catalogue scan errors are coded and name the place", "[catalog]") {
  for (const char* bad : {"{\"models\": [", "{\"models\": [1]}", "{\"models\": [{\"id\": \"a\",}]}", "{\"x\": []}",
                          "[{\"id\": \"a\"}] x", "{\"models\": [{\"id\": \"a\\q\"}]}"}) {
    INFO(bad);
    auto r = scan_catalog(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_BAD_CATALOG");
  }
  // CRLF files keep CRLF; a bare array works.
  const std::string crlf = "[\r\n  {\r\n    \"id\": \"a\",\r\n    \"parameters_billions\": 1\r\n  }\r\n]\r\n";
  json e = {{"id", "b"}, {"name", "B"}, {"parameters_billions", 2.5}, {"hidden_size", 256}, {"num_layers", 2},
            {"num_heads", 2}, {"default_context_length", 4096}, {"architecture", "transformer"}};
  auto up = update_catalog(crlf, test::core_json(e), {});
  REQUIRE(up.ok());
  check_splice(crlf, up.value());
  auto fresh = update_catalog("", test::core_json(e), {});
  REQUIRE(fresh.ok());
  check_splice("", fresh.value());
  CHECK(json::parse(fresh->text)["models"][0]["id"] == "b");
  auto into_empty = update_catalog("{\"models\": []}", test::core_json(e), {});
  REQUIRE(into_empty.ok());
  check_splice("{\"models\": []}", into_empty.value());
  CHECK(json::parse(into_empty->text)["models"].size() == 1);
  CHECK(up->text.find("\n") == up->text.find("\r\n") + 1);
  size_t lf = 0, crlf_count = 0;
  for (size_t i = 0; i < up->text.size(); ++i)
    if (up->text[i] == '\n') {
      ++lf;
      crlf_count += i > 0 && up->text[i - 1] == '\r';
    }
  CHECK(lf == crlf_count);
  CHECK(json::parse(up->text).size() == 2);
}

// The analysis envelope written as text (core/json_text.hpp, session: analysis_envelope_text) and the per-tensor
// work keyed by pattern ids (structure/tensor_roles: tensor_patterns; params: account_tensors). The text's contract
// is byte-identity with nlohmann's dump (an independent serializer); the pattern ids' expected values come from
// the tensor names themselves; the Qwen3-0.6B session checks the published 596,049,920 (its model card's 0.6B,
// exact from its safetensors headers) and the keys js/core/core_types.ts AnalysisJson declares.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/json_access.hpp"
#include "core/json_text.hpp"
#include "fixtures.hpp"
#include "header_builder.hpp"
#include "params/tensor_accounting.hpp"
#include "session/import_session.hpp"
#include "structure/tensor_roles.hpp"

using namespace hfmi;

namespace {

TensorInfo tensor(const std::string& name, const std::string& dtype = "BF16", std::vector<int64_t> shape = {4, 4}) {
  TensorInfo t;
  t.name = name;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.begin = 0;
  t.end = 32;
  return t;
}

}  // namespace

TEST_CASE("json text: members written one by one equal nlohmann's dump of the same object", "[json-text]") {
  // Every escape nlohmann writes for ASCII, non-ASCII UTF-8 (copied as is), and bytes that are not UTF-8
  // (replaced by U+FFFD: the serializer's own path).
  const std::vector<std::string> texts = {
      "", "plain", "quote \" backslash \\ slash /", "\b\f\n\r\t", std::string("nul \0 and \x01\x1f\x7f", 13),
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "bad \xff\xfe tail", "cut \xe2\x82", "| md | cell |\n|---|"};
  const Json dom_value = {{"n", 1}, {"f", 0.1}, {"s", "x\ty"}, {"a", Json::array({1, "two", nullptr, true})}};
  for (const std::string& t : texts) {
    std::string text;
    JsonObjectText o(text);
    o.member("a_value", dom_value);
    o.bool_member("b_flag", false);
    o.string_array_member("c_list", {t, "second", t});
    o.string_member("d_text", t);
    o.end();
    Json same = Json::object();
    same["a_value"] = dom_value;
    same["b_flag"] = false;
    same["c_list"] = Json::array({t, "second", t});
    same["d_text"] = t;
    INFO(dump_json(Json(t)));
    CHECK(text == dump_json(same));
  }
  std::string empty;
  JsonObjectText o(empty);
  o.end();
  CHECK(empty == "{}");
}

TEST_CASE("tensor patterns: names that differ only in index segments share one id, with their own indices", "[tensor-patterns]") {
  const std::vector<TensorInfo> tensors = {
      tensor("model.layers.0.mlp.experts.3.down_proj.weight"), tensor("model.embed_tokens.weight"),
      tensor("model.layers.12.mlp.experts.127.down_proj.weight"), tensor("model.layers.1.self_attn.q_proj.weight"),
      tensor("model.layers.1a.self_attn.q_proj.weight"),  // not an index segment: a pattern of its own
      tensor("model.layers.7.self_attn.q_proj.weight")};
  const TensorPatterns p = tensor_patterns(tensors);
  REQUIRE(p.of_tensor.size() == 6);
  CHECK(p.first.size() == 4);
  CHECK(p.of_tensor[0] == p.of_tensor[2]);
  CHECK(p.of_tensor[3] == p.of_tensor[5]);
  CHECK(p.of_tensor[4] != p.of_tensor[3]);
  CHECK(*p.first[p.of_tensor[2]] == tensors[0].name);  // the first name with the pattern
  const auto indices = [&](size_t i) {
    return std::vector<int64_t>(p.indices.begin() + p.indices_begin[i], p.indices.begin() + p.indices_begin[i + 1]);
  };
  CHECK(indices(0) == std::vector<int64_t>{0, 3});
  CHECK(indices(1).empty());
  CHECK(indices(2) == std::vector<int64_t>{12, 127});
  CHECK(indices(4).empty());
  CHECK(indices(5) == std::vector<int64_t>{7});
  // The role lookup reads one role per pattern, and each tensor's own layer and expert.
  TensorRoleCache cache;
  const TensorRoleCache::Ref r0 = cache.lookup(p, 0), r2 = cache.lookup(p, 2), r5 = cache.lookup(p, 5);
  CHECK(r0.role == r2.role);
  CHECK(r0.layer == 0);
  CHECK(r0.expert == 3);
  CHECK(r2.layer == 12);
  CHECK(r2.expert == 127);
  CHECK(r5.layer == 7);
  CHECK(r5.role->role == TensorRole::kQ);
}

TEST_CASE("tensor patterns: account_tensors gives the roles and the report of classify + account, per pattern", "[tensor-patterns]") {
  // A GPTQ checkpoint with no quantization in the config (the method is inferred from .qweight), a DeepSeek
  // selection bias (not active), MTP-free MoE experts and a norm: the per-pattern reads must match per-name ones.
  ModelConfig c;
  c.num_layers = 2;
  std::vector<TensorInfo> tensors;
  for (int l = 0; l < 2; ++l) {
    const std::string p = "model.layers." + std::to_string(l) + ".";
    tensors.push_back(tensor(p + "self_attn.q_proj.qweight", "I32", {16, 64}));
    tensors.push_back(tensor(p + "self_attn.q_proj.scales", "F16", {1, 64}));
    tensors.push_back(tensor(p + "mlp.gate.e_score_correction_bias", "F32", {8}));
    for (int e = 0; e < 3; ++e) tensors.push_back(tensor(p + "mlp.experts." + std::to_string(e) + ".down_proj.weight"));
    tensors.push_back(tensor(p + "input_layernorm.weight", "BF16", {64}));
  }
  std::vector<TensorAccount> roles;
  const ParamReport r = account_tensors(tensors, c, roles);
  const std::vector<TensorAccount> each = classify_tensors(tensors, c);
  const ParamReport per_name = account_classified(tensors, each, c);
  REQUIRE(roles.size() == tensors.size());
  for (size_t i = 0; i < roles.size(); ++i) {
    INFO(tensors[i].name);
    CHECK(roles[i].kind == each[i].kind);
    CHECK(roles[i].component == each[i].component);
    CHECK(roles[i].format == each[i].format);
    CHECK(roles[i].parameters == each[i].parameters);
    CHECK(roles[i].layer == each[i].layer);
  }
  // Expected from the shapes: per layer, q_proj 16*64 int32 = 8 INT4 values each (8192), a bias of 8, three
  // experts of 16 and a norm of 64.
  CHECK(r.quantization == "gptq");
  CHECK(r.by_dtype.at("INT4") == 2 * 16 * 64 * 8);
  CHECK(r.by_component.at("router") == 2 * 8);
  CHECK(r.by_component.at("routed_experts") == 2 * 3 * 16);
  CHECK(r.by_layer.at(1) == 16 * 64 * 8 + 8 + 3 * 16 + 64);
  CHECK(r.quant_aux_elements == 2 * 64);
  CHECK(r.total == per_name.total);
  CHECK(r.active == per_name.active);
  CHECK(r.by_component == per_name.by_component);
  CHECK(r.stored_bytes_by_dtype == per_name.stored_bytes_by_dtype);
  CHECK(r.stored_bytes_by_layer == per_name.stored_bytes_by_layer);
  CHECK(r.notes == per_name.notes);
}

TEST_CASE("session: the analysis envelope text is the analysis without model_config, structure and tensors_csv", "[json-text]") {
  const Json tensors = Json::parse(test::fixture("repos/Qwen/Qwen3-0.6B/tensors.json"));
  ImportSession s;
  REQUIRE(s.set_config(test::fixture("repos/Qwen/Qwen3-0.6B/config.json")).ok());
  for (const auto& [shard, rows] : tensors["shards"].items()) {
    test::HeaderBuilder b;
    for (const Json& row : rows) b.add(row[0].get<std::string>(), row[1].get<std::string>(), row[2].get<std::vector<int64_t>>());
    REQUIRE(s.add_header(shard, b.bytes(), b.file_size()).ok());
  }
  AnalyzeOptions o;
  o.model_id = "Qwen/Qwen3-0.6B";
  o.description = "tab\there, \"quoted\", caf\xc3\xa9";
  auto parts = s.analyze_parts(o, /*with_unread=*/false);
  REQUIRE(parts.ok());
  CHECK(parts.value().model_config.is_null());
  CHECK(parts.value().structure.is_null());
  const std::string text = analysis_envelope_text(parts.value());
  auto full = s.analyze(o);
  REQUIRE(full.ok());
  Json expected = full.value();
  CHECK(expected["architecture"]["parameters"]["total"] == 596049920);
  CHECK(expected["structure"]["source"] == "tensors");
  CHECK(parts.value().tensors_csv == expected["tensors_csv"].get<std::string>());
  for (const char* unread : {"model_config", "structure", "tensors_csv"}) expected.erase(unread);
  expected["ok"] = true;
  CHECK(text == dump_json(expected));
  // The keys AnalysisJson declares (js/core/core_types.ts), tensors_csv aside, plus the envelope's "ok".
  const Json parsed = Json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [k, v] : parsed.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"architecture", "catalog_entry", "definition_skeletons", "entry_description",
                                         "entry_id", "entry_name", "issues", "missing_definitions", "models_ts_entry",
                                         "module_mapping", "module_tree", "ok", "perf_gap_reports", "perf_model_config",
                                         "summary_markdown"});

  // Without the tool outputs (what the browser's light import module makes): the same text without their keys
  // (ToolOutputsJson), and none of them made.
  auto light = s.analyze_parts(o, /*with_unread=*/false, /*tool_outputs=*/nullptr);
  REQUIRE(light.ok());
  CHECK_FALSE(light.value().has_tool_outputs);
  CHECK(light.value().tensors_csv.empty());
  CHECK(light.value().summary_markdown.empty());
  CHECK(light.value().catalog_entry.is_null());
  for (const char* tool : {"catalog_entry", "definition_skeletons", "module_mapping", "perf_gap_reports", "perf_model_config",
                           "summary_markdown"})
    expected.erase(tool);
  CHECK(analysis_envelope_text(light.value()) == dump_json(expected));
}

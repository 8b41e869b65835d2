// Definition skeletons compared with the dataset's own Definitions (definitions_index.json): for existing
// names, the skeleton built from the name alone must have the dataset's op_type, const axes, var axes and
// tensors.
#include <catch2/catch.hpp>

#include <set>

#include "core/lenient_json.hpp"
#include "fixtures.hpp"
#include "naming/definition_skeleton.hpp"

using namespace hfmi;

namespace {

const Json& dataset_definitions() {
  static const Json defs = [] {
    auto parsed = parse_lenient_json(test::fixture("flashinfer-bench/definitions_index.json"), codes::kBadConfig);
    REQUIRE(parsed.ok());
    return parsed.value()["definitions"];
  }();
  return defs;
}

const Json& dataset_definition(const std::string& name) {
  for (const auto& d : dataset_definitions()) {
    if (d["name"] == name) return d;
  }
  FAIL("no dataset Definition " << name);
  static const Json none;
  return none;
}

// The EP degree a dataset Definition was captured at (its "ep:N" tag; 1 when absent).
int64_t ep_of(const Json& d) {
  int64_t ep = 1;
  for (const auto& t : d["tags"]) {
    const std::string tag = t.get<std::string>();
    if (tag.rfind("ep:", 0) == 0) ep = std::stoll(tag.substr(3));
  }
  return ep;
}

Json const_axes(const Json& skeleton) {
  Json out = Json::object();
  for (const auto& [axis, spec] : skeleton["axes"].items()) {
    if (spec["type"] == "const") out[axis] = spec["value"];
  }
  return out;
}

std::set<std::string> string_set(const Json& list) {
  std::set<std::string> out;
  for (const Json& s : list) out.insert(s.get<std::string>());
  return out;
}

std::set<std::string> var_axes(const Json& skeleton) {
  std::set<std::string> out;
  for (const auto& [axis, spec] : skeleton["axes"].items()) {
    if (spec["type"] == "var") out.insert(axis);
  }
  return out;
}

Json skeleton_for(const Json& d) {
  NamingOptions o;
  o.ep = ep_of(d);
  return definition_skeleton(d["name"].get<std::string>(), "test-model", o);
}

}  // namespace

TEST_CASE("Skeletons of existing names equal the dataset's Definitions (one or more per family)", "[naming]") {
  const std::vector<std::string> names = {
      "gemm_n6144_k4096", "gemm_n256_k7168", "rmsnorm_h4096", "rmsnorm_h128", "fused_add_rmsnorm_h7168",
      "gqa_paged_decode_h32_kv8_d128_ps1", "gqa_paged_decode_h32_kv8_d128_ps64", "gqa_paged_prefill_causal_h32_kv8_d128_ps1",
      "gqa_paged_prefill_causal_h16_kv2_d128_ps64", "gqa_ragged_prefill_causal_h32_kv8_d128",
      "gqa_ragged_prefill_causal_h8_kv1_d256", "mla_paged_decode_h16_ckv512_kpe64_ps1",
      "mla_paged_decode_h16_ckv512_kpe64_ps64", "mla_paged_prefill_causal_h16_ckv512_kpe64_ps1",
      "mla_paged_prefill_causal_h16_ckv512_kpe64_ps64", "mla_ragged_prefill_causal_h16_qk192_vo128",
      "dsa_sparse_attention_h16_ckv512_kpe64_topk2048_ps1", "dsa_topk_indexer_fp8_h64_d128_topk2048_ps64",
      "gdn_decode_qk16_v32_d128_k_last", "gdn_prefill_qk8_v16_d128_k_last", "gdn_mtp_qk4_v8_d128_k_last",
      "mamba_ssu_decode_h128_d64_s128_ng8", "moe_fp8_block_scale_ds_routing_topk8_ng1_kg1_e384_h7168_i2048",
      "moe_fp8_block_scale_ds_routing_topk8_ng1_kg1_e48_h7168_i2048", "moe_fp8_block_scale_renorm_topk8_e128_h2048_i768",
      "trtllm_fp4_block_scale_moe_topk1_e16_h5120_i8192", "trtllm_fp4_block_scale_routed_moe_topk10_e128_h2048_i512",
      "trtllm_fp8_per_tensor_scale_moe_topk1_e128_h5120_i8192", "rope_with_cos_sin_cache_neox_style_d128_rd64",
      "top_k_sampling_from_probs_v128256", "top_p_sampling_from_probs_v151936", "top_k_top_p_sampling_from_probs_v129280"};
  for (const auto& name : names) {
    INFO(name);
    const Json& d = dataset_definition(name);
    const Json s = skeleton_for(d);
    CHECK(s["name"] == name);
    CHECK(s["op_type"] == d["op_type"]);
    CHECK(const_axes(s) == d["const_axes"]);
    CHECK(var_axes(s) == string_set(d["var_axes"]));
    CHECK(s["inputs"] == d["inputs"]);
    CHECK(s["outputs"] == d["outputs"]);
  }
}

TEST_CASE("For every dataset Definition the skeleton has its op_type and const axis values", "[naming]") {
  int full_matches = 0;
  for (const auto& d : dataset_definitions()) {
    const std::string name = d["name"].get<std::string>();
    INFO(name);
    const Json s = skeleton_for(d);
    CHECK(s["op_type"] == d["op_type"]);
    const Json axes = const_axes(s);
    for (const auto& [axis, value] : d["const_axes"].items()) {
      INFO(axis);
      REQUIRE(axes.contains(axis));
      CHECK(axes[axis] == value);
    }
    // every tensor the dataset has, the skeleton has too, with the same dtype
    for (const auto& [tensor, spec] : d["inputs"].items()) {
      if (tensor == "routing_bias" || tensor == "kv_last_page_len") continue;  // present only in some captures
      INFO(tensor);
      REQUIRE(s["inputs"].contains(tensor));
      CHECK(s["inputs"][tensor]["dtype"] == spec["dtype"]);
      CHECK(s["inputs"][tensor]["shape"] == spec["shape"]);
    }
    full_matches += (s["inputs"] == d["inputs"] && s["outputs"] == d["outputs"] && axes == d["const_axes"]) ? 1 : 0;
  }
  // The dataset itself is not uniform (some ps64 prefill captures use batch_size for kv_last_page_len,
  // one MoE capture lacks top_k, Qwen3-Next's fp4 MoE has no routing_bias): most, not all, match fully.
  CHECK(full_matches * 10 >= static_cast<int>(dataset_definitions().size()) * 9);
}

TEST_CASE("Skeletons carry the model, TP / EP and status tags, and a reference stub", "[naming]") {
  NamingOptions o;
  o.tp = 8;
  o.ep = 8;
  const Json s = definition_skeleton("moe_fp8_block_scale_ds_routing_topk8_ng8_kg4_e32_h7168_i2048", "deepseek-v3", o);
  const Json& tags = s["tags"];
  for (const char* t : {"model:deepseek-v3", "tp:8", "ep:8", "status:unverified"}) {
    INFO(t);
    CHECK(std::find(tags.begin(), tags.end(), Json(t)) != tags.end());
  }
  // 256 experts in all = 32 local x EP 8 (the dataset's own Definition says the same)
  CHECK(const_axes(s)["num_experts"] == 256);
  CHECK(const_axes(s)["num_experts"] == dataset_definition(s["name"].get<std::string>())["const_axes"]["num_experts"]);
  CHECK(s["reference"].get<std::string>().find("def run(routing_logits, routing_bias, hidden_states") != std::string::npos);
  CHECK_FALSE(s["description"].get<std::string>().empty());

  // A new name (not in the dataset): Llama-3.1-8B at TP 8
  const Json g = definition_skeleton("gemm_n768_k4096", "llama-3.1-8b", o);
  CHECK(g["op_type"] == "gemm");
  CHECK(const_axes(g) == Json{{"N", 768}, {"K", 4096}});
  CHECK(g["inputs"]["B"]["shape"] == Json::array({"N", "K"}));
  const Json legacy = definition_skeleton("gemm_n_768_k_4096", "llama-3.1-8b", o);
  CHECK(const_axes(legacy) == Json{{"N", 768}, {"K", 4096}});
}

TEST_CASE("The skeleton text keeps the dataset files' key order", "[naming]") {
  const std::string text = definition_skeleton_text("rmsnorm_h4096", "m", NamingOptions{});
  const std::vector<std::string> keys = {"\"name\"", "\"description\"", "\"op_type\"", "\"tags\"",
                                         "\"axes\"", "\"inputs\"",      "\"outputs\"", "\"reference\""};
  size_t last = 0;
  for (const auto& k : keys) {
    INFO(k);
    const size_t at = text.find(k);
    REQUIRE(at != std::string::npos);
    CHECK(at >= last);
    last = at;
  }
  CHECK(text.back() == '\n');
  auto reparsed = parse_lenient_json(text, codes::kBadOptions);
  REQUIRE(reparsed.ok());
  CHECK(reparsed.value() == definition_skeleton("rmsnorm_h4096", "m", NamingOptions{}));
}

TEST_CASE("Unknown or absurd names give an empty skeleton that says so, never a crash", "[naming]") {
  for (const std::string name : {std::string("softmax_d128"), std::string(""), std::string("gemm_n0_k4096"),
                                 std::string("gemm_n99999999999999999999_k1"), std::string("\xff\xfe"),
                                 std::string(10000, 'x')}) {
    INFO(name.substr(0, 40));
    const Json s = definition_skeleton(name, "m\"odel", NamingOptions{});
    CHECK(s["op_type"] == "");
    CHECK(s["axes"].empty());
    CHECK(s["inputs"].empty());
    CHECK_FALSE(s["description"].get<std::string>().empty());
    CHECK_FALSE(definition_skeleton_text(name, "m", NamingOptions{}).empty());
  }
}

// Definition names for real fixture configs, compared with the dataset snapshot: the models.ts entries
// (tests/fixtures/flashinfer-bench/models_ts_entries.json) and the Definitions that exist
// (definitions_index.json). Expected dimensions are read from the config files here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "arch/module_tree_builder.hpp"
#include "config/config_parser.hpp"
#include "core/lenient_json.hpp"
#include "config_fixtures.hpp"
#include "fixtures.hpp"
#include "naming/definition_names.hpp"
#include "naming/definitions_catalog.hpp"
#include "naming/naming_patterns.hpp"

using namespace hfmi;

namespace {

const Json& entry_module(const Json& entry, const std::string& name) {
  for (const auto& m : entry["modules"]) {
    if (m["name"] == name) return m;
  }
  FAIL("entry has no module " << name);
  static const Json none;
  return none;
}

std::vector<std::string> entry_definitions(const Json& entry, const std::string& name) {
  const Json& m = entry_module(entry, name);
  std::vector<std::string> out;
  if (m.contains("definitions")) {
    for (const auto& d : m["definitions"]) out.push_back(d.get<std::string>());
  }
  return out;
}

const DefinitionsCatalog& dataset_catalog() {
  static const DefinitionsCatalog catalog = [] {
    auto c = load_definitions_catalog(test::fixture("flashinfer-bench/definitions_index.json"));
    REQUIRE(c.ok());
    return c.value();
  }();
  return catalog;
}

const Module& get(const ModuleTree& tree, const std::string& name) {
  for (const auto& m : tree.modules) {
    if (m.name == name) return m;
  }
  FAIL("no module " << name);
  return tree.modules.front();
}

// The models.ts entries (40e6ca78) were written with page size 1, no sampling and no router GEMM: the
// comparisons with them use those options; the defaults follow model_coverage.mdx (tests/cpp/emit_coverage_*).
ModuleTree named_tree(const std::string& org_name, NamingOptions options = models_ts_entry_naming()) {
  const ModelConfig c = test::parsed_config(org_name);
  ModuleTree tree = build_module_tree(c);
  auto ok = assign_definitions(tree, c, options);
  INFO(org_name << ": " << (ok.ok() ? "" : ok.error().message));
  REQUIRE(ok.ok());
  return tree;
}

NamingOptions tp_ep(int64_t tp, int64_t ep) {
  NamingOptions o = models_ts_entry_naming();
  o.tp = tp;
  o.ep = ep;
  return o;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

}  // namespace

TEST_CASE("Llama-3.1-8B at TP 1 equals the dataset's llama-3.1-8b entry exactly", "[naming]") {
  const ModuleTree tree = named_tree("meta-llama__Llama-3.1-8B");
  const Json entry = test::dataset_entry("llama-3.1-8b");
  const Json& modules = entry["modules"];
  REQUIRE(tree.modules.size() == modules.size());
  for (size_t i = 0; i < modules.size(); ++i) {
    const Json& want = modules[i];
    const Module& got = tree.modules[i];
    INFO("module " << i << " " << want["name"].get<std::string>());
    CHECK(got.name == want["name"].get<std::string>());
    CHECK(got.count == want["count"].get<int64_t>());
    CHECK(got.parent == want.value("parent", std::string()));
    CHECK(got.type == want["type"].get<std::string>());
    std::vector<std::string> defs;
    for (const auto& d : want.value("definitions", Json::array())) defs.push_back(d.get<std::string>());
    CHECK(got.definitions == defs);
  }
  // and every one of them exists in the dataset
  CHECK(missing_definitions(tree, dataset_catalog()).empty());
}

TEST_CASE("DeepSeek-V3 at TP 8 / EP 8: attention and MoE names equal the deepseek-v3 entry", "[naming]") {
  const ModuleTree tree = named_tree("deepseek-ai__DeepSeek-V3", tp_ep(8, 8));
  const Json entry = test::dataset_entry("deepseek-v3");
  int compared = 0;
  for (const auto& m : entry["modules"]) {
    const std::string name = m["name"].get<std::string>();
    const std::string parent = m.value("parent", std::string());
    const bool attention = name == "self_attn" || parent == "self_attn";
    const bool moe = parent == "moe";
    if (!attention && !moe) continue;
    INFO(name);
    CHECK(get(tree, name).definitions == entry_definitions(entry, name));
    ++compared;
  }
  CHECK(compared == 12);  // 8 attention layers + self_attn + 3 MoE layers
  // h = num_attention_heads / TP; e = n_routed_experts / EP (from the config)
  const Json raw = test::raw_config("deepseek-ai__DeepSeek-V3");
  CHECK(raw["num_attention_heads"].get<int64_t>() / 8 == 16);
  CHECK(raw["n_routed_experts"].get<int64_t>() / 8 == 32);
  for (const auto& n : get(tree, "attn_mla").definitions) CHECK(dataset_catalog().contains(n));
  CHECK(dataset_catalog().contains(get(tree, "moe_experts").definitions.at(0)));
}

TEST_CASE("DeepSeek-V3 at TP 1 / EP 1 scales heads and local experts back up", "[naming]") {
  const ModuleTree tree = named_tree("deepseek-ai__DeepSeek-V3");
  CHECK(get(tree, "attn_mla").definitions ==
        std::vector<std::string>{"mla_ragged_prefill_causal_h128_qk192_vo128", "mla_paged_prefill_causal_h128_ckv512_kpe64_ps1",
                                 "mla_paged_decode_h128_ckv512_kpe64_ps1"});
  CHECK(get(tree, "moe_gate").definitions ==
        std::vector<std::string>{"moe_fp8_block_scale_ds_routing_topk8_ng8_kg4_e256_h7168_i2048"});
}

TEST_CASE("Kimi-K2 at TP 8 / EP 8: MLA and MoE names equal the kimi-k2 entry (h8, e48, ng1 kg1)", "[naming]") {
  const ModuleTree tree = named_tree("moonshotai__Kimi-K2-Instruct", tp_ep(8, 8));
  const Json entry = test::dataset_entry("kimi-k2");
  for (const char* name : {"attn_mla", "q_a_layernorm", "kv_a_layernorm", "moe_gate", "moe_topk", "moe_experts"}) {
    INFO(name);
    CHECK(get(tree, name).definitions == entry_definitions(entry, name));
  }
  CHECK(get(tree, "moe_experts").definitions.at(0) == "moe_fp8_block_scale_ds_routing_topk8_ng1_kg1_e48_h7168_i2048");
  CHECK(dataset_catalog().contains("moe_fp8_block_scale_ds_routing_topk8_ng1_kg1_e48_h7168_i2048"));
  // EP 1 gives the dataset's other Kimi name (all 384 experts local)
  const ModuleTree ep1 = named_tree("moonshotai__Kimi-K2-Instruct", tp_ep(8, 1));
  CHECK(get(ep1, "moe_experts").definitions.at(0) == "moe_fp8_block_scale_ds_routing_topk8_ng1_kg1_e384_h7168_i2048");
  CHECK(dataset_catalog().contains(get(ep1, "moe_experts").definitions.at(0)));
}

TEST_CASE("Qwen3-30B-A3B: gqa h32_kv4_d128, q/k norm h128, renormalize MoE from the dataset", "[naming]") {
  const ModuleTree tree = named_tree("Qwen__Qwen3-30B-A3B");
  const Json entry = test::dataset_entry("qwen3-30b-a3b");
  // the entry lists the same three names in another order
  CHECK(as_set(get(tree, "attn").definitions) == as_set(entry_definitions(entry, "attn")));
  CHECK(get(tree, "attn").definitions ==
        std::vector<std::string>{"gqa_paged_prefill_causal_h32_kv4_d128_ps1", "gqa_paged_decode_h32_kv4_d128_ps1",
                                 "gqa_ragged_prefill_causal_h32_kv4_d128"});
  CHECK(get(tree, "q_norm").definitions == entry_definitions(entry, "q_norm"));
  CHECK(get(tree, "k_norm").definitions == entry_definitions(entry, "k_norm"));
  CHECK(get(tree, "input_layernorm").definitions == entry_definitions(entry, "input_layernorm"));
  CHECK(get(tree, "post_attention_layernorm").definitions == entry_definitions(entry, "post_attention_layernorm"));
  const std::vector<std::string> moe = {"moe_fp8_block_scale_renorm_topk8_e128_h2048_i768"};
  CHECK(get(tree, "moe_gate").definitions == moe);
  CHECK(get(tree, "moe_experts").definitions == moe);
  CHECK(dataset_catalog().contains(moe[0]));
  // qkv_proj and o_proj: the dataset's Qwen3-30B-A3B gemms (gemm_n5120_k2048, gemm_n2048_k4096)
  CHECK(get(tree, "qkv_proj").definitions == std::vector<std::string>{"gemm_n5120_k2048"});
  CHECK(get(tree, "o_proj").definitions == std::vector<std::string>{"gemm_n2048_k4096"});
  CHECK(dataset_catalog().contains("gemm_n5120_k2048"));
  CHECK(dataset_catalog().contains("gemm_n2048_k4096"));
}

TEST_CASE("Qwen3-Next: the entry's GDN names and gqa h16_kv2_d256; TP 2 and 4 give the dataset's GDN names", "[naming]") {
  const ModuleTree tree = named_tree("Qwen__Qwen3-Next-80B-A3B-Thinking");
  const Json entry = test::dataset_entry("qwen3-next-80b-a3b");
  CHECK(get(tree, "attn_gdn").definitions == entry_definitions(entry, "attn_gdn"));
  CHECK(as_set(get(tree, "attn_gqa").definitions) == as_set(entry_definitions(entry, "attn_gqa")));
  CHECK(get(tree, "input_layernorm_gdn").definitions == entry_definitions(entry, "input_layernorm_gdn"));
  CHECK(get(tree, "post_attention_layernorm_gqa").definitions == entry_definitions(entry, "post_attention_layernorm_gqa"));
  // renormalize routing (norm_topk_prob true): the dataset's renorm family
  const Json raw = test::raw_config("Qwen__Qwen3-Next-80B-A3B-Thinking");
  REQUIRE(raw["norm_topk_prob"].get<bool>());
  CHECK(get(tree, "moe_experts_gdn").definitions ==
        std::vector<std::string>{"moe_fp8_block_scale_renorm_topk10_e512_h2048_i512"});
  // EP 4: 128 local experts, the dataset's Qwen3-Next MoE name
  const ModuleTree ep4 = named_tree("Qwen__Qwen3-Next-80B-A3B-Thinking", tp_ep(1, 4));
  CHECK(get(ep4, "moe_experts_gqa").definitions.at(0) == "moe_fp8_block_scale_renorm_topk10_e128_h2048_i512");
  CHECK(dataset_catalog().contains("moe_fp8_block_scale_renorm_topk10_e128_h2048_i512"));
  // partial rotary (partial_rotary_factor 0.25 of head_dim 256)
  CHECK(get(tree, "rotary_emb_gqa").definitions ==
        std::vector<std::string>{"rope_with_cos_sin_cache_neox_style_d256_rd64"});
  // k_last names at TP 2 and 4 exist in the dataset
  for (int64_t tp : {2, 4}) {
    INFO("tp " << tp);
    const ModuleTree t = named_tree("Qwen__Qwen3-Next-80B-A3B-Thinking", tp_ep(tp, 1));
    int k_last = 0;
    for (const auto& n : get(t, "attn_gdn").definitions) {
      if (n.find("k_last") == std::string::npos) continue;
      CHECK(dataset_catalog().contains(n));
      ++k_last;
    }
    CHECK(k_last == 3);
  }
}

TEST_CASE("Nemotron-H: mamba_ssu names from the Mamba fields, split by TP", "[naming]") {
  const std::string name = "nvidia__Nemotron-H-56B-Base-8K";
  const Json raw = test::raw_config(name);
  const int64_t heads = raw["mamba_num_heads"].get<int64_t>();
  const int64_t head_dim = raw["mamba_head_dim"].get<int64_t>();
  const int64_t state = raw["ssm_state_size"].get<int64_t>();
  const int64_t groups = raw["n_groups"].get<int64_t>();
  for (int64_t tp : {1, 2, 8}) {
    INFO("tp " << tp);
    const ModuleTree tree = named_tree(name, tp_ep(tp, 1));
    CHECK(get(tree, "mamba_mixer").definitions ==
          std::vector<std::string>{"mamba_ssu_decode_h" + std::to_string(heads / tp) + "_d" + std::to_string(head_dim) +
                                   "_s" + std::to_string(state) + "_ng" + std::to_string(groups / tp)});
  }
  const ModuleTree tree = named_tree(name);
  const int64_t h = raw["num_attention_heads"].get<int64_t>(), kv = raw["num_key_value_heads"].get<int64_t>();
  const int64_t d = raw["attention_head_dim"].get<int64_t>(), hidden = raw["hidden_size"].get<int64_t>();
  CHECK(get(tree, "qkv_proj").definitions ==
        std::vector<std::string>{"gemm_n" + std::to_string((h + 2 * kv) * d) + "_k" + std::to_string(hidden)});
  CHECK(get(tree, "up_proj").definitions ==
        std::vector<std::string>{"gemm_n" + std::to_string(raw["intermediate_size"].get<int64_t>()) + "_k" +
                                 std::to_string(hidden)});
  // TP 16 splits the 256 Mamba heads but not the 8 groups
  ModuleTree t = build_module_tree(test::parsed_config(name));
  auto bad = assign_definitions(t, test::parsed_config(name), tp_ep(16, 1));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().path == "options.tp");
}

TEST_CASE("Known dataset names for dense models: Llama-3.1-70B, Qwen2.5-7B, gpt-oss, Mixtral", "[naming]") {
  {
    const ModuleTree tree = named_tree("meta-llama__Llama-3.1-70B");
    // Captured from Llama 3.1 70B (definitions_index descriptions): qkv 10240, o 8192, gate_up 57344, down 8192x28672
    CHECK(get(tree, "qkv_proj").definitions == std::vector<std::string>{"gemm_n10240_k8192"});
    CHECK(get(tree, "o_proj").definitions == std::vector<std::string>{"gemm_n8192_k8192"});
    CHECK(get(tree, "gate_up_proj").definitions == std::vector<std::string>{"gemm_n57344_k8192"});
    CHECK(get(tree, "down_proj").definitions == std::vector<std::string>{"gemm_n8192_k28672"});
    // TP 4: the dataset's h16_kv2 names (tagged llama-3.1-70b, tp:4)
    const ModuleTree tp4 = named_tree("meta-llama__Llama-3.1-70B", tp_ep(4, 1));
    for (const auto& n : get(tp4, "attn").definitions) {
      CHECK(n.find("_h16_kv2_d128") != std::string::npos);
      CHECK(dataset_catalog().contains(n));
    }
  }
  {
    const ModuleTree tree = named_tree("Qwen__Qwen2.5-7B");
    for (const char* m : {"qkv_proj", "o_proj", "gate_up_proj", "down_proj"}) {
      INFO(m);
      REQUIRE(get(tree, m).definitions.size() == 1);
      CHECK(dataset_catalog().contains(get(tree, m).definitions[0]));  // captured from Qwen2.5-7B
    }
  }
  {
    const std::string name = "openai__gpt-oss-20b";
    const Json raw = test::raw_config(name);
    const ModuleTree tree = named_tree(name);
    const std::string dims = "_h" + std::to_string(raw["num_attention_heads"].get<int64_t>()) + "_kv" +
                             std::to_string(raw["num_key_value_heads"].get<int64_t>()) + "_d" +
                             std::to_string(raw["head_dim"].get<int64_t>());
    CHECK(get(tree, "attn_sliding").definitions == get(tree, "attn_full").definitions);
    CHECK(get(tree, "attn_full").definitions.back() == "gqa_ragged_prefill_causal" + dims);
    CHECK(get(tree, "moe_experts_full").definitions ==
          std::vector<std::string>{"moe_fp8_block_scale_renorm_topk" + std::to_string(raw["num_experts_per_tok"].get<int64_t>()) +
                                   "_e" + std::to_string(raw["num_local_experts"].get<int64_t>()) + "_h" +
                                   std::to_string(raw["hidden_size"].get<int64_t>()) + "_i" +
                                   std::to_string(raw["intermediate_size"].get<int64_t>())});
  }
  {
    const std::string name = "mistralai__Mixtral-8x7B-v0.1";
    const Json raw = test::raw_config(name);
    const ModuleTree tree = named_tree(name);
    CHECK(get(tree, "moe_gate").definitions ==
          std::vector<std::string>{"moe_fp8_block_scale_renorm_topk2_e8_h" + std::to_string(raw["hidden_size"].get<int64_t>()) +
                                   "_i" + std::to_string(raw["intermediate_size"].get<int64_t>())});
  }
}

TEST_CASE("Gemma uses the gemma_ norm kernels; LayerNorm models (Falcon, GPT-2) get no norm names", "[naming]") {
  const Json raw = test::raw_config("google__gemma-2-9b-it");
  const std::string h = std::to_string(raw["hidden_size"].get<int64_t>());
  const ModuleTree gemma = named_tree("google__gemma-2-9b-it");
  CHECK(get(gemma, "input_layernorm_full").definitions ==
        std::vector<std::string>{"gemma_rmsnorm_h" + h, "gemma_fused_add_rmsnorm_h" + h});
  CHECK(get(gemma, "post_attention_layernorm_full").definitions == std::vector<std::string>{"gemma_rmsnorm_h" + h});
  CHECK(get(gemma, "pre_feedforward_layernorm_full").definitions ==
        std::vector<std::string>{"gemma_fused_add_rmsnorm_h" + h});
  CHECK(get(gemma, "post_feedforward_layernorm_sliding").definitions == std::vector<std::string>{"gemma_rmsnorm_h" + h});
  for (const std::string name : {"tiiuae__falcon-7b-instruct", "openai-community__gpt2-xl"}) {
    INFO(name);
    const ModuleTree tree = named_tree(name);
    for (const auto& m : tree.modules) {
      if (m.kind.find("norm") != std::string::npos) CHECK(m.definitions.empty());
    }
    CHECK_FALSE(get(tree, "attn").definitions.empty());
  }
  // Falcon-7B is multi-query: one KV head
  const ModuleTree falcon = named_tree("tiiuae__falcon-7b-instruct");
  CHECK(get(falcon, "attn").definitions.back() == "gqa_ragged_prefill_causal_h71_kv1_d64");
}

TEST_CASE("Options: legacy gemm names, page sizes, sampling names", "[naming]") {
  NamingOptions legacy = models_ts_entry_naming();
  legacy.legacy_names = true;
  const ModuleTree old = named_tree("meta-llama__Llama-3.1-8B", legacy);
  CHECK(get(old, "qkv_proj").definitions == std::vector<std::string>{"gemm_n_6144_k_4096"});
  CHECK(get(old, "down_proj").definitions == std::vector<std::string>{"gemm_n_4096_k_14336"});
  CHECK(get(old, "attn").definitions.size() == 3);  // only gemm names change
  CHECK(matches_known_pattern("gemm_n_6144_k_4096"));

  NamingOptions pages = models_ts_entry_naming();
  pages.page_sizes = {1, 64};
  const ModuleTree paged = named_tree("meta-llama__Llama-3.1-8B", pages);
  const std::vector<std::string> want = {
      "gqa_paged_prefill_causal_h32_kv8_d128_ps1", "gqa_paged_prefill_causal_h32_kv8_d128_ps64",
      "gqa_paged_decode_h32_kv8_d128_ps1",         "gqa_paged_decode_h32_kv8_d128_ps64",
      "gqa_ragged_prefill_causal_h32_kv8_d128"};
  CHECK(get(paged, "attn").definitions == want);
  for (const auto& n : want) CHECK(dataset_catalog().contains(n));

  NamingOptions sampling = models_ts_entry_naming();
  sampling.sampling_definitions = true;
  const ModuleTree s = named_tree("meta-llama__Llama-3.1-8B", sampling);
  const std::string v = std::to_string(test::raw_config("meta-llama__Llama-3.1-8B")["vocab_size"].get<int64_t>());
  CHECK(get(s, "lm_head").definitions ==
        std::vector<std::string>{"top_k_sampling_from_probs_v" + v, "top_k_top_p_sampling_from_probs_v" + v,
                                 "top_p_sampling_from_probs_v" + v});  // model_coverage.mdx's order
  for (const auto& n : get(s, "lm_head").definitions) CHECK(dataset_catalog().contains(n));
  CHECK(get(named_tree("meta-llama__Llama-3.1-8B"), "lm_head").definitions.empty());
}

TEST_CASE("TP divides heads and widths; KV heads are replicated when TP exceeds them", "[naming]") {
  const Json raw = test::raw_config("meta-llama__Llama-3.1-8B");
  const int64_t heads = raw["num_attention_heads"].get<int64_t>();
  const int64_t kv = raw["num_key_value_heads"].get<int64_t>();
  const int64_t d = raw["hidden_size"].get<int64_t>() / heads;
  const int64_t inter = raw["intermediate_size"].get<int64_t>();
  for (int64_t tp : {2, 4, 8, 16, 32}) {
    INFO("tp " << tp);
    NamingOptions split = tp_ep(tp, 1);
    split.gemm_tp = GemmTp::kSplit;  // per-GPU GEMM shapes (--gemm-tp split); the default is TP 1 shapes
    const ModuleTree tree = named_tree("meta-llama__Llama-3.1-8B", split);
    const int64_t h_r = heads / tp;
    const int64_t kv_r = std::max<int64_t>(1, kv / tp);
    CHECK(get(tree, "attn").definitions.back() ==
          "gqa_ragged_prefill_causal_h" + std::to_string(h_r) + "_kv" + std::to_string(kv_r) + "_d" + std::to_string(d));
    CHECK(get(tree, "qkv_proj").definitions.at(0) == "gemm_n" + std::to_string((h_r + 2 * kv_r) * d) + "_k4096");
    CHECK(get(tree, "o_proj").definitions.at(0) == "gemm_n4096_k" + std::to_string(h_r * d));
    CHECK(get(tree, "gate_up_proj").definitions.at(0) == "gemm_n" + std::to_string(2 * inter / tp) + "_k4096");
    CHECK(get(tree, "down_proj").definitions.at(0) == "gemm_n4096_k" + std::to_string(inter / tp));
    CHECK(get(tree, "input_layernorm").definitions == get(named_tree("meta-llama__Llama-3.1-8B"), "input_layernorm").definitions);
  }
}

TEST_CASE("EP divides the routed experts", "[naming]") {
  const Json raw = test::raw_config("Qwen__Qwen3-30B-A3B");
  const int64_t experts = raw["num_experts"].get<int64_t>();
  for (int64_t ep : {1, 2, 4, 8, 16}) {
    INFO("ep " << ep);
    const ModuleTree tree = named_tree("Qwen__Qwen3-30B-A3B", tp_ep(1, ep));
    const std::string e = "_e" + std::to_string(experts / ep) + "_";
    CHECK(get(tree, "moe_topk").definitions.at(0).find(e) != std::string::npos);
    CHECK(get(tree, "attn").definitions == get(named_tree("Qwen__Qwen3-30B-A3B"), "attn").definitions);  // EP leaves attention alone
  }
}

TEST_CASE("Options that do not fit the model are error values, and the tree is left untouched", "[naming]") {
  const ModelConfig c = test::parsed_config("meta-llama__Llama-3.1-8B");
  ModuleTree tree = build_module_tree(c);
  REQUIRE(assign_definitions(tree, c, {}).ok());
  const ModuleTree before = tree;
  auto expect_error = [&](const NamingOptions& o, const std::string& path) {
    auto r = assign_definitions(tree, c, o);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_USAGE");
    CHECK(r.error().path == path);
    CHECK_FALSE(r.error().message.empty());
    for (size_t i = 0; i < tree.modules.size(); ++i) CHECK(tree.modules[i].definitions == before.modules[i].definitions);
  };
  expect_error(tp_ep(3, 1), "options.tp");    // 32 heads
  expect_error(tp_ep(64, 1), "options.tp");   // more TP ranks than heads
  expect_error(tp_ep(0, 1), "options.tp");
  expect_error(tp_ep(-2, 1), "options.tp");
  expect_error(tp_ep(1, 0), "options.ep");
  NamingOptions no_pages;
  no_pages.page_sizes = {};
  expect_error(no_pages, "options.page_sizes");
  NamingOptions zero_page;
  zero_page.page_sizes = {1, 0};
  expect_error(zero_page, "options.page_sizes[1]");

  // GPT-2 XL has 25 heads: TP 2 does not divide them
  const ModelConfig gpt2 = test::parsed_config("openai-community__gpt2-xl");
  ModuleTree t2 = build_module_tree(gpt2);
  auto r2 = assign_definitions(t2, gpt2, tp_ep(2, 1));
  REQUIRE_FALSE(r2.ok());
  CHECK(r2.error().message.find("25") != std::string::npos);
  // EP 3 does not divide DeepSeek's 256 experts
  const ModelConfig ds = test::parsed_config("deepseek-ai__DeepSeek-V3");
  ModuleTree t3 = build_module_tree(ds);
  auto r3 = assign_definitions(t3, ds, tp_ep(8, 3));
  REQUIRE_FALSE(r3.ok());
  CHECK(r3.error().path == "options.ep");
  // KV heads that neither divide TP nor are divided by it (12 KV heads, TP 16)
  ModelConfig odd = c;
  odd.num_heads = 48;
  odd.num_kv_heads = 12;
  odd.head_dim = 64;
  for (auto& layer : odd.layers) layer.num_kv_heads = 12;
  ModuleTree t4 = build_module_tree(odd);
  auto r4 = assign_definitions(t4, odd, tp_ep(16, 1));
  REQUIRE_FALSE(r4.ok());
  CHECK(r4.error().path == "options.tp");
}

TEST_CASE("DeepSeek-V3.2 gets the dataset's DSA names at TP 8", "[naming]") {
  NamingOptions o = tp_ep(8, 8);
  o.page_sizes = {1, 64};
  const ModuleTree tree = named_tree("deepseek-ai__DeepSeek-V3.2", o);
  CHECK(get(tree, "attn_mla").definitions ==
        std::vector<std::string>{"dsa_sparse_attention_h16_ckv512_kpe64_topk2048_ps1",
                                 "dsa_sparse_attention_h16_ckv512_kpe64_topk2048_ps64"});
  CHECK(get(tree, "indexer").definitions.back() == "dsa_topk_indexer_fp8_h64_d128_topk2048_ps64");
  for (const auto& n : get(tree, "attn_mla").definitions) CHECK(dataset_catalog().contains(n));
  CHECK(dataset_catalog().contains(get(tree, "indexer").definitions.back()));
}

TEST_CASE("Every assigned name matches a known naming pattern, on 20 fixture configs", "[naming]") {
  const std::vector<std::string> fixtures = {
      "meta-llama__Llama-3.1-8B", "meta-llama__Llama-2-7b-hf", "meta-llama__Llama-3.2-90B-Vision-Instruct",
      "Qwen__Qwen2.5-72B", "Qwen__Qwen3-0.6B", "Qwen__Qwen3-235B-A22B", "Qwen__Qwen3-Next-80B-A3B-Thinking",
      "Qwen__Qwen3-VL-32B-Instruct", "deepseek-ai__DeepSeek-R1", "moonshotai__Kimi-K2-Instruct",
      "mistralai__Mixtral-8x22B-v0.1", "mistralai__Devstral-Small-2507", "google__gemma-3-27b-it",
      "microsoft__phi-4", "tiiuae__falcon-180B-chat", "openai__gpt-oss-120b", "allenai__Olmo-3.1-32B-Instruct",
      "ibm-granite__granite-3.1-1b-a400m-instruct", "nvidia__Nemotron-H-56B-Base-8K",
      "nvidia__Llama-3_3-Nemotron-Super-49B-v1"};
  for (const auto& name : fixtures) {
    INFO(name);
    const ModuleTree tree = named_tree(name);
    int named = 0;
    for (const auto& m : tree.modules) {
      for (const auto& d : m.definitions) {
        INFO(m.name << ": " << d);
        CHECK(matches_known_pattern(d));
        ++named;
      }
      if (m.type == "block") CHECK(m.definitions.empty());
    }
    CHECK(named > 0);
  }
}

TEST_CASE("Degenerate configs (zeros, missing sections) give a tree and no names, never a crash", "[naming][arch]") {
  ModelConfig empty;
  ModuleTree t0 = build_module_tree(empty);
  REQUIRE_FALSE(t0.modules.empty());
  for (const auto& m : t0.modules) {
    INFO(m.name);
    CHECK(m.count > 0);
  }
  REQUIRE(assign_definitions(t0, empty, {}).ok());
  for (const auto& m : t0.modules) CHECK(m.definitions.empty());

  // Every layer kind, with the sections they need absent or zero.
  ModelConfig c;
  c.architecture = "DeepseekV3ForCausalLM";
  c.model_type = c.text_model_type = "deepseek_v3";
  c.attention_type = AttentionType::kMla;  // but no MlaConfig
  c.num_layers = 6;
  c.hidden_size = 64;
  c.moe = MoeConfig{};                      // all zeros
  const MixerKind mixers[] = {MixerKind::kFullAttention, MixerKind::kSlidingAttention, MixerKind::kLinearAttention,
                              MixerKind::kMamba, MixerKind::kNone, MixerKind::kUnknown};
  for (MixerKind k : mixers) {
    LayerSpec s;
    s.mixer = k;
    s.ffn = k == MixerKind::kNone ? FfnKind::kDense : FfnKind::kMoe;
    c.layers.push_back(s);
  }
  ModuleTree t = build_module_tree(c);
  std::set<std::string> names;
  int64_t sum = 0;
  for (const auto& m : t.modules) {
    CHECK(names.insert(m.name).second);
    CHECK(m.count > 0);
    if (m.type == "block" && m.parent == t.modules[0].name && m.first_layer >= 0) sum += m.count;
  }
  CHECK(sum == 6);
  for (int64_t tp : {1, 7}) {
    auto r = assign_definitions(t, c, tp_ep(tp, 3));
    CHECK(r.ok());  // nothing to split: no heads, no experts
  }
  bool noted = false;
  for (const auto& m : t.modules) noted = noted || m.note.find("missing from the config") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("Defaults follow model_coverage.mdx: GEMMs at TP 1, router GEMM, sampling, both page sizes", "[naming]") {
  // Llama-3.1-70B at TP 4: the file's names gemm_n10240_k8192 ... (full shapes) with h16_kv2 attention
  NamingOptions tp4;
  tp4.tp = 4;
  const ModuleTree llama = named_tree("meta-llama__Llama-3.1-70B", tp4);
  const Json raw = test::raw_config("meta-llama__Llama-3.1-70B");
  const int64_t h = raw["num_attention_heads"].get<int64_t>(), kv = raw["num_key_value_heads"].get<int64_t>(),
                hidden = raw["hidden_size"].get<int64_t>();
  const int64_t d = hidden / h;
  CHECK(get(llama, "qkv_proj").definitions ==
        std::vector<std::string>{"gemm_n" + std::to_string((h + 2 * kv) * d) + "_k" + std::to_string(hidden)});
  CHECK(get(llama, "attn").definitions.front() == "gqa_paged_prefill_causal_h16_kv2_d128_ps1");
  CHECK(get(llama, "attn").definitions.size() == 5);  // ps1 and ps64, prefill and decode, ragged
  const std::string v = std::to_string(raw["vocab_size"].get<int64_t>());
  CHECK(get(llama, "lm_head").definitions == std::vector<std::string>{"top_k_sampling_from_probs_v" + v,
                                                                      "top_k_top_p_sampling_from_probs_v" + v,
                                                                      "top_p_sampling_from_probs_v" + v});
  // --gemm-tp split gives per-GPU shapes
  NamingOptions split = tp4;
  split.gemm_tp = GemmTp::kSplit;
  CHECK(get(named_tree("meta-llama__Llama-3.1-70B", split), "qkv_proj").definitions ==
        std::vector<std::string>{"gemm_n" + std::to_string((h / 4 + 2 * kv / 4) * d) + "_k" + std::to_string(hidden)});
  GemmTp parsed = GemmTp::kTp1;
  CHECK(parse_gemm_tp("split", &parsed));
  CHECK(parsed == GemmTp::kSplit);
  CHECK_FALSE(parse_gemm_tp("4", &parsed));
  CHECK(std::string(gemm_tp_flag(GemmTp::kTp1)) == "tp1");
  // the router: gemm_n{n_routed_experts}_k{hidden} (model_coverage.mdx: gemm_n256_k7168 for DeepSeek V3)
  NamingOptions ds;
  ds.tp = 8;
  ds.ep = 8;
  const ModuleTree v3 = named_tree("deepseek-ai__DeepSeek-V3", ds);
  const Json dsraw = test::raw_config("deepseek-ai__DeepSeek-V3");
  CHECK(get(v3, "moe_gate").definitions.front() ==
        "gemm_n" + std::to_string(dsraw["n_routed_experts"].get<int64_t>()) + "_k" +
            std::to_string(dsraw["hidden_size"].get<int64_t>()));
  CHECK(dataset_catalog().contains(get(v3, "moe_gate").definitions.front()));
}

TEST_CASE("DSA names only with the page sizes the dataset has: no _ps1 indexer", "[naming]") {
  NamingOptions o;
  o.tp = 8;
  o.ep = 8;
  o.page_sizes = {1};
  const ModuleTree tree = named_tree("deepseek-ai__DeepSeek-V3.2", o);
  CHECK(get(tree, "attn_mla").definitions ==
        std::vector<std::string>{"dsa_sparse_attention_h16_ckv512_kpe64_topk2048_ps1"});
  CHECK(get(tree, "indexer").definitions == std::vector<std::string>{"dsa_topk_indexer_fp8_h64_d128_topk2048_ps64"});
  CHECK_FALSE(dataset_catalog().contains("dsa_topk_indexer_fp8_h64_d128_topk2048_ps1"));
  for (const auto& n : get(tree, "indexer").definitions) CHECK(dataset_catalog().contains(n));
  CHECK(dataset_page_sizes("dsa_topk_indexer_fp8") == std::vector<int64_t>{64});
  CHECK(dataset_page_sizes("gqa_paged") == std::vector<int64_t>{1, 64});
}

TEST_CASE("RoPE names: partial rotary by default, full rotary with rope_full", "[naming]") {
  const Json raw = test::raw_config("meta-llama__Llama-3.1-8B");
  const std::string d = std::to_string(raw["hidden_size"].get<int64_t>() / raw["num_attention_heads"].get<int64_t>());
  CHECK(get(named_tree("meta-llama__Llama-3.1-8B", NamingOptions{}), "rotary_emb").definitions.empty());
  NamingOptions full;
  full.rope_full = true;
  const auto names = get(named_tree("meta-llama__Llama-3.1-8B", full), "rotary_emb").definitions;
  CHECK(names == std::vector<std::string>{"rope_with_cos_sin_cache_neox_style_d" + d + "_rd" + d});
  CHECK(matches_known_pattern(names.at(0)));
}

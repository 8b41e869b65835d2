// model_coverage.mdx: the section and Summary row we emit, and byte-preserving updates of a copy of the
// real file (tests/fixtures/consumers/flashinfer-bench/model_coverage.mdx, FlashInfer-Bench 40e6ca78).
// Expected names come from that file and from the configs in tests/fixtures/hf.
#include <catch2/catch.hpp>

#include <set>

#include "arch/module_tree_builder.hpp"
#include "config_fixtures.hpp"
#include "emit/coverage_updater.hpp"
#include "fixtures.hpp"
#include "naming/bundled_workload_names.hpp"
#include "naming/definition_names.hpp"
#include "naming/definitions_catalog.hpp"

using namespace hfmi;

namespace {

std::string real_mdx() { return test::fixture("consumers/flashinfer-bench/model_coverage.mdx"); }

CoverageSources bundled_sources() {
  static const std::set<std::string> workloads(bundled_workload_names().begin(), bundled_workload_names().end());
  return {[](const std::string& n) { return bundled_definitions_catalog().contains(n); },
          [](const std::string& n) { return workloads.count(n) > 0; }};
}

CoverageModel model_for(const std::string& org_name, const std::string& display, NamingOptions o = {},
                        CoverageSources sources = bundled_sources()) {
  const ModelConfig c = test::parsed_config(org_name);
  ModuleTree tree = build_module_tree(c);
  auto ok = assign_definitions(tree, c, o);
  INFO(org_name << ": " << (ok.ok() ? "" : ok.error().message));
  REQUIRE(ok.ok());
  return coverage_model(c, tree, o, display, sources);
}

NamingOptions tp_ep(int64_t tp, int64_t ep) {
  NamingOptions o;
  o.tp = tp;
  o.ep = ep;
  return o;
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

// The Definition names of one `## Heading` section of the real file.
std::vector<std::string> mdx_names(const std::string& mdx, const std::string& heading) {
  const size_t at = mdx.find("\n## " + heading + "\n");
  REQUIRE(at != std::string::npos);
  const size_t end = mdx.find("\n---\n", at);
  std::vector<std::string> out;
  for (size_t p = mdx.find("\n| `", at); p != std::string::npos && p < end; p = mdx.find("\n| `", p + 1)) {
    const size_t close = mdx.find('`', p + 4);
    out.push_back(mdx.substr(p + 4, close - p - 4));
  }
  return out;
}

std::set<std::string> our_names(const CoverageModel& m) {
  std::set<std::string> out;
  for (const auto& r : m.rows)
    if (r.status != CoverageStatus::kUnmapped) out.insert(r.definition);
  return out;
}

}  // namespace

TEST_CASE("Llama 3.1 8B: our section and Summary row equal the real file's, byte for byte", "[coverage]") {
  const std::string mdx = real_mdx();
  const CoverageModel m = model_for("meta-llama__Llama-3.1-8B", "Llama 3.1 8B");
  const std::string section = emit_coverage_section(m);
  CHECK(mdx.find("\n" + section + "\n---\n") != std::string::npos);
  CHECK(mdx.find("\n" + emit_coverage_summary_row(m) + "\n") != std::string::npos);
  CHECK(emit_coverage_summary_row(m) == "| Llama 3.1 8B | GQA + Dense | \xE2\x9C\x85 Fully covered |");
  // so replacing it with itself leaves the whole file as it was
  auto r = update_coverage_mdx(mdx, m, true);
  REQUIRE(r.ok());
  CHECK(r.value().action == "replaced");
  CHECK(r.value().text == mdx);
}

TEST_CASE("Inserting a new model adds only its section and one Summary row", "[coverage]") {
  const std::string mdx = real_mdx();
  const CoverageModel m = model_for("meta-llama__Llama-3.2-1B", "Llama 3.2 1B");
  REQUIRE(mdx.find("Llama 3.2 1B") == std::string::npos);
  auto r = update_coverage_mdx(mdx, m, false);
  REQUIRE(r.ok());
  CHECK(r.value().action == "inserted");
  const std::string& out = r.value().text;
  const std::string row = emit_coverage_summary_row(m) + "\n";
  const std::string block = "---\n\n" + emit_coverage_section(m) + "\n";
  // the row follows the Summary table's last row; the section goes before the closing separator
  const std::string last_row = "| NemotronH 47B | GQA + Mamba2 Hybrid | \xE2\x9D\x8C Not covered |\n";
  const size_t row_at = mdx.find(last_row) + last_row.size();
  const size_t closing = mdx.rfind("\n---\n") + 1;
  CHECK(out == mdx.substr(0, row_at) + row + mdx.substr(row_at, closing - row_at) + block + mdx.substr(closing));
  CHECK(count_of(out, "\n## ") == count_of(mdx, "\n## ") + 1);
  CHECK(out.substr(out.size() - 5) == "\n---\n");  // still closed by the separator
  // twice without --replace is refused, with the line
  auto again = update_coverage_mdx(out, m, false);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == "E_BAD_MODELS_TS");
  CHECK(again.error().message.find("--replace") != std::string::npos);
}

TEST_CASE("Replacing Llama 3.1 8B changes only that section and its Summary row", "[coverage]") {
  const std::string mdx = real_mdx();
  // statuses from a dataset where nothing has a workload: every ✅ becomes 🟡
  CoverageSources no_workloads = bundled_sources();
  no_workloads.has_workload = [](const std::string&) { return false; };
  const CoverageModel m = model_for("meta-llama__Llama-3.1-8B", "Llama 3.1 8B", {}, no_workloads);
  auto r = update_coverage_mdx(mdx, m, true);
  REQUIRE(r.ok());
  const std::string& out = r.value().text;
  const std::string old_row = "| Llama 3.1 8B | GQA + Dense | \xE2\x9C\x85 Fully covered |";
  const size_t row_at = mdx.find(old_row);
  const size_t sec_at = mdx.find("## Llama 3.1 8B\n");
  const size_t sec_end = mdx.find("\n---\n", sec_at) + 1;
  const std::string want = mdx.substr(0, row_at) + emit_coverage_summary_row(m) +
                           mdx.substr(row_at + old_row.size(), sec_at - row_at - old_row.size()) +
                           emit_coverage_section(m) + "\n" + mdx.substr(sec_end);
  CHECK(out == want);
  CHECK(emit_coverage_summary_row(m) == "| Llama 3.1 8B | GQA + Dense | \xF0\x9F\x9F\xA1 Partial |");
  CHECK(out != mdx);
}

TEST_CASE("A replace finds the model by its repo-style name and keeps the file's own names", "[coverage]") {
  const std::string mdx = real_mdx();
  // "Llama-3.1-8B" (the repo name) is the file's "Llama 3.1 8B"; "DeepSeek-V3/R1" its "DeepSeek V3 / R1"
  auto r = update_coverage_mdx(mdx, model_for("meta-llama__Llama-3.1-8B", "Llama-3.1-8B"), true);
  REQUIRE(r.ok());
  CHECK(r.value().action == "replaced");
  CHECK(r.value().text == mdx);
  NamingOptions o;
  o.tp = 8;
  o.ep = 8;
  auto ds = update_coverage_mdx(mdx, model_for("deepseek-ai__DeepSeek-V3", "DeepSeek-V3/R1", o), true);
  REQUIRE(ds.ok());
  CHECK(ds.value().action == "replaced");
  CHECK(count_of(ds.value().text, "\n## DeepSeek V3 / R1\n") == 1);
  CHECK(count_of(ds.value().text, "\n| DeepSeek V3/R1 | MLA + Dense/MoE | ") == 1);
  CHECK(ds.value().text.find("DeepSeek-V3/R1") == std::string::npos);
}

TEST_CASE("CRLF and CR-only coverage files keep their newlines", "[coverage]") {
  for (const std::string nl : {"\r\n", "\r"}) {
    std::string mdx = real_mdx();
    std::string converted;
    for (char c : mdx) converted += c == '\n' ? nl : std::string(1, c);
    const CoverageModel m = model_for("meta-llama__Llama-3.2-1B", "Llama 3.2 1B");
    auto r = update_coverage_mdx(converted, m, false);
    REQUIRE(r.ok());
    CHECK(r.value().text.find('\n') == (nl == "\r" ? std::string::npos : r.value().text.find("\r\n") + 1));
    CHECK(count_of(r.value().text, nl + "## ") == count_of(converted, nl + "## ") + 1);
  }
}

TEST_CASE("A file without a Summary table is refused", "[coverage]") {
  const CoverageModel m = model_for("meta-llama__Llama-3.2-1B", "Llama 3.2 1B");
  auto r = update_coverage_mdx("# Model Kernel Coverage\n\nnothing here\n", m, false);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "E_BAD_MODELS_TS");
}

// Our names for the models the file lists, at the TP / EP its sections use. Where they differ, the file is
// wrong (checked against the config here) or lists what our naming does not derive; each case says which.
TEST_CASE("Our Definition names equal model_coverage.mdx's for the models it lists, except its errors", "[coverage]") {
  const std::string mdx = real_mdx();
  struct Case {
    const char* heading;
    const char* config;
    int64_t tp, ep;
    std::vector<std::string> only_theirs;  // sorted
    std::vector<std::string> only_ours;    // sorted
    const char* why;
  };
  const std::vector<Case> cases = {
      {"Llama 3.1 8B", "meta-llama__Llama-3.1-8B", 1, 1, {}, {}, "equal"},
      {"Llama 3.1 / 3.3 70B", "meta-llama__Llama-3.1-70B", 4, 1, {}, {}, "equal"},
      {"Llama 3.1 405B", "meta-llama__Llama-3.1-405B", 4, 1, {}, {}, "equal"},
      {"Phi-4 14B", "microsoft__phi-4", 1, 1, {}, {}, "equal"},
      {"Qwen2.5 7B", "Qwen__Qwen2.5-7B", 1, 1, {}, {}, "equal"},
      {"DeepSeek V3 / R1", "deepseek-ai__DeepSeek-V3", 8, 8, {},
       {"gemm_n36864_k7168", "gemm_n4096_k7168", "gemm_n7168_k18432", "gemm_n7168_k2048"},
       "the file omits the 3 dense layers' MLP GEMMs (intermediate_size 18432) and the shared expert's "
       "(n_shared_experts 1 x moe_intermediate_size 2048)"},
      {"DeepSeek V3.2", "deepseek-ai__DeepSeek-V3.2", 8, 8, {},
       {"gemm_n256_k7168", "gemm_n36864_k7168", "gemm_n4096_k7168", "gemm_n7168_k18432", "gemm_n7168_k2048",
        "top_k_sampling_from_probs_v129280", "top_k_top_p_sampling_from_probs_v129280", "top_p_sampling_from_probs_v129280"},
       "the file lists only attention, norms and MoE: the router, dense, shared-expert and sampling names that its "
       "DeepSeek V3 section has are missing here (same dimensions)"},
      {"Qwen2.5 72B", "Qwen__Qwen2.5-72B", 8, 1, {"gemm_n59392_k8192", "gemm_n8192_k29696"},
       {"gemm_n59136_k8192", "gemm_n8192_k29568"},
       "WRONG in the file: intermediate_size is 29568 (gate_up 59136), not 29696"},
      {"Qwen3 235B A22B", "Qwen__Qwen3-235B-A22B", 4, 1,
       {"gemm_n4096_k4096", "gemm_n4608_k4096", "moe_fp8_block_scale_ds_routing_topk8_ng?_kg?_e64_h4096_i1536",
        "trtllm_fp4_block_scale_moe_topk8_e64_h4096_i1536", "trtllm_fp4_block_scale_routed_moe_topk8_e64_h4096_i1536"},
       {"gemm_n128_k4096", "gemm_n4096_k8192", "gemm_n9216_k4096", "rmsnorm_h128"},
       "WRONG in the file: 64 heads x head_dim 128 = 8192 (qkv n = (64 + 2*4) * 128 = 9216, o_proj k = 8192), not "
       "4608 / 4096; a placeholder name with `?`; EP=2 TRT-LLM variants; it omits the router and q/k norms"},
      {"Kimi K2", "moonshotai__Kimi-K2-Instruct", 8, 8,
       {"moe_fp8_block_scale_ds_routing_topk8_ng1_kg1_e384_h7168_i2048",
        "moe_fp8_block_scale_ds_routing_topk8_ng?_kg?_e96_h7168_i2048", "top_k_sampling_from_probs_v160000",
        "top_k_top_p_sampling_from_probs_v160000", "top_p_sampling_from_probs_v160000"},
       {"gemm_n36864_k7168", "gemm_n384_k7168", "gemm_n4096_k7168", "gemm_n7168_k18432", "gemm_n7168_k2048",
        "top_k_sampling_from_probs_v163840", "top_k_top_p_sampling_from_probs_v163840", "top_p_sampling_from_probs_v163840"},
       "WRONG in the file: vocab_size is 163840, not 160000; it also lists EP=1 and EP=4 (placeholder) MoE "
       "variants and omits the router, dense and shared-expert GEMMs"},
      {"Mixtral 8x7B", "mistralai__Mixtral-8x7B-v0.1", 1, 1, {},
       {"gemm_n8_k4096", "moe_fp8_block_scale_renorm_topk2_e8_h4096_i14336"},
       "the file marks the MoE unmapped (—); we name the router (8 experts) and the renormalized top-2 MoE"},
      {"Mixtral 8x22B", "mistralai__Mixtral-8x22B-v0.1", 1, 1,
       {"gqa_paged_decode_h24_kv4_d128_ps64", "gqa_paged_prefill_causal_h24_kv4_d128_ps1",
        "gqa_paged_prefill_causal_h24_kv4_d128_ps64", "top_k_sampling_from_probs_v32768", "top_k_top_p_sampling_from_probs_v32768", "top_p_sampling_from_probs_v32768"},
       {"gemm_n8_k6144", "moe_fp8_block_scale_renorm_topk2_e8_h6144_i16384", "top_k_sampling_from_probs_v32000",
        "top_k_top_p_sampling_from_probs_v32000", "top_p_sampling_from_probs_v32000"},
       "the file mixes TP 1 rows with three TP 2 rows (h24_kv4: 48 / 2, 8 / 2) without labels; its vocabulary is the "
       "Instruct model's 32768, the base v0.1 config here says 32000; MoE as for 8x7B"},
      {"Qwen3 30B A3B", "Qwen__Qwen3-30B-A3B", 1, 1,
       {"trtllm_fp4_block_scale_moe_topk8_e128_h2048_i768", "trtllm_fp4_block_scale_routed_moe_topk8_e128_h2048_i768",
        "trtllm_fp8_per_tensor_scale_moe_topk8_e128_h2048_i768"},
       {}, "the file adds TRT-LLM MoE kernels benchmarked for the same shapes (not derived from the config)"},
      {"Gemma 3 27B", "google__gemma-3-27b-it", 1, 1,
       {"fused_add_rmsnorm_h5376", "gemm_n2048_k5376", "gemm_n21504_k5376", "gemm_n4096_k5376", "rmsnorm_h5376"},
       {"gemm_n43008_k5376", "gemm_n8192_k5376", "gemma_fused_add_rmsnorm_h5376", "gemma_rmsnorm_h128",
        "gemma_rmsnorm_h5376"},
       "conventions: the file splits q / k,v and gate / up GEMMs here (fused everywhere else) and uses plain "
       "rmsnorm for Gemma's (1 + w) norm; we fuse as for Llama and use the gemma_ norm kernels"},
      {"Mistral Small 3.1 24B", "mistralai__Devstral-Small-2507", 1, 1, {"gemm_n28672_k5120", "gemm_n5120_k14336"},
       {"gemm_n5120_k32768", "gemm_n65536_k5120"},
       "WRONG in the file: intermediate_size is 32768 (Devstral-Small-2507, built on Mistral Small 3.1), not 14336"},
  };
  for (const auto& c : cases) {
    INFO(c.heading << ": " << c.why);
    const auto mdx_list = mdx_names(mdx, c.heading);
    const std::set<std::string> theirs(mdx_list.begin(), mdx_list.end());
    const std::set<std::string> ours = our_names(model_for(c.config, c.heading, tp_ep(c.tp, c.ep)));
    std::vector<std::string> missing, extra;
    for (const auto& n : theirs)
      if (!ours.count(n)) missing.push_back(n);
    for (const auto& n : ours)
      if (!theirs.count(n)) extra.push_back(n);
    CHECK(missing == c.only_theirs);
    CHECK(extra == c.only_ours);
  }
  // The config evidence for the file's errors.
  CHECK(test::raw_config("Qwen__Qwen2.5-72B")["intermediate_size"] == 29568);
  const Json q235 = test::raw_config("Qwen__Qwen3-235B-A22B");
  CHECK(q235["num_attention_heads"].get<int64_t>() * q235["head_dim"].get<int64_t>() == 8192);
  CHECK(q235["hidden_size"] == 4096);
  CHECK(test::raw_config("moonshotai__Kimi-K2-Instruct")["vocab_size"] == 163840);
  CHECK(test::raw_config("mistralai__Devstral-Small-2507")["intermediate_size"] == 32768);
  CHECK(test::raw_config("mistralai__Mixtral-8x22B-v0.1")["vocab_size"] == 32000);
  const Json ds = test::raw_config("deepseek-ai__DeepSeek-V3");
  CHECK(ds["intermediate_size"] == 18432);
  CHECK(ds["n_shared_experts"].get<int64_t>() * ds["moe_intermediate_size"].get<int64_t>() == 2048);
}

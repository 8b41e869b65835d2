// Options of Definition naming: the parallel degrees the names are computed for, page sizes, and style.
#pragma once
#include <cstdint>
#include <vector>

namespace hfmi {

// How GEMM shapes relate to TP (a row of kGemmConventions in definition_names.cpp).
enum class GemmTp {
  kTp1,    // the project's convention: GEMMs named by their full (TP 1) shapes, whatever the TP degree
  kSplit,  // per-GPU shapes: column-parallel N / TP, row-parallel K / TP (--gemm-tp split)
};

struct NamingOptions {
  int64_t tp = 1;  // tensor parallel: attention, GDN and Mamba heads are split (GEMMs per gemm_tp)
  int64_t ep = 1;  // expert parallel: routed experts are split (e = num_experts / ep)
  // The page sizes asked for, in this order. Each paged kernel family keeps those the dataset has for it
  // (kPagedKernels in definition_names.cpp: DSA's indexer exists only at 64); when none is left, it gets
  // the family's own sizes. The default {1, 64} is what model_coverage.mdx lists where the dataset has both.
  std::vector<int64_t> page_sizes{1, 64};
  GemmTp gemm_tp = GemmTp::kTp1;
  bool legacy_names = false;  // gemm_n_{N}_k_{K} (renamed to gemm_n{N}_k{K} in FlashInfer-Bench PR #202)
  // {top_k,top_p,top_k_top_p}_sampling_from_probs_v{vocab} on lm_head, as model_coverage.mdx lists them
  // for every model (the older models.ts entries leave lm_head empty).
  bool sampling_definitions = true;
  // The MoE router GEMM gemm_n{experts}_k{hidden} on moe_gate (model_coverage.mdx: gemm_n256_k7168 for
  // DeepSeek V3, gemm_n128_k2048 for Qwen3 30B A3B).
  bool router_gemm = true;
  // rope_with_cos_sin_cache_* for full rotary too (rotary_dim == head_dim). The dataset and the coverage
  // table name RoPE only for partial rotary; full-width RoPE runs inside the attention kernels there.
  bool rope_full = false;
};

// The options that reproduce the models.ts entries of FlashInfer-Bench 40e6ca78 (page size 1 only, no
// sampling, no router GEMM): the layout those entries were written with.
inline NamingOptions models_ts_entry_naming() {
  NamingOptions o;
  o.page_sizes = {1};
  o.sampling_definitions = false;
  o.router_gemm = false;
  return o;
}

}  // namespace hfmi

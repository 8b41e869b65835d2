// Options of Definition naming: the parallel degrees the names are computed for, page sizes, and style.
#pragma once
#include <cstdint>
#include <vector>

namespace hfmi {

struct NamingOptions {
  int64_t tp = 1;                      // tensor parallel: attention heads, GDN/Mamba heads and MLP widths are split
  int64_t ep = 1;                      // expert parallel: routed experts are split (e = num_experts / ep)
  std::vector<int64_t> page_sizes{1};  // one paged-kernel name per page size, in this order
  bool legacy_names = false;           // gemm_n_{N}_k_{K} (renamed to gemm_n{N}_k{K} in FlashInfer-Bench PR #202)
  // (added by naming) Put {top_k,top_p,top_k_top_p}_sampling_from_probs_v{vocab} on lm_head. Off by default:
  // the dataset has these Definitions (e.g. v128256) but no models.ts entry lists them, and the
  // llama-3.1-8b entry (the reference layout) has lm_head with no definitions.
  bool sampling_definitions = false;
};

}  // namespace hfmi

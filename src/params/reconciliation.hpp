// Reconciling the header count with the config-only estimate: they agree within 1%, or the reasons
// say why not. Known reasons are tried as adjustments to the header total (alone and combined):
//   - multi-token-prediction layers stored in the checkpoint but not in the estimate;
//   - a vision tower / projector stored but not estimated;
//   - a tied lm_head stored a second time;
//   - tensors no component rule knows ("other");
//   - buffers (if the estimate counted them);
//   - components the estimate has and the headers lack (missing shards).
// A mismatch no combination explains becomes a W_PARAM_MISMATCH warning (path "parameters.total",
// plus "parameters.by_component.<name>" for each component that differs by more than 1%).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/model_config.hpp"
#include "params/config_estimate.hpp"
#include "params/tensor_accounting.hpp"
#include "safetensors/shard_index.hpp"
#include "validate/issue.hpp"

namespace hfmi {

inline constexpr double kParamAgreementTolerance = 0.01;

struct Reconciliation {
  bool agree = false;          // |headers - config| <= 1% of the larger
  double relative_diff = 0;    // |headers - config| / max(headers, config)
  bool explained = false;      // agree, or a combination of known reasons closes the gap to within 1%
  int64_t adjusted_headers_total = 0;  // the header total after the explaining adjustments
  std::vector<std::string> reasons;
  Issues issues;               // W_PARAM_MISMATCH warnings when not explained
};

Reconciliation reconcile(const ParamReport& headers, int64_t config_total,
                         const std::map<std::string, int64_t>& config_by_component, const ModelConfig& config);

// Cross-check with an index beside the config (model.safetensors.index.json / pytorch_model.bin.index.json):
// its metadata.total_size is the bytes of every stored tensor. With headers, they must hold exactly those
// bytes (per dtype: stored_bytes_by_dtype); without, the config estimate times the bytes of the config's
// dtype (torch_dtype) is compared, and total_size / that width is the parameter count it implies.
// A difference over 1% is a W_INDEX_SIZE_MISMATCH warning at "index.metadata.total_size"
// (metadata.total_parameters, when given, is compared the same way: "index.metadata.total_parameters").
struct IndexReconciliation {
  uint64_t total_size = 0;
  std::string basis;                            // "headers" | "config" | "none" (no comparable figure)
  std::string dtype;                            // config basis: the dtype assumed
  int64_t expected_bytes = 0;                   // headers' stored bytes, or estimate x dtype width
  std::map<std::string, int64_t> bytes_by_dtype;  // headers: stored bytes per dtype; config: {dtype: bytes}
  int64_t implied_parameters = 0;               // config basis: total_size / dtype width
  double relative_diff = 0;
  bool agree = false;
  std::vector<std::string> notes;
  Issues issues;
};

// `headers` null = config-only. Returns basis "none" when the index has no total_size.
IndexReconciliation reconcile_with_index(const ShardIndex& index, const ParamReport* headers,
                                         const ConfigEstimate& estimate, const ModelConfig& config);

}  // namespace hfmi

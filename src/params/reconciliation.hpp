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
#include "params/tensor_accounting.hpp"
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

}  // namespace hfmi

#include "params/reconciliation.hpp"

#include <algorithm>

#include "core/number_text.hpp"
#include "core/rounded_quotient.hpp"

namespace hfmi {
namespace {

struct Adjustment {
  int64_t subtract;  // from the header total (negative = add)
  std::string reason;
};

int64_t value_of(const std::map<std::string, int64_t>& m, const std::string& key) {
  const auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

std::string percent(double x) { return fixed(x * 100, 3) + "%"; }

std::vector<Adjustment> known_adjustments(const ParamReport& h, const std::map<std::string, int64_t>& est,
                                          const ModelConfig& config) {
  std::vector<Adjustment> out;
  // ConfigEstimate::total never includes MTP layers (it reports them apart, in by_component["mtp"]).
  if (h.mtp > 0) {
    out.push_back({h.mtp, "the checkpoint stores " + std::to_string(h.mtp) +
                              " parameters of multi-token-prediction layers, which the config estimate leaves out"});
  }
  if (h.vision > 0 && value_of(est, "vision") == 0) {
    out.push_back({h.vision, "the checkpoint stores a vision tower / projector (" + std::to_string(h.vision) +
                                 " parameters) that the config estimate does not count"});
  }
  const int64_t lm_head = value_of(h.by_component, "lm_head");
  if (config.tie_word_embeddings && lm_head > 0 && value_of(est, "lm_head") == 0) {
    out.push_back({lm_head, "tie_word_embeddings is true but the checkpoint stores lm_head as well (" +
                                std::to_string(lm_head) + " parameters counted twice)"});
  }
  const int64_t other = value_of(h.by_component, "other");
  if (other > 0) {
    out.push_back({other, std::to_string(other) + " parameters are in tensors no component rule knows"});
  }
  if (h.buffers > 0) {
    out.push_back({-h.buffers, "the config estimate matches if the " + std::to_string(h.buffers) +
                                   " buffer elements stored in the checkpoint are counted as parameters"});
  }
  for (const auto& [component, n] : est) {
    if (n > 0 && value_of(h.by_component, component) == 0 && component != "mtp") {
      out.push_back({-n, "the headers hold no '" + component + "' tensors, which the config estimates at " +
                             std::to_string(n) + " parameters (a shard not read?)"});
    }
  }
  return out;
}

}  // namespace

Reconciliation reconcile(const ParamReport& headers, int64_t config_total,
                         const std::map<std::string, int64_t>& config_by_component, const ModelConfig& config) {
  Reconciliation r;
  r.relative_diff = relative_difference(headers.total, config_total);
  r.agree = r.relative_diff <= kParamAgreementTolerance;
  r.adjusted_headers_total = headers.total;
  const std::string agree_text = "headers (" + std::to_string(headers.total) + ") and config estimate (" +
                                 std::to_string(config_total) + ") agree within " + percent(r.relative_diff);
  if (config_total > 0 && headers.total < config_total / 10) {
    // Zero parameters, or under 10% of the estimate: no known reason makes that a checkpoint of this config.
    const std::string text = "the headers hold " + std::to_string(headers.total) + " parameters, " +
                             (headers.total == 0 ? "while" : "under 10% of") + " the config estimate of " +
                             std::to_string(config_total);
    r.reasons.push_back(text + ": unexplained");
    r.issues.push_back(Issue{"warning", "W_PARAM_IMPLAUSIBLE", "parameters.total", text});
    return r;
  }
  if (headers.total == config_total) {
    r.explained = true;
    r.reasons.push_back(agree_text);
    return r;
  }

  // The smallest combination of known reasons that closes the gap: to within 1% when they disagree,
  // and to within 0.01% when they already agree (a small exact difference still has a cause).
  const double target = r.agree ? kParamAgreementTolerance / 100 : kParamAgreementTolerance;
  std::vector<Adjustment> adj = known_adjustments(headers, config_by_component, config);
  if (adj.size() > 12) adj.resize(12);  // 4096 combinations at most
  int best_mask = -1, best_bits = 99;
  int64_t best_total = headers.total;
  for (int mask = 1; mask < (1 << adj.size()); ++mask) {
    const int bits = __builtin_popcount(static_cast<unsigned>(mask));
    if (bits >= best_bits) continue;
    __int128 total = headers.total;
    for (size_t i = 0; i < adj.size(); ++i) {
      if (mask & (1 << i)) total -= adj[i].subtract;
    }
    if (total < INT64_MIN || total > INT64_MAX) continue;
    if (relative_difference(static_cast<int64_t>(total), config_total) <= target) {
      best_mask = mask;
      best_bits = bits;
      best_total = static_cast<int64_t>(total);
    }
  }
  if (r.agree) {
    r.explained = true;
    r.reasons.push_back(agree_text);
  }
  if (best_mask > 0) {
    r.explained = true;
    r.adjusted_headers_total = best_total;
    for (size_t i = 0; i < adj.size(); ++i) {
      if (best_mask & (1 << i)) r.reasons.push_back(adj[i].reason);
    }
    r.reasons.push_back("after that, headers (" + std::to_string(best_total) + ") and config estimate (" +
                        std::to_string(config_total) + ") agree within " + percent(relative_difference(best_total, config_total)));
  }
  if (r.explained) return r;

  // Unexplained: say so, and point at the components that differ.
  const std::string summary = "header count " + std::to_string(headers.total) + " and config estimate " +
                              std::to_string(config_total) + " differ by " + percent(r.relative_diff);
  r.reasons.push_back(summary + ", and no known reason explains it");
  if (!headers.quantization.empty()) {
    r.reasons.push_back("the checkpoint is quantized (" + headers.quantization +
                        "): a packing the rules do not know would change the header count");
  }
  r.issues.push_back(Issue{"warning", "W_PARAM_MISMATCH", "parameters.total", summary});
  std::map<std::string, int64_t> all = config_by_component;
  for (const auto& [component, n] : headers.by_component) all.emplace(component, 0);
  for (const auto& [component, unused] : all) {
    (void)unused;
    const int64_t h = value_of(headers.by_component, component);
    const int64_t c = value_of(config_by_component, component);
    const double d = relative_difference(h, c);
    if (d <= kParamAgreementTolerance) continue;
    const std::string text = component + ": headers " + std::to_string(h) + ", config " + std::to_string(c) +
                             " (" + percent(d) + ")";
    r.reasons.push_back(text);
    r.issues.push_back(Issue{"warning", "W_PARAM_MISMATCH", "parameters.by_component." + component, text});
  }
  return r;
}

namespace {

// Bytes per parameter of a config dtype name; 0 when unknown.
int64_t config_dtype_bytes(const std::string& d) {
  if (d == "float32" || d == "fp32") return 4;
  if (d == "bfloat16" || d == "float16" || d == "bf16" || d == "fp16" || d == "half") return 2;
  if (d.rfind("float8", 0) == 0) return 1;
  return 0;
}

}  // namespace

IndexReconciliation reconcile_with_index(const ShardIndex& index, const ParamReport* headers,
                                         const ConfigEstimate& estimate, const ModelConfig& config) {
  IndexReconciliation r;
  r.basis = "none";
  if (!index.total_size) {
    r.notes.push_back("the index has no metadata.total_size");
    return r;
  }
  r.total_size = *index.total_size;
  const int64_t size = static_cast<int64_t>(std::min<uint64_t>(r.total_size, INT64_MAX));
  if (headers) {
    r.basis = "headers";
    r.expected_bytes = headers->stored_bytes;
    r.bytes_by_dtype = headers->stored_bytes_by_dtype;
    if (index.tensor_count != static_cast<uint64_t>(headers->tensor_count)) {
      r.notes.push_back("the index maps " + std::to_string(index.tensor_count) + " tensors, the headers hold " +
                        std::to_string(headers->tensor_count));
    }
  } else {
    const int64_t width = config_dtype_bytes(config.torch_dtype);
    if (width == 0 || !config.quantization.method.empty()) {
      r.notes.push_back(!config.quantization.method.empty()
                            ? "quantized (" + config.quantization.method + "): bytes per parameter are not one width"
                            : "the config names no dtype ('" + config.torch_dtype + "'): no byte figure to compare");
      return r;
    }
    r.basis = "config";
    r.dtype = config.torch_dtype;
    int64_t parameters = 0, bytes = 0;  // saturated at INT64_MAX
    r.expected_bytes = __builtin_add_overflow(estimate.total, estimate.mtp_layers, &parameters) ||
                               __builtin_mul_overflow(parameters, width, &bytes)
                           ? INT64_MAX
                           : bytes;
    r.bytes_by_dtype[config.torch_dtype] = r.expected_bytes;
    r.implied_parameters = size / width;
  }
  r.relative_diff = relative_difference(size, r.expected_bytes);
  r.agree = r.relative_diff <= kParamAgreementTolerance;
  const std::string what = r.basis == "headers" ? "the headers' tensor bytes (" + std::to_string(r.expected_bytes) + ")"
                                                : "the config estimate in " + r.dtype + " (" +
                                                      std::to_string(r.expected_bytes) + " bytes)";
  const std::string text = "index total_size " + std::to_string(size) + " and " + what +
                           (r.agree ? " agree within " : " differ by ") + percent(r.relative_diff);
  r.notes.push_back(text);
  if (!r.agree) r.issues.push_back(Issue{"warning", "W_INDEX_SIZE_MISMATCH", "index.metadata.total_size", text});
  if (index.total_parameters) {
    const int64_t declared = static_cast<int64_t>(std::min<uint64_t>(*index.total_parameters, INT64_MAX));
    const int64_t ours = headers ? headers->total : estimate.total + estimate.mtp_layers;
    const double d = relative_difference(declared, ours);
    const std::string t = "index total_parameters " + std::to_string(declared) + " and " +
                          (headers ? "the header count " : "the config estimate ") + std::to_string(ours) +
                          (d <= kParamAgreementTolerance ? " agree within " : " differ by ") + percent(d);
    r.notes.push_back(t);
    if (d > kParamAgreementTolerance)
      r.issues.push_back(Issue{"warning", "W_INDEX_SIZE_MISMATCH", "index.metadata.total_parameters", t});
  }
  return r;
}

}  // namespace hfmi

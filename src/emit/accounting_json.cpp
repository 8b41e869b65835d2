#include "emit/accounting_json.hpp"

namespace hfmi {

Json config_estimate_json(const ConfigEstimate& e) {
  Json j = Json::object({{"total", e.total}, {"active", e.active}, {"by_component", e.by_component}});
  if (e.mtp_layers) j["mtp"] = e.mtp_layers;
  if (!e.notes.empty()) j["notes"] = e.notes;
  return j;
}

Json header_parameters_json(const ParamReport& r, const Reconciliation& rec, const ConfigEstimate& estimate,
                            size_t shard_count) {
  Json by_layer = Json::object();
  for (const auto& [layer, n] : r.by_layer) by_layer[std::to_string(layer)] = n;
  Json j = Json::object({
      {"total", r.total},
      {"active", r.active},
      {"active_excluding_embeddings", r.active_excluding_embeddings},
      {"source", "safetensors"},
      {"by_dtype", r.by_dtype},
      {"by_component", r.by_component},
      {"by_layer", std::move(by_layer)},
      {"buffers", r.buffers},
      {"quantization_aux_elements", r.quant_aux_elements},
      {"mtp", r.mtp},
      {"vision", r.vision},
      {"shards", shard_count},
      {"tensors", r.tensor_count},
      {"config_estimate", config_estimate_json(estimate)},
      {"reconciliation", Json::object({{"agree", rec.agree},
                                       {"explained", rec.explained},
                                       {"config_total", estimate.total},
                                       {"header_total", r.total},
                                       {"adjusted_header_total", rec.adjusted_headers_total},
                                       {"relative_diff", rec.relative_diff},
                                       {"reasons", rec.reasons}})},
  });
  if (!r.buffer_names_sample.empty()) j["buffer_names_sample"] = r.buffer_names_sample;
  if (r.declared_total) j["declared_total"] = *r.declared_total;
  if (!r.quantization.empty())
    j["quantization"] = Json::object({{"method", r.quantization}, {"bits", r.quantization_bits}});
  if (!r.notes.empty()) j["notes"] = r.notes;
  return j;
}

Json config_parameters_json(const ConfigEstimate& e) {
  Json j = Json::object({
      {"total", e.total},
      {"active", e.active},
      {"source", "config"},
      {"by_dtype", Json::object()},
      {"by_component", e.by_component},
      {"mtp", e.mtp_layers},
      {"config_estimate", config_estimate_json(e)},
  });
  if (!e.notes.empty()) j["notes"] = e.notes;
  return j;
}

Json index_reconciliation_json(const IndexReconciliation& r) {
  Json j = Json::object({{"total_size", r.total_size}, {"basis", r.basis}, {"notes", r.notes}});
  if (r.basis == "none") return j;
  j["expected_bytes"] = r.expected_bytes;
  j["bytes_by_dtype"] = r.bytes_by_dtype;
  j["relative_diff"] = r.relative_diff;
  j["agree"] = r.agree;
  if (r.basis == "config") {
    j["dtype"] = r.dtype;
    j["implied_parameters"] = r.implied_parameters;
  }
  return j;
}

Json memory_json(const MemoryReport& m) {
  Json j = Json::object({
      {"weight_bytes_stored", m.weight_bytes_stored},
      {"fp32_bytes", m.fp32_bytes},
      {"bf16_bytes", m.bf16_bytes},
      {"fp8_bytes", m.fp8_bytes},
      {"int4_bytes", m.int4_bytes},
      {"stored_bytes_by_dtype", m.stored_bytes_by_dtype},
      {"largest_layer", Json::object({{"by_params", m.largest_layer_by_params},
                                      {"params", m.largest_layer_params},
                                      {"by_bytes", m.largest_layer_by_bytes},
                                      {"bytes", m.largest_layer_bytes}})},
  });
  if (!m.notes.empty()) j["notes"] = m.notes;
  return j;
}

Json kv_cache_json(const KvCacheReport& kv) {
  Json j = Json::object({
      {"bytes_per_token", kv.bytes_per_token},
      {"bytes_per_token_full_attention", kv.bytes_per_token_full_attention},
      {"context_length", kv.context_length},
      {"bytes_per_element", kv.bytes_per_element},
      {"bytes_for_context", kv.context_bytes},
      {"state_bytes", kv.state_bytes},
      {"total_bytes", kv.total_bytes},
      {"full_attention_layers", kv.full_attention_layers},
      {"windowed_layers", kv.windowed_layers},
      {"state_layers", kv.state_layers},
      {"no_cache_layers", kv.no_cache_layers},
  });
  if (!kv.notes.empty()) j["notes"] = kv.notes;
  return j;
}

}  // namespace hfmi

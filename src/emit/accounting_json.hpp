// JSON forms of the accounting results (the "parameters", "memory" and "kv_cache" sections of
// model_architecture.json).
#pragma once
#include "core/lenient_json.hpp"
#include "params/config_estimate.hpp"
#include "params/memory.hpp"
#include "params/reconciliation.hpp"
#include "params/tensor_accounting.hpp"

namespace hfmi {

Json config_estimate_json(const ConfigEstimate& estimate);

// parameters{total, active, by_dtype, by_component, source: "safetensors", reconciliation, ...}
Json header_parameters_json(const ParamReport& report, const Reconciliation& rec, const ConfigEstimate& estimate,
                            size_t shard_count);

// parameters{..., source: "config"} when no headers were read.
Json config_parameters_json(const ConfigEstimate& estimate);

// parameters.index: the cross-check with an index's metadata.total_size (reconcile_with_index).
Json index_reconciliation_json(const IndexReconciliation& r);

Json memory_json(const MemoryReport& memory);
Json kv_cache_json(const KvCacheReport& kv);

}  // namespace hfmi

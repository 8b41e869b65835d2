// model_architecture.json: the normalized description of a model (issue 3 keys, extended by 4 and 5).
#pragma once
#include <string>

#include "config/model_config.hpp"
#include "core/lenient_json.hpp"

namespace hfmi {

// Counts of decoder layers by FFN kind and by mixer kind, from ModelConfig::layers.
struct LayerCounts {
  int64_t dense = 0, moe = 0, no_ffn = 0;
  Json by_mixer = Json::object();  // "full_attention" -> n, ...
};
LayerCounts count_layers(const ModelConfig& config);

// Builds the document. `parameters`, `memory` and `kv_cache` are the accounting sections (already JSON).
Json architecture_json(const ModelConfig& config, const std::string& model_id, const Json& parameters,
                       const Json& memory, const Json& kv_cache);

// Short feature tags: "qk_norm", "tied_embeddings", "sliding_window", "mla", "mtp", "quantized:fp8", ...
Json special_features(const ModelConfig& config);

}  // namespace hfmi

// Resolves the per-layer plan (ModelConfig::layers): which mixer and which FFN each decoder layer has.
// Sources, in priority order: DeciLM block_configs, hybrid_override_pattern, layer_types, the dialect's
// mixer / sliding-window rules; then the MoE placement keys (first_k_dense_replace, moe_layer_freq,
// decoder_sparse_step, interleave_moe_layer_step, mlp_only_layers) and mllama cross_attention_layers.
#pragma once
#include <string>
#include <vector>

#include "config/config_dialects.hpp"
#include "config/config_values.hpp"
#include "config/model_config.hpp"

namespace hfmi {

struct LayerPlan {
  std::vector<LayerSpec> layers;
  std::string mixer_source;  // e.g. "config:$.layer_types", "derived:sliding_window_pattern"
  std::string ffn_source;    // e.g. "derived:first_k_dense_replace,moe_layer_freq"
  std::vector<std::string> warnings;
};

// `cfg` must already hold the dimensions (num_layers, heads, kv heads, hidden, intermediate, sliding window,
// moe). Length mismatches and out-of-range layer indices return E_BAD_CONFIG with the key's path.
Result<LayerPlan> resolve_layers(const FieldValues& values, const Dialect& dialect, const ModelConfig& cfg);

// DeciLM: intermediate size of a block from its ffn_mult (find_multiple(int(2 * ffn_mult * hidden / 3), 256)).
int64_t decilm_intermediate_size(double ffn_mult, int64_t hidden_size);

}  // namespace hfmi

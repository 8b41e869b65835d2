// How big a model's safetensors headers should be, from config.json alone: the number of stored tensors
// the config implies, times the typical bytes of one header entry. The hub client sizes its first Range
// per shard from this, so a model with large headers (a 128-expert MoE) needs no second range, and a
// small one does not fetch more than it needs. An estimate, never a count: nothing else depends on it.
#pragma once
#include <cstdint>

#include "config/model_config.hpp"

namespace hfmi {

struct HeaderSizeEstimate {
  int64_t tensors = 0;  // stored tensors across all shards (weights, biases, norms, quantization scales)
  int64_t bytes = 0;    // their header JSON, all shards together
};

// Bytes of one header entry: "model.layers.12.mlp.experts.45.down_proj.weight":{"dtype":"BF16",
// "shape":[2048,7168],"data_offsets":[...,...]}, — a ~45-byte name and ~85 bytes of JSON around it.
inline constexpr int64_t kHeaderBytesPerTensor = 132;

HeaderSizeEstimate estimate_header_size(const ModelConfig& config);

}  // namespace hfmi

// Memory from the accounting: weight bytes as stored and at standard precisions, the largest decoder
// layer, and the KV cache per token and for a context (per-layer kinds from ModelConfig::layers).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/model_config.hpp"
#include "params/tensor_accounting.hpp"

namespace hfmi {

struct MemoryReport {
  int64_t weight_bytes_stored = 0;                       // every stored tensor: parameters, scales, buffers
  std::map<std::string, int64_t> stored_bytes_by_dtype;  // safetensors dtype -> bytes
  int64_t parameters = 0;                                // ParamReport::total
  int64_t fp32_bytes = 0;                                // parameters x 4
  int64_t bf16_bytes = 0;                                // parameters x 2
  int64_t fp8_bytes = 0;                                 // parameters x 1
  int64_t int4_bytes = 0;                                // ceil(parameters / 2)
  int64_t largest_layer_by_params = -1;                  // decoder layer index, -1 when no layers
  int64_t largest_layer_params = 0;
  int64_t largest_layer_by_bytes = -1;
  int64_t largest_layer_bytes = 0;                       // stored bytes of that layer
  std::vector<std::string> notes;
};

MemoryReport memory_report(const ParamReport& params, const ModelConfig& config);

struct KvCacheReport {
  int64_t context_length = 0;
  int64_t bytes_per_element = 2;
  // Bytes one token adds while the context is shorter than every window: the sum over layers of
  //   GQA/MHA/MQA 2 * kv_heads * head_dim,  MLA kv_lora_rank + qk_rope_head_dim  (x bytes_per_element).
  int64_t bytes_per_token = 0;
  // Bytes one more token adds once the context is longer than every window (full-attention layers only).
  int64_t bytes_per_token_full_attention = 0;
  // KV bytes for context_length tokens, sliding/chunked layers capped at their window.
  int64_t context_bytes = 0;
  // Constant per-sequence state of Mamba / linear-attention layers (x bytes_per_element; many engines
  // keep it in fp32, i.e. twice the bf16 figure).
  int64_t state_bytes = 0;
  int64_t total_bytes = 0;  // context_bytes + state_bytes
  int64_t full_attention_layers = 0;
  int64_t windowed_layers = 0;   // sliding or chunked
  int64_t state_layers = 0;      // Mamba or linear attention
  int64_t no_cache_layers = 0;   // no mixer, cross-attention (cache sized by the image, not the text), unknown
  std::vector<std::string> notes;
};

KvCacheReport kv_cache(const ModelConfig& config, int64_t context_length, int64_t bytes_per_element = 2);

}  // namespace hfmi

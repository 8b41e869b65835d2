#include "params/memory.hpp"

#include <algorithm>

namespace hfmi {
namespace {

int64_t sat_mul(int64_t a, int64_t b, bool& overflow) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) {
    overflow = true;
    return INT64_MAX;
  }
  return r;
}

int64_t sat_add(int64_t a, int64_t b, bool& overflow) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    overflow = true;
    return INT64_MAX;
  }
  return r;
}

// Largest value among decoder layers (index < num_layers when known), ties to the lowest index.
void largest(const std::map<int64_t, int64_t>& by_layer, int64_t num_layers, int64_t& index, int64_t& value) {
  index = -1;
  value = 0;
  for (const auto& [layer, v] : by_layer) {
    if (num_layers > 0 && layer >= num_layers) continue;  // MTP layers are not decoder layers
    if (index < 0 || v > value) {
      index = layer;
      value = v;
    }
  }
}

}  // namespace

MemoryReport memory_report(const ParamReport& params, const ModelConfig& config) {
  MemoryReport m;
  bool overflow = false;
  m.weight_bytes_stored = params.stored_bytes;
  m.stored_bytes_by_dtype = params.stored_bytes_by_dtype;
  m.parameters = params.total;
  m.fp32_bytes = sat_mul(params.total, 4, overflow);
  m.bf16_bytes = sat_mul(params.total, 2, overflow);
  m.fp8_bytes = params.total;
  m.int4_bytes = params.total / 2 + params.total % 2;
  largest(params.by_layer, config.num_layers, m.largest_layer_by_params, m.largest_layer_params);
  largest(params.stored_bytes_by_layer, config.num_layers, m.largest_layer_by_bytes, m.largest_layer_bytes);
  if (params.buffers > 0) {
    m.notes.push_back("stored weights include " + std::to_string(params.buffers) + " buffer elements that are not parameters");
  }
  if (params.quant_aux_elements > 0) {
    m.notes.push_back("stored weights include " + std::to_string(params.quant_aux_elements) +
                      " quantization scale/zero-point elements; the fp32/bf16/fp8/int4 figures count parameters only");
  }
  if (overflow) m.notes.push_back("a byte count overflowed 64 bits and was capped");
  return m;
}

KvCacheReport kv_cache(const ModelConfig& config, int64_t context_length, int64_t bytes_per_element) {
  KvCacheReport r;
  r.context_length = std::max<int64_t>(context_length, 0);
  r.bytes_per_element = std::max<int64_t>(bytes_per_element, 0);
  bool overflow = false;
  const int64_t bpe = r.bytes_per_element;

  const int64_t head_dim = config.head_dim > 0 ? config.head_dim
                           : config.num_heads > 0 ? config.hidden_size / config.num_heads : 0;
  const int64_t default_kv = config.num_kv_heads > 0 ? config.num_kv_heads : config.num_heads;

  // Elements one token stores in one attention layer.
  auto attention_elements = [&](const LayerSpec& layer) -> int64_t {
    if (config.mla) return config.mla->kv_lora_rank + config.mla->qk_rope_head_dim;
    const int64_t kv = layer.num_kv_heads > 0 ? layer.num_kv_heads : default_kv;
    return 2 * kv * head_dim;
  };
  auto state_elements = [&](MixerKind kind) -> int64_t {
    if (kind == MixerKind::kMamba && config.mamba) {
      const MambaConfig& m = *config.mamba;
      const int64_t inner = m.num_heads * m.head_dim;
      const int64_t conv = std::max<int64_t>(m.conv_kernel - 1, 0) * (inner + 2 * m.n_groups * m.state_size);
      return conv + m.num_heads * m.head_dim * m.state_size;
    }
    if (kind == MixerKind::kMamba1 && config.mamba) {
      const MambaConfig& m = *config.mamba;  // conv state (kernel - 1) x inner + SSM state inner x state_size
      const int64_t inner = m.inner;
      return std::max<int64_t>(m.conv_kernel - 1, 0) * inner + inner * m.state_size;
    }
    if (kind == MixerKind::kLinearAttention && config.linear_attention) {
      const LinearAttentionConfig& l = *config.linear_attention;
      const int64_t conv = std::max<int64_t>(l.conv_kernel_dim - 1, 0) *
                           (2 * l.num_key_heads * l.key_head_dim + l.num_value_heads * l.value_head_dim);
      return conv + l.num_value_heads * l.key_head_dim * l.value_head_dim;
    }
    return 0;
  };

  std::vector<LayerSpec> layers = config.layers;
  if (layers.empty() && config.num_layers > 0) {
    layers.assign(static_cast<size_t>(config.num_layers), LayerSpec{});
    r.notes.push_back("no per-layer kinds in the config: every layer taken as full attention");
  }
  bool missing_state_config = false, missing_window = false, unknown = false, cross = false;
  for (const LayerSpec& layer : layers) {
    if (layer.cross_attention) {
      ++r.no_cache_layers;
      cross = true;
      continue;
    }
    switch (layer.mixer) {
      case MixerKind::kFullAttention: {
        const int64_t per_token = sat_mul(attention_elements(layer), bpe, overflow);
        ++r.full_attention_layers;
        r.bytes_per_token = sat_add(r.bytes_per_token, per_token, overflow);
        r.bytes_per_token_full_attention = sat_add(r.bytes_per_token_full_attention, per_token, overflow);
        r.context_bytes = sat_add(r.context_bytes, sat_mul(per_token, r.context_length, overflow), overflow);
        break;
      }
      case MixerKind::kSlidingAttention:
      case MixerKind::kChunkedAttention: {
        const int64_t per_token = sat_mul(attention_elements(layer), bpe, overflow);
        const int64_t window = layer.sliding_window > 0 ? layer.sliding_window : config.sliding_window;
        ++r.windowed_layers;
        r.bytes_per_token = sat_add(r.bytes_per_token, per_token, overflow);
        if (window <= 0) {
          missing_window = true;
          r.bytes_per_token_full_attention = sat_add(r.bytes_per_token_full_attention, per_token, overflow);
        }
        const int64_t tokens = window > 0 ? std::min(window, r.context_length) : r.context_length;
        r.context_bytes = sat_add(r.context_bytes, sat_mul(per_token, tokens, overflow), overflow);
        break;
      }
      case MixerKind::kMamba:
      case MixerKind::kMamba1:
      case MixerKind::kLinearAttention: {
        ++r.state_layers;
        const int64_t elements = state_elements(layer.mixer);
        if (elements == 0) missing_state_config = true;
        r.state_bytes = sat_add(r.state_bytes, sat_mul(elements, bpe, overflow), overflow);
        break;
      }
      case MixerKind::kNone:
        ++r.no_cache_layers;
        break;
      case MixerKind::kUnknown:
        ++r.no_cache_layers;
        unknown = true;
        break;
    }
  }
  r.total_bytes = sat_add(r.context_bytes, r.state_bytes, overflow);
  if (config.mla) r.notes.push_back("MLA caches the compressed latent: kv_lora_rank + qk_rope_head_dim per token per layer");
  if (r.state_layers > 0) {
    r.notes.push_back("Mamba / linear-attention layers keep a constant state per sequence (conv + recurrent), not per-token KV");
  }
  if (missing_state_config) r.notes.push_back("some state layers have no dimensions in the config: their state is counted as 0");
  if (missing_window) r.notes.push_back("a sliding/chunked layer has no window size: counted as full attention");
  if (cross) r.notes.push_back("cross-attention layers cache image tokens, not text tokens: not counted per token");
  if (unknown) r.notes.push_back("layers of unknown kind are not counted");
  if (overflow) r.notes.push_back("a byte count overflowed 64 bits and was capped");
  return r;
}

}  // namespace hfmi

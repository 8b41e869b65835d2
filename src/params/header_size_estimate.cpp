#include "params/header_size_estimate.hpp"

#include <algorithm>
#include <string_view>

#include "registry/family_registry.hpp"

namespace hfmi {
namespace {

// Tensors stored per linear weight, by quantization method: the weight and its companions.
struct LinearStorage {
  const char* method;
  int64_t tensors_per_linear;
};
const LinearStorage kLinearStorage[] = {
    {"fp8", 2},                 // weight + weight_scale_inv (DeepSeek block FP8)
    {"gptq", 4},                // qweight, qzeros, scales, g_idx
    {"awq", 3},                 // qweight, qzeros, scales
    {"compressed-tensors", 3},  // weight_packed, weight_scale, weight_shape
    {"bitsandbytes", 6},        // weight, absmax, quant_map, nested_absmax, nested_quant_map, quant_state
    {"mxfp4", 2},               // _blocks, _scales
};

// Tensors a layer stores where a Llama-style checkpoint stores q/k/v (3), gate/up (2) and one set per routed
// expert: the family's FusedStorage bits from the registry (registry/family_registry.hpp).
struct Storage {
  int64_t qkv = 3;            // 1 = one qkv_proj / query_key_value / c_attn
  int64_t gate_up = 2;        // 1 = one gate_up_proj
  bool experts_fused = false; // all routed experts of a layer in one gate_up and one down tensor
};

Storage storage(const ModelConfig& c) {
  const uint8_t bits = fused_storage(family_row(c.family_id.value_or(FamilyId::kGeneric)));
  Storage s;
  if (bits & kFusedQkv) s.qkv = 1;
  if (bits & kFusedGateUp) s.gate_up = 1;
  s.experts_fused = (bits & kFusedExperts) != 0;
  return s;
}

int64_t tensors_per_linear(const QuantizationConfig& q) {
  for (const LinearStorage& row : kLinearStorage)
    if (q.method == row.method) return row.tensors_per_linear;
  return 1;
}

// Stored tensors of one layer, as linear weights (scaled by the quantization) and the rest.
struct LayerTensors {
  int64_t linear = 0;
  int64_t other = 0;
};

LayerTensors layer_tensors(const ModelConfig& c, const LayerSpec& layer) {
  LayerTensors t;
  switch (layer.mixer) {
    case MixerKind::kFullAttention:
    case MixerKind::kSlidingAttention:
    case MixerKind::kChunkedAttention:
      if (c.mla) {
        t.linear += (c.mla->q_lora_rank > 0 ? 2 : 1) + 2 + 1;  // q_a/q_b or q; kv_a, kv_b; o
        t.other += (c.mla->q_lora_rank > 0 ? 1 : 0) + 1;        // q_a_layernorm, kv_a_layernorm
      } else {
        const int64_t qkv = storage(c).qkv;
        t.linear += qkv + 1;
        t.other += c.attention_bias ? qkv + 1 : c.qkv_bias ? qkv : 0;
      }
      t.other += (c.qk_norm && !c.qk_norm_weightless ? 2 : 0) + (c.attention_sinks ? 1 : 0);
      break;
    case MixerKind::kLinearAttention:
      t.linear += 3;  // in_proj_qkvz, in_proj_ba, out_proj
      t.other += 4;   // conv1d, A_log, dt_bias, norm
      break;
    case MixerKind::kMamba:
      t.linear += 2;  // in_proj, out_proj
      t.other += 5 + (c.mamba && c.mamba->conv_bias ? 1 : 0);  // conv1d, A_log, D, dt_bias, norm
      break;
    case MixerKind::kMamba1:
      t.linear += 4;  // in_proj, x_proj, dt_proj, out_proj
      t.other += 3 + (c.mamba && c.mamba->conv_bias ? 1 : 0) + (c.mamba && c.mamba->inner_norms ? 3 : 0);
      break;  // conv1d, A_log, D (+ conv bias, + Jamba's dt/b/c norms)
    case MixerKind::kNone:
    case MixerKind::kUnknown:
      break;
  }
  const Storage fused = storage(c);
  const int64_t per_mlp = c.gated_mlp ? fused.gate_up + 1 : 2;
  switch (layer.ffn) {
    case FfnKind::kDense:
      t.linear += per_mlp;
      t.other += c.mlp_bias ? per_mlp : 0;
      break;
    case FfnKind::kMoe:
      if (c.moe) {
        // Fused experts: one gate_up (or fc1) and one down tensor for all of them.
        const int64_t expert_tensors = fused.experts_fused ? 2 : c.moe->num_experts * per_mlp;
        t.linear += expert_tensors;
        t.other += (c.moe->expert_bias ? expert_tensors : 0) + 1 + (c.moe->router_bias ? 1 : 0) +
                   (c.moe->score_correction_bias ? 1 : 0);
        if (c.moe->num_shared_experts > 0 || c.moe->shared_expert_intermediate_size > 0) {
          t.linear += per_mlp;
          t.other += c.moe->shared_expert_gate ? 1 : 0;
        }
      }
      break;
    case FfnKind::kNone:
      break;
  }
  t.other += c.norms_per_layer * (c.norm_has_bias ? 2 : 1);
  return t;
}

}  // namespace

HeaderSizeEstimate estimate_header_size(const ModelConfig& c) {
  const int64_t per_linear = tensors_per_linear(c.quantization);
  int64_t tensors = 0;
  const auto add = [&](const LayerTensors& t, int64_t times) { tensors += times * (t.linear * per_linear + t.other); };
  for (const LayerSpec& layer : c.layers) add(layer_tensors(c, layer), 1);
  if (c.num_mtp_layers > 0 && !c.layers.empty()) {
    // An MTP layer is a decoder layer (like the last) plus enorm, hnorm, eh_proj and its head's norm.
    add(layer_tensors(c, c.layers.back()), c.num_mtp_layers);
    tensors += c.num_mtp_layers * 4;
  }
  tensors += 1 + (c.tie_word_embeddings ? 0 : 1) + (c.norm_has_bias ? 2 : 1) + (c.learned_position_embeddings ? 1 : 0);
  if (c.vision.present) tensors += std::max<int64_t>(c.vision.num_layers, 0) * 16 + 12;  // a ViT block: ~16 tensors

  HeaderSizeEstimate e;
  e.tensors = std::min<int64_t>(tensors, int64_t{1} << 40);
  e.bytes = e.tensors * kHeaderBytesPerTensor + 64;  // + {"__metadata__":{"format":"pt"}}
  return e;
}

}  // namespace hfmi

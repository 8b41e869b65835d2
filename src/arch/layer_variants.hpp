// Decoder layers grouped into variants: the layers that share one decoder-layer block in the tree
// (same mixer kind; for DeciLM also the same KV heads, FFN kind and FFN width). Variants are sibling
// blocks whose counts add up to the number of layers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "arch/family_template.hpp"
#include "config/model_config.hpp"

namespace hfmi {

struct LayerVariant {
  MixerKind mixer = MixerKind::kFullAttention;
  bool cross_attention = false;
  std::string raw_kind;         // the config's word for the layer (for unknown kinds)
  int64_t num_kv_heads = 0;     // keyed only for per-layer-width families (DeciLM)
  int64_t intermediate_size = 0;  // keyed only for per-layer-width families
  FfnKind ffn = FfnKind::kDense;  // keyed only for per-layer-width families

  int64_t count = 0;            // layers in this variant
  int64_t first_layer = -1;     // index of its first layer
  int64_t dense_count = 0;      // of those, layers with a dense FFN
  int64_t moe_count = 0;        // ... with routed experts
  int64_t first_dense = -1;
  int64_t first_moe = -1;

  // Names (filled by name_layer_variants)
  std::string block;            // decoder-layer block class, e.g. "Qwen3NextDecoderLayer_GDN"
  std::string suffix;           // module-name suffix without '_', "" when the model has one variant
  bool rotary = true;           // position encoding in this variant's attention
};

// config.layers, or (when the parser gave none) num_layers full-attention layers with a dense FFN, or
// routed experts when config.moe is set.
std::vector<LayerSpec> resolved_layers(const ModelConfig& config);

// Groups layers into variants, ordered as the template's variant list, then by first appearance,
// and names them (block class and suffix).
std::vector<LayerVariant> group_layer_variants(const std::vector<LayerSpec>& layers, const ModelConfig& config,
                                               const FamilyTemplate& family);

}  // namespace hfmi

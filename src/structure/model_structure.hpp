// Structure read from the tensors: each decoder layer's anatomy from tensor roles (tensor_roles.hpp) and
// shapes, then the config corrected by it (the tensors win; every disagreement is a warning naming both
// values). Pure: names and shapes in, values out; never throws.
//
// What the shapes say (h = hidden size, the embedding's second dimension, else the config's):
//   - a matrix's output width is its dimension that is not h (GPT-2's Conv1D stores [in, out]);
//   - attention heads: o_proj's input width / head_dim; KV heads: k_proj's width / head_dim, or for a
//     fused QKV (c_attn, query_key_value, Wqkv, W_pack, qkv_proj) (width / head_dim - heads) / 2;
//     head_dim from a per-head q_norm when there is one, else the config's;
//   - gated MLP: a gate (gate_proj, w1) or a fused gate_up, or one input matrix twice as wide as the
//     down projection's input (ChatGLM's dense_h_to_4h); plain: an input as wide as down's input;
//   - experts: the distinct experts.<N> indices, or a fused tensor's first dimension; shared experts:
//     the shared MLP's width (/ the expert width when that divides it);
//   - norm kind: a norm with a bias is LayerNorm (no bias says nothing: MPT's LayerNorm has none);
//   - tied embeddings: an embedding and no lm_head stored.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/model_config.hpp"
#include "safetensors/safetensors_header.hpp"
#include "structure/tensor_roles.hpp"
#include "validate/issue.hpp"

namespace hfmi {

struct LayerStructure {
  bool seen = false;               // at least one tensor of this layer
  MixerKind mixer = MixerKind::kNone;  // kFullAttention for any attention (the config tells sliding apart)
  FfnKind ffn = FfnKind::kNone;
  bool mla = false;
  bool fused_qkv = false;
  int64_t q_width = 0, k_width = 0, qkv_width = 0, o_in_width = 0, q_norm_width = 0;
  int64_t num_heads = 0, num_kv_heads = 0;  // 0 = the shapes do not say
  int64_t head_dim_from_norm = 0;  // a per-head q_norm's width (0 = none)
  bool qkv_bias = false, o_bias = false, qk_norm = false;
  int64_t ffn_width = 0;           // dense MLP width (down projection's input)
  int gated = -1;                  // dense MLP: 1 gated, 0 plain, -1 unknown
  bool mlp_bias = false;
  int64_t num_experts = 0, expert_width = 0;
  bool expert_bias = false;
  int64_t shared_width = 0;
  bool shared_gate = false, router_bias = false, score_correction_bias = false;
  int norms = 0;                   // distinct per-layer norms (q/k and MLA norms excluded)
  bool norm_bias = false;
};

struct UnsupportedRole {
  std::string role_key;            // the name with digit segments as '#'
  int64_t tensor_count = 0;
  int64_t parameters = 0;          // stored elements
  std::vector<std::string> tensors;  // up to kUnsupportedNamesListed names
};
inline constexpr size_t kUnsupportedNamesListed = 16;

struct ModelStructure {
  bool present = false;            // any decoder-layer tensors were read
  std::string stack;               // "model.layers"
  int64_t hidden_size = 0, vocab_size = 0;
  bool embedding = false, lm_head = false, final_norm = false, final_norm_bias = false;
  bool position_embeddings = false, vision = false, mtp = false;
  std::vector<LayerStructure> layers;  // decoder layers, from the stack's first one with a mixer or FFN
  int64_t first_layer_index = 0;   // the stack index of layers[0] (1 for MixFormer, whose layers.0 is wte)
  std::vector<std::string> other_stacks;  // e.g. an encoder beside the decoder (listed as unsupported)
  std::vector<UnsupportedRole> unsupported;
};

// `patterns`: tensor_patterns(tensors), when the caller has them (taken here otherwise).
ModelStructure read_structure(const std::vector<TensorInfo>& tensors, const ModelConfig& config,
                              const TensorPatterns* patterns = nullptr);

struct StructureResult {
  ModelConfig config;              // the input config corrected by the tensors
  ModelStructure structure;
  Issues issues;                   // W_STRUCTURE_CONFIG_MISMATCH (path: the config field), W_UNSUPPORTED_TENSORS
};

// Sorted indices as ranges: {0,1,2,5} -> "0-2,5".
std::string index_ranges(const std::vector<int64_t>& sorted_indices);

// The pure step the session runs before accounting and the module tree. With no tensors the config is
// returned unchanged.
StructureResult apply_tensor_structure(const ModelConfig& config, const std::vector<TensorInfo>& tensors,
                                       const TensorPatterns* patterns = nullptr);

}  // namespace hfmi

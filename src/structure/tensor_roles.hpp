// The table of tensor-name roles across naming schemes: what one stored tensor is, from its name alone.
// Llama (q/k/v/o_proj, gate/up/down_proj), GPT-2 (c_attn, c_fc, c_proj), GPT-NeoX and Falcon/BLOOM
// (query_key_value, dense, dense_h_to_4h, dense_4h_to_h), MPT (Wqkv, out_proj, ffn.up_proj/down_proj),
// phi (mixer.Wqkv, out_proj, fc1/fc2, dense), fused qkv_proj / gate_up_proj / W_pack / wqkv, InternLM and
// Mixtral w1/w2/w3, experts as experts.N.* or fused experts.gate_up_proj / down_proj (gpt-oss, Llama 4,
// Granite input_linear/output_linear), routers, shared experts, MLA, Mamba, Gated DeltaNet, vision towers.
// Shapes are not looked at here (model_structure.hpp does that).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "safetensors/safetensors_header.hpp"

namespace hfmi {

enum class TensorRole {
  // whole model
  kEmbedding, kPositionEmbedding, kEmbeddingNorm, kFinalNorm, kLmHead, kVision, kMtp,
  // attention
  kQ, kK, kV, kQkv, kO, kQNorm, kKNorm, kAttnSinks,
  kMlaQA, kMlaQANorm, kMlaQB, kMlaKvA, kMlaKvANorm, kMlaKvB, kDsaIndexer,
  // feed-forward (dense, expert or shared expert, see RoleScope)
  kGate, kUp, kGateUp, kFcIn, kDown,
  kW2,  // InternLM / Mixtral w2 is the down projection; Qwen v1 w2 is an up half (its down is c_proj)
  kRouter, kRouterBias, kSharedExpertGate,
  // state-space and linear-attention mixers
  kSsmInProj, kSsmConv, kSsmALog, kSsmD, kSsmDtBias, kSsmNorm, kSsmOther,
  kMixerOut,  // out_proj under `mixer.`: Mamba's output or phi-1's attention output (the layer decides)
  kLinearAttention,
  // per-layer norms
  kNorm,
  // not a parameter the structure reads (quantization scales, buffers)
  kAuxiliary,
  kUnknown,
  kCount_
};
inline constexpr int kTensorRoleCount = static_cast<int>(TensorRole::kCount_);
const char* to_string(TensorRole r);

enum class RoleScope { kLayer, kExpert, kSharedExpert, kFusedExperts };

struct TensorNameRole {
  TensorRole role = TensorRole::kUnknown;
  RoleScope scope = RoleScope::kLayer;
  bool bias = false;           // a bias vector (".bias", "_bias")
  bool global = true;          // outside any decoder-layer stack
  std::string stack;           // "model.layers", "transformer.h", "gpt_neox.layers" ("" when global)
  int64_t layer = -1;          // index in the stack, -1 when global
  int64_t expert = -1;         // experts.<N>., -1 otherwise
  std::string role_key;        // the name with digit segments as '#': how unsupported tensors are grouped
  int layer_digit = -1;        // which all-digit segment (0-based, in name order) holds `layer` / `expert`
  int expert_digit = -1;
};

// Pure; never throws.
TensorNameRole tensor_name_role(std::string_view name);

// `name` with every index segment (a dot segment of 1 to 12 digits) written as "#", into `out`:
// model.layers.#.mlp.experts.#.down_proj.weight. Each index, in order, goes to `indices` when given.
// The role cache's key and the accounting's pattern; no table row holds an all-digit segment.
void index_pattern(std::string_view name, std::string& out, std::vector<int64_t>* indices = nullptr);

// Every tensor name's index pattern as a small id, each distinct pattern once, with the name's indices: taken
// once per analysis (one pass over each name), then read by the role lookup (read_structure) and the accounting
// (account_tensors), which key their per-tensor work on the id. No name-table row holds an all-digit segment
// or '#', so a row matches a name exactly when it matches every other name of its pattern.
struct TensorPatterns {
  std::vector<uint32_t> of_tensor;        // pattern id per tensor, in input order
  std::vector<const std::string*> first;  // per pattern id: the first tensor name that has it
  std::vector<int64_t> indices;           // every tensor's index segments, tensor after tensor
  std::vector<uint32_t> indices_begin;    // per tensor, where its indices start in `indices` (one more at the end)
};
// `tensors` must outlive the result (it points at their names).
TensorPatterns tensor_patterns(const std::vector<TensorInfo>& tensors);

// tensor_name_role() once per pattern: names that differ only in their digit segments (layer and expert
// indices) share one lookup, so a 92k-tensor MoE checkpoint needs a few dozen.
class TensorRoleCache {
 public:
  struct Ref {
    const TensorNameRole* role;  // the shared row (its layer / expert are the first name's)
    int64_t layer;               // this name's
    int64_t expert;
  };
  // The role of tensor `i` of the tensors `patterns` were taken from (valid while this cache lives).
  Ref lookup(const TensorPatterns& patterns, size_t i);

 private:
  std::vector<std::unique_ptr<TensorNameRole>> by_pattern_;
};

}  // namespace hfmi

// Config-only parameter count: what the standard HF module layout of a ModelConfig holds, without headers.
//
// Components (by_component keys): "embeddings", "position_embeddings", "attention", "dense_mlp",
// "routed_experts", "shared_experts", "router", "norms", "lm_head", "mtp", "mamba", "linear_attention",
// "vision". A key is present only when the model has that part (lm_head is absent when tied).
//
// - total: the main model, WITHOUT multi-token-prediction layers; a tied lm_head is counted once.
//   It includes the vision tower + projector only when vision_estimated is true (by_component["vision"]).
// - active: parameters touched per token: for MoE only experts_per_token routed experts (+ shared experts,
//   routers and everything else); equal to total for dense models. DeepSeek's e_score_correction_bias only
//   steers expert selection (it never multiplies an activation), so it is in total but not in active.
//   The input embedding is included in active.
// - mtp_layers: parameters of the MTP layers (DeepSeek num_nextn_predict_layers), also by_component["mtp"].
//
// Formulas (per decoder layer, h = hidden, d = head_dim, H = heads, K = KV heads):
//   attention      h*(H*d) [x2 with Qwen3-Next output gate] + 2*h*(K*d) + (H*d)*h, + biases (all four with
//                  attention_bias; q,k,v only with qkv_bias), + q/k norms (2*d per head, or H*d + K*d for
//                  Olmo full-width; none for Llama 4, whose qk-norm is a parameter-free L2 norm), + H sinks (gpt-oss)
//   MLA            q_a_proj h*q_lora + q_a_layernorm q_lora + q_b_proj q_lora*H*(nope+rope)   (or q_proj h*H*(nope+rope))
//                  + kv_a_proj_with_mqa h*(kv_lora+rope) + kv_a_layernorm kv_lora + kv_b_proj kv_lora*H*(nope+v)
//                  + o_proj H*v*h; DeepSeek-V3.2 indexer: wq_b q_lora*iH*id + wk h*id + k_norm 2*id + weights_proj h*iH
//   dense MLP      3*h*i gated, 2*h*i plain, + biases (2i+h gated / i+h plain) with mlp_bias
//   MoE            E*3*h*mi routed (+ E*(2*mi+h) expert biases, gpt-oss), router h*E (+E bias / e_score_correction_bias),
//                  shared 3*h*si (+ h for Qwen's shared_expert_gate)
//   norms          norms_per_layer weights of h (x2 with LayerNorm bias); a DeciLM/Nemotron layer without a
//                  sub-block has no norm for it
//   Mamba2 mixer   (HF NemotronHMamba2Mixer) I = heads*head_dim, conv = I + 2*groups*state:
//                  in_proj h*(I + conv + heads) + conv1d conv*kernel (+conv bias) + dt_bias, A_log, D (3*heads)
//                  + gated RMSNorm I + out_proj I*h (+ biases with mamba_proj_bias)
//   Mamba (v1)     (HF MambaMixer) I = expand*h, R = dt_rank: in_proj h*2I + conv1d I*kernel (+I) + x_proj I*(R+2*state)
//                  + dt_proj R*I + I + A_log I*state + D I + out_proj I*h (+ Jamba's dt/B/C RMSNorms R + 2*state)
//   Gated DeltaNet (HF Qwen3NextGatedDeltaNet) Kd = kH*kd, Vd = vH*vd, conv = 2*Kd + Vd:
//                  in_proj_qkvz h*(2*Kd + 2*Vd) + in_proj_ba h*2*vH + conv1d conv*kernel + dt_bias vH + A_log vH
//                  + RMSNormGated vd + out_proj Vd*h
//   model          embeddings V*h (+ BLOOM's embedding LayerNorm), learned positions (P + offset)*h (OPT: +2), final norm,
//                  lm_head V*h unless tied (+ V bias for phi / GPT-J).
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config/model_config.hpp"

namespace hfmi {

struct ConfigEstimate {
  // "family-layout": a known family, its layout from its registry row; "generic": an unknown family, the
  // layout is assumed (see assumptions). Never "exact": a config-only count is an estimate.
  std::string estimate_basis = "family-layout";
  std::vector<std::string> assumptions;  // structural facts assumed, e.g. "gated MLP assumed"
  // False when a part could not be counted (a field is null, a mixer kind has no formula): total and active
  // then cover only what was counted, and reports show them as null.
  bool complete = true;
  int64_t total = 0;
  int64_t active = 0;
  std::map<std::string, int64_t> by_component;
  int64_t mtp_layers = 0;         // parameters of the MTP layers (not in total)
  bool vision_estimated = false;  // by_component["vision"] holds the vision tower + projector
  std::vector<std::string> notes;
};

// Never throws; counts that would overflow int64 saturate and add a note.
ConfigEstimate estimate_parameters(const ModelConfig& cfg);

// The parameters of one decoder layer's attention (MLA included) and of one dense MLP of width `inter`, by the
// formulas above; saturating. The perf-model config reads these, so the formulas live here only.
int64_t attention_layer_parameters(const ModelConfig& cfg, const LayerSpec& layer);
int64_t dense_mlp_parameters(const ModelConfig& cfg, int64_t inter);

}  // namespace hfmi

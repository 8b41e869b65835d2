// What a module of the tree computes. Module::kind holds one of these; naming/ maps each kind to the
// Definition name templates that apply (naming/definition_names.cpp), and reports use them as labels.
#pragma once

namespace hfmi::kinds {

// containers
inline constexpr const char* kBlock = "block";  // a container (model, decoder layer, self_attn, mlp, moe, ...)

// embeddings and head
inline constexpr const char* kEmbedding = "embedding";                    // token embedding
inline constexpr const char* kPositionEmbedding = "position_embedding";  // learned absolute positions (GPT-2)
inline constexpr const char* kLmHead = "lm_head";

// norms: which residual role decides which rmsnorm kernels run (see the llama-3.1-8b entry)
inline constexpr const char* kInputNorm = "input_norm";        // first norm of a layer: plain for layer 0, fused add after
inline constexpr const char* kResidualNorm = "residual_norm";  // norm fused with the residual add
inline constexpr const char* kPlainNorm = "plain_norm";        // norm of a branch output, no residual (Gemma post-norms)
inline constexpr const char* kFinalNorm = "final_norm";        // the model's last norm (fused with the last residual)
inline constexpr const char* kQNorm = "q_norm";                // per-head (or full-width) RMSNorm on q
inline constexpr const char* kKNorm = "k_norm";                // per-head (or full-width) RMSNorm on k

// softmax attention (GQA / MHA / MQA)
inline constexpr const char* kQkvProj = "qkv_proj";        // fused q, k, v projection
inline constexpr const char* kOProj = "o_proj";            // attention output projection
inline constexpr const char* kRotary = "rotary_emb";
inline constexpr const char* kGqaAttention = "gqa_attention";
inline constexpr const char* kCrossAttention = "cross_attention";  // mllama: non-causal attention over image tokens

// multi-head latent attention (DeepSeek-V2/V3, Kimi-K2)
inline constexpr const char* kMlaProjection = "mla_projection";  // fused_qkv_a_proj_with_mqa, q_b_proj, kv_b_proj, o_proj
inline constexpr const char* kMlaQaNorm = "mla_q_a_norm";          // q_a_layernorm (q_lora_rank)
inline constexpr const char* kMlaKvaNorm = "mla_kv_a_norm";        // kv_a_layernorm (kv_lora_rank)
inline constexpr const char* kMlaAttention = "mla_attention";
inline constexpr const char* kDsaAttention = "dsa_attention";      // DeepSeek-V3.2 sparse MLA
inline constexpr const char* kDsaIndexer = "dsa_indexer";          // DeepSeek-V3.2 top-k indexer

// Gated DeltaNet (Qwen3-Next linear attention)
inline constexpr const char* kGdnProjection = "gdn_projection";  // q/k/v/gating input projections
inline constexpr const char* kGdnAttention = "gdn_attention";
inline constexpr const char* kGdnOProj = "gdn_o_proj";

// Mamba2 (Nemotron-H)
inline constexpr const char* kMambaMixer = "mamba_mixer";

// feed-forward
inline constexpr const char* kGateUpProj = "gate_up_proj";  // fused gate + up (gated MLP)
inline constexpr const char* kUpProj = "up_proj";           // plain MLP first projection (GPT-2, Falcon, Nemotron-H)
inline constexpr const char* kDownProj = "down_proj";
inline constexpr const char* kActivation = "act_fn";
inline constexpr const char* kMoeGate = "moe_gate";      // router
inline constexpr const char* kMoeTopk = "moe_topk";      // top-k selection
inline constexpr const char* kMoeExperts = "moe_experts";
inline constexpr const char* kSharedGateUpProj = "shared_gate_up_proj";
inline constexpr const char* kSharedDownProj = "shared_down_proj";
inline constexpr const char* kSharedExpertGate = "shared_expert_gate";  // Qwen-MoE sigmoid gate on the shared expert

// what the tables do not break down
inline constexpr const char* kUnknownMixer = "unknown_mixer";
inline constexpr const char* kVisionTower = "vision_tower";

}  // namespace hfmi::kinds

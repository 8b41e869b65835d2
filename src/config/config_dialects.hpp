// The dialect column of the family registry (registry/family_table.cpp): for one family, the HF config class
// whose defaults apply when a key is absent, and the layer anatomy the config does not spell out (norm type,
// gated MLP, norms per layer, qk-norm, biases, ...). Which model_types / architectures belong to a family is
// the registry's identity column, not the dialect's.
#pragma once
#include <cstdint>

namespace hfmi {

// Anatomy facts, OR-ed together in a row.
enum AnatomyFlag : uint32_t {
  kGatedMlp = 1u << 0,                  // gate/up/down (SwiGLU, GeGLU); otherwise fc1/fc2
  kLayerNorm = 1u << 1,                 // LayerNorm with weight+bias; otherwise RMSNorm (weight only)
  kQkNorm = 1u << 2,                    // per-head RMSNorm on q and k (Qwen3, Gemma 3)
  kQkNormFullWidth = 1u << 3,           // q_norm/k_norm over the whole projection (Olmo 2/3)
  kQkvBias = 1u << 4,                   // bias on q, k, v only (Qwen2)
  kAllLinearBias = 1u << 5,             // every attention and MLP linear has a bias (GPT-2)
  kLearnedPositions = 1u << 6,          // learned absolute position embeddings (GPT-2 wpe)
  kExpertsUseIntermediateSize = 1u << 7,  // routed expert width is `intermediate_size` (Mixtral, gpt-oss)
  kSharedExpertGate = 1u << 8,          // sigmoid gate Linear(hidden, 1) on the shared expert (Qwen-MoE)
  kRouterBias = 1u << 9,                // router Linear has a bias (gpt-oss)
  kExpertBias = 1u << 10,               // expert projections have biases (gpt-oss)
  kAttentionSinks = 1u << 11,           // learned per-head sink logits (gpt-oss)
  kAttentionOutputGate = 1u << 12,      // q_proj also produces an output gate (Qwen3-Next)
  kScoreCorrectionBias = 1u << 13,      // router e_score_correction_bias (DeepSeek-V3 noaux_tc)
  kMultiModalWrapper = 1u << 14,        // the row is a VLM wrapper (vision tower present)
  kEmbeddingNorm = 1u << 15,            // a LayerNorm right after the token embedding (BLOOM)
  kLmHeadBias = 1u << 16,               // the lm_head Linear has a bias (phi, GPT-J)
  kMlpBias = 1u << 17,                  // MLP linears have biases, attention ones do not (GPT-J)
  kAttentionBias = 1u << 18,            // q, k, v, o have biases, the MLP does not (InternLM v1)
  kNormNoBias = 1u << 19,               // LayerNorm without a bias (Cohere)
  kHalfIntermediate = 1u << 20,         // gated MLP of width intermediate_size / 2 (Qwen v1: w1, w2 = ff / 2)
  kParallelBlock = 1u << 21,            // one norm, attention and MLP side by side (GPT-J, phi, Cohere)
  kNoBiasKey = 1u << 22,                // `no_bias` removes every linear and norm bias (MPT)
  kAlibi = 1u << 23,                    // ALiBi: no rotary and no learned positions (BLOOM; MPT when attn_config.alibi)
  kSharedUsesIntermediateSize = 1u << 24,  // shared expert width = num_shared_experts * intermediate_size (Hunyuan)
  kMambaInnerNorms = 1u << 25,          // Mamba (v1) mixer with RMSNorm weights on dt, B and C (Jamba)
  kPositionOffset2 = 1u << 26,          // learned positions hold max_position_embeddings + 2 rows (OPT, BioGPT)
  kOutProjBias = 1u << 27,              // the attention output projection has a bias, q/k/v do not (GPT-Neo)
  kQkNormBias = 1u << 28,               // the q/k norms are LayerNorms with a bias (Persimmon)
  kQkNormNoWeight = 1u << 31,           // the qk-norm is a parameter-free L2 norm (Llama 4's Llama4TextL2Norm)
};

// Which layers use sliding-window attention when the config has no explicit `layer_types`.
enum class SlidingRule {
  kNone,           // all full attention
  kAllLayers,      // every layer uses the window when `sliding_window` is set (Mistral, Mixtral)
  kAlternate,      // even layers sliding, odd full (Gemma 2, gpt-oss)
  kEveryNthFull,   // layer i is full when (i+1) % N == 0 (Gemma 3: sliding_window_pattern, Olmo 3: 4)
  kAfterMaxWindow, // Qwen2: sliding from max_window_layers on, only if use_sliding_window
};

// How the KV-head count is found.
enum class KvRule {
  kStandard,  // num_key_value_heads (or aliases), else = num_attention_heads
  kFalcon,    // new_decoder_architecture (or model_type RefinedWeb): n_head_kv / num_kv_heads (else heads);
              // else multi_query: 1; else heads
  kChatGlm,   // multi_query_attention: multi_query_group_num; else heads
};

// How many norm weights a decoder layer has.
enum class NormsRule {
  kTwo,     // input + post-attention (Llama)
  kFour,    // input, post-attention, pre-feedforward, post-feedforward (Gemma 2/3)
  kOne,     // a single norm per block (Nemotron-H)
  kFalcon,  // new_decoder_architecture: ln_attn + ln_mlp (2); parallel_attn: input_layernorm (1); else 2
};

// How layer mixers are laid out when not given per layer.
enum class MixerRule {
  kAttention,          // all attention (sliding rule applies)
  kFullAttentionEvery, // Qwen3-Next: full when (i+1) % full_attention_interval == 0, else linear attention
  kChunkedEveryNthGlobal,  // Llama 4: with attention_chunk_size, layer i is a global (NoPE) full-attention
                           // layer when (i+1) % 4 == 0, else chunked attention
  kHybridLayerPattern, // MiMo-V2-Flash: hybrid_layer_pattern[i] 0 = full attention, 1 = sliding window
  kRecurrent,          // every layer is a recurrent mixer the tables do not break down (RWKV)
  kAttentionAtIndices, // Bamba: attention at attn_layer_indices, Mamba2 elsewhere (every layer when absent)
  kMamba2UnlessTyped,  // GraniteMoeHybrid: layer_types says; without it every layer is Mamba2 (FFN as usual)
  kPeriodicAttention,  // Jamba: attention where i % attn_layer_period == attn_layer_offset, Mamba (v1) elsewhere
  kParallelHybrid,     // Falcon-H1: attention and Mamba2 side by side in every layer (one kind the tables lack)
  kMamba1Only,         // Mamba / FalconMamba: every layer a Mamba (v1) mixer, no FFN
  kMamba2Only,         // Mamba2: every layer a Mamba2 mixer, no FFN
};

struct Dialect {
  const char* family = "";                  // the family's name (set from the registry row)
  const char* defaults_class = "PretrainedConfig";  // HF config class whose defaults apply, e.g. "Gemma3TextConfig"
  const char* defaults_json = "{}";         // those defaults, keyed by the HF key names
  uint32_t flags = 0;                       // AnatomyFlag bits
  NormsRule norms = NormsRule::kTwo;
  SlidingRule sliding = SlidingRule::kNone;
  int64_t every_nth_full = 0;               // N for kEveryNthFull when sliding_window_pattern is absent
  KvRule kv = KvRule::kStandard;
  MixerRule mixer = MixerRule::kAttention;
  int64_t ffn_multiple = 0;                 // intermediate = ffn_multiple * hidden when absent (GPT-2, Falcon: 4)

  // Chained setters, so a registry row reads as one expression.
  constexpr Dialect with_norms(NormsRule v) const { Dialect d = *this; d.norms = v; return d; }
  constexpr Dialect with_sliding(SlidingRule v, int64_t nth = 0) const {
    Dialect d = *this; d.sliding = v; d.every_nth_full = nth; return d;
  }
  constexpr Dialect with_kv(KvRule v) const { Dialect d = *this; d.kv = v; return d; }
  constexpr Dialect with_mixer(MixerRule v) const { Dialect d = *this; d.mixer = v; return d; }
  constexpr Dialect with_ffn_multiple(int64_t v) const { Dialect d = *this; d.ffn_multiple = v; return d; }
};

// A dialect row: the HF class, its defaults (JSON text) and the anatomy flags.
constexpr Dialect hf_dialect(const char* defaults_class, const char* defaults_json, uint32_t flags) {
  Dialect d;
  d.defaults_class = defaults_class;
  d.defaults_json = defaults_json;
  d.flags = flags;
  return d;
}

}  // namespace hfmi

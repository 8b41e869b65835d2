// The dialect table: one row per model family. A row says which model_type / architecture names belong
// to the family, the defaults its HF config class applies when a key is absent, and the layer anatomy
// that the config does not spell out (norm type, gated MLP, norms per layer, qk-norm, biases, ...).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

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
  kFalcon,    // new_decoder_architecture: num_kv_heads (else heads); multi_query: 1; else heads
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
};

struct Dialect {
  const char* family;                       // e.g. "llama"
  std::vector<const char*> model_types;     // text model_type values of this family
  std::vector<const char*> wrapper_types;   // VLM model_type values whose text_config defaults to this family
  std::vector<const char*> architectures;   // architectures[0] values (fallback when model_type is absent)
  const char* defaults_class;               // HF config class whose defaults apply, e.g. "Gemma3TextConfig"
  const char* defaults_json;                // those defaults, keyed by the HF key names
  uint32_t flags;                           // AnatomyFlag bits
  NormsRule norms = NormsRule::kTwo;
  SlidingRule sliding = SlidingRule::kNone;
  int64_t every_nth_full = 0;               // N for kEveryNthFull when sliding_window_pattern is absent
  KvRule kv = KvRule::kStandard;
  MixerRule mixer = MixerRule::kAttention;
  int64_t ffn_multiple = 0;                 // intermediate = ffn_multiple * hidden when absent (GPT-2, Falcon: 4)
};

const std::vector<Dialect>& dialects();

// The row for a (text) model_type, else for a VLM wrapper model_type, else for an architecture name;
// nullptr when none matches (the parser then uses generic_dialect()).
const Dialect* find_dialect(std::string_view text_model_type, std::string_view root_model_type,
                            std::string_view architecture);

// Llama-like anatomy with PretrainedConfig defaults, for unknown families.
const Dialect& generic_dialect();

}  // namespace hfmi

// The normalized model configuration: one struct for every config dialect.
// Produced by parse_model_config() (config_parser.hpp); consumed by params/, arch/, naming/, emit/.
// Integer sizes are int64_t; 0 means "absent / not applicable" unless stated otherwise.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/lenient_json.hpp"
#include "registry/family_id.hpp"

namespace hfmi {

enum class AttentionType { kMha, kGqa, kMqa, kMla };
const char* to_string(AttentionType t);  // "mha" | "gqa" | "mqa" | "mla"

// What mixes tokens in one decoder layer.
enum class MixerKind {
  kFullAttention,     // softmax attention over the whole context
  kSlidingAttention,  // softmax attention over a window (Gemma 2/3 local, gpt-oss sliding, Olmo 3)
  kChunkedAttention,  // Llama 4 local (chunked) attention
  kLinearAttention,   // Gated DeltaNet (Qwen3-Next "linear_attention")
  kMamba,             // Mamba2 SSM (Nemotron-H 'M')
  kMamba1,            // Mamba (v1) selective SSM: in_proj, conv1d, x_proj, dt_proj, A_log, D (Mamba, FalconMamba, Jamba)
  kNone,              // no mixer in this layer (Nemotron-H '-' MLP-only layer, DeciLM attention no_op)
  kUnknown,           // a layer kind the tables do not know; kept and flagged unsupported
};
const char* to_string(MixerKind k);  // "full_attention" | "sliding_attention" | ...

// What the feed-forward part of one decoder layer is.
enum class FfnKind {
  kDense,    // dense MLP (gated or plain)
  kMoe,      // routed experts (+ optional shared experts)
  kNone,     // no FFN (Nemotron-H 'M' and '*' layers, DeciLM ffn no_op)
};
const char* to_string(FfnKind k);  // "dense" | "moe" | "none"

struct LayerSpec {
  MixerKind mixer = MixerKind::kFullAttention;
  FfnKind ffn = FfnKind::kDense;
  std::string raw_kind;           // the config's own word for this layer ("sliding_attention", "M", "*", ...)
  int64_t intermediate_size = 0;  // dense FFN width of this layer (varies per layer in DeciLM / Nemotron-Super)
  int64_t num_kv_heads = 0;       // KV heads of this layer's attention (varies per layer in DeciLM)
  int64_t sliding_window = 0;     // window in tokens for sliding/chunked layers, else 0
  bool cross_attention = false;   // mllama cross-attention layers
};

struct MlaConfig {
  int64_t q_lora_rank = 0;  // 0 = no q compression (DeepSeek-V2-Lite)
  int64_t kv_lora_rank = 0;
  int64_t qk_nope_head_dim = 0;
  int64_t qk_rope_head_dim = 0;
  int64_t v_head_dim = 0;
};

struct MoeConfig {
  int64_t num_experts = 0;             // routed experts
  int64_t experts_per_token = 0;       // top-k
  int64_t moe_intermediate_size = 0;   // width of one routed expert
  int64_t num_shared_experts = 0;
  int64_t shared_expert_intermediate_size = 0;  // total width of the shared expert(s); 0 if none
  bool shared_expert_gate = false;     // Qwen2-MoE style sigmoid gate on the shared expert
  int64_t n_group = 0;                 // DeepSeek grouped routing (0 = not grouped)
  int64_t topk_group = 0;
  bool norm_topk_prob = false;
  std::string scoring_func;            // "softmax" | "sigmoid" | ""
  bool router_bias = false;            // gpt-oss router has a bias; DeepSeek has e_score_correction_bias
  bool expert_bias = false;            // gpt-oss experts have biases
  bool score_correction_bias = false;  // (added by config) DeepSeek-V3 e_score_correction_bias: biases expert
                                       // selection only (router_bias is also set; counted in total, not active)
};

struct LinearAttentionConfig {  // Gated DeltaNet (Qwen3-Next)
  int64_t num_key_heads = 0;
  int64_t num_value_heads = 0;
  int64_t key_head_dim = 0;
  int64_t value_head_dim = 0;
  int64_t conv_kernel_dim = 0;
};

struct MambaConfig {  // Mamba2 (Nemotron-H)
  int64_t num_heads = 0;
  int64_t head_dim = 0;
  int64_t state_size = 0;
  int64_t n_groups = 0;
  int64_t conv_kernel = 0;
  int64_t expand = 0;
  bool conv_bias = false;
  bool proj_bias = false;
  int64_t inner = 0;         // Mamba (v1): mixer width, intermediate_size (Mamba, FalconMamba) or expand * hidden (Jamba)
  int64_t dt_rank = 0;       // Mamba (v1): x_proj / dt_proj rank (time_step_rank / mamba_dt_rank; "auto" = ceil(hidden/16))
  bool inner_norms = false;  // Mamba (v1): RMSNorm weights on dt, B and C (Jamba's dt/b/c_layernorm)
};

struct QuantizationConfig {
  std::string method;     // "" (none) | "fp8" | "gptq" | "awq" | "compressed-tensors" | "mxfp4" | "bitsandbytes" | ...
  int64_t bits = 0;       // weight bits when known (4, 8)
  int64_t group_size = 0;
  std::string fmt;        // e.g. "e4m3"
  std::vector<int64_t> weight_block_size;  // FP8 block scales, e.g. {128,128}
  std::vector<std::string> modules_to_not_convert;
};

struct VisionConfig {
  bool present = false;
  std::string model_type;
  int64_t hidden_size = 0;
  int64_t num_layers = 0;
  int64_t num_heads = 0;
  int64_t intermediate_size = 0;
  int64_t patch_size = 0;
  int64_t image_size = 0;
};

struct ModelConfig {
  // identity
  std::string architecture;  // architectures[0], e.g. "LlamaForCausalLM"
  std::string model_type;    // top-level model_type, e.g. "llama", "gemma3"
  std::string text_model_type;  // model_type of text_config when nested, else == model_type

  // core dimensions (of the language model)
  int64_t hidden_size = 0;
  int64_t num_layers = 0;
  int64_t vocab_size = 0;
  int64_t num_heads = 0;
  int64_t num_kv_heads = 0;
  int64_t head_dim = 0;            // explicit head_dim, else hidden_size / num_heads
  int64_t intermediate_size = 0;   // dense FFN width (default for all dense layers)
  int64_t max_position_embeddings = 0;
  AttentionType attention_type = AttentionType::kGqa;

  // layer anatomy
  std::string hidden_act;          // "silu", "gelu_pytorch_tanh", ...
  bool gated_mlp = true;           // gate/up/down (SwiGLU/GeGLU) vs fc1/fc2
  std::string norm_type = "rmsnorm";  // "rmsnorm" | "layernorm"
  double norm_eps = 0;
  bool norm_has_bias = false;      // LayerNorm with bias (GPT-2, Falcon)
  bool tie_word_embeddings = false;
  bool attention_bias = false;     // bias on q,k,v,o
  bool qkv_bias = false;           // bias on q,k,v only (Qwen2)
  bool mlp_bias = false;
  bool qk_norm = false;            // per-head RMSNorm on q and k (Qwen3, Olmo)
  bool qk_norm_full_width = false; // (added by config) Olmo 2/3: q_norm over heads*head_dim, k_norm over kv_heads*head_dim
  bool qk_norm_weightless = false; // (added by exact) Llama 4: the qk-norm is a parameter-free L2 norm (no tensors)
  bool attention_sinks = false;    // (added by config) gpt-oss: one learned sink logit per head per layer
  bool attention_output_gate = false;  // (added by config) Qwen3-Next: q_proj also emits a per-channel output gate
  bool parallel_attention = false; // Falcon / GPT-J style parallel attn+mlp
  int64_t norms_per_layer = 2;     // 2 (pre-attn, pre-mlp), 4 for Gemma 2/3 (pre+post each), 1 for Falcon-7B
  bool learned_position_embeddings = false;  // GPT-2 wpe
  int64_t position_offset = 0;     // extra learned position rows beyond max_position_embeddings (OPT, BioGPT: 2)
  bool out_proj_bias = false;      // bias on the attention output projection only (GPT-Neo)
  bool qk_norm_bias = false;       // the q/k norms also have a bias (Persimmon's q/k LayerNorm)
  int64_t sliding_window = 0;      // window for sliding layers (0 = none)
  double rope_theta = 0;
  std::string rope_scaling_type;   // "llama3", "yarn", "longrope", "su", ...
  int64_t partial_rotary_dim = 0;  // rotary dims when partial (Phi, Qwen3-Next), else 0 = head_dim

  std::vector<LayerSpec> layers;   // resolved per decoder layer, size == num_layers
  int64_t stack_layer_offset = 0;  // (added by structure) stack index of decoder layer 0 in tensor names:
                                   // MixFormer (phi-2) stores wte as layers.0 and its head as the last entry

  std::optional<MlaConfig> mla;
  std::optional<MoeConfig> moe;
  std::optional<LinearAttentionConfig> linear_attention;
  std::optional<MambaConfig> mamba;
  int64_t num_mtp_layers = 0;      // DeepSeek num_nextn_predict_layers

  // DeepSeek-V3.2 sparse attention indexer
  int64_t index_n_heads = 0;
  int64_t index_head_dim = 0;
  int64_t index_topk = 0;

  std::string torch_dtype;         // "bfloat16", "float16", ... ("dtype" in newer configs)
  QuantizationConfig quantization;
  bool multimodal = false;
  VisionConfig vision;

  // Where each normalized value came from: field -> "config:$.text_config.hidden_size",
  // "default:Gemma3TextConfig", or "derived:hidden_size/num_attention_heads".
  std::map<std::string, std::string> sources;
  std::vector<std::string> warnings;  // things the parser noticed but accepted
  Json raw;                           // the config as parsed (for model_config.json)

  // ---- (added by the family registry)
  // The family, resolved once from model_type / architectures (registry/family_registry.hpp); empty only for a
  // hand-built config, which consumers then resolve from its model_type / architecture.
  std::optional<FamilyId> family_id;
  std::string family;              // its name; "generic" when no row matches
  // Structural facts assumed rather than read, e.g. "gated MLP assumed" (generic family), in words.
  std::vector<std::string> assumptions;
  // Warnings with a stable code and the JSON path they concern (their text is also in `warnings`).
  struct Issue {
    std::string code;     // e.g. "W_MISSING_FIELD", "W_UNKNOWN_FAMILY", "W_UNFAMILIAR_VALUE"
    std::string message;
    std::string path;     // JSON path, e.g. "$.text_config.num_attention_heads"
  };
  std::vector<Issue> issues;
  // Normalized fields that neither the config nor the family's defaults give: their members hold 0 and the
  // reports show null (never a guess). E.g. {"num_heads"} for RWKV.
  std::vector<std::string> null_fields;
  bool lm_head_bias = false;      // lm_head Linear has a bias (phi, GPT-J)
  bool embedding_norm = false;    // LayerNorm after the token embedding (BLOOM word_embeddings_layernorm)
  bool alibi = false;             // ALiBi positions: no rotary, no learned position table (BLOOM, MPT)
};

}  // namespace hfmi

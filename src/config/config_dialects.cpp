// Dialect rows. Defaults are the keyword defaults of each HF config class's __init__ (transformers, or the
// model repo's remote configuration_*.py for DeepSeek-V3, Nemotron-H and DeciLM), keyed by the HF key
// names, so a row reads like the Python signature. Only architecture-relevant keys are listed.
#include "config/config_dialects.hpp"

namespace hfmi {
namespace {

std::vector<Dialect> build_dialects() {
  return {
      {"llama", {"llama"}, {"llava", "llava_next", "vipllava"}, {"LlamaForCausalLM"}, "LlamaConfig",
       R"({"vocab_size":32000,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,
           "num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,
           "tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false,"mlp_bias":false})",
       kGatedMlp},

      {"mllama", {"mllama_text_model"}, {"mllama"}, {"MllamaForCausalLM"}, "MllamaTextConfig",
       R"({"vocab_size":128256,"hidden_size":4096,"hidden_act":"silu","num_hidden_layers":40,
           "num_attention_heads":32,"num_key_value_heads":8,"intermediate_size":14336,"rope_theta":500000,
           "rms_norm_eps":1e-5,"max_position_embeddings":131072,"tie_word_embeddings":false,
           "cross_attention_layers":[3,8,13,18,23,28,33,38]})",
       kGatedMlp},

      {"mistral", {"mistral"}, {"mistral3", "pixtral"}, {"MistralForCausalLM"}, "MistralConfig",
       R"({"vocab_size":32000,"hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,
           "num_attention_heads":32,"num_key_value_heads":8,"hidden_act":"silu","max_position_embeddings":131072,
           "rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,"sliding_window":4096})",
       kGatedMlp, NormsRule::kTwo, SlidingRule::kAllLayers},

      {"mixtral", {"mixtral"}, {}, {"MixtralForCausalLM"}, "MixtralConfig",
       R"({"vocab_size":32000,"hidden_size":4096,"intermediate_size":14336,"num_hidden_layers":32,
           "num_attention_heads":32,"num_key_value_heads":8,"hidden_act":"silu","max_position_embeddings":131072,
           "rms_norm_eps":1e-5,"tie_word_embeddings":false,"rope_theta":1000000.0,
           "num_experts_per_tok":2,"num_local_experts":8})",
       kGatedMlp | kExpertsUseIntermediateSize, NormsRule::kTwo, SlidingRule::kAllLayers},

      {"qwen2", {"qwen2"}, {}, {"Qwen2ForCausalLM"}, "Qwen2Config",
       R"({"vocab_size":151936,"hidden_size":4096,"intermediate_size":22016,"num_hidden_layers":32,
           "num_attention_heads":32,"num_key_value_heads":32,"hidden_act":"silu","max_position_embeddings":32768,
           "rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,"use_sliding_window":false,
           "sliding_window":4096,"max_window_layers":28})",
       kGatedMlp | kQkvBias, NormsRule::kTwo, SlidingRule::kAfterMaxWindow},

      // Qwen2-VL / Qwen2.5-VL keep the text parameters at the top level (no text_config).
      {"qwen2_5_vl", {"qwen2_5_vl", "qwen2_5_vl_text", "qwen2_vl", "qwen2_vl_text"}, {},
       {"Qwen2_5_VLForConditionalGeneration", "Qwen2VLForConditionalGeneration"}, "Qwen2_5_VLTextConfig",
       R"({"vocab_size":152064,"hidden_size":8192,"intermediate_size":29568,"num_hidden_layers":80,
           "num_attention_heads":64,"num_key_value_heads":8,"hidden_act":"silu","max_position_embeddings":32768,
           "rms_norm_eps":1e-5,"tie_word_embeddings":false,"rope_theta":1000000.0,"use_sliding_window":false,
           "sliding_window":4096,"max_window_layers":80})",
       kGatedMlp | kQkvBias | kMultiModalWrapper, NormsRule::kTwo, SlidingRule::kAfterMaxWindow},

      {"qwen3", {"qwen3"}, {}, {"Qwen3ForCausalLM"}, "Qwen3Config",
       R"({"vocab_size":151936,"hidden_size":4096,"intermediate_size":22016,"num_hidden_layers":32,
           "num_attention_heads":32,"num_key_value_heads":32,"head_dim":128,"hidden_act":"silu",
           "max_position_embeddings":32768,"rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,
           "attention_bias":false,"use_sliding_window":false,"sliding_window":4096,"max_window_layers":28})",
       kGatedMlp | kQkNorm, NormsRule::kTwo, SlidingRule::kAfterMaxWindow},

      {"qwen3_vl", {"qwen3_vl_text"}, {"qwen3_vl"}, {"Qwen3VLForConditionalGeneration"}, "Qwen3VLTextConfig",
       R"({"vocab_size":151936,"hidden_size":4096,"intermediate_size":22016,"num_hidden_layers":32,
           "num_attention_heads":32,"num_key_value_heads":32,"head_dim":128,"hidden_act":"silu",
           "max_position_embeddings":128000,"rms_norm_eps":1e-6,"tie_word_embeddings":false,
           "rope_theta":5000000.0,"attention_bias":false})",
       kGatedMlp | kQkNorm},

      {"qwen3_moe", {"qwen3_moe"}, {}, {"Qwen3MoeForCausalLM"}, "Qwen3MoeConfig",
       R"({"vocab_size":151936,"hidden_size":2048,"intermediate_size":6144,"num_hidden_layers":24,
           "num_attention_heads":32,"num_key_value_heads":4,"hidden_act":"silu","max_position_embeddings":32768,
           "rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false,
           "decoder_sparse_step":1,"moe_intermediate_size":768,"num_experts_per_tok":8,"num_experts":128,
           "norm_topk_prob":false,"mlp_only_layers":[]})",
       kGatedMlp | kQkNorm},

      {"qwen2_moe", {"qwen2_moe"}, {}, {"Qwen2MoeForCausalLM"}, "Qwen2MoeConfig",
       R"({"vocab_size":151936,"hidden_size":2048,"intermediate_size":5632,"num_hidden_layers":24,
           "num_attention_heads":16,"num_key_value_heads":16,"hidden_act":"silu","max_position_embeddings":32768,
           "rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,"decoder_sparse_step":1,
           "moe_intermediate_size":1408,"shared_expert_intermediate_size":5632,"num_experts_per_tok":4,
           "num_experts":60,"norm_topk_prob":false,"mlp_only_layers":[]})",
       kGatedMlp | kQkvBias | kSharedExpertGate},

      {"qwen3_next", {"qwen3_next"}, {}, {"Qwen3NextForCausalLM"}, "Qwen3NextConfig",
       R"({"vocab_size":151936,"hidden_size":2048,"intermediate_size":5632,"num_hidden_layers":48,
           "num_attention_heads":16,"num_key_value_heads":2,"head_dim":256,"hidden_act":"silu",
           "max_position_embeddings":32768,"rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,
           "partial_rotary_factor":0.25,"attention_bias":false,"linear_conv_kernel_dim":4,
           "linear_key_head_dim":128,"linear_value_head_dim":128,"linear_num_key_heads":16,
           "linear_num_value_heads":32,"decoder_sparse_step":1,"moe_intermediate_size":512,
           "shared_expert_intermediate_size":512,"num_experts_per_tok":10,"num_experts":512,
           "norm_topk_prob":true,"mlp_only_layers":[],"full_attention_interval":4})",
       kGatedMlp | kQkNorm | kSharedExpertGate | kAttentionOutputGate, NormsRule::kTwo, SlidingRule::kNone, 0,
       KvRule::kStandard, MixerRule::kFullAttentionEvery},

      {"gpt2", {"gpt2"}, {}, {"GPT2LMHeadModel", "GPT2Model"}, "GPT2Config",
       R"({"vocab_size":50257,"n_positions":1024,"n_embd":768,"n_layer":12,"n_head":12,
           "activation_function":"gelu_new","layer_norm_epsilon":1e-5,"tie_word_embeddings":true})",
       kLayerNorm | kAllLinearBias | kLearnedPositions, NormsRule::kTwo, SlidingRule::kNone, 0, KvRule::kStandard,
       MixerRule::kAttention, 4},

      {"falcon", {"falcon", "RefinedWeb", "RefinedWebModel"}, {}, {"FalconForCausalLM", "RWForCausalLM"},
       "FalconConfig",
       R"({"vocab_size":65024,"hidden_size":4544,"num_hidden_layers":32,"num_attention_heads":71,
           "layer_norm_epsilon":1e-5,"new_decoder_architecture":false,"multi_query":true,"parallel_attn":true,
           "bias":false,"max_position_embeddings":2048,"rope_theta":10000.0,"activation":"gelu",
           "tie_word_embeddings":true})",
       kLayerNorm, NormsRule::kFalcon, SlidingRule::kNone, 0, KvRule::kFalcon, MixerRule::kAttention, 4},

      {"phi3", {"phi3"}, {}, {"Phi3ForCausalLM"}, "Phi3Config",
       R"({"vocab_size":32064,"hidden_size":3072,"intermediate_size":8192,"num_hidden_layers":32,
           "num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":4096,"rms_norm_eps":1e-5,
           "tie_word_embeddings":false,"rope_theta":10000.0,"partial_rotary_factor":1.0})",
       kGatedMlp},

      {"gemma", {"gemma"}, {}, {"GemmaForCausalLM"}, "GemmaConfig",
       R"({"vocab_size":256000,"hidden_size":3072,"intermediate_size":24576,"num_hidden_layers":28,
           "num_attention_heads":16,"num_key_value_heads":16,"head_dim":256,"hidden_act":"gelu_pytorch_tanh",
           "max_position_embeddings":8192,"rms_norm_eps":1e-6,"tie_word_embeddings":true,"rope_theta":10000.0,
           "attention_bias":false})",
       kGatedMlp},

      {"gemma2", {"gemma2"}, {}, {"Gemma2ForCausalLM"}, "Gemma2Config",
       R"({"vocab_size":256000,"hidden_size":2304,"intermediate_size":9216,"num_hidden_layers":26,
           "num_attention_heads":8,"num_key_value_heads":4,"head_dim":256,"hidden_activation":"gelu_pytorch_tanh",
           "max_position_embeddings":8192,"rms_norm_eps":1e-6,"tie_word_embeddings":true,"rope_theta":10000.0,
           "attention_bias":false,"sliding_window":4096})",
       kGatedMlp, NormsRule::kFour, SlidingRule::kAlternate},

      {"gemma3", {"gemma3_text"}, {"gemma3"}, {"Gemma3ForCausalLM"}, "Gemma3TextConfig",
       R"({"vocab_size":262208,"hidden_size":2304,"intermediate_size":9216,"num_hidden_layers":26,
           "num_attention_heads":8,"num_key_value_heads":4,"head_dim":256,"hidden_activation":"gelu_pytorch_tanh",
           "max_position_embeddings":131072,"rms_norm_eps":1e-6,"tie_word_embeddings":true,"rope_theta":1000000.0,
           "attention_bias":false,"sliding_window":4096,"sliding_window_pattern":6})",
       kGatedMlp | kQkNorm, NormsRule::kFour, SlidingRule::kEveryNthFull, 6},

      {"granitemoe", {"granitemoe"}, {}, {"GraniteMoeForCausalLM"}, "GraniteMoeConfig",
       R"({"vocab_size":32000,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,
           "num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,
           "tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false,"num_local_experts":8,
           "num_experts_per_tok":2})",
       kGatedMlp | kExpertsUseIntermediateSize},

      {"gpt_oss", {"gpt_oss"}, {}, {"GptOssForCausalLM"}, "GptOssConfig",
       R"({"num_hidden_layers":36,"num_local_experts":128,"vocab_size":201088,"hidden_size":2880,
           "intermediate_size":2880,"head_dim":64,"num_attention_heads":64,"num_key_value_heads":8,
           "sliding_window":128,"rope_theta":150000.0,"tie_word_embeddings":false,"hidden_act":"silu",
           "rms_norm_eps":1e-5,"max_position_embeddings":131072,"num_experts_per_tok":4,"attention_bias":true})",
       kGatedMlp | kExpertsUseIntermediateSize | kRouterBias | kExpertBias | kAttentionSinks, NormsRule::kTwo,
       SlidingRule::kAlternate},

      {"deepseek_v3", {"deepseek_v3", "kimi_k2", "deepseek_v32"}, {},
       {"DeepseekV3ForCausalLM", "DeepseekV32ForCausalLM"}, "DeepseekV3Config",
       R"({"vocab_size":129280,"hidden_size":7168,"intermediate_size":18432,"moe_intermediate_size":2048,
           "num_hidden_layers":61,"num_nextn_predict_layers":1,"num_attention_heads":128,
           "num_key_value_heads":128,"n_shared_experts":1,"n_routed_experts":256,"kv_lora_rank":512,
           "q_lora_rank":1536,"qk_rope_head_dim":64,"v_head_dim":128,"qk_nope_head_dim":128,"n_group":8,
           "topk_group":4,"num_experts_per_tok":8,"moe_layer_freq":1,"first_k_dense_replace":3,
           "norm_topk_prob":true,"scoring_func":"sigmoid","topk_method":"noaux_tc","hidden_act":"silu",
           "max_position_embeddings":4096,"rms_norm_eps":1e-6,"tie_word_embeddings":false,"rope_theta":10000.0,
           "attention_bias":false})",
       kGatedMlp | kScoreCorrectionBias},

      {"deepseek_v2", {"deepseek_v2"}, {}, {"DeepseekV2ForCausalLM"}, "DeepseekV2Config",
       R"({"vocab_size":102400,"hidden_size":4096,"intermediate_size":11008,"moe_intermediate_size":1407,
           "num_hidden_layers":30,"num_attention_heads":32,"num_key_value_heads":32,"kv_lora_rank":512,
           "q_lora_rank":1536,"qk_rope_head_dim":64,"v_head_dim":128,"qk_nope_head_dim":128,"moe_layer_freq":1,
           "first_k_dense_replace":0,"norm_topk_prob":false,"scoring_func":"softmax","topk_method":"greedy",
           "hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,"tie_word_embeddings":false,
           "rope_theta":10000.0,"attention_bias":false})",
       kGatedMlp},

      {"olmo3", {"olmo3"}, {}, {"Olmo3ForCausalLM"}, "Olmo3Config",
       R"({"vocab_size":50304,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,
           "num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-5,
           "tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false,"sliding_window":4096})",
       kGatedMlp | kQkNorm | kQkNormFullWidth, NormsRule::kTwo, SlidingRule::kEveryNthFull, 4},

      {"olmo2", {"olmo2"}, {}, {"Olmo2ForCausalLM"}, "Olmo2Config",
       R"({"vocab_size":50304,"hidden_size":4096,"intermediate_size":11008,"num_hidden_layers":32,
           "num_attention_heads":32,"hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-5,
           "tie_word_embeddings":false,"rope_theta":10000.0,"attention_bias":false})",
       kGatedMlp | kQkNorm | kQkNormFullWidth},

      {"nemotron_h", {"nemotron_h"}, {}, {"NemotronHForCausalLM"}, "NemotronHConfig",
       R"({"vocab_size":131072,"hidden_size":4096,"num_hidden_layers":52,"num_attention_heads":32,
           "attention_head_dim":128,"num_key_value_heads":8,"mlp_hidden_act":"relu2","attention_bias":false,
           "mlp_bias":false,"use_bias":false,"layer_norm_epsilon":1e-5,"tie_word_embeddings":false,
           "max_position_embeddings":4096,"ssm_state_size":128,"mamba_num_heads":128,"n_groups":8,
           "mamba_head_dim":64,"conv_kernel":4,"expand":2,"use_conv_bias":true,"mamba_proj_bias":false,
           "hybrid_override_pattern":"M-M-M-MM-M-M-M*-M-M-M*-M-M-M-M*-M-M-M-M*-M-MM-M-M-M-M-M-"})",
       0, NormsRule::kOne},

      // DeciLM / Llama-Nemotron NAS models: LlamaConfig defaults, per-layer block_configs.
      {"deci", {"nemotron-nas", "deci", "deci_lm"}, {}, {"DeciLMForCausalLM"}, "DeciLMConfig",
       R"({"vocab_size":32000,"hidden_size":4096,"num_hidden_layers":32,"num_attention_heads":32,
           "hidden_act":"silu","max_position_embeddings":2048,"rms_norm_eps":1e-6,"tie_word_embeddings":false,
           "rope_theta":10000.0,"attention_bias":false,"mlp_bias":false})",
       kGatedMlp},
  };
}

bool contains(const std::vector<const char*>& names, std::string_view value) {
  if (value.empty()) return false;
  for (const char* n : names) {
    if (value == n) return true;
  }
  return false;
}

}  // namespace

const std::vector<Dialect>& dialects() {
  static const std::vector<Dialect> rows = build_dialects();
  return rows;
}

const Dialect* find_dialect(std::string_view text_model_type, std::string_view root_model_type,
                            std::string_view architecture) {
  for (const Dialect& d : dialects()) {
    if (contains(d.model_types, text_model_type)) return &d;
  }
  for (const Dialect& d : dialects()) {
    if (contains(d.wrapper_types, root_model_type) || contains(d.model_types, root_model_type)) return &d;
  }
  for (const Dialect& d : dialects()) {
    if (contains(d.architectures, architecture)) return &d;
  }
  return nullptr;
}

const Dialect& generic_dialect() {
  static const Dialect generic{"generic", {}, {}, {}, "PretrainedConfig", R"({"tie_word_embeddings":true})",
                               kGatedMlp};
  return generic;
}

}  // namespace hfmi

// The field table rows. Key spellings come from the HF config classes of each family:
// Llama-style (hidden_size, num_hidden_layers, ...), GPT-2 (n_embd, n_layer, n_head, n_positions, n_inner),
// Falcon / RefinedWeb (n_head_kv, num_kv_heads, ffn_hidden_size), T5-style (d_model), Mixtral / Qwen-MoE /
// DeepSeek / gpt-oss MoE names, Nemotron-H (attention_head_dim, n_groups, conv_kernel) and their HF-native
// renames (mamba_n_groups, mamba_d_conv, ...).
#include "config/config_fields.hpp"

#include <algorithm>
#include <iterator>

namespace hfmi {
namespace {

using K = FieldKind;
using S = FieldScope;

// A static array of plain rows (no code runs to build it): the keys' lists are static too.
constexpr FieldRule kRules[] = {
    // ---- core dimensions
    {"hidden_size", K::kCount, {{"hidden_size", "n_embd", "d_model", "n_embed", "model_dim"}}, 1, caps::kHiddenSize},
    {"num_layers", K::kCount,
     {{"num_hidden_layers", "n_layer", "num_layers", "n_layers", "decoder_layers", "num_transformer_layers"}}, 1,
     caps::kLayers},
    {"num_heads", K::kCount, {{"num_attention_heads", "n_head", "num_heads", "n_heads", "attention_heads"}}, 1,
     caps::kHeads},
    {"num_kv_heads", K::kCountOrList,
     {{"num_key_value_heads", "n_head_kv", "num_kv_heads", "multi_query_group_num", "attn_config.kv_n_heads"}}, 1,
     caps::kHeads},
    {"head_dim", K::kCount, {{"head_dim", "attention_head_dim", "kv_channels", "head_size"}}, 1, caps::kHeadDim},
    {"attention_hidden_size", K::kCount, {{"attention_hidden_size"}}, 1, caps::kHiddenSize},
    {"vocab_size", K::kCount, {{"vocab_size", "n_vocab", "padded_vocab_size"}}, 1, caps::kVocab, S::kTextThenRoot},
    {"intermediate_size", K::kCount, {{"intermediate_size", "n_inner", "ffn_hidden_size", "ffn_dim"}}, 1,
     caps::kIntermediate},
    {"intermediate_size_mlp", K::kCount, {{"intermediate_size_mlp"}}, 1, caps::kIntermediate},  // Llama 4 dense
    {"expansion_ratio", K::kCount, {{"expansion_ratio"}}, 1, 1000},                              // MPT
    {"max_position_embeddings", K::kCount,
     {{"max_position_embeddings", "n_positions", "seq_length", "max_seq_len", "n_ctx"}}, 0, caps::kPositions},
    {"norm_eps", K::kNumber,
     {{"rms_norm_eps", "layer_norm_epsilon", "layer_norm_eps", "norm_epsilon", "norm_eps", "layernorm_epsilon"}}},
    {"norm_type", K::kString, {{"norm_type"}}},  // "rms" (Hunyuan); "layer_norm" (StarCoder2); MPT's own names
    {"rmsnorm", K::kBool, {{"rmsnorm"}}},        // ChatGLM
    {"hidden_act", K::kString,
     {{"hidden_activation", "hidden_act", "activation_function", "mlp_hidden_act", "activation"}}},
    {"tie_word_embeddings", K::kBool, {{"tie_word_embeddings"}}, 0, 0, S::kTextThenRoot},
    {"torch_dtype", K::kString, {{"torch_dtype", "dtype"}}, 0, 0, S::kTextThenRoot},

    // ---- attention anatomy
    {"attention_bias", K::kBool, {{"attention_bias", "bias"}}},
    {"qkv_bias", K::kBool, {{"qkv_bias", "add_qkv_bias", "use_qkv_bias"}}},
    {"no_bias", K::kBool, {{"no_bias"}}},                    // MPT, Qwen v1
    {"alibi", K::kBool, {{"alibi", "attn_config.alibi"}}},   // BLOOM-style ALiBi (MPT nests it in attn_config)
    {"learned_pos_emb", K::kBool, {{"learned_pos_emb"}}},    // MPT
    {"multi_query_attention", K::kBool, {{"multi_query_attention"}}},  // ChatGLM
    {"mlp_bias", K::kBool, {{"mlp_bias", "bias"}}},
    {"qk_norm", K::kBool, {{"use_qk_norm", "qk_layernorm"}}},
    {"parallel_attn", K::kBool, {{"parallel_attn", "use_parallel_residual"}}},
    {"new_decoder_architecture", K::kBool, {{"new_decoder_architecture"}}},
    {"multi_query", K::kBool, {{"multi_query"}}},
    {"sliding_window", K::kCount,
     {{"sliding_window", "sliding_window_size", "attention_window_size", "window_size"}}, 1, caps::kPositions},
    {"use_sliding_window", K::kBool, {{"use_sliding_window"}}},
    {"max_window_layers", K::kCount, {{"max_window_layers"}}, 0, caps::kLayers},
    {"sliding_window_pattern", K::kCountOrPattern, {{"sliding_window_pattern"}}, 1, caps::kLayers},
    {"attention_chunk_size", K::kCount, {{"attention_chunk_size"}}, 1, caps::kPositions},
    {"rope_theta", K::kNumber, {{"rope_theta", "rotary_emb_base", "rope_base", "attn_config.rope_theta"}}},
    {"partial_rotary_factor", K::kNumber, {{"partial_rotary_factor", "rotary_pct"}}},
    {"rotary_dim", K::kCount, {{"rotary_dim"}}, 1, caps::kHeadDim},
    {"rope_scaling", K::kObject, {{"rope_scaling", "rope_parameters"}}},

    // ---- MoE
    {"num_experts", K::kCount,
     {{"num_experts", "num_local_experts", "n_routed_experts", "moe_num_experts", "ffn_config.moe_num_experts"}}, 0,
     caps::kExperts},
    {"experts_per_token", K::kCountOrList,
     {{"num_experts_per_tok", "experts_per_token", "moe_top_k", "num_experts_per_token", "top_k_experts", "moe_topk",
      "moe_k", "ffn_config.moe_top_k"}},  // moe_k: ERNIE 4.5 MoE; ffn_config: DBRX
     0, caps::kExperts},
    {"moe_intermediate_size", K::kCountOrList,
     {{"moe_intermediate_size", "expert_intermediate_size", "ffn_config.ffn_hidden_size"}}, 1,
     caps::kIntermediate},
    {"num_shared_experts", K::kCountOrList,
     {{"n_shared_experts", "num_shared_experts", "num_shared_expert", "moe_num_shared_experts"}}, 0, caps::kExperts},
    {"shared_expert_intermediate_size", K::kCount,
     {{"shared_expert_intermediate_size", "moe_shared_expert_intermediate_size", "shared_intermediate_size"}}, 0,
     caps::kIntermediate},
    {"n_group", K::kCount, {{"n_group"}}, 0, caps::kExperts},
    {"topk_group", K::kCount, {{"topk_group"}}, 0, caps::kExperts},
    {"norm_topk_prob", K::kBool, {{"norm_topk_prob"}}},
    {"scoring_func", K::kString, {{"scoring_func"}}},
    {"topk_method", K::kString, {{"topk_method"}}},

    // ---- per-layer patterns
    {"first_k_dense_replace", K::kCount, {{"first_k_dense_replace"}}, 0, caps::kLayers},
    {"moe_layer_freq", K::kCountOrList, {{"moe_layer_freq"}}, 1, caps::kLayers},  // a step, or 0/1 per layer
    {"decoder_sparse_step", K::kCount, {{"decoder_sparse_step"}}, 1, caps::kLayers},
    {"interleave_moe_layer_step", K::kCount, {{"interleave_moe_layer_step"}}, 1, caps::kLayers},
    {"mlp_only_layers", K::kCountList, {{"mlp_only_layers"}}, 0, caps::kLayers},
    {"layer_types", K::kStringList, {{"layer_types", "attention_layers"}}},  // attention_layers: GPT-Neo
    {"full_attention_interval", K::kCount, {{"full_attention_interval"}}, 1, caps::kLayers},
    {"hybrid_override_pattern", K::kString, {{"hybrid_override_pattern"}}},
    {"hybrid_layer_pattern", K::kCountList, {{"hybrid_layer_pattern"}}, 0, 1},  // MiMo-V2-Flash: 0 full, 1 sliding
    {"swa_num_key_value_heads", K::kCount, {{"swa_num_key_value_heads"}}, 1, caps::kHeads},
    {"block_configs", K::kArray, {{"block_configs"}}},
    {"cross_attention_layers", K::kCountList, {{"cross_attention_layers"}}, 0, caps::kLayers},
    {"attn_layer_indices", K::kCountList, {{"attn_layer_indices"}}, 0, caps::kLayers},        // Bamba
    {"attn_layer_period", K::kCount, {{"attn_layer_period"}}, 1, caps::kLayers},             // Jamba
    {"attn_layer_offset", K::kCount, {{"attn_layer_offset"}}, 0, caps::kLayers},
    {"moe_layer_start_index", K::kCount, {{"moe_layer_start_index"}}, 0, caps::kLayers},    // ERNIE 4.5 MoE
    {"moe_layer_end_index", K::kNumber, {{"moe_layer_end_index"}}},                         // -1: to the last
    {"moe_layer_interval", K::kCount, {{"moe_layer_interval"}}, 1, caps::kLayers},
    {"expert_layer_period", K::kCount, {{"expert_layer_period"}}, 1, caps::kLayers},
    {"expert_layer_offset", K::kCount, {{"expert_layer_offset"}}, 0, caps::kLayers},

    // ---- MLA (DeepSeek-V2/V3, Kimi-K2)
    {"q_lora_rank", K::kCount, {{"q_lora_rank"}}, 1, caps::kHiddenSize},
    {"kv_lora_rank", K::kCount, {{"kv_lora_rank"}}, 1, caps::kHiddenSize},
    {"qk_nope_head_dim", K::kCount, {{"qk_nope_head_dim"}}, 0, caps::kHeadDim},
    {"qk_rope_head_dim", K::kCount, {{"qk_rope_head_dim"}}, 0, caps::kHeadDim},
    {"v_head_dim", K::kCount, {{"v_head_dim"}}, 1, caps::kHeadDim},
    {"num_mtp_layers", K::kCount, {{"num_nextn_predict_layers", "num_mtp_layers", "mtp_num_hidden_layers"}}, 0,
     caps::kLayers},
    {"index_n_heads", K::kCount, {{"index_n_heads"}}, 0, caps::kHeads},
    {"index_head_dim", K::kCount, {{"index_head_dim"}}, 0, caps::kHeadDim},
    {"index_topk", K::kCount, {{"index_topk"}}, 0, caps::kPositions},

    // ---- Gated DeltaNet (Qwen3-Next)
    {"linear_num_key_heads", K::kCount, {{"linear_num_key_heads"}}, 1, caps::kHeads},
    {"linear_num_value_heads", K::kCount, {{"linear_num_value_heads"}}, 1, caps::kHeads},
    {"linear_key_head_dim", K::kCount, {{"linear_key_head_dim"}}, 1, caps::kHeadDim},
    {"linear_value_head_dim", K::kCount, {{"linear_value_head_dim"}}, 1, caps::kHeadDim},
    {"linear_conv_kernel_dim", K::kCount, {{"linear_conv_kernel_dim"}}, 1, caps::kHeadDim},

    // ---- Mamba2 (Nemotron-H remote code names first, then the HF-native names)
    {"mamba_num_heads", K::kCount, {{"mamba_num_heads", "mamba_n_heads"}}, 1, caps::kHeads},
    {"mamba_head_dim", K::kCount, {{"mamba_head_dim"}}, 1, caps::kHeadDim},
    {"ssm_state_size", K::kCount, {{"ssm_state_size", "d_state", "state_size", "mamba_d_state"}}, 1, caps::kHeadDim},
    {"mamba_n_groups", K::kCount, {{"n_groups", "mamba_n_groups", "ngroups"}}, 1, caps::kHeads},
    {"mamba_conv_kernel", K::kCount, {{"conv_kernel", "mamba_d_conv", "d_conv"}}, 1, caps::kHeadDim},
    {"mamba_expand", K::kCount, {{"expand", "mamba_expand"}}, 1, caps::kHeadDim},
    {"mamba_conv_bias", K::kBool, {{"use_conv_bias", "mamba_conv_bias"}}},
    {"mamba_proj_bias", K::kBool, {{"mamba_proj_bias", "use_bias"}}},

    // ---- quantization (kept raw, decoded by the parser)
    {"quantization_config", K::kObject, {{"quantization_config", "compression_config"}}, 0, 0, S::kTextThenRoot},
};

}  // namespace

StaticList<FieldRule> field_rules() { return static_list(kRules); }

const FieldRule* find_field_rule(std::string_view name) {
  const auto it =
      std::find_if(std::begin(kRules), std::end(kRules), [&](const FieldRule& r) { return name == r.name; });
  return it == std::end(kRules) ? nullptr : &*it;
}

}  // namespace hfmi

#include "gguf/gguf_tensor_names.hpp"

#include <cstring>

namespace hfmi {
namespace {

struct NameRow {
  const char* gguf;  // the role between "blk.N." and ".weight"/".bias" (or a whole top-level stem)
  const char* hf;
};

constexpr NameRow kTopLevel[] = {
    {"token_embd", "model.embed_tokens"},
    {"token_embd_norm", "model.embeddings_layernorm"},
    {"position_embd", "model.wpe"},
    {"token_types", "model.token_type_embeddings"},
    {"output_norm", "model.norm"},
    {"output", "lm_head"},
    {"rope_freqs", "model.rotary_emb.inv_freq"},
};

constexpr NameRow kBlock[] = {
    {"attn_norm", "input_layernorm"},
    {"attn_norm_2", "input_layernorm_2"},
    {"ffn_norm", "post_attention_layernorm"},
    {"post_attention_norm", "post_attention_layernorm"},
    {"post_ffw_norm", "post_feedforward_layernorm"},
    {"attn_post_norm", "post_attention_layernorm"},
    {"ffn_post_norm", "post_feedforward_layernorm"},
    {"layer_output_norm", "output_layernorm"},
    {"attn_q", "self_attn.q_proj"},
    {"attn_k", "self_attn.k_proj"},
    {"attn_v", "self_attn.v_proj"},
    {"attn_qkv", "self_attn.qkv_proj"},
    {"attn_output", "self_attn.o_proj"},
    {"attn_q_norm", "self_attn.q_norm"},
    {"attn_k_norm", "self_attn.k_norm"},
    {"attn_sinks", "self_attn.sinks"},
    {"attn_q_a", "self_attn.q_a_proj"},
    {"attn_q_a_norm", "self_attn.q_a_layernorm"},
    {"attn_q_b", "self_attn.q_b_proj"},
    {"attn_kv_a_mqa", "self_attn.kv_a_proj_with_mqa"},
    {"attn_kv_a_norm", "self_attn.kv_a_layernorm"},
    {"attn_kv_b", "self_attn.kv_b_proj"},
    {"attn_k_b", "self_attn.k_b_proj"},  // kv_b split for absorbed MLA (llama.cpp 2025+)
    {"attn_v_b", "self_attn.v_b_proj"},
    {"ffn_gate", "mlp.gate_proj"},
    {"ffn_up", "mlp.up_proj"},
    {"ffn_down", "mlp.down_proj"},
    {"ffn_gate_inp", "mlp.gate"},
    {"exp_probs_b", "mlp.gate.e_score_correction_bias"},
    {"ffn_gate_exps", "mlp.experts.gate_proj"},
    {"ffn_up_exps", "mlp.experts.up_proj"},
    {"ffn_down_exps", "mlp.experts.down_proj"},
    {"ffn_gate_up_exps", "mlp.experts.gate_up_proj"},
    {"ffn_gate_shexp", "mlp.shared_experts.gate_proj"},
    {"ffn_up_shexp", "mlp.shared_experts.up_proj"},
    {"ffn_down_shexp", "mlp.shared_experts.down_proj"},
    {"ffn_gate_inp_shexp", "mlp.shared_expert_gate"},
    {"ssm_in", "mixer.in_proj"},
    {"ssm_conv1d", "mixer.conv1d"},
    {"ssm_a", "mixer.A_log"},
    {"ssm_d", "mixer.D"},
    {"ssm_dt", "mixer.dt_bias"},
    {"ssm_norm", "mixer.norm"},
    {"ssm_out", "mixer.out_proj"},
};

const char* lookup(const NameRow* rows, size_t n, const std::string& role) {
  for (size_t i = 0; i < n; ++i) {
    if (role == rows[i].gguf) return rows[i].hf;
  }
  return nullptr;
}

bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

}  // namespace

std::string gguf_tensor_hf_name(const std::string& name) {
  // Split "<stem>.<weight|bias|...>" at the last dot.
  const size_t dot = name.rfind('.');
  const std::string stem = dot == std::string::npos ? name : name.substr(0, dot);
  const std::string tail = dot == std::string::npos ? "" : name.substr(dot);
  if (starts_with(stem, "blk.")) {
    const size_t second = stem.find('.', 4);
    if (second == std::string::npos) return name;
    const std::string layer = stem.substr(4, second - 4);
    std::string role = stem.substr(second + 1);
    std::string prefix = "model.layers." + layer + ".";
    // DeepSeek's multi-token-prediction block: blk.N.nextn.*
    if (starts_with(role, "nextn.")) return "model.layers." + layer + ".mtp." + role.substr(6) + tail;
    if (const char* hf = lookup(kBlock, sizeof(kBlock) / sizeof(kBlock[0]), role)) return prefix + hf + tail;
    if (starts_with(role, "attn_")) return prefix + "self_attn." + role.substr(5) + tail;
    if (starts_with(role, "ffn_")) {
      const bool experts = role.size() > 5 && role.compare(role.size() - 5, 5, "_exps") == 0;
      return prefix + (experts ? "mlp.experts." : "mlp.") + role.substr(4) + tail;
    }
    if (starts_with(role, "ssm_")) return prefix + "mixer." + role.substr(4) + tail;
    return prefix + role + tail;
  }
  if (const char* hf = lookup(kTopLevel, sizeof(kTopLevel) / sizeof(kTopLevel[0]), stem)) return hf + tail;
  return name;
}

}  // namespace hfmi

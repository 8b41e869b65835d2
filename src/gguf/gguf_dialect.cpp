#include "gguf/gguf_dialect.hpp"

#include <algorithm>
#include <array>

#include "registry/family_registry.hpp"

namespace hfmi {
namespace {

enum class Value { kCount, kNumber, kBool };
struct KeyRow {
  const char* suffix;   // after "{arch}."
  const char* hf_key;
  Value kind;
};

// `{arch}.<suffix>` -> the HF key parse_model_config's field table reads (config_fields.cpp).
constexpr KeyRow kKeys[] = {
    {"block_count", "num_hidden_layers", Value::kCount},
    {"embedding_length", "hidden_size", Value::kCount},
    {"feed_forward_length", "intermediate_size", Value::kCount},
    {"context_length", "max_position_embeddings", Value::kCount},
    {"vocab_size", "vocab_size", Value::kCount},
    {"attention.head_count", "num_attention_heads", Value::kCount},
    {"attention.head_count_kv", "num_key_value_heads", Value::kCount},
    {"attention.layer_norm_rms_epsilon", "rms_norm_eps", Value::kNumber},
    {"attention.layer_norm_epsilon", "layer_norm_eps", Value::kNumber},
    {"attention.sliding_window", "sliding_window", Value::kCount},
    {"attention.q_lora_rank", "q_lora_rank", Value::kCount},
    {"attention.kv_lora_rank", "kv_lora_rank", Value::kCount},
    {"rope.freq_base", "rope_theta", Value::kNumber},
    {"expert_count", "num_experts", Value::kCount},
    {"expert_used_count", "num_experts_per_tok", Value::kCount},
    {"expert_feed_forward_length", "moe_intermediate_size", Value::kCount},
    {"expert_shared_count", "n_shared_experts", Value::kCount},
    {"expert_shared_feed_forward_length", "shared_expert_intermediate_size", Value::kCount},
    {"leading_dense_block_count", "first_k_dense_replace", Value::kCount},
    {"expert_group_count", "n_group", Value::kCount},
    {"expert_group_used_count", "topk_group", Value::kCount},
    {"expert_weights_norm", "norm_topk_prob", Value::kBool},
    {"nextn_predict_layers", "num_nextn_predict_layers", Value::kCount},
};

const GgufKv* arch_key(const GgufHeader& h, const std::string& arch, const char* suffix) {
  return h.find(arch + "." + suffix);
}

// A number from a scalar, or the largest element of a per-layer array (with a note).
bool number_of(const GgufKv& kv, Json& out, std::vector<std::string>& notes) {
  if (kv.value.is_number() || kv.value.is_boolean()) {
    out = kv.value;
    return true;
  }
  if (kv.value.is_array() && !kv.value.empty()) {
    Json best;
    for (const auto& v : kv.value) {
      if (v.is_number() && (best.is_null() || v.get<double>() > best.get<double>())) best = v;
    }
    if (best.is_null()) return false;
    out = best;
    notes.push_back(kv.key + " varies per layer: the largest value (" + best.dump() + ") is used");
    return true;
  }
  return false;
}

int64_t count_of(const Json& j) { return j.is_number() ? j.get<int64_t>() : 0; }

}  // namespace

Result<GgufConfig> gguf_to_hf_config(const GgufHeader& h) {
  const GgufKv* arch_kv = h.find("general.architecture");
  if (arch_kv == nullptr || !arch_kv->value.is_string()) {
    return make_error(codes::kBadHeader, h.file + ": general.architecture is missing or not a string",
                      "metadata.general.architecture");
  }
  GgufConfig out;
  const std::string arch = arch_kv->value.get<std::string>();
  out.gguf_architecture = arch;
  Json& c = out.config;
  c = Json::object();
  // The family whose registry row lists this GGUF architecture names the HF model_type and architectures[0];
  // an architecture no row lists keeps its own name (and parses as the generic family).
  FamilyId family = family_by_gguf_arch(arch);
  // DeepSeek-V3 (and Kimi K2) GGUFs use deepseek2 with sigmoid gating (expert_gating_func = 2).
  if (const auto* g = arch_key(h, arch, "expert_gating_func"); arch == "deepseek2" && g != nullptr && g->value == 2) {
    family = FamilyId::kDeepSeekV3;
    c["scoring_func"] = "sigmoid";
  }
  const FamilyRow& row = family_row(family);
  const std::string model_type(first_word(row.model_types));
  const std::string architecture(first_word(row.architectures));
  c["model_type"] = family == FamilyId::kGeneric || model_type.empty() ? arch : model_type;
  c["architectures"] = Json::array({family == FamilyId::kGeneric || architecture.empty() ? arch : architecture});
  for (const auto& row : kKeys) {
    const GgufKv* kv = arch_key(h, arch, row.suffix);
    Json v;
    if (kv == nullptr || !number_of(*kv, v, out.notes)) continue;
    if (row.kind == Value::kBool) v = v.is_boolean() ? v.get<bool>() : v.get<double>() != 0;
    c[row.hf_key] = v;
  }
  // llama.cpp counts DeepSeek's MTP blocks in block_count; HF counts them apart.
  if (c.contains("num_nextn_predict_layers") && c.contains("num_hidden_layers") &&
      count_of(c["num_hidden_layers"]) > count_of(c["num_nextn_predict_layers"])) {
    c["num_hidden_layers"] = count_of(c["num_hidden_layers"]) - count_of(c["num_nextn_predict_layers"]);
    out.notes.push_back("block_count includes " + c["num_nextn_predict_layers"].dump() + " multi-token-prediction block(s)");
  }
  // Heads: head_dim from key_length; MLA: the nope/rope split.
  const GgufKv* key_length = arch_key(h, arch, "attention.key_length_mla");
  if (key_length == nullptr) key_length = arch_key(h, arch, "attention.key_length");
  const GgufKv* value_length = arch_key(h, arch, "attention.value_length_mla");
  if (value_length == nullptr) value_length = arch_key(h, arch, "attention.value_length");
  const GgufKv* rope_dims = arch_key(h, arch, "rope.dimension_count");
  Json k, v, r;
  const bool has_k = key_length != nullptr && number_of(*key_length, k, out.notes);
  const bool has_v = value_length != nullptr && number_of(*value_length, v, out.notes);
  const bool has_r = rope_dims != nullptr && number_of(*rope_dims, r, out.notes);
  if (c.contains("kv_lora_rank")) {
    if (has_r) c["qk_rope_head_dim"] = r;
    if (has_k && has_r && count_of(k) > count_of(r)) c["qk_nope_head_dim"] = count_of(k) - count_of(r);
    if (has_v) c["v_head_dim"] = v;
  } else {
    if (has_k) c["head_dim"] = k;
    const int64_t head_dim = has_k ? count_of(k)
                             : c.contains("hidden_size") && c.contains("num_attention_heads") && count_of(c["num_attention_heads"]) > 0
                                 ? count_of(c["hidden_size"]) / count_of(c["num_attention_heads"])
                                 : 0;
    if (has_r && head_dim > 0 && count_of(r) > 0 && count_of(r) < head_dim) {
      c["partial_rotary_factor"] = static_cast<double>(count_of(r)) / static_cast<double>(head_dim);
    }
  }
  if (!c.contains("vocab_size")) {
    if (const GgufKv* tokens = h.find("tokenizer.ggml.tokens"); tokens != nullptr && tokens->array_length > 0) {
      c["vocab_size"] = tokens->array_length;
      out.notes.push_back("vocab_size is the tokenizer's token count (tokenizer.ggml.tokens)");
    }
  }
  bool has_output = false, has_embd = false;
  for (const auto& t : h.tensors) {
    if (t.name == "output.weight") has_output = true;
    if (t.name == "token_embd.weight") {
      has_embd = true;
      if (!c.contains("vocab_size") && t.dims.size() == 2) c["vocab_size"] = t.dims[1];
    }
  }
  if (h.complete && has_embd) c["tie_word_embeddings"] = !has_output;
  if (const GgufKv* name = h.find("general.name"); name != nullptr && name->value.is_string()) {
    c["_name_or_path"] = name->value;
  }
  return out;
}

}  // namespace hfmi

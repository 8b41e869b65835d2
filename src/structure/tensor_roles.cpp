#include "structure/tensor_roles.hpp"

#include <array>
#include <memory>
#include <vector>

#include "core/name_hash.hpp"

namespace hfmi {
namespace {

using SV = std::string_view;

// Where a name may appear: anywhere in a layer, or only below an attention / feed-forward / mixer module.
enum class Ctx { kAny, kAttn, kMlp, kMixer, kTop };  // kTop: directly in the layer (no parent module)

struct RoleRow {
  const char* module;  // the last module segment (the one before .weight / .bias)
  Ctx ctx;
  TensorRole role;
};

// Per-layer rows; the first row whose module and context match wins.
const RoleRow kLayerRoles[] = {
    // attention, separate and fused projections
    {"q_proj", Ctx::kAny, TensorRole::kQ},           {"k_proj", Ctx::kAny, TensorRole::kK},
    {"v_proj", Ctx::kAny, TensorRole::kV},           {"o_proj", Ctx::kAny, TensorRole::kO},
    {"wq", Ctx::kAttn, TensorRole::kQ},              {"wk", Ctx::kAttn, TensorRole::kK},
    {"wv", Ctx::kAttn, TensorRole::kV},              {"wo", Ctx::kAttn, TensorRole::kO},
    {"qkv_proj", Ctx::kAny, TensorRole::kQkv},       {"c_attn", Ctx::kAny, TensorRole::kQkv},
    {"query_key_value", Ctx::kAny, TensorRole::kQkv}, {"Wqkv", Ctx::kAny, TensorRole::kQkv},
    {"W_pack", Ctx::kAny, TensorRole::kQkv},         {"wqkv", Ctx::kAny, TensorRole::kQkv},
    {"c_proj", Ctx::kAttn, TensorRole::kO},          {"dense", Ctx::kAttn, TensorRole::kO},
    {"out_proj", Ctx::kMixer, TensorRole::kMixerOut}, {"out_proj", Ctx::kAttn, TensorRole::kO},
    {"q_norm", Ctx::kAny, TensorRole::kQNorm},       {"k_norm", Ctx::kAny, TensorRole::kKNorm},
    {"q_layernorm", Ctx::kAny, TensorRole::kQNorm},  {"k_layernorm", Ctx::kAny, TensorRole::kKNorm},
    {"query_layernorm", Ctx::kAny, TensorRole::kQNorm}, {"key_layernorm", Ctx::kAny, TensorRole::kKNorm},
    {"sinks", Ctx::kAny, TensorRole::kAttnSinks},
    // MLA
    {"q_a_proj", Ctx::kAny, TensorRole::kMlaQA},     {"q_a_layernorm", Ctx::kAny, TensorRole::kMlaQANorm},
    {"q_b_proj", Ctx::kAny, TensorRole::kMlaQB},     {"kv_a_proj_with_mqa", Ctx::kAny, TensorRole::kMlaKvA},
    {"kv_a_layernorm", Ctx::kAny, TensorRole::kMlaKvANorm}, {"kv_b_proj", Ctx::kAny, TensorRole::kMlaKvB},
    // feed-forward
    {"gate_proj", Ctx::kAny, TensorRole::kGate},     {"up_proj", Ctx::kAny, TensorRole::kUp},
    {"down_proj", Ctx::kAny, TensorRole::kDown},     {"gate_up_proj", Ctx::kAny, TensorRole::kGateUp},
    {"c_fc", Ctx::kAny, TensorRole::kFcIn},          {"c_proj", Ctx::kMlp, TensorRole::kDown},
    {"fc1", Ctx::kAny, TensorRole::kFcIn},           {"fc2", Ctx::kAny, TensorRole::kDown},
    {"fc_in", Ctx::kAny, TensorRole::kFcIn},         {"fc_out", Ctx::kAny, TensorRole::kDown},
    {"dense_h_to_4h", Ctx::kAny, TensorRole::kFcIn}, {"dense_4h_to_h", Ctx::kAny, TensorRole::kDown},
    {"w1", Ctx::kMlp, TensorRole::kGate},            {"w3", Ctx::kMlp, TensorRole::kUp},
    {"w2", Ctx::kMlp, TensorRole::kW2},
    {"input_linear", Ctx::kMlp, TensorRole::kGateUp}, {"output_linear", Ctx::kMlp, TensorRole::kDown},
    {"router", Ctx::kAny, TensorRole::kRouter},      {"gate", Ctx::kMlp, TensorRole::kRouter},
    {"gate", Ctx::kMixer, TensorRole::kRouter},
    {"e_score_correction_bias", Ctx::kAny, TensorRole::kRouterBias},
    {"shared_expert_gate", Ctx::kAny, TensorRole::kSharedExpertGate},
    // Mamba (Mamba2 mixer, Jamba's mamba block)
    {"in_proj", Ctx::kMixer, TensorRole::kSsmInProj}, {"conv1d", Ctx::kMixer, TensorRole::kSsmConv},
    {"A_log", Ctx::kMixer, TensorRole::kSsmALog},    {"D", Ctx::kMixer, TensorRole::kSsmD},
    {"dt_bias", Ctx::kMixer, TensorRole::kSsmDtBias}, {"norm", Ctx::kMixer, TensorRole::kSsmNorm},
    {"x_proj", Ctx::kMixer, TensorRole::kSsmOther},  {"dt_proj", Ctx::kMixer, TensorRole::kSsmOther},
    {"dt_layernorm", Ctx::kMixer, TensorRole::kSsmOther}, {"b_layernorm", Ctx::kMixer, TensorRole::kSsmOther},
    {"c_layernorm", Ctx::kMixer, TensorRole::kSsmOther},
    // per-layer norms
    {"input_layernorm", Ctx::kAny, TensorRole::kNorm}, {"post_attention_layernorm", Ctx::kAny, TensorRole::kNorm},
    {"pre_feedforward_layernorm", Ctx::kAny, TensorRole::kNorm},
    {"post_feedforward_layernorm", Ctx::kAny, TensorRole::kNorm},
    {"ln_1", Ctx::kAny, TensorRole::kNorm},          {"ln_2", Ctx::kAny, TensorRole::kNorm},
    {"ln_attn", Ctx::kAny, TensorRole::kNorm},       {"ln_mlp", Ctx::kAny, TensorRole::kNorm},
    {"ln", Ctx::kAny, TensorRole::kNorm},            {"norm_1", Ctx::kAny, TensorRole::kNorm},
    {"norm_2", Ctx::kAny, TensorRole::kNorm},        {"norm1", Ctx::kAny, TensorRole::kNorm},
    {"norm2", Ctx::kAny, TensorRole::kNorm},         {"attention_norm", Ctx::kAny, TensorRole::kNorm},
    {"ffn_norm", Ctx::kAny, TensorRole::kNorm},      {"input_norm", Ctx::kAny, TensorRole::kNorm},
    {"post_norm", Ctx::kAny, TensorRole::kNorm},     {"pre_mlp_layernorm", Ctx::kAny, TensorRole::kNorm},
    {"post_mlp_layernorm", Ctx::kAny, TensorRole::kNorm}, {"layernorm", Ctx::kAny, TensorRole::kNorm},
    {"layer_norm", Ctx::kAny, TensorRole::kNorm},    {"norm", Ctx::kAny, TensorRole::kNorm},
    {"operator_norm", Ctx::kAny, TensorRole::kNorm}, {"self_attn_layer_norm", Ctx::kAny, TensorRole::kNorm},
    {"final_layer_norm", Ctx::kTop, TensorRole::kNorm},  // BART-style per-layer FFN norm
    // phi's MixFormer (mixformer-sequential) keeps the embedding and the head in the layer list:
    // layers.0.wte, layers.<last>.ln + layers.<last>.linear.
    {"wte", Ctx::kTop, TensorRole::kEmbedding},      {"linear", Ctx::kTop, TensorRole::kLmHead},
};

struct GlobalRow {
  const char* module;
  TensorRole role;
};
const GlobalRow kGlobalRoles[] = {
    {"lm_head", TensorRole::kLmHead},           {"embed_out", TensorRole::kLmHead},
    {"output_layer", TensorRole::kLmHead},      {"output", TensorRole::kLmHead},
    {"word_embeddings_layernorm", TensorRole::kEmbeddingNorm}, {"embed_layer_norm", TensorRole::kEmbeddingNorm},
    {"embed_tokens", TensorRole::kEmbedding},   {"wte", TensorRole::kEmbedding},
    {"word_embeddings", TensorRole::kEmbedding}, {"embed_in", TensorRole::kEmbedding},
    {"tok_embeddings", TensorRole::kEmbedding}, {"embeddings", TensorRole::kEmbedding},
    {"embedding", TensorRole::kEmbedding},      {"emb", TensorRole::kEmbedding},
    {"wpe", TensorRole::kPositionEmbedding},    {"embed_positions", TensorRole::kPositionEmbedding},
    {"position_embeddings", TensorRole::kPositionEmbedding},
    {"norm", TensorRole::kFinalNorm},           {"ln_f", TensorRole::kFinalNorm},
    {"final_layernorm", TensorRole::kFinalNorm}, {"final_layer_norm", TensorRole::kFinalNorm},
    {"norm_f", TensorRole::kFinalNorm},         {"final_norm", TensorRole::kFinalNorm},
};

const char* const kAttnParents[] = {"self_attn", "attn", "attention", "self_attention", "cross_attn"};
const char* const kMlpParents[] = {"mlp", "feed_forward", "ffn", "block_sparse_moe", "moe", "experts",
                                   "shared_expert", "shared_experts", "shared_mlp"};
const char* const kMixerParents[] = {"mixer", "mamba"};

// Segments after which a decoder-layer index follows: model.layers.<i>., transformer.h.<i>., blocks.<i>.
const char* const kStackWords[] = {"layers", "h", "blocks", "layer", "block"};

// The vision tower and multimodal projector, wherever they sit in the name.
const char* const kVisionMarks[] = {"vision_tower", "vision_model", "visual.", "multi_modal_projector",
                                    "vision_embed", "mm_projector", "vision_encoder", "image_newline",
                                    "vision_proj", "embed_vision", "audio_tower"};

// Last segments that are never parameters the structure reads: quantization companions and buffers.
const char* const kAuxiliary[] = {
    "qzeros", "scales", "g_idx", "weight_scale_inv", "weight_scale", "weight_global_scale", "input_global_scale",
    "input_scale", "output_scale", "activation_scale", "k_scale", "v_scale", "q_scale", "weight_shape",
    "weight_zero_point", "weight_g_idx", "absmax", "quant_map", "nested_absmax", "nested_quant_map", "SCB",
    "weight_format", "inv_freq", "masked_bias", "position_ids"};

bool ends_with(SV s, SV suffix) { return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix; }
bool digits(SV s) {
  if (s.empty() || s.size() > 12) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}
int64_t to_int(SV s) {
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
template <size_t N>
bool one_of(const char* const (&list)[N], SV word) {
  for (const char* w : list) {
    if (word == w) return true;
  }
  return false;
}

std::vector<SV> split_dots(SV s) {
  std::vector<SV> out;
  size_t start = 0;
  while (true) {
    const size_t dot = s.find('.', start);
    out.push_back(s.substr(start, dot == SV::npos ? SV::npos : dot - start));
    if (dot == SV::npos) break;
    start = dot + 1;
  }
  return out;
}

std::string join(const std::vector<SV>& parts, size_t begin, size_t end) {
  std::string s;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) s += '.';
    s.append(parts[i].data(), parts[i].size());
  }
  return s;
}

bool has_parent(const std::vector<SV>& parents, const char* const* begin, const char* const* end) {
  for (SV p : parents) {
    for (const char* const* w = begin; w != end; ++w) {
      if (p == *w) return true;
    }
  }
  return false;
}
template <size_t N>
bool has_parent(const std::vector<SV>& parents, const char* const (&list)[N]) {
  return has_parent(parents, list, list + N);
}

bool context_matches(Ctx ctx, const std::vector<SV>& parents) {
  switch (ctx) {
    case Ctx::kAny: return true;
    case Ctx::kAttn: return has_parent(parents, kAttnParents);
    case Ctx::kMlp: return has_parent(parents, kMlpParents);
    case Ctx::kMixer: return has_parent(parents, kMixerParents);
    case Ctx::kTop: return parents.empty();
  }
  return false;
}

// `first_digit`: the digit-segment ordinal of module[0]'s position (digit segments before it).
void layer_role(std::vector<SV> module, TensorNameRole& r, int first_digit) {
  // Expert scope: experts.<N>. (one module per expert) or experts.<matrix> (all experts in one tensor).
  for (size_t i = 0; i + 1 < module.size(); ++i) {
    if (module[i] != "experts") continue;
    if (digits(module[i + 1])) {
      r.scope = RoleScope::kExpert;
      r.expert = to_int(module[i + 1]);
      r.expert_digit = first_digit;
      for (size_t k = 0; k <= i; ++k) r.expert_digit += digits(module[k]) ? 1 : 0;
      module.erase(module.begin() + static_cast<std::ptrdiff_t>(i + 1));
    } else {
      r.scope = RoleScope::kFusedExperts;
    }
    break;
  }
  const SV last = module.back();
  module.pop_back();
  const std::vector<SV>& parents = module;
  if (r.scope == RoleScope::kLayer) {
    for (SV p : parents) {
      if (p == "shared_expert" || p == "shared_experts" || p == "shared_mlp") r.scope = RoleScope::kSharedExpert;
    }
    if (last == "input_linear" || last == "output_linear") r.scope = RoleScope::kFusedExperts;
  }
  for (SV p : parents) {
    if (p == "encoder_attn") return;  // cross-attention over an encoder's output: not a decoder-only role
    if (p == "linear_attn") { r.role = TensorRole::kLinearAttention; return; }
    if (p == "indexer") { r.role = TensorRole::kDsaIndexer; return; }
    if (p.find("rotary") != SV::npos) { r.role = TensorRole::kAuxiliary; return; }
  }
  // GPT-2's causal-mask buffer is stored as attn.bias.
  if (r.bias && (last == "attn" || last == "attention")) { r.role = TensorRole::kAuxiliary; return; }
  for (const RoleRow& row : kLayerRoles) {
    if (last == row.module && context_matches(row.ctx, parents)) {
      r.role = row.role;
      return;
    }
  }
}

}  // namespace

const char* to_string(TensorRole r) {
  static constexpr std::array<const char*, kTensorRoleCount> kNames = {
      "embedding", "position_embedding", "embedding_norm", "final_norm", "lm_head", "vision", "mtp",
      "q", "k", "v", "qkv", "o", "q_norm", "k_norm", "attention_sinks",
      "mla_q_a", "mla_q_a_norm", "mla_q_b", "mla_kv_a", "mla_kv_a_norm", "mla_kv_b", "dsa_indexer",
      "gate", "up", "gate_up", "fc_in", "down", "w2", "router", "router_bias", "shared_expert_gate",
      "ssm_in_proj", "ssm_conv1d", "ssm_A_log", "ssm_D", "ssm_dt_bias", "ssm_norm", "ssm_other", "mixer_out",
      "linear_attention", "norm", "auxiliary", "unknown"};
  static_assert(kNames.size() == kTensorRoleCount, "one name per TensorRole");
  return kNames[static_cast<size_t>(r)];
}

TensorNameRole tensor_name_role(std::string_view name) {
  TensorNameRole r;
  std::vector<SV> parts = split_dots(name);
  {
    std::vector<SV> keyed = parts;
    for (SV& p : keyed) {
      if (digits(p)) p = "#";
    }
    r.role_key = join(keyed, 0, keyed.size());
  }
  for (const char* mark : kVisionMarks) {
    if (name.find(mark) != SV::npos) { r.role = TensorRole::kVision; return r; }
  }
  if (name.find("quant_state.") != SV::npos) { r.role = TensorRole::kAuxiliary; return r; }
  // The parameter segment: .weight/.bias, or the module's own name (A_log, D, experts.gate_up_proj).
  SV last = parts.back();
  if (one_of(kAuxiliary, last) || ends_with(last, "_scales")) { r.role = TensorRole::kAuxiliary; return r; }
  if ((last == "weight" || last == "bias" || last == "qweight" || last == "weight_packed") && parts.size() > 1) {
    r.bias = last == "bias";
    parts.pop_back();
  } else if (ends_with(last, "_bias") && last != "dt_bias" && last != "e_score_correction_bias") {
    r.bias = true;
    parts.back() = last.substr(0, last.size() - 5);
  } else if (ends_with(last, "_blocks")) {
    parts.back() = last.substr(0, last.size() - 7);
  }
  // The decoder-layer stack: <prefix>.<word>.<index>.<rest>
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!one_of(kStackWords, parts[i]) || !digits(parts[i + 1])) continue;
    r.stack = join(parts, 0, i + 1);
    r.layer = to_int(parts[i + 1]);
    r.layer_digit = 0;
    for (size_t k = 0; k <= i; ++k) r.layer_digit += digits(parts[k]) ? 1 : 0;
    r.global = false;
    if (r.stack.find("mtp") != std::string::npos) { r.role = TensorRole::kMtp; return r; }
    if (i + 2 >= parts.size()) return r;  // "layers.3.weight": nothing to read
    layer_role(std::vector<SV>(parts.begin() + static_cast<std::ptrdiff_t>(i + 2), parts.end()), r, r.layer_digit + 1);
    return r;
  }
  for (SV p : parts) {
    if (p == "mtp") { r.role = TensorRole::kMtp; return r; }
  }
  for (SV p : parts) {
    if (p.find("rotary") != SV::npos) { r.role = TensorRole::kAuxiliary; return r; }
  }
  const SV module = parts.back();
  for (const GlobalRow& row : kGlobalRoles) {
    if (module == row.module) {
      r.role = row.role;
      return r;
    }
  }
  return r;
}

void index_pattern(std::string_view name, std::string& out, std::vector<int64_t>* indices) {
  // One pass, writing through the buffer (the pattern is never longer than the name): per-segment find /
  // append / push_back calls were most of a 19k-tensor lookup in the WASM build.
  if (indices) indices->clear();
  out.resize(name.size());
  size_t n = 0, seg = 0;
  const auto close_segment = [&](size_t end) {  // the segment name[seg, end) was copied to out[n - (end - seg), n)
    const SV s = name.substr(seg, end - seg);
    if (!digits(s)) return;
    n -= s.size();
    out[n++] = '#';
    if (indices) indices->push_back(to_int(s));
  };
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '.') {
      close_segment(i);
      seg = i + 1;
    }
    out[n++] = name[i];
  }
  close_segment(name.size());
  out.resize(n);
}

TensorPatterns tensor_patterns(const std::vector<TensorInfo>& tensors) {
  TensorPatterns p;
  p.of_tensor.reserve(tensors.size());
  p.indices_begin.reserve(tensors.size() + 1);
  NameSet ids;                    // slots: pattern ids, indices into keys
  std::vector<std::string> keys;  // each pattern's key
  std::string key;
  std::vector<int64_t> digits;
  for (const TensorInfo& t : tensors) {
    index_pattern(t.name, key, &digits);
    bool added = false;
    const size_t id = ids.find_or_insert(key, [&](size_t slot) { return keys[slot] == key; }, keys.size(), added);
    if (added) {
      keys.push_back(key);
      p.first.push_back(&t.name);
    }
    p.of_tensor.push_back(static_cast<uint32_t>(id));
    p.indices_begin.push_back(static_cast<uint32_t>(p.indices.size()));
    p.indices.insert(p.indices.end(), digits.begin(), digits.end());
  }
  p.indices_begin.push_back(static_cast<uint32_t>(p.indices.size()));
  return p;
}

TensorRoleCache::Ref TensorRoleCache::lookup(const TensorPatterns& p, size_t i) {
  const uint32_t id = p.of_tensor[i];
  if (by_pattern_.size() <= id) by_pattern_.resize(p.first.size());
  if (!by_pattern_[id]) by_pattern_[id] = std::make_unique<TensorNameRole>(tensor_name_role(*p.first[id]));
  const TensorNameRole& r = *by_pattern_[id];
  const size_t begin = p.indices_begin[i], count = p.indices_begin[i + 1] - begin;
  const auto digit = [&](int k) { return k >= 0 && static_cast<size_t>(k) < count ? p.indices[begin + static_cast<size_t>(k)] : -1; };
  return Ref{&r, r.layer_digit >= 0 ? digit(r.layer_digit) : -1, r.expert_digit >= 0 ? digit(r.expert_digit) : -1};
}

}  // namespace hfmi

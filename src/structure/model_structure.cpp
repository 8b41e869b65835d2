#include "structure/model_structure.hpp"

#include <algorithm>
#include <set>

#include "gguf/ggml_type.hpp"
#include "structure/tensor_roles.hpp"

namespace hfmi {
namespace {

// A tensor whose shape is its logical element count: a float dtype, or a block-quantized ggml type from a
// GGUF header (its dims count weights, not packed storage words, unlike a GPTQ I32 or FP4 U8 tensor).
bool float_dtype(const std::string& d) {
  if (d == "BF16" || d == "F16" || d == "F32" || d == "F64" || d == "F8_E4M3" || d == "F8_E5M2") return true;
  const GgmlTypeInfo* g = ggml_type_by_name(d);
  return g != nullptr && g->quantized && !g->removed;
}

int64_t elements(const TensorInfo& t) {
  int64_t n = 1;
  for (int64_t d : t.shape) {
    if (d < 0 || (d > 0 && n > INT64_MAX / d)) return INT64_MAX;
    n *= d;
  }
  return n;
}

// A weight's two matrix dimensions (the last two of a 3-D fused-experts tensor); false when not a
// float matrix (quantized storage packs them).
bool matrix_dims(const TensorInfo& t, int64_t& a, int64_t& b) {
  if (!float_dtype(t.dtype) || t.shape.size() < 2 || t.shape.size() > 3) return false;
  a = t.shape[t.shape.size() - 2];
  b = t.shape[t.shape.size() - 1];
  return true;
}

// The width that is not the hidden size: the output of an input projection, the input of an output one.
int64_t other_width(const TensorInfo& t, int64_t hidden) {
  int64_t a = 0, b = 0;
  if (!matrix_dims(t, a, b)) return 0;
  if (b == hidden) return a;
  if (a == hidden) return b;
  return 0;
}

struct Seen {
  TensorRole role;
  RoleScope scope;
  bool bias;
  const TensorInfo* tensor;
  const std::string* role_key;  // the shared row's key (digit segments as '#')
  int64_t expert;
};

std::string module_key(const std::string& role_key) {
  const size_t dot = role_key.rfind('.');
  return dot == std::string::npos ? role_key : role_key.substr(0, dot);
}

void add_unsupported(std::vector<UnsupportedRole>& out, std::map<std::string, size_t>& index, const TensorInfo& t,
                     const std::string& key) {
  auto it = index.find(key);
  if (it == index.end()) {
    it = index.emplace(key, out.size()).first;
    out.push_back(UnsupportedRole{key, 0, 0, {}});
  }
  UnsupportedRole& u = out[it->second];
  ++u.tensor_count;
  const int64_t n = elements(t);
  u.parameters = n > INT64_MAX - u.parameters ? INT64_MAX : u.parameters + n;
  if (u.tensors.size() < kUnsupportedNamesListed) u.tensors.push_back(t.name);
}

bool is_attention_role(TensorRole r) {
  switch (r) {
    case TensorRole::kQ: case TensorRole::kK: case TensorRole::kV: case TensorRole::kQkv: case TensorRole::kO:
    case TensorRole::kMlaQA: case TensorRole::kMlaQB: case TensorRole::kMlaKvA: case TensorRole::kMlaKvB:
      return true;
    case TensorRole::kEmbedding: case TensorRole::kPositionEmbedding: case TensorRole::kEmbeddingNorm:
    case TensorRole::kFinalNorm: case TensorRole::kLmHead: case TensorRole::kVision: case TensorRole::kMtp:
    case TensorRole::kQNorm: case TensorRole::kKNorm: case TensorRole::kAttnSinks: case TensorRole::kMlaQANorm:
    case TensorRole::kMlaKvANorm: case TensorRole::kDsaIndexer: case TensorRole::kGate: case TensorRole::kUp:
    case TensorRole::kGateUp: case TensorRole::kFcIn: case TensorRole::kDown: case TensorRole::kW2:
    case TensorRole::kRouter: case TensorRole::kRouterBias: case TensorRole::kSharedExpertGate:
    case TensorRole::kSsmInProj: case TensorRole::kSsmConv: case TensorRole::kSsmALog: case TensorRole::kSsmD:
    case TensorRole::kSsmDtBias: case TensorRole::kSsmNorm: case TensorRole::kSsmOther:
    case TensorRole::kMixerOut: case TensorRole::kLinearAttention: case TensorRole::kNorm:
    case TensorRole::kAuxiliary: case TensorRole::kUnknown: case TensorRole::kCount_:
      return false;
  }
  return false;
}
bool is_mla_role(TensorRole r) {
  return r == TensorRole::kMlaQA || r == TensorRole::kMlaQB || r == TensorRole::kMlaKvA || r == TensorRole::kMlaKvB;
}
bool is_ssm_role(TensorRole r) {
  return r == TensorRole::kSsmInProj || r == TensorRole::kSsmConv || r == TensorRole::kSsmALog ||
         r == TensorRole::kSsmD || r == TensorRole::kSsmDtBias || r == TensorRole::kSsmOther;
}
bool is_ffn_matrix(TensorRole r) {
  return r == TensorRole::kGate || r == TensorRole::kUp || r == TensorRole::kGateUp || r == TensorRole::kFcIn ||
         r == TensorRole::kDown || r == TensorRole::kW2;
}

// One layer's tensors -> its structure.
LayerStructure resolve_layer(std::vector<Seen>& seen, int64_t hidden, const ModelConfig& config) {
  LayerStructure L;
  L.seen = !seen.empty();
  bool ssm = false, linear = false, attention = false, mamba1 = false;
  for (const Seen& s : seen) {
    ssm |= is_ssm_role(s.role);
    // Mamba (v1) has x_proj (dt, B, C from x); Mamba2's in_proj makes them.
    mamba1 |= s.role == TensorRole::kSsmOther && s.tensor->name.find(".x_proj.") != std::string::npos;
    linear |= s.role == TensorRole::kLinearAttention;
    attention |= is_attention_role(s.role);
    L.mla |= is_mla_role(s.role);
  }
  // The roles a layer decides: mixer out_proj (Mamba's or phi-1's attention), w2 (down, or Qwen v1's up half).
  for (Seen& s : seen) {
    if (s.role == TensorRole::kMixerOut) {
      s.role = ssm ? TensorRole::kSsmOther : TensorRole::kO;
      attention |= !ssm;
    }
    if (s.role == TensorRole::kW2) {
      const bool other_down = std::any_of(seen.begin(), seen.end(), [&](const Seen& o) {
        return o.scope == s.scope && o.expert == s.expert && o.role == TensorRole::kDown;
      });
      s.role = other_down ? TensorRole::kUp : TensorRole::kDown;
      }
  }
  L.mixer = ssm ? (mamba1 ? MixerKind::kMamba1 : MixerKind::kMamba) : linear ? MixerKind::kLinearAttention
            : attention ? MixerKind::kFullAttention : MixerKind::kNone;

  bool gate = false, in_only = false;
  int64_t in_width = 0;
  std::vector<int64_t> experts;  // expert indices, sorted and made distinct below
  std::set<std::string> norms;
  bool dense = false;
  for (const Seen& s : seen) {
    const TensorInfo& t = *s.tensor;
    switch (s.scope) {
      case RoleScope::kExpert:
        if (is_ffn_matrix(s.role)) experts.push_back(s.expert);
        if (s.role == TensorRole::kDown && !s.bias && L.expert_width == 0) L.expert_width = other_width(t, hidden);
        L.expert_bias |= s.bias;
        continue;
      case RoleScope::kFusedExperts:
        if (!t.shape.empty() && !s.bias) L.num_experts = std::max(L.num_experts, t.shape[0]);
        if (s.role == TensorRole::kDown && !s.bias && t.shape.size() == 3) L.expert_width = other_width(t, hidden);
        L.expert_bias |= s.bias;
        continue;
      case RoleScope::kSharedExpert:
        if (s.role == TensorRole::kDown && !s.bias) L.shared_width = other_width(t, hidden);
        continue;
      case RoleScope::kLayer:
        break;
    }
    switch (s.role) {
      case TensorRole::kQ:
        if (s.bias) L.qkv_bias = true; else L.q_width = other_width(t, hidden);
        break;
      case TensorRole::kK:
        if (s.bias) L.qkv_bias = true; else L.k_width = other_width(t, hidden);
        break;
      case TensorRole::kV:
        if (s.bias) L.qkv_bias = true;
        break;
      case TensorRole::kQkv:
        L.fused_qkv = true;
        if (s.bias) L.qkv_bias = true; else L.qkv_width = other_width(t, hidden);
        break;
      case TensorRole::kO:
        if (s.bias) L.o_bias = true; else L.o_in_width = other_width(t, hidden);
        break;
      case TensorRole::kQNorm:
        L.qk_norm = true;
        if (!s.bias && t.shape.size() == 1) L.q_norm_width = t.shape[0];
        break;
      case TensorRole::kGate: case TensorRole::kGateUp:
        gate = true;
        dense = true;
        L.mlp_bias |= s.bias;
        break;
      case TensorRole::kUp: case TensorRole::kFcIn:
        in_only = true;
        dense = true;
        L.mlp_bias |= s.bias;
        if (!s.bias) in_width = other_width(t, hidden);
        break;
      case TensorRole::kDown:
        dense = true;
        L.mlp_bias |= s.bias;
        if (!s.bias) L.ffn_width = other_width(t, hidden);
        break;
      case TensorRole::kRouter:
        if (s.bias) L.router_bias = true;
        else if (L.num_experts == 0 && t.shape.size() == 2 && float_dtype(t.dtype)) L.num_experts = other_width(t, hidden);
        break;
      case TensorRole::kRouterBias: L.router_bias = L.score_correction_bias = true; break;
      case TensorRole::kSharedExpertGate: L.shared_gate = true; break;
      case TensorRole::kNorm:
        norms.insert(module_key(*s.role_key));
        L.norm_bias |= s.bias;
        break;
      case TensorRole::kEmbedding: case TensorRole::kPositionEmbedding: case TensorRole::kEmbeddingNorm:
      case TensorRole::kFinalNorm: case TensorRole::kLmHead: case TensorRole::kVision: case TensorRole::kMtp:
      case TensorRole::kKNorm: case TensorRole::kAttnSinks: case TensorRole::kMlaQA:
      case TensorRole::kMlaQANorm: case TensorRole::kMlaQB: case TensorRole::kMlaKvA:
      case TensorRole::kMlaKvANorm: case TensorRole::kMlaKvB: case TensorRole::kDsaIndexer:
      case TensorRole::kW2: case TensorRole::kSsmInProj: case TensorRole::kSsmConv: case TensorRole::kSsmALog:
      case TensorRole::kSsmD: case TensorRole::kSsmDtBias: case TensorRole::kSsmNorm:
      case TensorRole::kSsmOther: case TensorRole::kMixerOut: case TensorRole::kLinearAttention:
      case TensorRole::kAuxiliary: case TensorRole::kUnknown: case TensorRole::kCount_: break;
    }
  }
  std::sort(experts.begin(), experts.end());
  experts.erase(std::unique(experts.begin(), experts.end()), experts.end());
  if (!experts.empty()) L.num_experts = static_cast<int64_t>(experts.size());
  const bool moe = !experts.empty() || std::any_of(seen.begin(), seen.end(), [](const Seen& s) {
    return s.scope == RoleScope::kFusedExperts;
  });
  L.ffn = moe ? FfnKind::kMoe : dense ? FfnKind::kDense : FfnKind::kNone;
  if (!moe) L.num_experts = 0;
  if (dense && !moe) {
    if (gate) L.gated = 1;
    else if (in_only && in_width > 0 && L.ffn_width > 0) L.gated = in_width == 2 * L.ffn_width ? 1 : in_width == L.ffn_width ? 0 : -1;
  }
  L.norms = static_cast<int>(norms.size());

  // Head counts from the widths.
  if (L.mixer == MixerKind::kFullAttention && !L.mla) {
    int64_t hd = config.head_dim > 0 ? config.head_dim
                 : (config.num_heads > 0 && hidden % config.num_heads == 0) ? hidden / config.num_heads : 0;
    const int64_t q_total = L.fused_qkv ? 0 : L.q_width;
    if (L.q_norm_width > 0 && (q_total == 0 || (L.q_norm_width < q_total && q_total % L.q_norm_width == 0)) &&
        (L.o_in_width == 0 || L.o_in_width % L.q_norm_width == 0)) {
      hd = L.q_norm_width;
      L.head_dim_from_norm = hd;
    }
    if (hd > 0) {
      if (L.o_in_width > 0 && L.o_in_width % hd == 0) L.num_heads = L.o_in_width / hd;
      else if (q_total > 0 && q_total % hd == 0) L.num_heads = q_total / hd;
      else if (L.fused_qkv) L.num_heads = config.num_heads;
      if (!L.fused_qkv && L.k_width > 0 && L.k_width % hd == 0) L.num_kv_heads = L.k_width / hd;
      if (L.fused_qkv && L.qkv_width > 0 && L.qkv_width % hd == 0 && L.num_heads > 0) {
        const int64_t rest = L.qkv_width / hd - L.num_heads;
        if (rest > 0 && rest % 2 == 0) L.num_kv_heads = rest / 2;
      }
    }
  }
  return L;
}

}  // namespace

ModelStructure read_structure(const std::vector<TensorInfo>& tensors, const ModelConfig& config,
                              const TensorPatterns* patterns) {
  ModelStructure st;
  TensorPatterns own;
  if (patterns == nullptr) {
    own = tensor_patterns(tensors);
    patterns = &own;
  }
  TensorRoleCache cache;
  std::vector<TensorRoleCache::Ref> refs;
  refs.reserve(tensors.size());
  // Tensors per pattern (one cached row each, a few dozen) first, then per stack name: no string compare per tensor.
  std::vector<size_t> per_row(patterns->first.size(), 0);
  std::vector<const TensorNameRole*> row_of(patterns->first.size(), nullptr);
  for (size_t i = 0; i < tensors.size(); ++i) {
    const TensorInfo& t = tensors[i];
    refs.push_back(cache.lookup(*patterns, i));
    const TensorNameRole& r = *refs.back().role;
    row_of[patterns->of_tensor[i]] = &r;
    if (!r.global && r.role != TensorRole::kMtp && r.role != TensorRole::kVision) ++per_row[patterns->of_tensor[i]];
    if (r.role == TensorRole::kEmbedding && !r.bias && t.shape.size() == 2 && st.hidden_size == 0) {
      st.vocab_size = t.shape[0];
      st.hidden_size = t.shape[1];
    }
  }
  std::map<std::string, size_t> per_stack;
  for (size_t id = 0; id < per_row.size(); ++id) {
    if (per_row[id] > 0) per_stack[row_of[id]->stack] += per_row[id];
  }
  for (const auto& [stack, n] : per_stack) {
    const size_t best = st.stack.empty() ? 0 : per_stack[st.stack];
    if (st.stack.empty() || n > best || (n == best && stack.find("decoder") != std::string::npos)) st.stack = stack;
  }
  for (const auto& [stack, n] : per_stack) {
    if (stack != st.stack) st.other_stacks.push_back(stack);
  }
  if (st.hidden_size == 0 && config.hidden_size == 0) {
    // No embedding and no config value: the most common per-layer norm width is the hidden size.
    std::map<int64_t, int> widths;
    for (size_t i = 0; i < tensors.size(); ++i) {
      const TensorNameRole& r = *refs[i].role;
      if (r.role == TensorRole::kNorm && !r.bias && tensors[i].shape.size() == 1) ++widths[tensors[i].shape[0]];
    }
    int best = 0;
    for (const auto& [w, n] : widths) {
      if (n > best) st.hidden_size = w, best = n;
    }
  }
  const int64_t hidden = st.hidden_size > 0 ? st.hidden_size : config.hidden_size;

  std::map<int64_t, std::vector<Seen>> by_layer;
  std::vector<Seen>* layer_seen = nullptr;  // by_layer[seen_layer]: a layer's tensors are mostly consecutive
  int64_t seen_layer = 0;
  std::map<std::string, size_t> unsupported_index;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const TensorNameRole& r = *refs[i].role;
    const int64_t layer = refs[i].layer;
    const TensorInfo& t = tensors[i];
    const bool in_stack = !r.global && r.stack == st.stack;
    if (!r.global && !in_stack && r.role != TensorRole::kMtp && r.role != TensorRole::kVision) {
      add_unsupported(st.unsupported, unsupported_index, t, r.role_key);  // another stack (an encoder)
      continue;
    }
    // DeepSeek stores its MTP layers as layers >= num_hidden_layers.
    if (in_stack && config.num_mtp_layers > 0 && config.num_layers > 0 && layer >= config.num_layers) {
      st.mtp = true;
      continue;
    }
    switch (r.role) {
      case TensorRole::kUnknown: add_unsupported(st.unsupported, unsupported_index, t, r.role_key); continue;
      case TensorRole::kVision: st.vision = true; continue;
      case TensorRole::kMtp: st.mtp = true; continue;
      case TensorRole::kAuxiliary: continue;
      case TensorRole::kEmbedding: st.embedding = true; continue;
      case TensorRole::kLmHead: st.lm_head = true; continue;
      case TensorRole::kPositionEmbedding: st.position_embeddings = true; continue;
      case TensorRole::kFinalNorm:
        if (r.global) {
          st.final_norm = true;
          st.final_norm_bias |= r.bias;
          continue;
        }
        break;
      case TensorRole::kEmbeddingNorm: case TensorRole::kQ: case TensorRole::kK: case TensorRole::kV:
      case TensorRole::kQkv: case TensorRole::kO: case TensorRole::kQNorm: case TensorRole::kKNorm:
      case TensorRole::kAttnSinks: case TensorRole::kMlaQA: case TensorRole::kMlaQANorm:
      case TensorRole::kMlaQB: case TensorRole::kMlaKvA: case TensorRole::kMlaKvANorm:
      case TensorRole::kMlaKvB: case TensorRole::kDsaIndexer: case TensorRole::kGate: case TensorRole::kUp:
      case TensorRole::kGateUp: case TensorRole::kFcIn: case TensorRole::kDown: case TensorRole::kW2:
      case TensorRole::kRouter: case TensorRole::kRouterBias: case TensorRole::kSharedExpertGate:
      case TensorRole::kSsmInProj: case TensorRole::kSsmConv: case TensorRole::kSsmALog:
      case TensorRole::kSsmD: case TensorRole::kSsmDtBias: case TensorRole::kSsmNorm:
      case TensorRole::kSsmOther: case TensorRole::kMixerOut: case TensorRole::kLinearAttention:
      case TensorRole::kNorm: case TensorRole::kCount_: break;
    }
    if (r.global) continue;  // a layer role outside a stack cannot happen; nothing to read
    if (layer_seen == nullptr || layer != seen_layer) {
      layer_seen = &by_layer[layer];
      seen_layer = layer;
    }
    layer_seen->push_back(Seen{r.role, r.scope, r.bias, &t, &r.role_key, refs[i].expert});
  }
  std::map<int64_t, LayerStructure> resolved;
  for (auto& [index, seen] : by_layer) resolved[index] = resolve_layer(seen, hidden, config);
  // Stack entries with neither mixer nor FFN at either end are not decoder layers (MixFormer's head
  // block holds the final norm); decoder layers are renumbered from the first real one.
  int64_t first = -1, last = -1;
  for (const auto& [index, L] : resolved) {
    if (L.mixer == MixerKind::kNone && L.ffn == FfnKind::kNone) continue;
    if (first < 0) first = index;
    last = index;
  }
  if (first < 0) return st;
  for (const auto& [index, L] : resolved) {
    if (index > last && L.norms > 0) {
      st.final_norm = true;
      st.final_norm_bias |= L.norm_bias;
    }
  }
  st.present = true;
  st.first_layer_index = first;
  st.layers.resize(static_cast<size_t>(std::min<int64_t>(last - first + 1, 1 << 20)));
  for (auto& [index, L] : resolved) {
    if (index < first || index - first >= static_cast<int64_t>(st.layers.size())) continue;
    st.layers[static_cast<size_t>(index - first)] = L;
  }
  return st;
}

}  // namespace hfmi

#include "params/tensor_accounting.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "core/name_hash.hpp"
#include "safetensors/dtype.hpp"
#include "structure/tensor_roles.hpp"

namespace hfmi {
namespace {

// ------------------------------------------------------------------ name patterns
enum class Match { kSuffix, kSubstring, kPrefix, kExact };

struct NamePattern {
  Match match;
  const char* text;
};

// name.find(text) != npos, testing two bytes before comparing: find() compares at every byte equal to the
// text's first one, and most texts start with '.', which a tensor name holds several times (19k names per table).
bool contains(std::string_view name, std::string_view text) {
  if (text.size() < 2) return name.find(text) != std::string_view::npos;
  for (size_t i = 0; i + text.size() <= name.size(); ++i) {
    if (name[i] == text[0] && name[i + 1] == text[1] && name.compare(i, text.size(), text) == 0) return true;
  }
  return false;
}

bool matches(Match m, std::string_view text, std::string_view name) {
  switch (m) {
    case Match::kSuffix: return name.size() >= text.size() && name.compare(name.size() - text.size(), text.size(), text) == 0;
    case Match::kSubstring: return contains(name, text);
    case Match::kPrefix: return name.compare(0, text.size(), text) == 0;
    case Match::kExact: return name == text;
  }
  return false;
}

// "A|B|C" contains `word`.
bool in_list(const char* list, std::string_view word) {
  if (list == nullptr) return true;
  std::string_view rest(list);
  while (!rest.empty()) {
    const size_t bar = rest.find('|');
    if (rest.substr(0, bar) == word) return true;
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return false;
}

// ------------------------------------------------------------------ storage rules
enum class Role { kParameter, kQuantAux, kBuffer };
enum class Packing {
  kNone,               // one parameter per stored element
  kTimesTwo,           // two 4-bit values per byte (MXFP4 blocks, bitsandbytes 4-bit)
  kContainerOverBits,  // elements * dtype_bits / quantization bits (GPTQ/AWQ qweight, compressed-tensors)
};

struct StorageRule {
  Match match;
  const char* text;
  const char* dtypes;   // "I32|U8", nullptr = any
  const char* methods;  // effective quantization methods, nullptr = any
  Role role;
  Packing packing;
  const char* format;   // logical format; "INT" gets the bits appended; nullptr = the dtype
  bool needs_bnb_state = false;  // only when "<name>.quant_state.bitsandbytes__*" is stored too
};

// First matching row wins; no row = a parameter, 1:1, in its own dtype.
const StorageRule kStorageRules[] = {
    // Buffers stored in checkpoints (not parameters).
    {Match::kSuffix, ".attn.bias", nullptr, nullptr, Role::kBuffer, Packing::kNone, nullptr},  // GPT-2 causal mask
    {Match::kSuffix, ".attn.masked_bias", nullptr, nullptr, Role::kBuffer, Packing::kNone, nullptr},
    {Match::kSuffix, ".attention.bias", "BOOL|U8", nullptr, Role::kBuffer, Packing::kNone, nullptr},  // GPT-NeoX mask
    {Match::kSuffix, ".attention.masked_bias", nullptr, nullptr, Role::kBuffer, Packing::kNone, nullptr},
    {Match::kSuffix, "inv_freq", nullptr, nullptr, Role::kBuffer, Packing::kNone, nullptr},
    {Match::kSubstring, "rotary_emb.", nullptr, nullptr, Role::kBuffer, Packing::kNone, nullptr},
    {Match::kSuffix, ".position_ids", "I64|I32", nullptr, Role::kBuffer, Packing::kNone, nullptr},  // CLIP
    // GPTQ / AWQ: int32-packed weights; zeros, scales and g_idx are not parameters.
    {Match::kSuffix, ".qweight", "I32", nullptr, Role::kParameter, Packing::kContainerOverBits, "INT"},
    {Match::kSuffix, ".qzeros", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".scales", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".g_idx", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    // compressed-tensors pack-quantized (I32 container) and NVFP4 (U8 container).
    {Match::kSuffix, ".weight_packed", "I32", nullptr, Role::kParameter, Packing::kContainerOverBits, "INT"},
    {Match::kSuffix, ".weight_packed", "U8", nullptr, Role::kParameter, Packing::kContainerOverBits, "FP4"},
    {Match::kSuffix, ".weight_shape", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".weight_zero_point", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".weight_g_idx", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    // Scales of FP8 (DeepSeek weight_scale_inv), compressed-tensors, NVFP4 and KV-cache quantization.
    {Match::kSuffix, ".weight_scale_inv", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".weight_scale", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".weight_global_scale", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".input_global_scale", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".input_scale", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".output_scale", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".activation_scale", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".k_scale", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".v_scale", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".q_scale", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    // MXFP4 (gpt-oss): U8 blocks hold two FP4 values per byte; E8M0 scales are not parameters.
    {Match::kSuffix, "_blocks", "U8", nullptr, Role::kParameter, Packing::kTimesTwo, "MXFP4"},
    {Match::kSuffix, "_scales", "U8|F8_E8M0", nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    // bitsandbytes: 4-bit weights are U8 with two values per byte; their quant-state companions are not
    // parameters. 8-bit (LLM.int8) weights are I8, 1:1, with SCB scales.
    {Match::kSuffix, ".absmax", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".quant_map", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".nested_absmax", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".nested_quant_map", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSubstring, ".quant_state.bitsandbytes__", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".SCB", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".weight_format", nullptr, nullptr, Role::kQuantAux, Packing::kNone, nullptr},
    {Match::kSuffix, ".weight", "U8", "bitsandbytes", Role::kParameter, Packing::kTimesTwo, nullptr, true},
};

// When the config names no quantization method, tensor names reveal it.
struct MethodHint {
  Match match;
  const char* text;
  const char* method;
  int64_t default_bits;
};
const MethodHint kMethodHints[] = {
    {Match::kSuffix, ".qweight", "gptq", 4},
    {Match::kSuffix, ".weight_packed", "compressed-tensors", 4},
    {Match::kSuffix, "_blocks", "mxfp4", 4},
    {Match::kSubstring, ".quant_state.bitsandbytes__", "bitsandbytes", 4},
    {Match::kSuffix, ".weight_scale_inv", "fp8", 8},
};

// ------------------------------------------------------------------ component rules
struct ComponentRule {
  Match match;
  const char* text;
  const char* component;
};

// Checked after the vision, MTP and per-layer-kind checks below. First matching row wins.
const ComponentRule kComponentRules[] = {
    {Match::kPrefix, "lm_head", "lm_head"},
    {Match::kSubstring, ".lm_head", "lm_head"},
    {Match::kExact, "output.weight", "lm_head"},
    {Match::kSubstring, "embed_out", "lm_head"},
    {Match::kSubstring, "embeddings_layernorm", "norms"},  // Bloom word_embeddings_layernorm
    {Match::kSubstring, "wpe.", "position_embeddings"},
    {Match::kSubstring, "position_embeddings", "position_embeddings"},
    {Match::kSubstring, "embed_positions", "position_embeddings"},
    {Match::kSubstring, "embed_tokens", "embeddings"},
    {Match::kSubstring, "wte.", "embeddings"},
    {Match::kSubstring, "word_embeddings", "embeddings"},
    {Match::kSubstring, "tok_embeddings", "embeddings"},
    {Match::kSubstring, "embed_in.", "embeddings"},  // GPT-NeoX
    {Match::kSuffix, "embeddings.weight", "embeddings"},  // Nemotron-H backbone.embeddings
    {Match::kSubstring, "shared_expert", "shared_experts"},  // shared_experts., shared_expert., shared_expert_gate
    {Match::kSubstring, ".experts.", "routed_experts"},      // experts.N.* and fused experts.gate_up_proj*
    {Match::kSubstring, "block_sparse_moe.input_linear", "routed_experts"},   // Granite MoE
    {Match::kSubstring, "block_sparse_moe.output_linear", "routed_experts"},
    {Match::kSubstring, "e_score_correction_bias", "router"},
    {Match::kSubstring, "mlp.gate.", "router"},
    {Match::kSubstring, "block_sparse_moe.gate.", "router"},
    {Match::kSubstring, "moe.gate.", "router"},
    {Match::kSubstring, ".router.", "router"},
    {Match::kSubstring, "linear_attn.", "linear_attention"},
    {Match::kSubstring, ".mixer.A_log", "mamba"},
    {Match::kSubstring, ".mixer.dt_bias", "mamba"},
    {Match::kSubstring, ".mixer.conv1d.", "mamba"},
    {Match::kSuffix, ".mixer.D", "mamba"},
    {Match::kSubstring, "cross_attn", "attention"},  // mllama cross_attn.*, cross_attn_attn_gate, cross_attn_mlp_gate
    {Match::kSubstring, "self_attn.", "attention"},
    {Match::kSubstring, "self_attention.", "attention"},
    {Match::kSubstring, ".attn.", "attention"},
    {Match::kPrefix, "attn.", "attention"},
    {Match::kSubstring, ".attention.", "attention"},
    {Match::kSubstring, "q_proj", "attention"},
    {Match::kSubstring, "k_proj", "attention"},
    {Match::kSubstring, "v_proj", "attention"},
    {Match::kSubstring, "o_proj", "attention"},
    {Match::kSubstring, "qkv_proj", "attention"},
    {Match::kSubstring, "c_attn", "attention"},
    {Match::kSubstring, "query_key_value", "attention"},
    {Match::kSubstring, "q_a_", "attention"},  // MLA q_a_proj, q_a_layernorm
    {Match::kSubstring, "q_b_", "attention"},
    {Match::kSubstring, "kv_a_", "attention"},  // kv_a_proj_with_mqa, kv_a_layernorm
    {Match::kSubstring, "kv_b_", "attention"},
    {Match::kSubstring, "q_norm", "attention"},
    {Match::kSubstring, "k_norm", "attention"},
    {Match::kSuffix, ".sinks", "attention"},
    {Match::kSubstring, "mlp.", "dense_mlp"},
    {Match::kSubstring, "feed_forward.", "dense_mlp"},
    {Match::kSubstring, ".ffn.", "dense_mlp"},
    {Match::kSubstring, "c_fc", "dense_mlp"},
    {Match::kSubstring, "dense_h_to_4h", "dense_mlp"},
    {Match::kSubstring, "dense_4h_to_h", "dense_mlp"},
    {Match::kSubstring, "gate_up_proj", "dense_mlp"},
    {Match::kSubstring, "gate_proj", "dense_mlp"},
    {Match::kSubstring, "up_proj", "dense_mlp"},
    {Match::kSubstring, "down_proj", "dense_mlp"},
    {Match::kSubstring, "fc1", "dense_mlp"},
    {Match::kSubstring, "fc2", "dense_mlp"},
    {Match::kSubstring, "norm", "norms"},
    {Match::kSubstring, "ln_", "norms"},
};

// Vision tower and multimodal projector, wherever they sit in the name.
const NamePattern kVisionPatterns[] = {
    {Match::kSubstring, "vision_tower"},   {Match::kSubstring, "vision_model"},
    {Match::kSubstring, "visual."},        {Match::kSubstring, "multi_modal_projector"},
    {Match::kSubstring, "vision_embed"},   {Match::kSubstring, "mm_projector"},
    {Match::kSubstring, "vision_encoder"}, {Match::kSubstring, "image_newline"},
    {Match::kSubstring, "vision_proj"},
};

// Multi-token-prediction modules named as such (Qwen3-Next, GLM); DeepSeek's are layers >= num_layers.
const NamePattern kMtpPatterns[] = {{Match::kPrefix, "mtp."}, {Match::kSubstring, ".mtp."}};

// Words that precede a decoder layer index: model.layers.<i>., transformer.h.<i>., blocks.<i>.
const char* const kLayerWords[] = {"layers", "h", "blocks", "layer"};

// Parameters that only steer expert selection, never multiply an activation: in total, not in active
// (DeepSeek's published 37B active count leaves them out).
const NamePattern kNotActive[] = {{Match::kSubstring, "e_score_correction_bias"}};

bool any_match(const NamePattern* begin, const NamePattern* end, std::string_view name) {
  for (const NamePattern* p = begin; p != end; ++p) {
    if (matches(p->match, p->text, name)) return true;
  }
  return false;
}
template <size_t N>
bool any_match(const NamePattern (&table)[N], std::string_view name) {
  return any_match(table, table + N, name);
}

int64_t layer_index(std::string_view name) {
  size_t start = 0;
  while (start < name.size()) {
    const size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) break;
    const std::string_view word = name.substr(start, dot - start);
    for (const char* w : kLayerWords) {
      if (word.empty() || word[0] != w[0] || word != w) continue;  // first byte first: no strlen per segment
      size_t i = dot + 1;
      int64_t v = 0;
      size_t digits = 0;
      while (i < name.size() && name[i] >= '0' && name[i] <= '9' && digits < 12) {
        v = v * 10 + (name[i] - '0');
        ++i;
        ++digits;
      }
      if (digits > 0 && i < name.size() && name[i] == '.') return v;
    }
    start = dot + 1;
  }
  return -1;
}

int64_t saturating_add(int64_t a, int64_t b, bool& overflow) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    overflow = true;
    return a > 0 ? INT64_MAX : INT64_MIN;
  }
  return r;
}

struct Quant {
  std::string method;
  int64_t bits = 0;
  bool inferred = false;
  bool default_bits = false;
};

// The first kMethodHints row `name` matches, or -1.
int method_hint(std::string_view name) {
  for (const MethodHint& h : kMethodHints) {
    if (matches(h.match, h.text, name)) return static_cast<int>(&h - kMethodHints);
  }
  return -1;
}

// The config's quantization, or the one the first hinting tensor name reveals (read per pattern when
// `patterns` are given, else per name: see TensorPatterns in structure/tensor_roles.hpp).
Quant effective_quantization(const std::vector<TensorInfo>& tensors, const ModelConfig& config, const TensorPatterns* patterns) {
  Quant q{config.quantization.method, config.quantization.bits};
  if (!q.method.empty()) return q;
  std::vector<int> hint_of_pattern(patterns ? patterns->first.size() : 0, -2);  // -2: not read yet
  for (size_t i = 0; i < tensors.size(); ++i) {
    int hint = 0;
    if (patterns) {
      int& h = hint_of_pattern[patterns->of_tensor[i]];
      if (h == -2) h = method_hint(*patterns->first[patterns->of_tensor[i]]);
      hint = h;
    } else {
      hint = method_hint(tensors[i].name);
    }
    if (hint < 0) continue;
    q.method = kMethodHints[hint].method;
    q.bits = kMethodHints[hint].default_bits;
    q.inferred = true;
    return q;
  }
  return q;
}

// The component of a name the rules above do not know, from the structure's tensor-role table
// (MixFormer's layers.<last>.linear head, Qwen v1's mlp.w1/w2, InternLM2's attention.wqkv ...).
const char* component_of_role(const TensorNameRole& r) {
  switch (r.role) {
    case TensorRole::kEmbedding: return "embeddings";
    case TensorRole::kPositionEmbedding: return "position_embeddings";
    case TensorRole::kLmHead: return "lm_head";
    case TensorRole::kVision: return "vision";
    case TensorRole::kMtp: return "mtp";
    case TensorRole::kEmbeddingNorm: case TensorRole::kFinalNorm: case TensorRole::kNorm: return "norms";
    case TensorRole::kQ: case TensorRole::kK: case TensorRole::kV: case TensorRole::kQkv: case TensorRole::kO:
    case TensorRole::kQNorm: case TensorRole::kKNorm: case TensorRole::kAttnSinks: case TensorRole::kMlaQA:
    case TensorRole::kMlaQANorm: case TensorRole::kMlaQB: case TensorRole::kMlaKvA: case TensorRole::kMlaKvANorm:
    case TensorRole::kMlaKvB: case TensorRole::kDsaIndexer: case TensorRole::kMixerOut:
      return "attention";
    case TensorRole::kGate: case TensorRole::kUp: case TensorRole::kGateUp: case TensorRole::kFcIn:
    case TensorRole::kDown: case TensorRole::kW2:
      return r.scope == RoleScope::kLayer ? "dense_mlp" : r.scope == RoleScope::kSharedExpert ? "shared_experts"
                                                                                               : "routed_experts";
    case TensorRole::kRouter: case TensorRole::kRouterBias: return "router";
    case TensorRole::kSharedExpertGate: return "shared_experts";
    case TensorRole::kSsmInProj: case TensorRole::kSsmConv: case TensorRole::kSsmALog: case TensorRole::kSsmD:
    case TensorRole::kSsmDtBias: case TensorRole::kSsmNorm: case TensorRole::kSsmOther:
      return "mamba";
    case TensorRole::kLinearAttention: return "linear_attention";
    case TensorRole::kAuxiliary: case TensorRole::kUnknown: case TensorRole::kCount_: return "other";
  }
  return "other";
}

// What the name tables say about one tensor name (everything but its layer index).
struct NameClass {
  const StorageRule* rule = nullptr;  // nullptr = a parameter, 1:1
  bool vision = false;
  bool named_mtp = false;             // "mtp.layers.0." counts MTP layers, not decoder ones
  const char* component = "other";    // from kComponentRules
  bool not_active = false;            // kNotActive
};

NameClass classify_name(std::string_view name, std::string_view dtype, std::string_view method, bool has_bnb_state) {
  NameClass c;
  for (const StorageRule& r : kStorageRules) {
    if (!matches(r.match, r.text, name) || !in_list(r.dtypes, dtype) || !in_list(r.methods, method)) continue;
    if (r.needs_bnb_state && !has_bnb_state) continue;
    c.rule = &r;
    break;
  }
  c.vision = any_match(kVisionPatterns, name);
  c.named_mtp = any_match(kMtpPatterns, name);
  for (const ComponentRule& r : kComponentRules) {
    if (matches(r.match, r.text, name)) {
      c.component = r.component;
      break;
    }
  }
  if (std::string_view(c.component) == "other") c.component = component_of_role(tensor_name_role(name));
  c.not_active = any_match(kNotActive, name);
  return c;
}

// Sums keyed by a short text (a dtype, a format, a component): a model has a handful of each, so a list
// searched by content (pointer first: a component is one of the tables' static texts) instead of a
// string-keyed std::map walk per tensor; the map is built once at the end. `key` must outlive the sums.
class TextSums {
 public:
  int64_t& at(std::string_view key) {
    for (auto& [k, v] : rows_) {
      if ((k.data() == key.data() && k.size() == key.size()) || k == key) return v;
    }
    rows_.emplace_back(key, 0);
    return rows_.back().second;
  }
  void into(std::map<std::string, int64_t>& out) const {
    for (const auto& [k, v] : rows_) out.emplace(std::string(k), v);
  }

 private:
  std::vector<std::pair<std::string_view, int64_t>> rows_;
};

// Sums per layer index: a vector for the indices a model has (0 to a few hundred), a map past kDense.
class LayerSums {
 public:
  int64_t& at(int64_t layer) {
    if (layer < kDense) {
      const size_t i = static_cast<size_t>(layer);
      if (i >= sums_.size()) {
        sums_.resize(i + 1, 0);
        seen_.resize(i + 1, false);
      }
      seen_[i] = true;
      return sums_[i];
    }
    return sparse_[layer];
  }
  void into(std::map<int64_t, int64_t>& out) const {
    for (size_t i = 0; i < sums_.size(); ++i) {
      if (seen_[i]) out.emplace_hint(out.end(), static_cast<int64_t>(i), sums_[i]);
    }
    out.insert(sparse_.begin(), sparse_.end());
  }

 private:
  static constexpr int64_t kDense = 4096;  // more decoder layers than any model has; a larger index is sparse
  std::vector<int64_t> sums_;
  std::vector<uint8_t> seen_;
  std::map<int64_t, int64_t> sparse_;
};

}  // namespace

namespace {

std::vector<TensorAccount> classify_with(const std::vector<TensorInfo>& tensors, const ModelConfig& config,
                                         const TensorPatterns& patterns, const Quant& quant) {
  // bitsandbytes 4-bit weights: "<weight>.quant_state.bitsandbytes__nf4" (or __fp4) names the format.
  constexpr std::string_view kState = ".quant_state.bitsandbytes__";
  bool any_state = false;  // per pattern first: most checkpoints have none, and then no name is searched
  for (const std::string* name : patterns.first) any_state = any_state || name->find(kState) != std::string::npos;
  // Each quantized weight's name (without the suffix) and its format, found through bnb_index.
  std::vector<std::pair<std::string_view, std::string>> bnb_states;
  NameSet bnb_index;
  const auto bnb_state_of = [&](std::string_view weight) {
    return bnb_index.find(weight, [&](size_t slot) { return bnb_states[slot].first == weight; });
  };
  for (size_t i = 0; any_state && i < tensors.size(); ++i) {
    const TensorInfo& t = tensors[i];
    const size_t at = t.name.find(kState);
    if (at == std::string::npos) continue;
    std::string format = t.name.substr(at + kState.size());
    for (char& c : format) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const std::string_view weight = std::string_view(t.name).substr(0, at);
    bool added = false;
    const size_t slot =
        bnb_index.find_or_insert(weight, [&](size_t s) { return bnb_states[s].first == weight; }, bnb_states.size(), added);
    if (added) bnb_states.emplace_back(weight, std::move(format));
    else bnb_states[slot].second = std::move(format);
  }

  // The table lookups depend only on the name's pattern, the dtype and whether a bitsandbytes state exists:
  // per pattern, the (dtype, state) pairs seen with their classes (one or two each).
  struct Seen {
    std::string_view dtype;
    bool bnb_state;
    NameClass c;
  };
  std::vector<std::vector<Seen>> by_pattern(patterns.first.size());
  std::vector<TensorAccount> out;
  out.reserve(tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    const TensorInfo& t = tensors[i];
    TensorAccount a;
    int64_t elements = 1;
    for (int64_t d : t.shape) {
      if (d == 0) elements = 0;
      if (elements != 0 && __builtin_mul_overflow(elements, d, &elements)) elements = INT64_MAX;
    }
    a.elements = elements;
    a.stored_bytes = static_cast<int64_t>(std::min<uint64_t>(t.end - t.begin, INT64_MAX));
    a.format = t.dtype;

    const size_t bnb_state = bnb_states.empty() ? NameSet::kNone : bnb_state_of(t.name);
    const bool has_bnb_state = bnb_state != NameSet::kNone;
    std::vector<Seen>& seen = by_pattern[patterns.of_tensor[i]];
    const NameClass* found = nullptr;
    for (const Seen& e : seen) {
      if (e.bnb_state == has_bnb_state && e.dtype == t.dtype) found = &e.c;
    }
    if (found == nullptr) {
      seen.push_back({t.dtype, has_bnb_state, classify_name(t.name, t.dtype, quant.method, has_bnb_state)});
      found = &seen.back().c;
    }
    const NameClass& c = *found;
    a.not_active = c.not_active;
    const StorageRule* rule = c.rule;
    const Role role = rule ? rule->role : Role::kParameter;
    a.kind = role == Role::kParameter ? "parameter" : role == Role::kBuffer ? "buffer" : "quant_aux";
    if (!c.vision && !c.named_mtp) a.layer = layer_index(t.name);
    if (config.stack_layer_offset > 0 && a.layer >= 0) a.layer = std::max<int64_t>(a.layer - config.stack_layer_offset, -1);

    if (role == Role::kParameter) {
      const Packing packing = rule ? rule->packing : Packing::kNone;
      __int128 params = elements;
      if (packing == Packing::kTimesTwo) {
        params = static_cast<__int128>(elements) * 2;
      } else if (packing == Packing::kContainerOverBits) {
        const DtypeInfo* d = find_dtype(t.dtype);
        const int64_t bits = quant.bits > 0 ? quant.bits : 4;
        params = static_cast<__int128>(elements) * (d ? d->bits : 32) / bits;
      }
      a.parameters = params > INT64_MAX ? INT64_MAX : static_cast<int64_t>(params);
      if (rule && rule->format) {
        a.format = rule->format;
        if (a.format == "INT") a.format += std::to_string(quant.bits > 0 ? quant.bits : 4);
      } else if (rule && rule->needs_bnb_state) {
        a.format = has_bnb_state ? bnb_states[bnb_state].second : std::string();  // "NF4" or "FP4"
      }

      // Component.
      // A stack entry past the decoder layers is an MTP layer, except MixFormer's head (offset stacks).
      const bool mtp = !c.vision && (c.named_mtp || (config.num_layers > 0 && a.layer >= config.num_layers &&
                                                     (config.num_mtp_layers > 0 || config.stack_layer_offset == 0)));
      if (c.vision) {
        a.component = "vision";
      } else if (mtp) {
        a.component = "mtp";
      } else if (a.layer >= 0 && a.layer < static_cast<int64_t>(config.layers.size()) &&
                 (config.layers[static_cast<size_t>(a.layer)].mixer == MixerKind::kMamba ||
                  config.layers[static_cast<size_t>(a.layer)].mixer == MixerKind::kMamba1) &&
                 t.name.find(".mixer.") != std::string::npos) {
        a.component = "mamba";
      } else {
        a.component = c.component;
      }
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

std::vector<TensorAccount> classify_tensors(const std::vector<TensorInfo>& tensors, const ModelConfig& config) {
  const TensorPatterns patterns = tensor_patterns(tensors);
  return classify_with(tensors, config, patterns, effective_quantization(tensors, config, &patterns));
}

ParamReport account_parameters(const std::vector<TensorInfo>& tensors, const ModelConfig& config,
                               std::optional<int64_t> declared_total) {
  return account_classified(tensors, classify_tensors(tensors, config), config, declared_total);
}

namespace {

ParamReport account_with(const std::vector<TensorInfo>& tensors, const std::vector<TensorAccount>& accounts,
                         const ModelConfig& config, std::optional<int64_t> declared_total, const Quant& quant) {
  ParamReport r;
  // Sums are saturating (saturating_add) and the MoE scaling is done in 128 bits: no exception net needed.
  {
    r.quantization = quant.method;
    r.quantization_bits = quant.bits;
    r.declared_total = declared_total;
    if (accounts.size() != tensors.size()) {
      r.notes.push_back("accounting failed: the tensor roles do not match the tensor list");
      return r;
    }
    bool overflow = false;
    int64_t not_active = 0;
    std::vector<std::string> other_sample;
    int64_t other_count = 0;
    bool packed_default_bits = false;

    // Per-tensor sums keyed by the few distinct texts and layers (see TextSums, LayerSums); same order of
    // additions per key as a map, so the same saturation.
    TextSums stored_by_dtype, by_dtype, by_component;
    LayerSums stored_by_layer, by_layer;
    for (size_t i = 0; i < tensors.size(); ++i) {
      const TensorInfo& t = tensors[i];
      const TensorAccount& a = accounts[i];
      ++r.tensor_count;
      r.stored_bytes = saturating_add(r.stored_bytes, a.stored_bytes, overflow);
      int64_t& dtype_bytes = stored_by_dtype.at(t.dtype);
      dtype_bytes = saturating_add(dtype_bytes, a.stored_bytes, overflow);
      if (a.layer >= 0) {
        int64_t& layer_bytes = stored_by_layer.at(a.layer);
        layer_bytes = saturating_add(layer_bytes, a.stored_bytes, overflow);
      }
      if (a.kind == "buffer") {
        r.buffers = saturating_add(r.buffers, a.elements, overflow);
        if (r.buffer_names_sample.size() < 8) r.buffer_names_sample.push_back(t.name);
        continue;
      }
      if (a.kind == "quant_aux") {
        r.quant_aux_elements = saturating_add(r.quant_aux_elements, a.elements, overflow);
        continue;
      }
      if (a.format != t.dtype && quant.bits == 0 && a.format.rfind("INT", 0) == 0) packed_default_bits = true;
      r.total = saturating_add(r.total, a.parameters, overflow);
      int64_t& format_sum = by_dtype.at(a.format);
      format_sum = saturating_add(format_sum, a.parameters, overflow);
      int64_t& component_sum = by_component.at(a.component);
      component_sum = saturating_add(component_sum, a.parameters, overflow);
      if (a.layer >= 0) {
        int64_t& layer_sum = by_layer.at(a.layer);
        layer_sum = saturating_add(layer_sum, a.parameters, overflow);
      }
      // MTP layers leave active as a whole (below): their selection biases must not be taken out twice.
      if (a.component != "mtp" && a.not_active)
        not_active = saturating_add(not_active, a.parameters, overflow);
      if (a.component == "other") {
        ++other_count;
        if (other_sample.size() < 5) other_sample.push_back(t.name);
      }
    }
    stored_by_dtype.into(r.stored_bytes_by_dtype);
    stored_by_layer.into(r.stored_bytes_by_layer);
    by_dtype.into(r.by_dtype);
    by_component.into(r.by_component);
    by_layer.into(r.by_layer);
    r.mtp = r.by_component.count("mtp") ? r.by_component["mtp"] : 0;
    r.vision = r.by_component.count("vision") ? r.by_component["vision"] : 0;
    const int64_t routed = r.by_component.count("routed_experts") ? r.by_component["routed_experts"] : 0;
    const int64_t embeddings = r.by_component.count("embeddings") ? r.by_component["embeddings"] : 0;

    // Active per token: everything but MTP layers and selection-only biases, with routed experts
    // scaled by top_k / num_experts (exact when each layer's experts are the same size).
    int64_t active_routed = routed;
    const bool moe = config.moe && config.moe->num_experts > 0 && config.moe->experts_per_token > 0;
    if (moe) {
      const __int128 scaled = static_cast<__int128>(routed) * config.moe->experts_per_token;
      active_routed = static_cast<int64_t>(scaled / config.moe->num_experts);
      if (scaled % config.moe->num_experts != 0) {
        r.notes.push_back("routed expert parameters (" + std::to_string(routed) + ") do not divide evenly by " +
                          std::to_string(config.moe->num_experts) + " experts; active is rounded down");
      }
    } else if (routed > 0) {
      r.notes.push_back("tensors hold routed experts but the config has no experts_per_token; active counts all experts");
    }
    r.active = r.total - r.mtp - not_active - routed + active_routed;
    r.active_excluding_embeddings = r.active - embeddings;
    if (moe) {
      r.notes.push_back("active counts the input embedding (" + std::to_string(embeddings) +
                        "); gpt-oss's published active counts leave it out: " + std::to_string(r.active_excluding_embeddings));
    }
    if (r.mtp > 0) r.notes.push_back("multi-token-prediction layers hold " + std::to_string(r.mtp) + " parameters (in total, not in active)");
    if (not_active > 0) r.notes.push_back(std::to_string(not_active) + " expert-selection bias parameters are in total but not in active");

    if (quant.inferred) r.notes.push_back("quantization method '" + quant.method + "' inferred from tensor names");
    if (packed_default_bits) r.notes.push_back("packed weights unpacked assuming 4 bits: the config gives no bit width");
    if (config.tie_word_embeddings && r.by_component.count("lm_head") && embeddings > 0) {
      r.notes.push_back("tie_word_embeddings is true but lm_head is stored too (" + std::to_string(r.by_component["lm_head"]) +
                        " parameters counted twice)");
    }
    if (other_count > 0) {
      std::string s = std::to_string(other_count) + " tensors match no component rule (counted as 'other'), e.g.";
      for (const std::string& n : other_sample) s += " " + n;
      r.notes.push_back(s);
    }
    if (declared_total && *declared_total != r.total) {
      r.notes.push_back("declared total_parameters " + std::to_string(*declared_total) + " differs from the " +
                        std::to_string(r.total) + " counted from tensor shapes; using the counted value");
    }
    if (overflow) r.notes.push_back("a sum overflowed 64 bits and was capped");
  }
  return r;
}

}  // namespace

ParamReport account_classified(const std::vector<TensorInfo>& tensors, const std::vector<TensorAccount>& accounts,
                               const ModelConfig& config, std::optional<int64_t> declared_total) {
  return account_with(tensors, accounts, config, declared_total, effective_quantization(tensors, config, nullptr));
}

ParamReport account_tensors(const std::vector<TensorInfo>& tensors, const ModelConfig& config,
                            std::vector<TensorAccount>& accounts, const TensorPatterns* patterns) {
  TensorPatterns own;
  if (patterns == nullptr) {
    own = tensor_patterns(tensors);
    patterns = &own;
  }
  const Quant quant = effective_quantization(tensors, config, patterns);
  accounts = classify_with(tensors, config, *patterns, quant);
  return account_with(tensors, accounts, config, std::nullopt, quant);
}

}  // namespace hfmi

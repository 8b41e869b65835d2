// apply_tensor_structure(): the config corrected by what the tensors say (model_structure.hpp).
#include <algorithm>
#include <map>

#include "structure/model_structure.hpp"

namespace hfmi {
namespace {

constexpr const char* kMismatch = "W_STRUCTURE_MISMATCH";
constexpr const char* kUnsupportedTensors = "W_UNSUPPORTED_TENSORS";

// The most common positive value, 0 when none (ties: the smallest).
int64_t most_common(const std::vector<int64_t>& values) {
  std::map<int64_t, int> n;
  for (int64_t v : values) {
    if (v > 0) ++n[v];
  }
  int64_t best = 0;
  int best_n = 0;
  for (const auto& [v, k] : n) {
    if (k > best_n) best = v, best_n = k;
  }
  return best;
}

}  // namespace

std::string index_ranges(const std::vector<int64_t>& idx) {
  std::string s;
  for (size_t i = 0; i < idx.size();) {
    size_t j = i;
    while (j + 1 < idx.size() && idx[j + 1] == idx[j] + 1) ++j;
    s += (s.empty() ? "" : ",") + std::to_string(idx[i]) + (j > i ? "-" + std::to_string(idx[j]) : "");
    i = j + 1;
  }
  return s;
}

namespace {

// Records one correction: the config's value, the tensors' value, and where the config said it.
class Corrector {
 public:
  Corrector(ModelConfig& c, Issues& issues) : c_(c), issues_(issues) {}

  void integer(const char* field, const char* hf_key, int64_t& target, int64_t value, const std::string& evidence) {
    if (value <= 0) return;
    if (target != value) warn(field, hf_key, std::to_string(value), target > 0 ? std::to_string(target) : "absent", evidence);
    settle(field, evidence);
    target = value;
  }
  void boolean(const char* field, const char* hf_key, bool& target, bool value, const std::string& evidence) {
    if (target != value) warn(field, hf_key, value ? "true" : "false", target ? "true" : "false", evidence);
    settle(field, evidence);
    target = value;
  }
  void text(const char* field, const char* hf_key, std::string& target, const std::string& value,
            const std::string& evidence) {
    if (target != value) warn(field, hf_key, value, target.empty() ? "absent" : target, evidence);
    settle(field, evidence);
    target = value;
  }
  // A field the config left null (W_MISSING_FIELD: no key, no class default) is known once the tensors give it,
  // whether or not it differs from the placeholder the config holds.
  void settle(const std::string& field, const std::string& evidence) {
    auto& nulls = c_.null_fields;
    const auto it = std::find(nulls.begin(), nulls.end(), field);
    if (it == nulls.end()) return;
    nulls.erase(it);
    c_.sources[field] = "tensors:" + evidence;
  }
  void warn(const std::string& field, const std::string& hf_key, const std::string& tensors, const std::string& config,
            const std::string& evidence) {
    const auto src = c_.sources.find(field);
    const bool stated = src != c_.sources.end() && src->second.rfind("config:", 0) == 0;
    const std::string path = stated ? src->second.substr(7) : "$." + hf_key;
    // Where the config's value came from when config.json does not state it: "default:FalconConfig", "derived:...".
    const std::string origin = stated || src == c_.sources.end() ? "config.json says " + config
                                                                 : "the config gives " + config + " (" + src->second + ")";
    issues_.push_back(Issue{kSeverityWarning, kMismatch, path,
                            field + ": the tensors say " + tensors + " (" + evidence + "), " + origin +
                                "; the tensors' value is used"});
    c_.sources[field] = "tensors:" + evidence;
  }

 private:
  ModelConfig& c_;
  Issues& issues_;
};

bool is_attention(MixerKind k) {
  return k == MixerKind::kFullAttention || k == MixerKind::kSlidingAttention || k == MixerKind::kChunkedAttention;
}

void apply_layers(const ModelStructure& st, ModelConfig& c, Corrector& fix, bool complete) {
  const int64_t n = static_cast<int64_t>(st.layers.size());
  if (complete && n != c.num_layers) {
    fix.integer("num_layers", "num_hidden_layers", c.num_layers, n, "decoder layers 0-" + std::to_string(n - 1) + " in " + st.stack);
  }
  if (complete && static_cast<int64_t>(c.layers.size()) != c.num_layers) {
    const LayerSpec fill = c.layers.empty() ? LayerSpec{} : c.layers.back();
    c.layers.resize(static_cast<size_t>(c.num_layers), fill);
  }
  // Mixer and FFN kinds, one warning per kind of change.
  std::map<std::string, std::vector<int64_t>> changed;
  for (size_t i = 0; i < st.layers.size() && i < c.layers.size(); ++i) {
    const LayerStructure& L = st.layers[i];
    LayerSpec& spec = c.layers[i];
    if (!L.seen) continue;
    const bool same_mixer = L.mixer == spec.mixer || (is_attention(L.mixer) && is_attention(spec.mixer));
    if (!same_mixer) {
      changed[std::string("mixer ") + to_string(spec.mixer) + " -> " + to_string(L.mixer)].push_back(static_cast<int64_t>(i));
      spec.mixer = L.mixer;
    }
    if (L.ffn != spec.ffn) {
      changed[std::string("ffn ") + to_string(spec.ffn) + " -> " + to_string(L.ffn)].push_back(static_cast<int64_t>(i));
      spec.ffn = L.ffn;
    }
  }
  for (const auto& [what, idx] : changed) {
    const size_t arrow = what.find(" -> ");
    fix.warn("layers." + what.substr(0, what.find(' ')), "layer_types", what.substr(arrow + 4),
             what.substr(what.find(' ') + 1, arrow - what.find(' ') - 1), "layers " + index_ranges(idx));
  }
}

void apply_attention(const ModelStructure& st, ModelConfig& c, Corrector& fix) {
  std::vector<int64_t> heads, kv, hd;
  bool qkv_bias = false, o_bias = false, qk_norm = false, any = false;
  for (const LayerStructure& L : st.layers) {
    if (!L.seen || L.mixer != MixerKind::kFullAttention) continue;
    any = true;
    heads.push_back(L.num_heads);
    kv.push_back(L.num_kv_heads);
    hd.push_back(L.head_dim_from_norm);
    qkv_bias |= L.qkv_bias;
    o_bias |= L.o_bias;
    qk_norm |= L.qk_norm;
  }
  if (!any) return;
  const bool mla = st.layers.end() != std::find_if(st.layers.begin(), st.layers.end(), [](const LayerStructure& L) { return L.mla; });
  const std::string qkv = std::find_if(st.layers.begin(), st.layers.end(), [](const LayerStructure& L) { return L.fused_qkv; }) != st.layers.end()
                              ? "fused QKV width" : "k_proj width";
  const int64_t H = most_common(heads), K = most_common(kv);
  fix.integer("head_dim", "head_dim", c.head_dim, most_common(hd), "per-head q_norm width");
  const int64_t old_h = c.num_heads, old_k = c.num_kv_heads;
  fix.integer("num_heads", "num_attention_heads", c.num_heads, H, "o_proj input width / head_dim " + std::to_string(c.head_dim));
  fix.integer("num_kv_heads", "num_key_value_heads", c.num_kv_heads, K, qkv + " / head_dim " + std::to_string(c.head_dim));
  if (!mla && (c.num_heads != old_h || c.num_kv_heads != old_k) && c.num_heads > 0 && c.num_kv_heads > 0) {
    c.attention_type = c.num_kv_heads == c.num_heads ? AttentionType::kMha
                       : c.num_kv_heads == 1         ? AttentionType::kMqa
                                                     : AttentionType::kGqa;
  }
  // Per-layer KV heads where a layer differs from the rest (DeciLM).
  for (size_t i = 0; i < st.layers.size() && i < c.layers.size(); ++i) {
    const int64_t k = st.layers[i].num_kv_heads;
    LayerSpec& spec = c.layers[i];
    if (k > 0 && (spec.num_kv_heads > 0 || k != c.num_kv_heads) && spec.num_kv_heads != k) spec.num_kv_heads = k;
  }
  if (mla) return;
  fix.boolean("attention_bias", "attention_bias", c.attention_bias, qkv_bias && o_bias, "biases on q, k, v and o");
  fix.boolean("qkv_bias", "qkv_bias", c.qkv_bias, qkv_bias && !o_bias, "biases on q, k, v only");
  fix.boolean("qk_norm", "qk_norm", c.qk_norm, qk_norm, "q_norm / k_norm tensors");
}

// `complete`: every shard was read, so counts over the stored tensors (distinct experts) are whole.
void apply_ffn(const ModelStructure& st, ModelConfig& c, Corrector& fix, bool complete) {
  std::vector<int64_t> widths, gated, norms, experts, expert_widths, shared;
  bool mlp_bias = false, norm_bias = st.final_norm_bias, expert_bias = false, shared_gate = false, rbias = false,
       score_bias = false, dense = false, moe = false;
  for (const LayerStructure& L : st.layers) {
    if (!L.seen) continue;
    norm_bias |= L.norm_bias;
    if (L.mixer != MixerKind::kNone && L.ffn != FfnKind::kNone) norms.push_back(L.norms);
    if (L.ffn == FfnKind::kDense) {
      dense = true;
      widths.push_back(L.ffn_width);
      if (L.gated >= 0) gated.push_back(L.gated + 1);  // 1 plain, 2 gated (most_common skips 0)
      mlp_bias |= L.mlp_bias;
    }
    if (L.ffn == FfnKind::kMoe) {
      moe = true;
      experts.push_back(L.num_experts);
      expert_widths.push_back(L.expert_width);
      shared.push_back(L.shared_width);
      expert_bias |= L.expert_bias;
      shared_gate |= L.shared_gate;
      rbias |= L.router_bias;
      score_bias |= L.score_correction_bias;
    }
  }
  if (dense) {
    const int64_t w = most_common(widths);
    fix.integer("intermediate_size", "intermediate_size", c.intermediate_size, w, "down projection input width");
    for (size_t i = 0; i < st.layers.size() && i < c.layers.size(); ++i) {
      const LayerStructure& L = st.layers[i];
      LayerSpec& spec = c.layers[i];
      if (L.ffn == FfnKind::kDense && L.ffn_width > 0 && (spec.intermediate_size > 0 || L.ffn_width != c.intermediate_size))
        spec.intermediate_size = L.ffn_width;
    }
    const int64_t g = most_common(gated);
    if (g > 0) fix.boolean("gated_mlp", "hidden_act", c.gated_mlp, g == 2, g == 2 ? "gate and up projections" : "one input and one output matrix");
    fix.boolean("mlp_bias", "mlp_bias", c.mlp_bias, mlp_bias, "MLP bias tensors");
  }
  if (norm_bias) {
    fix.text("norm_type", "norm_type", c.norm_type, "layernorm", "norms with a bias");
    fix.boolean("norm_has_bias", "norm_type", c.norm_has_bias, true, "norms with a bias");
  } else if (c.norm_has_bias) {
    fix.boolean("norm_has_bias", "norm_type", c.norm_has_bias, false, "no norm stores a bias");
  }
  const int64_t per_layer = most_common(norms);
  if (per_layer > 0) fix.integer("norms_per_layer", "norms_per_layer", c.norms_per_layer, per_layer, "norm tensors per layer");
  if (!moe) return;
  if (!c.moe) {
    c.moe = MoeConfig{};
    fix.warn("moe", "num_local_experts", "routed experts", "no MoE fields", "experts tensors; top-k unknown");
  }
  MoeConfig& m = *c.moe;
  // A layer's experts can span two shards: the distinct experts stored count only when every shard is here.
  if (complete) fix.integer("moe.num_experts", "num_experts", m.num_experts, most_common(experts), "distinct experts stored");
  fix.integer("moe.moe_intermediate_size", "moe_intermediate_size", m.moe_intermediate_size, most_common(expert_widths),
              "expert down projection input width");
  const int64_t sw = most_common(shared);
  fix.integer("moe.shared_expert_intermediate_size", "shared_expert_intermediate_size", m.shared_expert_intermediate_size,
              sw, "shared expert down projection input width");
  if (sw > 0 && m.num_shared_experts == 0) {
    m.num_shared_experts = m.moe_intermediate_size > 0 && sw % m.moe_intermediate_size == 0 ? sw / m.moe_intermediate_size : 1;
  }
  fix.boolean("moe.shared_expert_gate", "shared_expert_gate", m.shared_expert_gate, shared_gate, "shared_expert_gate tensor");
  fix.boolean("moe.expert_bias", "expert_bias", m.expert_bias, expert_bias, "expert bias tensors");
  if (rbias) m.router_bias = true;
  if (score_bias) m.score_correction_bias = true;
}

}  // namespace

StructureResult apply_tensor_structure(const ModelConfig& config, const std::vector<TensorInfo>& tensors,
                                       const TensorPatterns* patterns) {
  StructureResult out{config, {}, {}};
  if (tensors.empty()) return out;
  out.structure = read_structure(tensors, config, patterns);
  const ModelStructure& st = out.structure;
  for (size_t i = 0; i < st.unsupported.size(); ++i) {
    const UnsupportedRole& u = st.unsupported[i];
    out.issues.push_back(Issue{kSeverityWarning, kUnsupportedTensors, "structure.unsupported[" + std::to_string(i) + "]",
                               std::to_string(u.tensor_count) + " tensor(s) " + u.role_key +
                                   " have a role the tensor-role table does not know (" + std::to_string(u.parameters) +
                                   " elements): counted, not broken down"});
  }
  if (!st.present) return out;
  ModelConfig& c = out.config;
  Corrector fix(c, out.issues);
  bool all_seen = true;
  for (const LayerStructure& L : st.layers) all_seen &= L.seen;
  // Counts that depend on having every shard: only when the stack is whole and both ends are there.
  const bool complete = all_seen && st.embedding && (st.final_norm || st.lm_head);
  c.stack_layer_offset = st.first_layer_index;
  if (st.hidden_size > 0) fix.integer("hidden_size", "hidden_size", c.hidden_size, st.hidden_size, "embedding width");
  if (st.vocab_size > 0) fix.integer("vocab_size", "vocab_size", c.vocab_size, st.vocab_size, "embedding rows");
  apply_layers(st, c, fix, complete);
  apply_attention(st, c, fix);
  apply_ffn(st, c, fix, complete);
  if (complete) {
    fix.boolean("tie_word_embeddings", "tie_word_embeddings", c.tie_word_embeddings, !st.lm_head,
                st.lm_head ? "an lm_head tensor is stored" : "no lm_head tensor is stored");
    fix.boolean("learned_position_embeddings", "n_positions", c.learned_position_embeddings, st.position_embeddings,
                st.position_embeddings ? "a position-embedding tensor is stored" : "no position-embedding tensor");
  }
  if (st.vision && !c.vision.present && !c.multimodal) {
    fix.boolean("multimodal", "vision_config", c.multimodal, true, "vision tower / projector tensors");
  }
  return out;
}

}  // namespace hfmi

#include "arch/module_tree_builder.hpp"

#include <map>
#include <set>

#include "arch/family_template.hpp"
#include "arch/layer_variants.hpp"
#include "arch/module_kinds.hpp"

namespace hfmi {
namespace {

// A module before its final name is known: the variant suffix is applied once the whole tree exists.
struct ProtoModule {
  std::string base;       // name before any variant suffix
  int parent = -1;        // index into the proto list
  int64_t count = 0;
  std::string type;       // "block" | "layer"
  std::string kind;
  int64_t first_layer = -1;
  int variant = -1;       // decoder-layer variant it belongs to (-1: outside the decoder layers)
  bool variant_root = false;  // the decoder-layer block itself (already carries its final name)
  bool unsupported = false;
  std::string note;
};

class TreeBuilder {
 public:
  int block(std::string name, int64_t count, int parent, int variant = -1, int64_t first_layer = -1) {
    return add(std::move(name), count, parent, "block", kinds::kBlock, variant, first_layer);
  }
  int layer(std::string name, int64_t count, int parent, const char* kind, int variant = -1, int64_t first_layer = -1) {
    return add(std::move(name), count, parent, "layer", kind, variant, first_layer);
  }
  ProtoModule& at(int i) { return protos_[static_cast<size_t>(i)]; }
  const std::vector<ProtoModule>& protos() const { return protos_; }

 private:
  int add(std::string name, int64_t count, int parent, const char* type, const char* kind, int variant,
          int64_t first_layer) {
    ProtoModule p;
    p.base = std::move(name);
    p.parent = parent;
    p.count = count;
    p.type = type;
    p.kind = kind;
    p.variant = variant;
    p.first_layer = first_layer;
    protos_.push_back(std::move(p));
    return static_cast<int>(protos_.size() - 1);
  }
  std::vector<ProtoModule> protos_;
};

// Builds the children of one decoder-layer variant block.
class DecoderLayerBuilder {
 public:
  DecoderLayerBuilder(TreeBuilder& b, const ModelConfig& c, const FamilyTemplate& t, const LayerVariant& v, int id)
      : b_(b), c_(c), t_(t), v_(v), id_(id) {}

  void build(int parent) {
    const bool has_mixer = v_.mixer != MixerKind::kNone;
    const int64_t n = v_.count;
    const int64_t n_ffn = v_.dense_count + v_.moe_count;
    NormLayout layout = c_.parallel_attention ? NormLayout::kParallel : t_.norm_layout;
    switch (layout) {
      case NormLayout::kPre:
        if (has_mixer) {
          norm("input_layernorm", kinds::kInputNorm, n, parent);
          mixer(parent);
        }
        if (n_ffn > 0) {
          if (has_mixer) {
            norm("post_attention_layernorm", kinds::kResidualNorm, n_ffn, parent);
          } else {
            norm(t_.ffn_only_norm, t_.ffn_only_norm_kind.c_str(), n_ffn, parent);
          }
          ffn(parent);
        }
        break;
      case NormLayout::kSandwich:
        if (has_mixer) {
          norm("input_layernorm", kinds::kInputNorm, n, parent);
          mixer(parent);
          norm("post_attention_layernorm", kinds::kPlainNorm, n, parent);
        }
        if (n_ffn > 0) {
          norm("pre_feedforward_layernorm", has_mixer ? kinds::kResidualNorm : kinds::kInputNorm, n_ffn, parent);
          ffn(parent);
          norm("post_feedforward_layernorm", kinds::kPlainNorm, n_ffn, parent);
        }
        break;
      case NormLayout::kPost:
        if (has_mixer) {
          mixer(parent);
          norm("post_attention_layernorm", kinds::kPlainNorm, n, parent);
        }
        if (n_ffn > 0) {
          ffn(parent);
          norm("post_feedforward_layernorm", kinds::kPlainNorm, n_ffn, parent);
        }
        break;
      case NormLayout::kParallel:
        if (c_.norms_per_layer >= 2) {
          norm("ln_attn", kinds::kInputNorm, n, parent);
          norm("ln_mlp", kinds::kInputNorm, n, parent);
        } else {
          norm("input_layernorm", kinds::kInputNorm, n, parent);
        }
        if (has_mixer) mixer(parent);
        if (n_ffn > 0) ffn(parent);
        break;
    }
  }

 private:
  void norm(const std::string& name, const char* kind, int64_t count, int parent) {
    int id = b_.layer(name, count, parent, kind, id_, v_.first_layer);
    if (c_.norm_type == "layernorm") b_.at(id).note = "LayerNorm: the dataset has no LayerNorm Definition";
  }

  void mixer(int parent) {
    switch (v_.mixer) {
      case MixerKind::kFullAttention:
      case MixerKind::kSlidingAttention:
      case MixerKind::kChunkedAttention:
        if (v_.cross_attention) {
          softmax_attention(parent, true);
        } else if (c_.attention_type == AttentionType::kMla) {
          latent_attention(parent);
        } else {
          softmax_attention(parent, false);
        }
        break;
      case MixerKind::kLinearAttention: gated_delta_net(parent); break;
      case MixerKind::kMamba:
      case MixerKind::kMamba1: {
        b_.layer("mamba_mixer", v_.count, parent, kinds::kMambaMixer, id_, v_.first_layer);
        break;
      }
      case MixerKind::kNone: break;
      case MixerKind::kUnknown: {
        int id = b_.layer("mixer", v_.count, parent, kinds::kUnknownMixer, id_, v_.first_layer);
        b_.at(id).unsupported = true;
        b_.at(id).note = "layer kind '" + v_.raw_kind + "' is not in the family tables; no Definitions assigned";
        break;
      }
    }
  }

  void softmax_attention(int parent, bool cross) {
    const int64_t n = v_.count;
    const int64_t first = v_.first_layer;
    int ab = b_.block(cross ? t_.cross_attn_block : t_.attn_block, n, parent, id_, first);
    b_.layer("qkv_proj", n, ab, kinds::kQkvProj, id_, first);
    if (c_.qk_norm || cross) {  // mllama cross-attention always normalizes q and k per head
      b_.layer("q_norm", n, ab, kinds::kQNorm, id_, first);
      b_.layer("k_norm", n, ab, kinds::kKNorm, id_, first);
    }
    if (!cross && t_.rotary && v_.rotary && !c_.learned_position_embeddings) {
      b_.layer("rotary_emb", n, ab, kinds::kRotary, id_, first);
    }
    int attn = b_.layer("attn", n, ab, cross ? kinds::kCrossAttention : kinds::kGqaAttention, id_, first);
    std::string note;
    if (cross) note = "non-causal cross-attention over image tokens: the dataset has no Definition family for it";
    if (v_.mixer == MixerKind::kSlidingAttention) {
      note = "sliding window";
      if (c_.sliding_window > 0) note += " of " + std::to_string(c_.sliding_window) + " tokens";
      note += " (a run-time parameter of the same kernels)";
    }
    if (v_.mixer == MixerKind::kChunkedAttention) note = "chunked local attention (a run-time mask of the same kernels)";
    if (c_.attention_sinks) note += std::string(note.empty() ? "" : "; ") + "learned attention sinks per head";
    b_.at(attn).note = note;
    b_.layer("o_proj", n, ab, kinds::kOProj, id_, first);
  }

  void latent_attention(int parent) {
    const int64_t n = v_.count;
    const int64_t first = v_.first_layer;
    int ab = b_.block(t_.attn_block, n, parent, id_, first);
    const bool q_lora = !c_.mla || c_.mla->q_lora_rank > 0;
    if (q_lora) {
      b_.layer("fused_qkv_a_proj_with_mqa", n, ab, kinds::kMlaProjection, id_, first);
      b_.layer("q_a_layernorm", n, ab, kinds::kMlaQaNorm, id_, first);
      b_.layer("q_b_proj", n, ab, kinds::kMlaProjection, id_, first);
    } else {
      b_.layer("q_proj", n, ab, kinds::kMlaProjection, id_, first);
      b_.layer("kv_a_proj_with_mqa", n, ab, kinds::kMlaProjection, id_, first);
    }
    b_.layer("kv_a_layernorm", n, ab, kinds::kMlaKvaNorm, id_, first);
    b_.layer("kv_b_proj", n, ab, kinds::kMlaProjection, id_, first);
    b_.layer("rotary_emb", n, ab, kinds::kRotary, id_, first);
    if (t_.dsa) b_.layer("indexer", n, ab, kinds::kDsaIndexer, id_, first);
    b_.layer("attn_mla", n, ab, t_.dsa ? kinds::kDsaAttention : kinds::kMlaAttention, id_, first);
    b_.layer("o_proj", n, ab, kinds::kMlaProjection, id_, first);
  }

  void gated_delta_net(int parent) {
    const int64_t n = v_.count;
    const int64_t first = v_.first_layer;
    int ab = b_.block(t_.attn_block, n, parent, id_, first);
    for (const char* proj : {"q_proj", "k_proj", "v_proj", "gating_proj"}) {
      int id = b_.layer(proj, n, ab, kinds::kGdnProjection, id_, first);
      b_.at(id).note = "fused into in_proj_qkvz / in_proj_ba in SGLang; no gemm Definition assigned";
    }
    b_.layer("attn", n, ab, kinds::kGdnAttention, id_, first);
    b_.layer("o_proj", n, ab, kinds::kGdnOProj, id_, first);
  }

  void ffn(int parent) {
    const int64_t n_ffn = v_.dense_count + v_.moe_count;
    int fb = b_.block(t_.ffn_block, n_ffn, parent, id_, v_.dense_count > 0 ? v_.first_dense : v_.first_moe);
    const std::string moe_name = t_.moe_block.empty() ? "moe" : t_.moe_block;
    if (v_.dense_count > 0 && v_.moe_count > 0) {
      int db = b_.block("mlp_dense", v_.dense_count, fb, id_, v_.first_dense);
      dense(db, v_.dense_count, v_.first_dense);
      int mb = b_.block(moe_name, v_.moe_count, fb, id_, v_.first_moe);
      experts(mb, v_.moe_count, v_.first_moe);
    } else if (v_.moe_count > 0) {
      int mb = t_.moe_block.empty() ? fb : b_.block(moe_name, v_.moe_count, fb, id_, v_.first_moe);
      experts(mb, v_.moe_count, v_.first_moe);
    } else {
      dense(fb, v_.dense_count, v_.first_dense);
    }
  }

  void dense(int parent, int64_t n, int64_t first) {
    b_.layer(c_.gated_mlp ? "gate_up_proj" : "up_proj", n, parent, c_.gated_mlp ? kinds::kGateUpProj : kinds::kUpProj,
             id_, first);
    b_.layer("act_fn", n, parent, kinds::kActivation, id_, first);
    b_.layer("down_proj", n, parent, kinds::kDownProj, id_, first);
  }

  void experts(int parent, int64_t n, int64_t first) {
    b_.layer("moe_gate", n, parent, kinds::kMoeGate, id_, first);
    b_.layer("moe_topk", n, parent, kinds::kMoeTopk, id_, first);
    const int ex = b_.layer("moe_experts", n, parent, kinds::kMoeExperts, id_, first);
    if (!c_.moe) return;
    const MoeConfig& m = *c_.moe;
    if (m.expert_bias) b_.at(ex).note = "experts have biases, which the fused-MoE Definitions do not take";
    if (m.num_shared_experts <= 0 && m.shared_expert_intermediate_size <= 0) return;
    int sb = b_.block(t_.shared_block, n, parent, id_, first);
    b_.layer("gate_up_proj_shared", n, sb, kinds::kSharedGateUpProj, id_, first);
    b_.layer("act_fn_shared", n, sb, kinds::kActivation, id_, first);
    b_.layer("down_proj_shared", n, sb, kinds::kSharedDownProj, id_, first);
    if (m.shared_expert_gate) b_.layer("shared_expert_gate", n, sb, kinds::kSharedExpertGate, id_, first);
  }

  TreeBuilder& b_;
  const ModelConfig& c_;
  const FamilyTemplate& t_;
  const LayerVariant& v_;
  int id_;
};

// Final names: variant suffixes (per the family's policy), then a last guard against duplicates.
std::vector<std::string> resolve_names(const std::vector<ProtoModule>& protos, const std::vector<LayerVariant>& variants,
                                       VariantNaming policy) {
  std::vector<std::string> names(protos.size());
  // In how many distinct places (variants, or outside any variant = -1) each base name occurs.
  std::map<std::string, std::set<int>> places;
  for (const auto& p : protos) {
    if (!p.variant_root) places[p.base].insert(p.variant);
  }
  for (size_t i = 0; i < protos.size(); ++i) {
    const ProtoModule& p = protos[i];
    names[i] = p.base;
    if (p.variant < 0 || p.variant_root || variants.size() < 2) continue;
    const std::string& suffix = variants[static_cast<size_t>(p.variant)].suffix;
    if (suffix.empty()) continue;
    const bool collides = places[p.base].size() > 1;
    if (policy == VariantNaming::kSuffixAll || collides) names[i] += "_" + suffix;
  }
  std::set<std::string> used;
  for (auto& name : names) {
    if (used.count(name)) {
      int k = 2;
      while (used.count(name + "_" + std::to_string(k))) ++k;
      name += "_" + std::to_string(k);
    }
    used.insert(name);
  }
  return names;
}

}  // namespace

ModuleTree build_module_tree(const ModelConfig& config) {
  const FamilyTemplate* row = find_family_template(config);
  const FamilyTemplate generic = row ? FamilyTemplate{} : generic_family_template(config);
  const FamilyTemplate& t = row ? *row : generic;

  const std::vector<LayerSpec> layers = resolved_layers(config);
  std::vector<LayerVariant> variants = group_layer_variants(layers, config, t);

  TreeBuilder b;
  std::string root_name = !t.root_class.empty() ? t.root_class : config.architecture;
  if (root_name.empty()) root_name = t.decoder_layer_class + "ForCausalLM";
  const int root = b.block(root_name, 1, -1);
  if (!t.note.empty()) b.at(root).note = t.note;
  if (config.num_mtp_layers > 0) {
    std::string& note = b.at(root).note;
    note += std::string(note.empty() ? "" : "; ") + std::to_string(config.num_mtp_layers) +
            " multi-token-prediction (NextN) layer(s) outside num_hidden_layers are not listed";
  }
  if (!config.layers.empty() && config.num_layers != static_cast<int64_t>(config.layers.size())) {
    std::string& note = b.at(root).note;
    note += std::string(note.empty() ? "" : "; ") + "the config resolves " + std::to_string(config.layers.size()) +
            " layer kinds for num_hidden_layers = " + std::to_string(config.num_layers);
  }
  if (config.vision.present || config.multimodal) {
    int vt = b.layer("vision_tower", 1, root, kinds::kVisionTower);
    b.at(vt).unsupported = true;
    std::string what = config.vision.model_type.empty() ? "vision encoder" : config.vision.model_type;
    if (config.vision.num_layers > 0) what += " (" + std::to_string(config.vision.num_layers) + " layers)";
    b.at(vt).note = what + " and projector are not broken down; the dataset defines no vision kernels";
  }
  const int model = t.model_class.empty() ? root : b.block(t.model_class, 1, root);
  b.layer("embed_tokens", 1, model, kinds::kEmbedding);
  if (config.learned_position_embeddings) b.layer("embed_positions", 1, model, kinds::kPositionEmbedding);
  const int layers_parent = t.layers_block.empty() || layers.empty()
                                ? model
                                : b.block(t.layers_block, static_cast<int64_t>(layers.size()), model);

  for (size_t vi = 0; vi < variants.size(); ++vi) {
    const LayerVariant& v = variants[vi];
    const int dl = b.block(v.block, v.count, layers_parent, static_cast<int>(vi), v.first_layer);
    b.at(dl).variant_root = true;
    if (!row) {
      b.at(dl).unsupported = true;
      b.at(dl).note = t.note;
    }
    if (v.mixer == MixerKind::kUnknown) {
      b.at(dl).unsupported = true;
      std::string& note = b.at(dl).note;
      note += std::string(note.empty() ? "" : "; ") + "layer kind '" + v.raw_kind + "' is not in the family tables";
    }
    DecoderLayerBuilder(b, config, t, v, static_cast<int>(vi)).build(dl);
  }

  const int final_norm = b.layer("norm", 1, model, kinds::kFinalNorm);
  if (config.norm_type == "layernorm") b.at(final_norm).note = "LayerNorm: the dataset has no LayerNorm Definition";
  b.layer("lm_head", 1, root, kinds::kLmHead);

  const auto& protos = b.protos();
  const std::vector<std::string> names = resolve_names(protos, variants, t.variant_naming);
  ModuleTree tree;
  tree.family = t.family;
  tree.modules.reserve(protos.size());
  for (size_t i = 0; i < protos.size(); ++i) {
    const ProtoModule& p = protos[i];
    Module m;
    m.name = names[i];
    m.count = p.count;
    m.parent = p.parent < 0 ? "" : names[static_cast<size_t>(p.parent)];
    m.type = p.type;
    m.kind = p.kind;
    m.first_layer = p.first_layer;
    m.unsupported = p.unsupported;
    m.note = p.note;
    tree.modules.push_back(std::move(m));
  }
  return tree;
}

}  // namespace hfmi

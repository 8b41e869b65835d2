#include "arch/layer_variants.hpp"

#include <cctype>
#include <cstdint>
#include <set>
#include <tuple>

#include "registry/mixer_traits.hpp"

namespace hfmi {
namespace {

int64_t effective_kv(const LayerSpec& s, const ModelConfig& c) { return s.num_kv_heads > 0 ? s.num_kv_heads : c.num_kv_heads; }

int64_t effective_width(const LayerSpec& s, const ModelConfig& c) {
  if (s.ffn != FfnKind::kDense) return 0;
  return s.intermediate_size > 0 ? s.intermediate_size : c.intermediate_size;
}

// Letters and digits of `raw`, the rest as '_' (class names and keys must stay identifiers).
std::string identifier(const std::string& raw) {
  std::string out;
  for (char ch : raw) {
    out += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  }
  return out.empty() ? "unknown" : out;
}

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

bool same_key(const LayerVariant& v, const LayerSpec& s, const ModelConfig& c, bool per_layer) {
  if (v.mixer != s.mixer || v.cross_attention != s.cross_attention) return false;
  if (s.mixer == MixerKind::kUnknown && v.raw_kind != s.raw_kind) return false;
  if (!per_layer) return true;
  const int64_t kv = s.mixer == MixerKind::kNone ? 0 : effective_kv(s, c);
  return v.num_kv_heads == kv && v.ffn == s.ffn && v.intermediate_size == effective_width(s, c);
}

const VariantStyle* find_style(const FamilyTemplate& t, const LayerVariant& v) {
  for (const auto& style : t.variants) {
    if (style.mixer == v.mixer && style.cross_attention == v.cross_attention) return &style;
  }
  return nullptr;
}

// DeciLM-style names: the mixer and the FFN width, e.g. "_Attn_I28672" / "attn_i28672".
void name_per_layer_variant(LayerVariant& v, const std::vector<LayerVariant>& all, const FamilyTemplate& t) {
  std::set<int64_t> kv_values;
  for (const auto& o : all) {
    if (o.mixer != MixerKind::kNone) kv_values.insert(o.num_kv_heads);
  }
  std::string mixer;
  switch (v.mixer) {
    case MixerKind::kNone: mixer = "NoAttn"; break;
    case MixerKind::kUnknown: mixer = identifier(v.raw_kind); break;
    case MixerKind::kMamba:
    case MixerKind::kMamba1: mixer = "Mamba"; break;
    case MixerKind::kLinearAttention: mixer = "Linear"; break;
    case MixerKind::kFullAttention:
    case MixerKind::kSlidingAttention:
    case MixerKind::kChunkedAttention:
      mixer = "Attn";
      if (kv_values.size() > 1) mixer += "Kv" + std::to_string(v.num_kv_heads);
      break;
  }
  std::string ffn;
  switch (v.ffn) {
    case FfnKind::kNone: ffn = "NoFfn"; break;
    case FfnKind::kMoe: ffn = "Moe"; break;
    case FfnKind::kDense: ffn = "I" + std::to_string(v.intermediate_size); break;
  }
  v.block = t.decoder_layer_class + "_" + mixer + "_" + ffn;
  v.suffix = lower(mixer + "_" + ffn);
}

void name_variant(LayerVariant& v, const FamilyTemplate& t) {
  if (const VariantStyle* style = find_style(t, v)) {
    v.block = (!style->block.empty() && style->block[0] == '_') ? t.decoder_layer_class + style->block : style->block;
    v.suffix = style->suffix;
    v.rotary = style->rotary;
    return;
  }
  const MixerTraits& traits = mixer_traits(v.mixer);  // default variant names live in the mixer-traits table
  v.block = t.decoder_layer_class + traits.variant_block;
  v.suffix = traits.variant_suffix;
  if (v.cross_attention) {
    v.block = t.decoder_layer_class + "_Cross";
    v.suffix = "cross";
  }
  if (v.mixer == MixerKind::kUnknown && !v.raw_kind.empty()) {
    v.block = t.decoder_layer_class + "_" + identifier(v.raw_kind);
    v.suffix = lower(identifier(v.raw_kind));
  }
}

}  // namespace

std::vector<LayerSpec> resolved_layers(const ModelConfig& config) {
  if (!config.layers.empty()) return config.layers;
  std::vector<LayerSpec> layers;
  const int64_t n = config.num_layers > 0 && config.num_layers <= 100000 ? config.num_layers : 0;
  layers.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    LayerSpec s;
    s.mixer = MixerKind::kFullAttention;
    s.ffn = config.moe ? FfnKind::kMoe : FfnKind::kDense;
    s.raw_kind = "full_attention";
    s.intermediate_size = config.intermediate_size;
    s.num_kv_heads = config.num_kv_heads;
    layers.push_back(s);
  }
  return layers;
}

std::vector<LayerVariant> group_layer_variants(const std::vector<LayerSpec>& layers, const ModelConfig& config,
                                               const FamilyTemplate& family) {
  const bool per_layer = family.per_layer_widths;
  std::vector<LayerVariant> found;  // in order of first appearance
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& s = layers[i];
    LayerVariant* v = nullptr;
    for (auto& candidate : found) {
      if (same_key(candidate, s, config, per_layer)) {
        v = &candidate;
        break;
      }
    }
    if (!v) {
      LayerVariant nv;
      nv.mixer = s.mixer;
      nv.cross_attention = s.cross_attention;
      if (s.mixer == MixerKind::kUnknown) nv.raw_kind = s.raw_kind;
      if (per_layer) {
        nv.num_kv_heads = s.mixer == MixerKind::kNone ? 0 : effective_kv(s, config);
        nv.ffn = s.ffn;
        nv.intermediate_size = effective_width(s, config);
      }
      nv.first_layer = static_cast<int64_t>(i);
      found.push_back(nv);
      v = &found.back();
    }
    ++v->count;
    if (s.ffn == FfnKind::kDense) {
      if (v->dense_count++ == 0) v->first_dense = static_cast<int64_t>(i);
    } else if (s.ffn == FfnKind::kMoe) {
      if (v->moe_count++ == 0) v->first_moe = static_cast<int64_t>(i);
    }
  }

  // Order: the template's variant list first (as in the dataset entries), then first appearance.
  std::vector<LayerVariant> ordered;
  std::vector<uint8_t> taken(found.size(), false);
  for (const auto& style : family.variants) {
    for (size_t i = 0; i < found.size(); ++i) {
      if (!taken[i] && found[i].mixer == style.mixer && found[i].cross_attention == style.cross_attention) {
        ordered.push_back(found[i]);
        taken[i] = true;
      }
    }
  }
  for (size_t i = 0; i < found.size(); ++i) {
    if (!taken[i]) ordered.push_back(found[i]);
  }

  if (ordered.size() == 1) {
    ordered[0].block = family.decoder_layer_class;
    ordered[0].suffix = "";
    if (const VariantStyle* style = find_style(family, ordered[0])) ordered[0].rotary = style->rotary;
    return ordered;
  }
  for (auto& v : ordered) {
    if (per_layer) {
      name_per_layer_variant(v, ordered, family);
    } else {
      name_variant(v, family);
    }
  }
  return ordered;
}

}  // namespace hfmi

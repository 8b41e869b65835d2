#include "config/layer_patterns.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "registry/mixer_traits.hpp"

namespace hfmi {
namespace {

// The config's own words for a layer mixer (layer_types entries).
struct MixerWord {
  const char* word;
  MixerKind mixer;
};
const MixerWord kMixerWords[] = {
    {"full_attention", MixerKind::kFullAttention},   {"attention", MixerKind::kFullAttention},
    {"global", MixerKind::kFullAttention},           {"global_attention", MixerKind::kFullAttention},
    {"sliding_attention", MixerKind::kSlidingAttention}, {"local", MixerKind::kSlidingAttention},
    {"local_attention", MixerKind::kSlidingAttention},   {"chunked_attention", MixerKind::kChunkedAttention},
    {"linear_attention", MixerKind::kLinearAttention},   {"mamba", MixerKind::kMamba},
    {"mamba2", MixerKind::kMamba},
};

// hybrid_override_pattern characters (Nemotron-H): one character per decoder layer.
struct PatternChar {
  char c;
  MixerKind mixer;
  FfnKind ffn;
};
const PatternChar kPatternChars[] = {
    {'M', MixerKind::kMamba, FfnKind::kNone},          // Mamba2 mixer block
    {'*', MixerKind::kFullAttention, FfnKind::kNone},  // attention block
    {'-', MixerKind::kNone, FfnKind::kDense},          // MLP-only block
    {'E', MixerKind::kNone, FfnKind::kMoe},            // MoE-only block (Nemotron-H MoE variants)
};

// Which layers carry routed experts; every rule whose key is present must agree.
struct MoePlacementRule {
  const char* field;
  bool (*is_moe)(int64_t layer, const FieldValues& v);
};
const MoePlacementRule kMoePlacement[] = {
    {"first_k_dense_replace", [](int64_t i, const FieldValues& v) { return i >= v.count("first_k_dense_replace"); }},
    {"moe_layer_freq",
     [](int64_t i, const FieldValues& v) {
       const auto list = v.counts("moe_layer_freq");  // MiMo-V2-Flash: one 0/1 per layer
       if (!list.empty()) return i < static_cast<int64_t>(list.size()) && list[i] != 0;
       return i % v.count("moe_layer_freq", 1) == 0;
     }},
    {"decoder_sparse_step",
     [](int64_t i, const FieldValues& v) { return (i + 1) % v.count("decoder_sparse_step", 1) == 0; }},
    {"interleave_moe_layer_step",
     [](int64_t i, const FieldValues& v) { return (i + 1) % v.count("interleave_moe_layer_step", 1) == 0; }},
    {"moe_layer_start_index",  // ERNIE 4.5: experts from start to end (-1: the last layer), every interval-th
     [](int64_t i, const FieldValues& v) {
       const int64_t start = v.count("moe_layer_start_index", 0);
       const double end = v.number("moe_layer_end_index", -1);
       if (i < start || (end >= 0 && static_cast<double>(i) > end)) return false;
       return (i - start) % v.count("moe_layer_interval", 1) == 0;
     }},
    {"expert_layer_period",  // Jamba: experts where i % expert_layer_period == expert_layer_offset
     [](int64_t i, const FieldValues& v) {
       return i % v.count("expert_layer_period", 1) == v.count("expert_layer_offset", 0);
     }},
    {"mlp_only_layers",
     [](int64_t i, const FieldValues& v) {
       const auto list = v.counts("mlp_only_layers");
       return std::find(list.begin(), list.end(), i) == list.end();
     }},
};

Error length_error(const std::string& what, size_t got, int64_t want, const std::string& path) {
  return make_error(codes::kBadConfig,
                    what + " has " + std::to_string(got) + " entries but the model has " + std::to_string(want) +
                        " layers",
                    path);
}

std::string mixer_source(const FieldValues& v, const char* field) {
  const std::string s = v.source(field);
  return s.rfind("config:", 0) == 0 ? s : "derived:" + std::string(field) + " (" + s + ")";
}

// ---- mixer sources, each returns true when it applied

Result<bool> apply_block_configs(const FieldValues& v, const ModelConfig& cfg, LayerPlan& plan) {
  const Json* blocks = v.raw("block_configs");
  if (!blocks) return false;
  const std::string base = v.path("block_configs");
  if (static_cast<int64_t>(blocks->size()) != cfg.num_layers) {
    return length_error("block_configs", blocks->size(), cfg.num_layers, base);
  }
  for (size_t i = 0; i < blocks->size(); ++i) {
    const std::string p = base + "[" + std::to_string(i) + "]";
    const Json& b = (*blocks)[i];
    if (!b.is_object()) return make_error(codes::kBadConfig, "expected an object", p);
    LayerSpec& L = plan.layers[i];
    // attention
    const auto att = b.find("attention");
    if (att == b.end() || !att->is_object()) return make_error(codes::kBadConfig, "expected an object", p + ".attention");
    auto flag = [](const Json& o, const char* k) {
      const auto it = o.find(k);
      return it != o.end() && it->is_boolean() && it->get<bool>();
    };
    if (flag(*att, "no_op")) {
      L.mixer = MixerKind::kNone;
      L.num_kv_heads = 0;
      L.raw_kind = "attention:no_op";
    } else if (flag(*att, "replace_with_linear")) {
      L.mixer = MixerKind::kUnknown;
      L.num_kv_heads = 0;
      L.raw_kind = "attention:replace_with_linear";
    } else {
      const auto g = att->find("n_heads_in_group");
      const std::string gp = p + ".attention.n_heads_in_group";
      if (g == att->end() || g->is_null()) return make_error(codes::kBadConfig, "missing n_heads_in_group", gp);
      auto group = check_count(*g, 1, caps::kHeads, gp);
      if (!group) return group.error();
      if (cfg.num_heads % group.value() != 0) {
        return make_error(codes::kBadConfig,
                          "n_heads_in_group " + std::to_string(group.value()) + " does not divide " +
                              std::to_string(cfg.num_heads) + " heads",
                          gp);
      }
      L.mixer = MixerKind::kFullAttention;
      L.num_kv_heads = cfg.num_heads / group.value();
      L.raw_kind = "attention";
      const auto w = att->find("window_length");
      if (w != att->end() && !w->is_null()) {
        auto window = check_count(*w, 1, caps::kPositions, p + ".attention.window_length");
        if (!window) return window.error();
        L.mixer = MixerKind::kSlidingAttention;
        L.sliding_window = window.value();
      }
    }
    // ffn
    const auto ffn = b.find("ffn");
    if (ffn == b.end() || !ffn->is_object()) return make_error(codes::kBadConfig, "expected an object", p + ".ffn");
    if (flag(*ffn, "no_op")) {
      L.ffn = FfnKind::kNone;
      L.intermediate_size = 0;
      L.raw_kind += "+ffn:no_op";
    } else if (flag(*ffn, "replace_with_linear")) {
      L.ffn = FfnKind::kNone;
      L.intermediate_size = 0;
      L.raw_kind += "+ffn:replace_with_linear";
      plan.warnings.push_back("layer " + std::to_string(i) + ": ffn replaced with a linear layer (not counted)");
    } else {
      const std::string mp = p + ".ffn.ffn_mult";
      const auto m = ffn->find("ffn_mult");
      const auto explicit_size = ffn->find("intermediate_size");
      if (explicit_size != ffn->end() && !explicit_size->is_null()) {
        auto n = check_count(*explicit_size, 1, caps::kIntermediate, p + ".ffn.intermediate_size");
        if (!n) return n.error();
        L.intermediate_size = n.value();
      } else {
        if (m == ffn->end() || m->is_null()) return make_error(codes::kBadConfig, "missing ffn_mult", mp);
        if (m->is_boolean() || !m->is_number()) return make_error(codes::kBadConfig, "expected a number", mp);
        const double mult = m->get<double>();
        if (!std::isfinite(mult) || mult <= 0 || mult > 1000) {
          return make_error(codes::kBadConfig, "ffn_mult must be in (0, 1000]", mp);
        }
        L.intermediate_size = decilm_intermediate_size(mult, cfg.hidden_size);
      }
      L.ffn = FfnKind::kDense;
      L.raw_kind += "+ffn";
    }
  }
  plan.mixer_source = "config:" + base;
  plan.ffn_source = "config:" + base;
  return true;
}

Result<bool> apply_hybrid_pattern(const FieldValues& v, const ModelConfig& cfg, LayerPlan& plan) {
  if (!v.has("hybrid_override_pattern")) return false;
  const std::string pattern = v.text("hybrid_override_pattern");
  const std::string path = v.path("hybrid_override_pattern");
  if (static_cast<int64_t>(pattern.size()) != cfg.num_layers) {
    return length_error("hybrid_override_pattern", pattern.size(), cfg.num_layers, path);
  }
  for (size_t i = 0; i < pattern.size(); ++i) {
    LayerSpec& L = plan.layers[i];
    L.raw_kind = std::string(1, pattern[i]);
    const auto* row = std::find_if(std::begin(kPatternChars), std::end(kPatternChars),
                                   [&](const PatternChar& pc) { return pc.c == pattern[i]; });
    if (row == std::end(kPatternChars)) {
      L.mixer = MixerKind::kUnknown;
      L.ffn = FfnKind::kNone;
      plan.warnings.push_back("layer " + std::to_string(i) + ": unknown hybrid pattern character '" + L.raw_kind + "'");
      continue;
    }
    L.mixer = row->mixer;
    L.ffn = row->ffn;
  }
  plan.mixer_source = mixer_source(v, "hybrid_override_pattern");
  plan.ffn_source = plan.mixer_source;
  return true;
}

Result<bool> apply_layer_types(const FieldValues& v, const ModelConfig& cfg, LayerPlan& plan) {
  if (!v.has("layer_types")) return false;
  const auto types = v.strings("layer_types");
  const std::string path = v.path("layer_types");
  if (static_cast<int64_t>(types.size()) != cfg.num_layers) {
    return length_error("layer_types", types.size(), cfg.num_layers, path);
  }
  for (size_t i = 0; i < types.size(); ++i) {
    LayerSpec& L = plan.layers[i];
    L.raw_kind = types[i];
    const auto* row = std::find_if(std::begin(kMixerWords), std::end(kMixerWords),
                                   [&](const MixerWord& w) { return types[i] == w.word; });
    if (row == std::end(kMixerWords)) {
      L.mixer = MixerKind::kUnknown;
      plan.warnings.push_back("layer " + std::to_string(i) + ": unknown layer type \"" + types[i] + "\"");
    } else {
      L.mixer = row->mixer;
    }
  }
  plan.mixer_source = mixer_source(v, "layer_types");
  return true;
}

Result<bool> apply_dialect_mixer(const FieldValues& v, const Dialect& d, const ModelConfig& cfg, LayerPlan& plan) {
  switch (d.mixer) {
    case MixerRule::kAttention:
    case MixerRule::kFullAttentionEvery: break;
    case MixerRule::kChunkedEveryNthGlobal: {
      if (!v.has("attention_chunk_size")) return false;
      for (int64_t i = 0; i < cfg.num_layers; ++i) {
        const bool global = (i + 1) % 4 == 0;  // Llama4TextConfig no_rope_layers default: every 4th layer NoPE
        plan.layers[i].mixer = global ? MixerKind::kFullAttention : MixerKind::kChunkedAttention;
        plan.layers[i].raw_kind = global ? "full_attention" : "chunked_attention";
        if (!global) plan.layers[i].sliding_window = v.count("attention_chunk_size");
      }
      plan.mixer_source = "derived:attention_chunk_size (every 4th layer global, " + std::string(d.defaults_class) + ")";
      return true;
    }
    case MixerRule::kHybridLayerPattern: {
      if (!v.has("hybrid_layer_pattern")) return false;
      const auto list = v.counts("hybrid_layer_pattern");
      if (static_cast<int64_t>(list.size()) != cfg.num_layers) {
        return length_error("hybrid_layer_pattern", list.size(), cfg.num_layers, v.path("hybrid_layer_pattern"));
      }
      for (int64_t i = 0; i < cfg.num_layers; ++i) {
        const bool sliding = list[i] == 1;
        plan.layers[i].mixer = sliding ? MixerKind::kSlidingAttention : MixerKind::kFullAttention;
        plan.layers[i].raw_kind = sliding ? "sliding_attention" : "full_attention";
        if (sliding && v.has("swa_num_key_value_heads")) plan.layers[i].num_kv_heads = v.count("swa_num_key_value_heads");
      }
      plan.mixer_source = mixer_source(v, "hybrid_layer_pattern");
      return true;
    }
    case MixerRule::kRecurrent:
      for (int64_t i = 0; i < cfg.num_layers; ++i) {
        plan.layers[i].mixer = MixerKind::kUnknown;
        plan.layers[i].raw_kind = d.family;
      }
      plan.mixer_source = std::string("derived:every layer a ") + d.family + " recurrent mixer";
      return true;
    case MixerRule::kMamba2UnlessTyped:  // layer_types, when present, was applied before the dialect's rule
      for (int64_t i = 0; i < cfg.num_layers; ++i) {
        plan.layers[i].mixer = MixerKind::kMamba;
        plan.layers[i].raw_kind = "mamba";
      }
      plan.mixer_source = std::string("derived:no layer_types, every layer Mamba2 (") + d.defaults_class + ")";
      return true;
    case MixerRule::kAttentionAtIndices: {
      const auto list = v.counts("attn_layer_indices");  // absent: no attention layer (BambaConfig)
      for (size_t k = 0; k < list.size(); ++k) {
        if (list[k] >= cfg.num_layers) {
          return make_error(codes::kBadConfig,
                            "layer index " + std::to_string(list[k]) + " is beyond " +
                                std::to_string(cfg.num_layers) + " layers",
                            v.path("attn_layer_indices") + "[" + std::to_string(k) + "]");
        }
      }
      for (int64_t i = 0; i < cfg.num_layers; ++i) {
        const bool attention = std::find(list.begin(), list.end(), i) != list.end();
        plan.layers[i].mixer = attention ? MixerKind::kFullAttention : MixerKind::kMamba;
        plan.layers[i].raw_kind = attention ? "attention" : "mamba";
      }
      plan.mixer_source = v.has("attn_layer_indices")
                              ? mixer_source(v, "attn_layer_indices")
                              : std::string("derived:no attn_layer_indices, every layer Mamba2 (") + d.defaults_class + ")";
      return true;
    }
    case MixerRule::kPeriodicAttention: {
      if (!v.has("attn_layer_period")) return false;
      const int64_t period = v.count("attn_layer_period", 1);
      const int64_t offset = v.count("attn_layer_offset", 0);
      for (int64_t i = 0; i < cfg.num_layers; ++i) {
        const bool attention = i % period == offset;
        plan.layers[i].mixer = attention ? MixerKind::kFullAttention : MixerKind::kMamba1;
        plan.layers[i].raw_kind = attention ? "attention" : "mamba1";
      }
      plan.mixer_source = "derived:attn_layer_period,attn_layer_offset (" + v.source("attn_layer_period") + ")";
      return true;
    }
    case MixerRule::kParallelHybrid:
      for (int64_t i = 0; i < cfg.num_layers; ++i) {
        plan.layers[i].mixer = MixerKind::kUnknown;  // attention + Mamba2 in one layer: no single kind fits
        plan.layers[i].raw_kind = "attention+mamba2";
      }
      plan.mixer_source = std::string("derived:every layer attention and Mamba2 in parallel (") + d.defaults_class + ")";
      return true;
    case MixerRule::kMamba1Only:
    case MixerRule::kMamba2Only: {
      const bool v2 = d.mixer == MixerRule::kMamba2Only;
      for (int64_t i = 0; i < cfg.num_layers; ++i) {
        plan.layers[i].mixer = v2 ? MixerKind::kMamba : MixerKind::kMamba1;
        plan.layers[i].raw_kind = v2 ? "mamba2" : "mamba1";
        plan.layers[i].ffn = FfnKind::kNone;
      }
      plan.mixer_source = std::string("derived:every layer a ") + (v2 ? "Mamba2" : "Mamba (v1)") + " mixer, no FFN (" +
                          d.defaults_class + ")";
      return true;
    }
  }
  if (d.mixer != MixerRule::kFullAttentionEvery) return false;
  const int64_t every = v.count("full_attention_interval", 1);
  for (int64_t i = 0; i < cfg.num_layers; ++i) {
    const bool full = (i + 1) % every == 0;
    plan.layers[i].mixer = full ? MixerKind::kFullAttention : MixerKind::kLinearAttention;
    plan.layers[i].raw_kind = full ? "full_attention" : "linear_attention";
  }
  plan.mixer_source = mixer_source(v, "full_attention_interval");
  return true;
}

void apply_sliding_rule(const FieldValues& v, const Dialect& d, const ModelConfig& cfg, LayerPlan& plan) {
  plan.mixer_source = "derived:all layers full attention";
  if (cfg.sliding_window <= 0) return;
  std::string pattern;  // kEveryNthFull: "LLLG" (L local (sliding), G global), repeated over the layers
  int64_t n = 0;  // kEveryNthFull without a pattern: every nth layer is full; kAfterMaxWindow: the first sliding layer
  switch (d.sliding) {
    case SlidingRule::kNone:
      return;
    case SlidingRule::kAllLayers:
      plan.mixer_source = "derived:sliding_window (every layer)";
      break;
    case SlidingRule::kAlternate:
      plan.mixer_source = "derived:alternating sliding/full (" + std::string(d.defaults_class) + ")";
      break;
    case SlidingRule::kEveryNthFull: {
      const Json* p = v.raw("sliding_window_pattern");
      if (p && p->is_string()) {
        pattern = p->get<std::string>();
        if (pattern.empty()) return;
        plan.mixer_source = mixer_source(v, "sliding_window_pattern");
        break;
      }
      n = v.has("sliding_window_pattern") ? v.count("sliding_window_pattern") : d.every_nth_full;
      if (n <= 0) return;
      plan.mixer_source = v.has("sliding_window_pattern")
                              ? mixer_source(v, "sliding_window_pattern")
                              : "derived:every " + std::to_string(n) + "th layer full (" + d.defaults_class + ")";
      break;
    }
    case SlidingRule::kAfterMaxWindow: {
      if (!v.flag("use_sliding_window")) return;
      n = v.count("max_window_layers");
      plan.mixer_source = "derived:use_sliding_window,max_window_layers";
      break;
    }
  }
  // Whether layer i slides (a plain switch: no std::function, whose type erasure costs the browser core code).
  const auto sliding = [&](int64_t i) {
    switch (d.sliding) {
      case SlidingRule::kNone:
        return false;
      case SlidingRule::kAllLayers:
        return true;
      case SlidingRule::kAlternate:
        return i % 2 == 0;
      case SlidingRule::kEveryNthFull:
        return pattern.empty() ? (i + 1) % n != 0 : pattern[static_cast<size_t>(i) % pattern.size()] != 'G';
      case SlidingRule::kAfterMaxWindow:
        return i >= n;
    }
    return false;
  };
  for (int64_t i = 0; i < cfg.num_layers; ++i) {
    const bool s = sliding(i);
    plan.layers[i].mixer = s ? MixerKind::kSlidingAttention : MixerKind::kFullAttention;
    plan.layers[i].raw_kind = s ? "sliding_attention" : "full_attention";
  }
}

void apply_moe_placement(const FieldValues& v, const ModelConfig& cfg, LayerPlan& plan) {
  std::string used;
  for (const auto& rule : kMoePlacement) {
    if (!v.has(rule.field)) continue;
    used += used.empty() ? "" : ",";
    used += rule.field;
  }
  for (int64_t i = 0; i < cfg.num_layers; ++i) {
    bool moe = true;
    for (const auto& rule : kMoePlacement) {
      if (v.has(rule.field) && !rule.is_moe(i, v)) moe = false;
    }
    plan.layers[i].ffn = moe ? FfnKind::kMoe : FfnKind::kDense;
  }
  plan.ffn_source = used.empty() ? "derived:num_experts (every layer MoE)" : "derived:" + used;
}

Result<bool> apply_cross_attention(const FieldValues& v, const ModelConfig& cfg, LayerPlan& plan) {
  if (!v.has("cross_attention_layers")) return false;
  const auto list = v.counts("cross_attention_layers");
  const std::string path = v.path("cross_attention_layers");
  for (size_t k = 0; k < list.size(); ++k) {
    if (list[k] >= cfg.num_layers) {
      return make_error(codes::kBadConfig,
                        "layer index " + std::to_string(list[k]) + " is beyond " + std::to_string(cfg.num_layers) +
                            " layers",
                        path + "[" + std::to_string(k) + "]");
    }
    plan.layers[list[k]].cross_attention = true;
    plan.layers[list[k]].raw_kind = "cross_attention";
  }
  return true;
}

}  // namespace

int64_t decilm_intermediate_size(double ffn_mult, int64_t hidden_size) {
  const int64_t size = static_cast<int64_t>(2.0 * ffn_mult * static_cast<double>(hidden_size) / 3.0);
  constexpr int64_t kMultiple = 256;
  return size % kMultiple == 0 ? size : size + kMultiple - size % kMultiple;
}

Result<LayerPlan> resolve_layers(const FieldValues& v, const Dialect& d, const ModelConfig& cfg) {
  LayerPlan plan;
  LayerSpec base;
  base.num_kv_heads = cfg.num_kv_heads;
  base.intermediate_size = cfg.intermediate_size;
  base.raw_kind = "full_attention";
  plan.layers.assign(static_cast<size_t>(cfg.num_layers), base);

  // mlp_only_layers indices must name real layers.
  if (v.has("mlp_only_layers")) {
    const auto list = v.counts("mlp_only_layers");
    for (size_t k = 0; k < list.size(); ++k) {
      if (list[k] >= cfg.num_layers) {
        return make_error(codes::kBadConfig,
                          "layer index " + std::to_string(list[k]) + " is beyond " + std::to_string(cfg.num_layers) +
                              " layers",
                          v.path("mlp_only_layers") + "[" + std::to_string(k) + "]");
      }
    }
  }

  bool ffn_fixed = false;
  auto blocks = apply_block_configs(v, cfg, plan);
  if (!blocks) return blocks.error();
  if (blocks.value()) {
    ffn_fixed = true;
  } else {
    auto hybrid = apply_hybrid_pattern(v, cfg, plan);
    if (!hybrid) return hybrid.error();
    if (hybrid.value()) {
      ffn_fixed = true;
    } else {
      auto types = apply_layer_types(v, cfg, plan);
      if (!types) return types.error();
      if (!types.value()) {
        auto rule = apply_dialect_mixer(v, d, cfg, plan);
        if (!rule) return rule.error();
        if (!rule.value()) apply_sliding_rule(v, d, cfg, plan);
        if (rule.value() && (d.mixer == MixerRule::kMamba1Only || d.mixer == MixerRule::kMamba2Only)) {
          ffn_fixed = true;
          plan.ffn_source = plan.mixer_source;
        }
      }
    }
  }

  if (!ffn_fixed) {
    if (cfg.moe && cfg.moe->num_experts > 0) {
      apply_moe_placement(v, cfg, plan);
    } else {
      plan.ffn_source = "derived:dense (no routed experts)";
    }
  }
  auto cross = apply_cross_attention(v, cfg, plan);
  if (!cross) return cross.error();

  for (LayerSpec& L : plan.layers) {
    if (L.mixer == MixerKind::kSlidingAttention && L.sliding_window == 0) L.sliding_window = cfg.sliding_window;
    if (!ffn_fixed) {
      L.intermediate_size = L.ffn == FfnKind::kMoe ? (cfg.moe ? cfg.moe->moe_intermediate_size : 0)
                                                   : cfg.intermediate_size;
    } else if (L.ffn == FfnKind::kMoe) {
      L.intermediate_size = cfg.moe ? cfg.moe->moe_intermediate_size : 0;
    } else if (L.ffn == FfnKind::kDense && L.intermediate_size == 0) {
      L.intermediate_size = cfg.intermediate_size;
    }
    if (L.ffn == FfnKind::kNone) L.intermediate_size = 0;
    if (!is_attention(L.mixer)) L.num_kv_heads = 0;  // per-layer invariant, fixed here once
  }
  return plan;
}

}  // namespace hfmi

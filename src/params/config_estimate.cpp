#include "params/config_estimate.hpp"

#include <algorithm>
#include <limits>

#include "registry/mixer_traits.hpp"

namespace hfmi {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Saturating arithmetic: configs are capped, but products of caps can still exceed int64.
struct Arith {
  bool overflow = false;
  int64_t mul(int64_t a, int64_t b) {
    int64_t r = 0;
    if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &r)) {
      overflow = true;
      return kMax;
    }
    return r;
  }
  int64_t mul(std::initializer_list<int64_t> xs) {
    int64_t r = 1;
    for (int64_t x : xs) r = mul(r, x);
    return r;
  }
  int64_t add(int64_t a, int64_t b) {
    int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) {
      overflow = true;
      return kMax;
    }
    return r;
  }
};

struct Tally {
  Arith& a;
  std::map<std::string, int64_t>& parts;
  void add(const char* component, int64_t n) {
    if (n == 0) return;
    parts[component] = a.add(parts[component], n);
  }
};

// ---- mixers

int64_t mla_params(const ModelConfig& c, Arith& a) {
  const MlaConfig& m = *c.mla;
  const int64_t h = c.hidden_size, H = c.num_heads;
  const int64_t qk = m.qk_nope_head_dim + m.qk_rope_head_dim;
  int64_t n = 0;
  if (m.q_lora_rank > 0) {
    n = a.add(n, a.mul(h, m.q_lora_rank));                // q_a_proj
    n = a.add(n, m.q_lora_rank);                          // q_a_layernorm
    n = a.add(n, a.mul({m.q_lora_rank, H, qk}));          // q_b_proj
  } else {
    n = a.add(n, a.mul({h, H, qk}));                      // q_proj
  }
  n = a.add(n, a.mul(h, m.kv_lora_rank + m.qk_rope_head_dim));                   // kv_a_proj_with_mqa
  n = a.add(n, m.kv_lora_rank);                                                   // kv_a_layernorm
  n = a.add(n, a.mul({m.kv_lora_rank, H, m.qk_nope_head_dim + m.v_head_dim}));    // kv_b_proj
  n = a.add(n, a.mul({H, m.v_head_dim, h}));                                      // o_proj
  if (c.attention_bias) n = a.add(n, h);
  if (c.index_n_heads > 0 && c.index_head_dim > 0) {  // DeepSeek-V3.2 lightning indexer
    const int64_t q_in = m.q_lora_rank > 0 ? m.q_lora_rank : h;
    n = a.add(n, a.mul({q_in, c.index_n_heads, c.index_head_dim}));  // wq_b
    n = a.add(n, a.mul(h, c.index_head_dim));                          // wk
    n = a.add(n, 2 * c.index_head_dim);                                // k_norm (LayerNorm weight + bias)
    n = a.add(n, a.mul(h, c.index_n_heads));                           // weights_proj
  }
  return n;
}

int64_t attention_params(const ModelConfig& c, const LayerSpec& L, Arith& a) {
  if (c.mla) return mla_params(c, a);
  const int64_t h = c.hidden_size, d = c.head_dim, H = c.num_heads;
  const int64_t K = L.num_kv_heads > 0 ? L.num_kv_heads : c.num_kv_heads;
  const int64_t q_out = a.mul({H, d, c.attention_output_gate ? 2 : 1});
  const int64_t kv_out = a.mul(K, d);
  int64_t n = a.mul(h, q_out);
  n = a.add(n, a.mul({2, h, kv_out}));
  n = a.add(n, a.mul({H, d, h}));
  if (c.attention_bias) {
    n = a.add(n, a.add(a.add(q_out, a.mul(2, kv_out)), h));
  } else if (c.qkv_bias) {
    n = a.add(n, a.add(q_out, a.mul(2, kv_out)));
  }
  if ((c.qk_norm && !c.qk_norm_weightless) || L.cross_attention) {
    n = a.add(n, a.mul(c.qk_norm_bias ? 2 : 1, c.qk_norm_full_width ? a.add(a.mul(H, d), kv_out) : 2 * d));
  }
  if (c.out_proj_bias) n = a.add(n, h);
  if (L.cross_attention) n = a.add(n, 2);  // mllama cross_attn_attn_gate + cross_attn_mlp_gate
  if (c.attention_sinks) n = a.add(n, H);
  return n;
}

int64_t mamba_params(const ModelConfig& c, Arith& a) {
  const MambaConfig& m = *c.mamba;
  const int64_t h = c.hidden_size;
  const int64_t inner = a.mul(m.num_heads, m.head_dim);
  const int64_t conv = a.add(inner, a.mul({2, m.n_groups, m.state_size}));
  int64_t n = a.mul(h, a.add(a.add(inner, conv), m.num_heads));  // in_proj
  if (m.proj_bias) n = a.add(n, a.add(a.add(inner, conv), m.num_heads));
  n = a.add(n, a.mul(conv, m.conv_kernel));                          // conv1d weight
  if (m.conv_bias) n = a.add(n, conv);                               // conv1d bias
  n = a.add(n, a.mul(3, m.num_heads));                               // dt_bias, A_log, D
  n = a.add(n, inner);                                               // gated RMSNorm
  n = a.add(n, a.mul(inner, h));                                     // out_proj
  if (m.proj_bias) n = a.add(n, h);
  return n;
}

// Mamba (v1) mixer (HF MambaMixer; JambaMambaMixer adds dt/B/C RMSNorms), I = expand * hidden, R = dt_rank,
// N = state_size: in_proj h*2I + conv1d I*kernel (+I) + x_proj I*(R + 2N) + dt_proj R*I + I + A_log I*N + D I
// + out_proj I*h (+ in/out biases with use_bias / mamba_proj_bias).
int64_t mamba1_params(const ModelConfig& c, Arith& a) {
  const MambaConfig& m = *c.mamba;
  const int64_t h = c.hidden_size, I = m.inner, R = m.dt_rank, N = m.state_size;
  int64_t n = a.mul({h, 2, I});                                // in_proj
  if (m.proj_bias) n = a.add(n, a.mul(2, I));
  n = a.add(n, a.mul(I, m.conv_kernel));                       // conv1d weight (depthwise)
  if (m.conv_bias) n = a.add(n, I);
  n = a.add(n, a.mul(I, a.add(R, a.mul(2, N))));               // x_proj
  n = a.add(n, a.add(a.mul(R, I), I));                         // dt_proj (with bias)
  n = a.add(n, a.add(a.mul(I, N), I));                         // A_log, D
  n = a.add(n, a.mul(I, h));                                   // out_proj
  if (m.proj_bias) n = a.add(n, h);
  if (m.inner_norms) n = a.add(n, a.add(R, a.mul(2, N)));      // dt_layernorm, b_layernorm, c_layernorm
  return n;
}

int64_t gdn_params(const ModelConfig& c, Arith& a) {
  const LinearAttentionConfig& g = *c.linear_attention;
  const int64_t h = c.hidden_size;
  const int64_t kd = a.mul(g.num_key_heads, g.key_head_dim);
  const int64_t vd = a.mul(g.num_value_heads, g.value_head_dim);
  const int64_t conv = a.add(a.mul(2, kd), vd);
  int64_t n = a.mul(h, a.add(a.mul(2, kd), a.mul(2, vd)));  // in_proj_qkvz
  n = a.add(n, a.mul({h, 2, g.num_value_heads}));           // in_proj_ba
  n = a.add(n, a.mul(conv, g.conv_kernel_dim));             // conv1d (no bias)
  n = a.add(n, a.mul(2, g.num_value_heads));                // dt_bias, A_log
  n = a.add(n, g.value_head_dim);                           // RMSNormGated
  n = a.add(n, a.mul(vd, h));                               // out_proj
  return n;
}

// ---- feed-forward

int64_t dense_mlp_params(const ModelConfig& c, int64_t inter, Arith& a) {
  const int64_t h = c.hidden_size;
  int64_t n = a.mul({c.gated_mlp ? 3 : 2, h, inter});
  if (c.mlp_bias) n = a.add(n, a.add(a.mul(c.gated_mlp ? 2 : 1, inter), h));
  return n;
}

struct MoeParts {
  int64_t routed = 0;      // all routed experts
  int64_t one_expert = 0;  // one routed expert
  int64_t shared = 0;
  int64_t router = 0;
  int64_t selection_only = 0;  // DeepSeek e_score_correction_bias: steers top-k only, never multiplies activations
};

MoeParts moe_params(const ModelConfig& c, Arith& a) {
  const MoeConfig& m = *c.moe;
  const int64_t h = c.hidden_size;
  MoeParts p;
  p.one_expert = a.mul({c.gated_mlp ? 3 : 2, h, m.moe_intermediate_size});
  if (m.expert_bias) p.one_expert = a.add(p.one_expert, a.add(a.mul(c.gated_mlp ? 2 : 1, m.moe_intermediate_size), h));
  p.routed = a.mul(m.num_experts, p.one_expert);
  p.router = a.mul(h, m.num_experts);
  if (m.router_bias) p.router = a.add(p.router, m.num_experts);
  if (m.score_correction_bias) p.selection_only = m.num_experts;
  if (m.shared_expert_intermediate_size > 0) {
    p.shared = a.mul({c.gated_mlp ? 3 : 2, h, m.shared_expert_intermediate_size});
    if (m.shared_expert_gate) p.shared = a.add(p.shared, h);
  }
  return p;
}

int64_t layer_norm_params(const ModelConfig& c, const LayerSpec& L, Arith& a) {
  const int64_t one = c.norm_has_bias ? 2 * c.hidden_size : c.hidden_size;
  int64_t count = c.norms_per_layer;
  if (c.norms_per_layer % 2 == 0) {  // half belong to the mixer, half to the FFN
    const int64_t half = c.norms_per_layer / 2;
    count = (L.mixer != MixerKind::kNone ? half : 0) + (L.ffn != FfnKind::kNone ? half : 0);
  }
  return a.mul(count, one);
}

// ---- vision towers and projectors (only the layouts we know exactly)

const Json* find_object(const Json& obj, const char* key) {
  const auto it = obj.find(key);
  return (it != obj.end() && it->is_object()) ? &*it : nullptr;
}

int64_t json_count(const Json* obj, const char* key, int64_t fallback) {
  if (!obj) return fallback;
  const auto it = obj->find(key);
  if (it == obj->end() || !it->is_number_integer() || it->get<int64_t>() < 0) return fallback;
  return it->get<int64_t>();
}

bool json_flag(const Json* obj, const char* key, bool fallback) {
  if (!obj) return fallback;
  const auto it = obj->find(key);
  return (it != obj->end() && it->is_boolean()) ? it->get<bool>() : fallback;
}

// A ViT encoder stack: L x (q,k,v,o with bias, fc1/fc2 with bias, two LayerNorms).
int64_t vit_layers(const VisionConfig& v, Arith& a) {
  const int64_t h = v.hidden_size, i = v.intermediate_size;
  int64_t layer = a.mul(4, a.add(a.mul(h, h), h));
  layer = a.add(layer, a.add(a.add(a.mul({2, h, i}), i), h));
  layer = a.add(layer, 4 * h);
  return a.mul(v.num_layers, layer);
}

struct VisionTowerRow {
  const char* model_type;
  int64_t (*params)(const ModelConfig& c, Arith& a);
};
const VisionTowerRow kVisionTowers[] = {
    // CLIPVisionModel: class_embedding, patch conv (no bias), positions (patches + 1), pre/post LayerNorm.
    {"clip_vision_model",
     [](const ModelConfig& c, Arith& a) {
       const VisionConfig& v = c.vision;
       const Json* vc = find_object(c.raw, "vision_config");
       const int64_t ch = json_count(vc, "num_channels", 3);
       const int64_t patches = (v.image_size / v.patch_size) * (v.image_size / v.patch_size);
       int64_t n = v.hidden_size;                                          // class_embedding
       n = a.add(n, a.mul({ch, v.patch_size, v.patch_size, v.hidden_size}));  // patch_embedding
       n = a.add(n, a.mul(patches + 1, v.hidden_size));                    // position_embedding
       n = a.add(n, 4 * v.hidden_size);                                    // pre_layrnorm + post_layernorm
       return a.add(n, vit_layers(v, a));
     }},
    // SiglipVisionModel: patch conv with bias, positions (patches), post LayerNorm, optional attention-pool head.
    // Llama4VisionModel: patch Linear (no bias), class embedding, positions (patches + 1), pre/post LayerNorm,
    // ViT layers, and the pixel-shuffle adapter MLP fc1 (h / ratio^2 -> projector_input_dim) and fc2
    // (-> projector_output_dim), both without bias.
    {"llama4_vision_model",
     [](const ModelConfig& c, Arith& a) {
       const VisionConfig& v = c.vision;
       const Json* vc = find_object(c.raw, "vision_config");
       const int64_t ch = json_count(vc, "num_channels", 3);
       const int64_t side = v.image_size / v.patch_size;
       int64_t n = a.mul({ch, v.patch_size, v.patch_size, v.hidden_size});
       n = a.add(n, v.hidden_size);
       n = a.add(n, a.mul(side * side + 1, v.hidden_size));
       n = a.add(n, 4 * v.hidden_size);
       n = a.add(n, vit_layers(v, a));
       const int64_t in = json_count(vc, "projector_input_dim", 0), out = json_count(vc, "projector_output_dim", 0);
       n = a.add(n, a.mul(4 * v.hidden_size, in));  // pixel_shuffle_ratio 0.5: 4x the channels
       n = a.add(n, a.mul(in, out));
       return n;
     }},
    {"siglip_vision_model",
     [](const ModelConfig& c, Arith& a) {
       const VisionConfig& v = c.vision;
       const Json* vc = find_object(c.raw, "vision_config");
       const int64_t ch = json_count(vc, "num_channels", 3);
       const int64_t patches = (v.image_size / v.patch_size) * (v.image_size / v.patch_size);
       int64_t n = a.add(a.mul({ch, v.patch_size, v.patch_size, v.hidden_size}), v.hidden_size);
       n = a.add(n, a.mul(patches, v.hidden_size));
       n = a.add(n, 2 * v.hidden_size);  // post_layernorm
       n = a.add(n, vit_layers(v, a));
       if (json_flag(vc, "vision_use_head", true)) {
         // MultiheadAttentionPoolingHead: probe, in_proj (3h*h + 3h), out_proj (h*h + h), LayerNorm, MLP.
         const int64_t h = v.hidden_size, i = v.intermediate_size;
         n = a.add(n, h);
         n = a.add(n, a.add(a.mul({3, h, h}), 3 * h));
         n = a.add(n, a.add(a.mul(h, h), h));
         n = a.add(n, 2 * h);
         n = a.add(n, a.add(a.add(a.mul({2, h, i}), i), h));
       }
       return n;
     }},
};

struct ProjectorRow {
  const char* model_type;  // top-level (wrapper) model_type
  int64_t (*params)(const ModelConfig& c, Arith& a);
};
const ProjectorRow kProjectors[] = {
    // LlavaMultiModalProjector: linear_1 (vision -> text, bias), act, linear_2 (text -> text, bias).
    {"llava",
     [](const ModelConfig& c, Arith& a) {
       const int64_t vh = c.vision.hidden_size, th = c.hidden_size;
       return a.add(a.add(a.mul(vh, th), th), a.add(a.mul(th, th), th));
     }},
    // Gemma3MultiModalProjector: mm_input_projection_weight (vision x text) + mm_soft_emb_norm (RMSNorm, vision).
    // Llama4MultiModalProjector: linear_1 (vision_output_dim -> text hidden, no bias).
    {"llama4",
     [](const ModelConfig& c, Arith& a) {
       const Json* vc = find_object(c.raw, "vision_config");
       return a.mul(json_count(vc, "vision_output_dim", 0), c.hidden_size);
     }},
    {"gemma3",
     [](const ModelConfig& c, Arith& a) {
       return a.add(a.mul(c.vision.hidden_size, c.hidden_size), c.vision.hidden_size);
     }},
};

template <class Row, size_t N>
const Row* find_row(const Row (&rows)[N], const std::string& model_type) {
  for (const Row& r : rows) {
    if (model_type == r.model_type) return &r;
  }
  return nullptr;
}

}  // namespace

int64_t attention_layer_parameters(const ModelConfig& c, const LayerSpec& layer) {
  Arith a;
  return attention_params(c, layer, a);
}

int64_t dense_mlp_parameters(const ModelConfig& c, int64_t inter) {
  Arith a;
  return dense_mlp_params(c, inter, a);
}

ConfigEstimate estimate_parameters(const ModelConfig& c) {
  ConfigEstimate e;
  Arith a;
  Tally t{a, e.by_component};
  const int64_t h = c.hidden_size;
  int64_t inactive = 0;  // routed experts not used by a token

  e.estimate_basis = c.family_id == FamilyId::kGeneric ? "generic" : "family-layout";
  e.assumptions = c.assumptions;
  const bool attention_free = c.num_mtp_layers == 0 && std::none_of(c.layers.begin(), c.layers.end(), [](const LayerSpec& L) {
    return is_attention(L.mixer) || L.cross_attention;
  });
  for (const std::string& field : c.null_fields) {
    if (attention_free && (field == "num_heads" || field == "num_kv_heads" || field == "head_dim")) {
      e.notes.push_back(field + " is unknown, and no layer has attention: nothing counted needs it");
      continue;  // Mamba / FalconMamba / Mamba2: the configs have no attention heads
    }
    e.complete = false;
    e.notes.push_back(field + " is unknown: the estimate is incomplete");
  }
  t.add("embeddings", a.mul(c.vocab_size, h));
  if (c.embedding_norm) t.add("norms", c.norm_has_bias ? 2 * h : h);  // BLOOM word_embeddings_layernorm
  if (c.learned_position_embeddings) {
    t.add("position_embeddings", a.mul(a.add(c.max_position_embeddings, c.position_offset), h));
  }
  if (c.tie_word_embeddings) {
    e.notes.push_back("lm_head is tied to the input embeddings (counted once)");
  } else {
    t.add("lm_head", a.mul(c.vocab_size, h));
  }
  if (c.lm_head_bias) t.add("lm_head", c.vocab_size);
  t.add("norms", c.norm_has_bias ? 2 * h : h);  // final norm

  for (size_t i = 0; i < c.layers.size(); ++i) {
    const LayerSpec& L = c.layers[i];
    switch (L.mixer) {
      case MixerKind::kFullAttention:
      case MixerKind::kSlidingAttention:
      case MixerKind::kChunkedAttention: t.add("attention", attention_params(c, L, a)); break;
      case MixerKind::kLinearAttention:
        if (c.linear_attention) {
          t.add("linear_attention", gdn_params(c, a));
        } else {
          e.notes.push_back("layer " + std::to_string(i) + ": linear attention without linear_* fields (not counted)");
        }
        break;
      case MixerKind::kMamba:
        if (c.mamba) {
          t.add("mamba", mamba_params(c, a));
        } else {
          e.notes.push_back("layer " + std::to_string(i) + ": mamba layer without mamba fields (not counted)");
        }
        break;
      case MixerKind::kMamba1:
        if (c.mamba && c.mamba->inner > 0) {
          t.add("mamba", mamba1_params(c, a));
        } else {
          e.notes.push_back("layer " + std::to_string(i) + ": mamba layer without mamba fields (not counted)");
          e.complete = false;
        }
        break;
      case MixerKind::kNone: break;
      case MixerKind::kUnknown:
        e.notes.push_back("layer " + std::to_string(i) + ": unknown mixer \"" + L.raw_kind + "\" (not counted)");
        e.complete = false;
        break;
    }
    switch (L.ffn) {
      case FfnKind::kDense: t.add("dense_mlp", dense_mlp_params(c, L.intermediate_size, a)); break;
      case FfnKind::kMoe: {
        if (!c.moe) {
          e.notes.push_back("layer " + std::to_string(i) + ": MoE layer without MoE fields (not counted)");
          break;
        }
        const MoeParts p = moe_params(c, a);
        t.add("routed_experts", p.routed);
        t.add("shared_experts", p.shared);
        t.add("router", p.router);
        inactive = a.add(inactive, a.mul(c.moe->num_experts - c.moe->experts_per_token, p.one_expert));
        inactive = a.add(inactive, p.selection_only);
        break;
      }
      case FfnKind::kNone: break;
    }
    t.add("norms", layer_norm_params(c, L, a));
  }

  // Multi-token prediction (DeepSeek-V3 layout): a full MoE decoder layer plus enorm, hnorm, eh_proj,
  // shared_head.norm, and the checkpoint's own copies of embed_tokens and shared_head.head.
  if (c.num_mtp_layers > 0) {
    LayerSpec L;
    L.mixer = MixerKind::kFullAttention;
    L.ffn = c.moe ? FfnKind::kMoe : FfnKind::kDense;
    L.num_kv_heads = c.num_kv_heads;
    L.intermediate_size = c.intermediate_size;
    int64_t one = attention_params(c, L, a);
    if (c.moe) {
      const MoeParts p = moe_params(c, a);
      one = a.add(one, a.add(a.add(p.routed, p.shared), p.router));
    } else {
      one = a.add(one, dense_mlp_params(c, c.intermediate_size, a));
    }
    one = a.add(one, layer_norm_params(c, L, a));
    one = a.add(one, 3 * h);                              // enorm, hnorm, shared_head.norm
    one = a.add(one, a.mul(2 * h, h));                    // eh_proj
    one = a.add(one, a.mul({2, c.vocab_size, h}));        // embed_tokens + shared_head.head
    e.mtp_layers = a.mul(c.num_mtp_layers, one);
    t.add("mtp", e.mtp_layers);
    e.notes.push_back(std::to_string(c.num_mtp_layers) + " MTP layer(s) counted apart from total (" +
                      std::to_string(e.mtp_layers) + " parameters)");
  }

  // Vision tower + projector, where the layout is known.
  if (c.vision.present) {
    const VisionTowerRow* tower = find_row(kVisionTowers, c.vision.model_type);
    const ProjectorRow* projector = find_row(kProjectors, c.model_type);
    const bool dims = c.vision.hidden_size > 0 && c.vision.num_layers > 0 && c.vision.intermediate_size > 0 &&
                      c.vision.patch_size > 0 && c.vision.image_size > 0;
    if (tower && projector && dims) {
      t.add("vision", a.add(tower->params(c, a), projector->params(c, a)));
      e.vision_estimated = true;
    } else {
      e.notes.push_back("vision tower (" + (c.vision.model_type.empty() ? std::string("unnamed") : c.vision.model_type) +
                        ") of " + c.model_type + " not estimated; total covers the language model only");
    }
  }

  for (const auto& [name, n] : e.by_component) {
    if (name != "mtp") e.total = a.add(e.total, n);
  }
  e.active = e.total - std::min(inactive, e.total);
  if (e.estimate_basis == "generic") {
    e.notes.push_back("unknown family: the layout is assumed (see assumptions), the count is not exact");
  }
  if (a.overflow) {
    e.notes.push_back("a count overflowed 64 bits and was saturated; the config's sizes are implausible");
  }
  return e;
}

}  // namespace hfmi

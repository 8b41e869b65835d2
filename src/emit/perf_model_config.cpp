#include "emit/perf_model_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace hfmi {

std::string format_param_count(int64_t n) {
  const double v = static_cast<double>(n);
  if (v >= 1e12) return fmt::format("{:.2f}T", v / 1e12);
  if (v >= 1e9) return fmt::format("{:.2f}B", v / 1e9);
  if (v >= 1e6) return fmt::format("{:.2f}M", v / 1e6);
  return std::to_string(n);
}

namespace {

int64_t component(const Json& parameters, const char* key) {
  if (!parameters.is_object() || !parameters.contains("by_component")) return 0;
  const Json& c = parameters["by_component"];
  return c.is_object() && c.contains(key) && c[key].is_number() ? c[key].get<int64_t>() : 0;
}

// Which perf-model class a mixer kind maps to; "" = no class (a gap report is written).
std::string mixer_class(MixerKind k, AttentionType t) {
  switch (k) {
    case MixerKind::kFullAttention:
      if (t == AttentionType::kMla) return "";
      return t == AttentionType::kMha ? "attention" : "grouped-query attention";
    case MixerKind::kSlidingAttention: return t == AttentionType::kMla ? "" : "sliding-window attention";
    default: return "";
  }
}

std::string gap_report(const std::string& kind, const ModelConfig& c) {
  std::string md = fmt::format("### Gap: `{}` layers\n\n", kind);
  md += fmt::format("{} uses `{}` layers, which none of the supported classes (attention, grouped-query "
                    "attention, sliding-window attention, MLP, gated MLP, MoE, norm, embedding) models.\n\n",
                    c.architecture, kind);
  if (kind == "mla" && c.mla) {
    md += fmt::format("- MLA: q_lora_rank {}, kv_lora_rank {}, qk_nope_head_dim {}, qk_rope_head_dim {}, v_head_dim {}.\n",
                      c.mla->q_lora_rank, c.mla->kv_lora_rank, c.mla->qk_nope_head_dim, c.mla->qk_rope_head_dim,
                      c.mla->v_head_dim);
    md += "- KV cache per token per layer: kv_lora_rank + qk_rope_head_dim elements (compressed latent).\n";
  } else if (kind == "linear_attention" && c.linear_attention) {
    md += fmt::format("- Gated DeltaNet: {} key heads, {} value heads, head dims {}/{}, conv kernel {}.\n",
                      c.linear_attention->num_key_heads, c.linear_attention->num_value_heads,
                      c.linear_attention->key_head_dim, c.linear_attention->value_head_dim,
                      c.linear_attention->conv_kernel_dim);
    md += "- Constant-size recurrent state instead of a KV cache.\n";
  } else if (kind == "mamba" && c.mamba) {
    md += fmt::format("- Mamba2: {} heads x head_dim {}, state size {}, {} groups, conv kernel {}.\n", c.mamba->num_heads,
                      c.mamba->head_dim, c.mamba->state_size, c.mamba->n_groups, c.mamba->conv_kernel);
    md += "- Constant-size SSM state instead of a KV cache.\n";
  }
  md += "\nTo support it: add a layer class with its FLOPs and bytes per token, then map this kind to it.\n";
  return md;
}

}  // namespace

Json perf_model_config(const PerfModelInputs& in) {
  const ModelConfig& c = in.config;
  const int64_t total = in.parameters.is_object() ? in.parameters.value("total", int64_t{0}) : 0;
  Json layer_types = Json::array();
  auto add = [&](const std::string& name, const std::string& cls, int64_t count, Json specs, int64_t params,
                 const std::string& gap_kind) {
    if (count <= 0) return;
    specs["parameter_count"] = params;
    Json row = {{"name", name}, {"class", cls.empty() ? "unsupported" : cls}, {"count", count},
                {"supported", !cls.empty()}, {"specs", std::move(specs)}};
    if (cls.empty()) row["gap_report"] = gap_report(gap_kind, c);
    layer_types.push_back(std::move(row));
  };

  add("embed_tokens", "embedding", 1, {{"vocab_size", c.vocab_size}, {"hidden_size", c.hidden_size}},
      component(in.parameters, "embeddings"), "");

  // Mixers, grouped by kind (in first-seen order).
  std::map<std::string, int64_t> mixer_counts;
  std::vector<MixerKind> mixer_order;
  for (const LayerSpec& l : c.layers) {
    const std::string k = to_string(l.mixer);
    if (mixer_counts[k]++ == 0) mixer_order.push_back(l.mixer);
  }
  const int64_t attention_params = component(in.parameters, "attention");
  int64_t attention_layers = 0;
  for (const LayerSpec& l : c.layers)
    if (l.mixer == MixerKind::kFullAttention || l.mixer == MixerKind::kSlidingAttention ||
        l.mixer == MixerKind::kChunkedAttention)
      ++attention_layers;
  for (MixerKind k : mixer_order) {
    if (k == MixerKind::kNone) continue;
    const std::string kind = to_string(k);
    const int64_t n = mixer_counts[kind];
    std::string cls = mixer_class(k, c.attention_type);
    const std::string gap_kind = c.attention_type == AttentionType::kMla && k != MixerKind::kLinearAttention &&
                                         k != MixerKind::kMamba ? "mla" : kind;
    Json specs = {{"hidden_size", c.hidden_size}};
    int64_t per_layer = 0;
    if (k == MixerKind::kFullAttention || k == MixerKind::kSlidingAttention || k == MixerKind::kChunkedAttention) {
      specs["num_heads"] = c.num_heads;
      specs["num_kv_heads"] = c.num_kv_heads;
      specs["head_dim"] = c.head_dim;
      if (k != MixerKind::kFullAttention) specs["window"] = c.sliding_window;
      per_layer = attention_layers ? attention_params / attention_layers : 0;
    } else if (k == MixerKind::kLinearAttention) {
      per_layer = n ? component(in.parameters, "linear_attention") / n : 0;
    } else if (k == MixerKind::kMamba) {
      per_layer = n ? component(in.parameters, "mamba") / n : 0;
    }
    add(kind, cls, n, std::move(specs), per_layer, gap_kind);
  }

  int64_t dense = 0, moe = 0;
  for (const LayerSpec& l : c.layers) {
    dense += l.ffn == FfnKind::kDense;
    moe += l.ffn == FfnKind::kMoe;
  }
  add("mlp", c.gated_mlp ? "gated MLP" : "MLP", dense,
      {{"hidden_size", c.hidden_size}, {"intermediate_size", c.intermediate_size}, {"activation", c.hidden_act}},
      dense ? component(in.parameters, "dense_mlp") / dense : 0, "");
  if (c.moe) {
    add("moe", "MoE", moe,
        {{"hidden_size", c.hidden_size}, {"num_experts", c.moe->num_experts},
         {"experts_per_token", c.moe->experts_per_token}, {"moe_intermediate_size", c.moe->moe_intermediate_size},
         {"num_shared_experts", c.moe->num_shared_experts}},
        moe ? (component(in.parameters, "routed_experts") + component(in.parameters, "shared_experts") +
               component(in.parameters, "router")) / moe
            : 0,
        "");
  }
  add("norm", "norm", c.num_layers * c.norms_per_layer + 1, {{"hidden_size", c.hidden_size}, {"type", c.norm_type}},
      component(in.parameters, "norms") / std::max<int64_t>(1, c.num_layers * c.norms_per_layer + 1), "");
  add("lm_head", "embedding", 1, {{"vocab_size", c.vocab_size}, {"hidden_size", c.hidden_size},
                                  {"tied", c.tie_word_embeddings}},
      component(in.parameters, "lm_head"), "");

  return {
      {"model_id", in.model_id},
      {"hf_model_id", in.hf_model_id},
      {"name", in.name},
      {"hidden_size", c.hidden_size},
      {"num_layers", c.num_layers},
      {"vocab_size", c.vocab_size},
      {"total_params", total},
      {"total_params_formatted", format_param_count(total)},
      {"validated", in.validated},
      {"validation_notes", in.validation_notes},
      {"validation_sources", in.validation_sources},
      {"layer_types", std::move(layer_types)},
  };
}

}  // namespace hfmi

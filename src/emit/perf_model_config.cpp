#include "emit/perf_model_config.hpp"

#include <map>
#include <optional>

#include "core/number_text.hpp"
#include "core/vector_append.hpp"
#include "emit/mantile_classes.hpp"
#include "params/config_estimate.hpp"
#include "registry/mixer_traits.hpp"

namespace hfmi {

std::string mantile_model_id(const std::string& hf_model_id) {
  std::string out = hf_model_id;
  for (char& c : out)
    if (c == '/') c = '_';
  return out;
}

std::string format_param_count(int64_t n) {
  const double v = static_cast<double>(n);
  if (v >= 1e12) return fixed(v / 1e12, 1) + "T";
  if (v >= 1e9) return fixed(v / 1e9, 1) + "B";
  if (v >= 1e6) return fixed(v / 1e6, 1) + "M";
  return std::to_string(n);
}

namespace {

int64_t component(const Json& parameters, const char* key) {
  if (!parameters.is_object() || !parameters.contains("by_component")) return 0;
  const Json& c = parameters["by_component"];
  return c.is_object() && c.contains(key) && c[key].is_number_integer() ? c[key].get<int64_t>() : 0;
}

// One row of layer_types before naming.
struct Row {
  std::string name;
  std::optional<MantileClass> cls;  // nullopt = a gap
  GapKind gap = GapKind::kUnknownMixer;
  int64_t count = 0;
  int64_t first_layer = -1;
  Json specs = Json::object();       // constructor keys
  int64_t parameter_count = 0;       // per instance (metadata)
  bool per_layer_counted = false;    // parameter_count is one layer's (else the component's share)
};

// The Mantile class of a layer's mixer, or the gap report it needs: the mixer-traits row of its kind
// (registry/mixer_traits.hpp) names both; an MHA layer takes AttentionLayer, an MLA one the mla gap, and a
// cross-attention layer (mllama) the cross-attention gap.
std::optional<MantileClass> mixer_class(const LayerSpec& l, const ModelConfig& c, int64_t kv_heads, GapKind& gap) {
  if (l.cross_attention) {
    gap = GapKind::kCrossAttention;
    return std::nullopt;
  }
  const MixerTraits& traits = mixer_traits(l.mixer);
  if (const std::optional<GapKind> named = gap_kind_named(traits.perf_gap)) {
    gap = *named;
    return std::nullopt;
  }
  const std::optional<MantileClass> cls = mantile_class_named(traits.perf_class);
  if (!cls) return std::nullopt;  // no mixer
  if (c.attention_type == AttentionType::kMla) {
    gap = GapKind::kMla;
    return std::nullopt;
  }
  if (*cls == MantileClass::kGroupedQueryAttention && kv_heads == c.num_heads) return MantileClass::kAttention;
  return cls;
}

void add_mixer_rows(const ModelConfig& c, const Json& parameters, std::vector<Row>& rows) {
  // Group layers by (class or gap, KV heads, window), in first-seen order.
  std::map<std::string, size_t> index;
  std::vector<Row> mixers;
  std::map<MixerKind, int> kinds_seen;
  for (size_t i = 0; i < c.layers.size(); ++i) {
    const LayerSpec& l = c.layers[i];
    if (l.mixer == MixerKind::kNone) continue;
    const int64_t kv_heads = l.num_kv_heads > 0 ? l.num_kv_heads : c.num_kv_heads;
    GapKind gap = GapKind::kUnknownMixer;
    const std::optional<MantileClass> cls = mixer_class(l, c, kv_heads, gap);
    const std::string key = (cls ? std::string(mantile_class(*cls).name) : std::string(gap_kind(gap).slug)) + "/" +
                            std::to_string(kv_heads) + "/" + std::to_string(l.sliding_window) + "/" +
                            std::to_string(static_cast<int>(l.mixer));
    auto [it, fresh] = index.emplace(key, mixers.size());
    if (fresh) {
      Row r;
      r.cls = cls;
      r.gap = gap;
      r.first_layer = static_cast<int64_t>(i);
      const std::string mixer_word = l.mixer == MixerKind::kSlidingAttention ? "sliding" : "full";
      r.name = cls ? "attention_" + mixer_word : gap_kind(gap).slug;
      if (cls) {
        const int64_t h = c.hidden_size;
        switch (*cls) {
          case MantileClass::kAttention:
            r.specs = Json::object({{"hidden_size", h}, {"num_heads", c.num_heads}, {"head_dim", c.head_dim}});
            break;
          case MantileClass::kGroupedQueryAttention:
            r.specs = Json::object(
                {{"hidden_size", h}, {"num_heads", c.num_heads}, {"num_kv_heads", kv_heads}, {"head_dim", c.head_dim}});
            break;
          case MantileClass::kSlidingWindowAttention:
            r.specs = Json::object({{"hidden_size", h},
                                    {"num_query_heads", c.num_heads},
                                    {"num_kv_heads", kv_heads},
                                    {"head_dim", c.head_dim},
                                    {"sliding_window", l.sliding_window > 0 ? l.sliding_window : c.sliding_window},
                                    {"num_sinks", c.attention_sinks ? c.num_heads : 0},
                                    {"has_bias", c.attention_bias || c.qkv_bias}});
            break;
          case MantileClass::kMlp:
          case MantileClass::kGatedMlp:
          case MantileClass::kMoe:
          case MantileClass::kNorm:
          case MantileClass::kEmbedding:
          case MantileClass::kCount: break;  // not a mixer class
        }
      }
      // Attention of every kind (a gap too: chunked, cross-attention, MLA) is counted per layer by the
      // estimate's formula; a recurrent mixer gets its component's share below.
      r.per_layer_counted = mixer_traits(l.mixer).is_attention;
      if (r.per_layer_counted) r.parameter_count = attention_layer_parameters(c, l);
      kinds_seen[l.mixer]++;
      mixers.push_back(std::move(r));
    }
    mixers[it->second].count++;
  }
  // Names: "attention" when there is one attention kind, "attention_sliding"/"attention_full" when both,
  // with "_kv{n}" when KV heads vary within a kind (DeciLM).
  size_t attention_rows = 0;
  std::map<std::string, int> per_name;
  for (const Row& r : mixers) {
    if (r.cls) ++attention_rows;
    per_name[r.name]++;
  }
  for (Row& r : mixers) {
    if (r.cls && per_name[r.name] > 1) {
      const Json& s = r.specs;
      r.name += "_kv" + std::to_string(s.value("num_kv_heads", s.value("num_heads", int64_t{0})));
    }
    if (r.cls && attention_rows == 1) r.name = "attention";
    if (!r.per_layer_counted) {
      const char* comp = gap_kind(r.gap).component;
      int64_t layers_of_component = 0;
      for (const Row& o : mixers)
        if (!o.per_layer_counted && std::string(gap_kind(o.gap).component) == comp) layers_of_component += o.count;
      r.parameter_count = layers_of_component ? component(parameters, comp) / layers_of_component : 0;
    }
  }
  append(rows, mixers);
}

void add_ffn_rows(const ModelConfig& c, std::vector<Row>& rows) {
  const int64_t h = c.hidden_size;
  std::map<int64_t, size_t> dense_index;  // width -> row
  std::vector<Row> dense;
  Row moe;
  for (size_t i = 0; i < c.layers.size(); ++i) {
    const LayerSpec& l = c.layers[i];
    if (l.ffn == FfnKind::kDense) {
      const int64_t width = l.intermediate_size > 0 ? l.intermediate_size : c.intermediate_size;
      auto [it, fresh] = dense_index.emplace(width, dense.size());
      if (fresh) {
        Row r;
        r.first_layer = static_cast<int64_t>(i);
        r.cls = c.gated_mlp ? MantileClass::kGatedMlp : MantileClass::kMlp;
        r.specs = Json::object({{"hidden_size", h}, {"intermediate_size", width}});
        if (!c.gated_mlp) r.specs["num_projections"] = 2;
        r.parameter_count = dense_mlp_parameters(c, width);
        dense.push_back(std::move(r));
      }
      dense[it->second].count++;
    } else if (l.ffn == FfnKind::kMoe && c.moe) {
      if (moe.count == 0) moe.first_layer = static_cast<int64_t>(i);
      moe.count++;
    }
  }
  for (Row& r : dense) r.name = dense.size() == 1 ? "feedforward" : "feedforward_" + std::to_string(r.specs["intermediate_size"].get<int64_t>());
  append(rows, dense);
  if (moe.count > 0) {
    const MoeConfig& m = *c.moe;
    const int64_t width = m.moe_intermediate_size > 0 ? m.moe_intermediate_size : c.intermediate_size;
    // Mantile's shared experts have the routed width: a wider shared expert counts as several.
    int64_t shared = m.num_shared_experts;
    if (shared == 0 && m.shared_expert_intermediate_size > 0 && width > 0)
      shared = (m.shared_expert_intermediate_size + width - 1) / width;
    const int64_t proj = c.gated_mlp ? 3 : 2;
    moe.name = "MoE";
    moe.cls = MantileClass::kMoe;
    moe.specs = Json::object({{"hidden_size", h},
                              {"intermediate_size", width},
                              {"num_experts", m.num_experts},
                              {"top_k", m.experts_per_token},
                              {"num_shared_experts", shared},
                              {"num_projections", proj},
                              {"has_bias", m.expert_bias}});
    moe.parameter_count = (m.num_experts + shared) * proj * h * width + h * m.num_experts +
                          (m.router_bias ? m.num_experts : 0) +
                          (m.expert_bias ? m.num_experts * ((proj - 1) * width + h) : 0) + (m.shared_expert_gate ? h : 0);
    rows.push_back(std::move(moe));
  }
}

std::vector<GapTensor> example_tensors(const PerfModelInputs& in, const Row& r) {
  std::vector<GapTensor> out;
  if (!in.tensors || !in.accounts || in.tensors->size() != in.accounts->size()) return out;
  const std::string comp = gap_kind(r.gap).component;
  for (size_t i = 0; i < in.tensors->size(); ++i) {
    const TensorAccount& a = (*in.accounts)[i];
    if (a.layer != r.first_layer) continue;
    // The mixer's tensors (and, for MLA, the latent norms that belong to it).
    const bool mixer_part = a.component == comp || (comp == "attention" && a.component == "norms" &&
                                                    (*in.tensors)[i].name.find("_layernorm") != std::string::npos &&
                                                    (*in.tensors)[i].name.find("_a_") != std::string::npos);
    if (!mixer_part) continue;
    const TensorInfo& t = (*in.tensors)[i];
    out.push_back({t.name, t.dtype, t.shape});
    if (out.size() >= 24) break;
  }
  return out;
}

}  // namespace

PerfModelOutput perf_model_config(const PerfModelInputs& in) {
  const ModelConfig& c = in.config;
  const int64_t h = c.hidden_size;
  const std::string model_id = mantile_model_id(in.hf_model_id);
  const size_t slash = in.hf_model_id.rfind('/');
  const std::string repo = slash == std::string::npos ? in.hf_model_id : in.hf_model_id.substr(slash + 1);

  std::vector<Row> rows;
  add_mixer_rows(c, in.parameters, rows);
  add_ffn_rows(c, rows);
  // Norms: norms_per_layer in every decoder layer, plus the final norm.
  Row norm;
  norm.name = "norm";
  norm.cls = MantileClass::kNorm;
  norm.count = c.num_layers * c.norms_per_layer + 1;
  norm.specs = Json::object({{"hidden_size", h}, {"has_bias", c.norm_has_bias}});
  norm.parameter_count = h * (c.norm_has_bias ? 2 : 1);
  rows.push_back(norm);
  Row embedding;
  embedding.name = "embedding";
  embedding.cls = MantileClass::kEmbedding;
  embedding.count = 1;
  embedding.specs = Json::object({{"vocab_size", c.vocab_size}, {"hidden_size", h}});
  embedding.parameter_count = c.vocab_size * h;
  rows.push_back(embedding);
  if (!c.tie_word_embeddings) {  // the lm_head is its own vocab x hidden matrix
    Row head = embedding;
    head.name = "lm_head";
    rows.push_back(std::move(head));
  }

  PerfModelOutput out;
  Json layer_types = Json::array();
  for (const Row& r : rows) {
    if (r.count <= 0) continue;
    Json specs = r.specs;
    if (!r.cls || mantile_class(*r.cls).takes_layer_idx) specs["layer_idx"] = 0;
    if (r.cls && *r.cls != MantileClass::kEmbedding) {
      specs["input_dim"] = h;
      specs["output_dim"] = h;
    }
    specs["parameter_count"] = r.parameter_count;
    Json row = Json::object({{"name", r.name}, {"count", r.count}, {"supported", r.cls.has_value()}});
    if (r.cls) {
      row["class"] = mantile_class(*r.cls).name;
    } else {
      // The class Mantile would need; supported: false tells the loader to skip the row.
      row["class"] = gap_kind(r.gap).proposed_class;
      const GapReport report = gap_report(r.gap, c, in.hf_model_id, model_id, r.count, r.first_layer, example_tensors(in, r));
      row["gap_report"] = report.path;
      out.gap_reports.push_back(report);
      switch (r.gap) {
        case GapKind::kMla:
          if (c.mla) {
            specs["hidden_size"] = h;
            specs["num_heads"] = c.num_heads;
            specs["kv_lora_rank"] = c.mla->kv_lora_rank;
            specs["qk_rope_head_dim"] = c.mla->qk_rope_head_dim;
          }
          break;
        case GapKind::kMamba2:
        case GapKind::kMamba1:
        case GapKind::kLinearAttention:
        case GapKind::kChunkedAttention:
        case GapKind::kCrossAttention:
        case GapKind::kUnknownMixer:
        case GapKind::kCount: specs["hidden_size"] = h; break;
      }
    }
    row["specs"] = std::move(specs);
    layer_types.push_back(std::move(row));
  }

  const int64_t total = in.parameters.is_object() ? in.parameters.value("total", int64_t{0}) : 0;
  std::string notes;
  for (const Json& n : in.validation_notes)
    if (n.is_string()) notes += (notes.empty() ? "" : "; ") + n.get<std::string>();
  out.config = Json::object({
      {"model_id", model_id},
      {"hf_model_id", in.hf_model_id},
      {"name", in.name.empty() ? repo : in.name},
      {"hidden_size", h},
      {"num_layers", c.num_layers},
      {"vocab_size", c.vocab_size},
      {"total_params", total},
      {"total_params_formatted", format_param_count(total)},
      {"layer_types", std::move(layer_types)},
      {"validated", in.validated},
      {"validation_notes", notes},
      {"validation_sources", in.validation_sources},
  });
  return out;
}

}  // namespace hfmi

#include "emit/architecture_json.hpp"

#include <utility>
#include <vector>

namespace hfmi {

LayerCounts count_layers(const ModelConfig& c) {
  LayerCounts n;
  for (const LayerSpec& l : c.layers) {
    if (l.ffn == FfnKind::kDense) ++n.dense;
    if (l.ffn == FfnKind::kMoe) ++n.moe;
    if (l.ffn == FfnKind::kNone) ++n.no_ffn;
    const char* mixer = to_string(l.mixer);
    n.by_mixer[mixer] = n.by_mixer.value(mixer, 0) + 1;
  }
  return n;
}

namespace {

bool any_layer(const ModelConfig& c, MixerKind kind) {
  for (const LayerSpec& l : c.layers)
    if (l.mixer == kind) return true;
  return false;
}

// One row per feature: the tag and the predicate that says whether the model has it.
struct FeatureRule {
  const char* tag;
  bool (*has)(const ModelConfig&);
};

const FeatureRule kFeatureRules[] = {
    {"tied_embeddings", [](const ModelConfig& c) { return c.tie_word_embeddings; }},
    {"qk_norm", [](const ModelConfig& c) { return c.qk_norm; }},
    {"attention_bias", [](const ModelConfig& c) { return c.attention_bias; }},
    {"qkv_bias", [](const ModelConfig& c) { return c.qkv_bias; }},
    {"mlp_bias", [](const ModelConfig& c) { return c.mlp_bias; }},
    {"parallel_attention", [](const ModelConfig& c) { return c.parallel_attention; }},
    {"learned_position_embeddings", [](const ModelConfig& c) { return c.learned_position_embeddings; }},
    {"gated_mlp", [](const ModelConfig& c) { return c.gated_mlp; }},
    {"mla", [](const ModelConfig& c) { return c.mla.has_value(); }},
    {"moe", [](const ModelConfig& c) { return c.moe.has_value(); }},
    {"shared_experts", [](const ModelConfig& c) { return c.moe && c.moe->num_shared_experts > 0; }},
    {"grouped_routing", [](const ModelConfig& c) { return c.moe && c.moe->n_group > 1; }},
    {"mtp", [](const ModelConfig& c) { return c.num_mtp_layers > 0; }},
    {"sliding_window", [](const ModelConfig& c) { return any_layer(c, MixerKind::kSlidingAttention); }},
    {"chunked_attention", [](const ModelConfig& c) { return any_layer(c, MixerKind::kChunkedAttention); }},
    {"linear_attention", [](const ModelConfig& c) { return any_layer(c, MixerKind::kLinearAttention); }},
    {"mamba", [](const ModelConfig& c) { return any_layer(c, MixerKind::kMamba) || any_layer(c, MixerKind::kMamba1); }},
    {"sparse_attention_indexer", [](const ModelConfig& c) { return c.index_topk > 0; }},
    {"cross_attention", [](const ModelConfig& c) {
       for (const LayerSpec& l : c.layers)
         if (l.cross_attention) return true;
       return false;
     }},
    {"heterogeneous_layers", [](const ModelConfig& c) {
       for (const LayerSpec& l : c.layers)
         if (l.intermediate_size != c.layers.front().intermediate_size ||
             l.num_kv_heads != c.layers.front().num_kv_heads)
           return true;
       return false;
     }},
    {"unsupported_layers", [](const ModelConfig& c) { return any_layer(c, MixerKind::kUnknown); }},
    {"multimodal", [](const ModelConfig& c) { return c.multimodal; }},
};

bool has_null(const ModelConfig& c, const char* field) {
  for (const std::string& f : c.null_fields)
    if (f == field) return true;
  return false;
}

// parameters.estimate_basis / assumptions on the config-only estimate; an incomplete estimate's totals are null.
Json stamp_parameters(const ModelConfig& c, const Json& parameters) {
  if (!parameters.is_object()) return parameters;
  Json p = parameters;
  const bool generic = c.family_id && *c.family_id == FamilyId::kGeneric;
  const auto stamp = [&](Json& o) {
    o["estimate_basis"] = generic ? "generic" : "family-layout";
    o["assumptions"] = c.assumptions;
  };
  if (p.contains("config_estimate") && p["config_estimate"].is_object()) stamp(p["config_estimate"]);
  if (p.value("source", std::string()) == "config") {
    stamp(p);
    bool complete = c.null_fields.empty();
    for (const LayerSpec& l : c.layers)
      if (l.mixer == MixerKind::kUnknown) complete = false;
    if (!complete) {
      p["total"] = nullptr;
      p["active"] = nullptr;
      p["estimate_incomplete"] = true;
    }
  }
  return p;
}

}  // namespace

Json special_features(const ModelConfig& c) {
  Json out = Json::array();
  for (const FeatureRule& rule : kFeatureRules)
    if (rule.has(c)) out.push_back(rule.tag);
  if (!c.rope_scaling_type.empty()) out.push_back("rope_scaling:" + c.rope_scaling_type);
  if (!c.quantization.method.empty()) out.push_back("quantized:" + c.quantization.method);
  return out;
}

Json architecture_json(const ModelConfig& c, const std::string& model_id, const Json& parameters,
                       const Json& memory, const Json& kv_cache) {
  const LayerCounts layers = count_layers(c);
  Json attention = Json::object({
      {"type", to_string(c.attention_type)},
      {"num_heads", c.num_heads},
      {"num_kv_heads", c.num_kv_heads},
      {"head_dim", c.head_dim},
  });
  if (c.mla) {
    attention["q_lora_rank"] = c.mla->q_lora_rank;
    attention["kv_lora_rank"] = c.mla->kv_lora_rank;
    attention["qk_nope_head_dim"] = c.mla->qk_nope_head_dim;
    attention["qk_rope_head_dim"] = c.mla->qk_rope_head_dim;
    attention["v_head_dim"] = c.mla->v_head_dim;
  }
  if (c.sliding_window > 0) attention["sliding_window"] = c.sliding_window;
  attention["layers_by_kind"] = layers.by_mixer;

  Json mlp = Json::object({
      {"type", c.moe ? "moe" : "dense"},
      {"intermediate_size", c.intermediate_size},
      {"activation", c.hidden_act},
      {"gated", c.gated_mlp},
  });
  if (c.moe) {
    mlp["num_experts"] = c.moe->num_experts;
    mlp["experts_per_token"] = c.moe->experts_per_token;
    mlp["moe_intermediate_size"] = c.moe->moe_intermediate_size;
    mlp["num_shared_experts"] = c.moe->num_shared_experts;
    if (c.moe->shared_expert_intermediate_size > 0)
      mlp["shared_expert_intermediate_size"] = c.moe->shared_expert_intermediate_size;
    mlp["dense_layers"] = layers.dense;
    mlp["moe_layers"] = layers.moe;
    if (c.moe->n_group > 0) {
      mlp["n_group"] = c.moe->n_group;
      mlp["topk_group"] = c.moe->topk_group;
    }
    if (!c.moe->scoring_func.empty()) mlp["scoring_func"] = c.moe->scoring_func;
  }

  Json doc = Json::object({
      {"model_id", model_id},
      {"architecture_type", c.architecture},
      {"model_type", c.model_type},
      {"num_layers", c.num_layers},
      {"hidden_size", c.hidden_size},
      {"vocab_size", c.vocab_size},
      {"max_position_embeddings", c.max_position_embeddings},
      {"attention", std::move(attention)},
      {"mlp", std::move(mlp)},
      {"normalization", Json::object({{"type", c.norm_type}, {"epsilon", c.norm_eps}})},
      {"special_features", special_features(c)},
      {"multimodal", c.multimodal},
      {"tie_word_embeddings", c.tie_word_embeddings},
      {"torch_dtype", c.torch_dtype},
      {"parameters", stamp_parameters(c, parameters)},
  });
  if (!c.family.empty()) doc["family"] = c.family;
  // Values neither the config nor the family's defaults give are null, never guessed.
  for (const char* top : {"hidden_size", "num_layers", "vocab_size"})
    if (has_null(c, top)) doc[top] = nullptr;
  if (has_null(c, "num_heads")) {
    doc["attention"]["num_heads"] = nullptr;
    doc["attention"]["num_kv_heads"] = nullptr;
    doc["attention"]["type"] = nullptr;
    if (c.head_dim == 0) doc["attention"]["head_dim"] = nullptr;
  }
  if (has_null(c, "num_kv_heads")) {
    doc["attention"]["num_kv_heads"] = nullptr;
    doc["attention"]["type"] = nullptr;
  }
  if (has_null(c, "tie_word_embeddings")) doc["tie_word_embeddings"] = nullptr;
  if (has_null(c, "intermediate_size")) doc["mlp"]["intermediate_size"] = nullptr;
  if (has_null(c, "moe.moe_intermediate_size") && doc["mlp"].contains("moe_intermediate_size"))
    doc["mlp"]["moe_intermediate_size"] = nullptr;
  if (c.num_mtp_layers > 0) doc["num_mtp_layers"] = c.num_mtp_layers;
  if (!c.quantization.method.empty()) {
    Json q = Json::object({{"method", c.quantization.method}});
    if (c.quantization.bits) q["bits"] = c.quantization.bits;
    if (c.quantization.group_size) q["group_size"] = c.quantization.group_size;
    if (!c.quantization.fmt.empty()) q["fmt"] = c.quantization.fmt;
    if (!c.quantization.weight_block_size.empty()) q["weight_block_size"] = c.quantization.weight_block_size;
    doc["quantization"] = std::move(q);
  }
  if (c.linear_attention) {
    doc["linear_attention"] = Json::object({{"num_key_heads", c.linear_attention->num_key_heads},
                                            {"num_value_heads", c.linear_attention->num_value_heads},
                                            {"key_head_dim", c.linear_attention->key_head_dim},
                                            {"value_head_dim", c.linear_attention->value_head_dim},
                                            {"conv_kernel_dim", c.linear_attention->conv_kernel_dim}});
  }
  if (c.mamba) {
    doc["mamba"] = Json::object({{"num_heads", c.mamba->num_heads},
                                 {"head_dim", c.mamba->head_dim},
                                 {"state_size", c.mamba->state_size},
                                 {"n_groups", c.mamba->n_groups},
                                 {"conv_kernel", c.mamba->conv_kernel}});
  }
  if (c.vision.present) {
    doc["vision"] = Json::object({{"model_type", c.vision.model_type},
                                  {"hidden_size", c.vision.hidden_size},
                                  {"num_layers", c.vision.num_layers},
                                  {"num_heads", c.vision.num_heads},
                                  {"patch_size", c.vision.patch_size},
                                  {"image_size", c.vision.image_size}});
  }
  Json layer_list = Json::array();
  for (const LayerSpec& l : c.layers) {
    Json row = Json::object({{"mixer", to_string(l.mixer)}, {"ffn", to_string(l.ffn)}});
    if (!l.raw_kind.empty()) row["raw_kind"] = l.raw_kind;
    layer_list.push_back(std::move(row));
  }
  doc["layers"] = std::move(layer_list);
  if (!memory.is_null()) doc["memory"] = memory;
  if (!kv_cache.is_null()) doc["kv_cache"] = kv_cache;
  doc["value_sources"] = c.sources;
  if (!c.warnings.empty()) doc["config_warnings"] = c.warnings;
  if (!c.issues.empty()) {
    Json issues = Json::array();
    for (const auto& i : c.issues)
      issues.push_back(Json::object({{"code", i.code}, {"message", i.message}, {"path", i.path}}));
    doc["config_issues"] = std::move(issues);
  }
  return doc;
}

}  // namespace hfmi

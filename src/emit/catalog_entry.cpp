#include "emit/catalog_entry.hpp"

#include <cmath>

namespace hfmi {
namespace {

const Json* find(const Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

int64_t component(const Json& parameters, const char* key) {
  const Json* c = find(parameters, "by_component");
  const Json* v = c ? find(*c, key) : nullptr;
  return v && v->is_number_integer() ? v->get<int64_t>() : 0;
}

// Tensor-name pieces that mark a vision-language projector (the part between the vision tower and the
// language model).
constexpr const char* kProjectorMarks[] = {"multi_modal_projector", "mm_projector", "visual.merger", "vision_proj",
                                           "mlp1.", "connector"};

bool is_projector(const std::string& name) {
  for (const char* m : kProjectorMarks)
    if (name.find(m) != std::string::npos) return true;
  return false;
}

double millions(int64_t n) { return std::round(static_cast<double>(n) / 1e5) / 10.0; }

int64_t raw_count(const Json& raw, const char* section, std::initializer_list<const char*> keys) {
  const Json* s = find(raw, section);
  if (!s) return 0;
  for (const char* k : keys)
    if (const Json* v = find(*s, k); v && v->is_number_integer()) return v->get<int64_t>();
  return 0;
}

// vision_config and multimodal_config, from the config and (when given) the headers.
void add_multimodal(const CatalogInputs& in, Json& e) {
  const ModelConfig& c = in.config;
  const VisionConfig& v = c.vision;
  // A tower without a fixed image size (Qwen2-VL/2.5-VL take any resolution) is described at the
  // 224-pixel reference size the catalogue's other dynamic-resolution entries use.
  const int64_t image_size = v.image_size > 0 ? v.image_size : 224;
  const int64_t patch = v.patch_size > 0 ? v.patch_size : 14;
  const int64_t merge = std::max<int64_t>(1, raw_count(c.raw, "vision_config", {"spatial_merge_size"}));
  const int64_t channels = raw_count(c.raw, "vision_config", {"num_channels", "in_chans", "in_channels"});
  std::string model_type = v.model_type;
  if (model_type.empty()) model_type = c.model_type + "_vision";

  Json vc = Json::object({{"model_type", model_type},
                          {"image_size", image_size},
                          {"patch_size", patch},
                          {"num_channels", channels > 0 ? channels : 3}});
  if (v.hidden_size) vc["hidden_size"] = v.hidden_size;
  if (v.num_layers) vc["num_layers"] = v.num_layers;
  if (v.num_heads) vc["num_heads"] = v.num_heads;
  if (v.intermediate_size) vc["intermediate_size"] = v.intermediate_size;

  int64_t projector = 0, vision_total = 0;
  for (const TensorInfo& t : in.tensors) {
    if (!is_projector(t.name)) continue;
    int64_t n = 1;
    for (int64_t d : t.shape) n *= d;
    projector += n;
  }
  if (const Json* vt = find(in.parameters, "vision"); vt && vt->is_number_integer()) vision_total = vt->get<int64_t>();
  if (vision_total == 0) vision_total = component(in.parameters, "vision");
  if (vision_total > 0) vc["parameters_millions"] = millions(vision_total - projector);
  e["vision_config"] = std::move(vc);

  const int64_t per_side = image_size / patch;
  Json mc = Json::object({{"image_token_count", per_side * per_side / (merge * merge)},
                          {"max_images", 1},
                          {"projector_type", "mlp"},
                          {"merge_strategy", "concatenate"},
                          {"supports_video", find(c.raw, "video_token_id") != nullptr ||
                                                 raw_count(c.raw, "vision_config", {"temporal_patch_size"}) > 0}});
  if (projector > 0) mc["projector_params_millions"] = millions(projector);
  e["multimodal_config"] = std::move(mc);
}

void add_cache_fields(const CatalogInputs& in, Json& e) {
  const ModelConfig& c = in.config;
  e["head_dim"] = c.mla ? c.mla->qk_nope_head_dim + c.mla->qk_rope_head_dim : c.head_dim;
  e["attention_type"] = to_string(c.attention_type);
  if (c.mla) {
    e["kv_lora_rank"] = c.mla->kv_lora_rank;
    e["qk_rope_head_dim"] = c.mla->qk_rope_head_dim;
  }
  int64_t windowed = 0, window = 0;
  for (const LayerSpec& l : c.layers)
    if (l.mixer == MixerKind::kSlidingAttention || l.mixer == MixerKind::kChunkedAttention) {
      ++windowed;
      window = std::max(window, l.sliding_window);
    }
  if (windowed > 0) {
    e["sliding_window"] = window;
    e["sliding_window_layers"] = windowed;
  }
  if (in.kv_bytes_per_token > 0) e["kv_bytes_per_token"] = in.kv_bytes_per_token;
}

}  // namespace

std::string catalog_id(std::string_view id) {
  std::string out;
  for (char ch : id) {
    const char c = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string catalog_display_name(std::string_view repo) {
  std::string out(repo);
  for (char& ch : out)
    if (ch == '-' || ch == '_') ch = ' ';
  return out;
}

const std::vector<std::string>& catalog_key_order() {
  static const std::vector<std::string> kOrder = {
      "id", "name", "hf_model_id", "hidden_size", "num_layers", "num_heads", "default_context_length",
      "architecture", "modality", "vision_config", "multimodal_config", "num_kv_heads", "intermediate_size",
      "vocab_size", "num_experts", "experts_per_token", "head_dim", "attention_type", "kv_lora_rank",
      "qk_rope_head_dim", "sliding_window", "sliding_window_layers", "kv_bytes_per_token", "parameters_billions"};
  return kOrder;
}

Json catalog_entry(const CatalogInputs& in) {
  const ModelConfig& c = in.config;
  const size_t slash = in.hf_model_id.rfind('/');
  const std::string repo = slash == std::string::npos ? in.hf_model_id : in.hf_model_id.substr(slash + 1);
  const Json* total = find(in.parameters, "total");
  const int64_t params = total && total->is_number_integer() ? total->get<int64_t>() : 0;
  Json e = Json::object({
      {"id", catalog_id(in.models_ts_id.empty() ? repo : in.models_ts_id)},
      {"name", in.name.empty() ? catalog_display_name(repo) : in.name},
      {"hf_model_id", in.hf_model_id},
      {"hidden_size", c.hidden_size},
      {"num_layers", c.num_layers},
      {"num_heads", c.num_heads},
      {"default_context_length", c.max_position_embeddings},
      {"architecture", c.moe ? "moe" : "transformer"},
      {"modality", c.multimodal ? "multimodal" : "text"},
      {"num_kv_heads", c.num_kv_heads},
      {"vocab_size", c.vocab_size},
      // Full precision: the exact count over 1e9 (as the catalogue's own entries, e.g. 0.231567705).
      {"parameters_billions", static_cast<double>(params) / 1e9},
  });
  if (c.intermediate_size > 0) e["intermediate_size"] = c.intermediate_size;
  else if (c.moe && c.moe->moe_intermediate_size > 0) e["intermediate_size"] = c.moe->moe_intermediate_size;
  if (c.moe) {
    e["num_experts"] = c.moe->num_experts;
    e["experts_per_token"] = c.moe->experts_per_token;
  }
  if (c.multimodal && c.vision.present) add_multimodal(in, e);
  add_cache_fields(in, e);
  return e;
}

}  // namespace hfmi

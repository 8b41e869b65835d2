#include "config/config_sections.hpp"

#include "config/config_fields.hpp"
#include "config/config_values.hpp"

namespace hfmi {
namespace {

// First present, non-null key of `keys` in `obj`; nullptr when none. `key_out` receives the key.
const Json* first_key(const Json& obj, std::initializer_list<const char*> keys, std::string& key_out) {
  for (const char* k : keys) {
    const auto it = obj.find(k);
    if (it != obj.end() && !it->is_null()) {
      key_out = k;
      return &*it;
    }
  }
  return nullptr;
}

// Reads an optional count; leaves `out` alone when absent.
Error* read_count(const Json& obj, std::initializer_list<const char*> keys, int64_t max, const std::string& path,
                  int64_t& out, Error& err) {
  std::string key;
  const Json* v = first_key(obj, keys, key);
  if (!v) return nullptr;
  auto n = check_count(*v, 0, max, json_path(path, key));
  if (!n) {
    err = n.error();
    return &err;
  }
  out = n.value();
  return nullptr;
}

Error* read_string(const Json& obj, std::initializer_list<const char*> keys, const std::string& path,
                   std::string& out, Error& err) {
  std::string key;
  const Json* v = first_key(obj, keys, key);
  if (!v) return nullptr;
  if (!v->is_string()) {
    err = make_error(codes::kBadConfig, std::string("expected a string, found ") + v->type_name(), json_path(path, key));
    return &err;
  }
  out = v->get<std::string>();
  return nullptr;
}

struct MethodBits {
  const char* method;
  int64_t bits;
};
// Weight bits implied by the method when the config does not say.
const MethodBits kImpliedBits[] = {{"fp8", 8}, {"fbgemm_fp8", 8}, {"mxfp4", 4}, {"nvfp4", 4}};

}  // namespace

Result<QuantizationConfig> decode_quantization(const Json& q, const std::string& path) {
  QuantizationConfig out;
  Error err;
  if (read_string(q, {"quant_method", "quantization_method"}, path, out.method, err)) return err;
  if (out.method.empty() && q.contains("config_groups")) out.method = "compressed-tensors";
  if (read_count(q, {"bits", "w_bit", "weight_bits", "num_bits"}, 64, path, out.bits, err)) return err;
  if (read_count(q, {"group_size", "q_group_size"}, caps::kIntermediate, path, out.group_size, err)) return err;
  if (read_string(q, {"fmt", "format"}, path, out.fmt, err)) return err;

  // bitsandbytes
  const auto flag = [&](const char* k) { return q.contains(k) && q[k].is_boolean() && q[k].get<bool>(); };
  if (out.bits == 0 && flag("load_in_4bit")) out.bits = 4;
  if (out.bits == 0 && flag("load_in_8bit")) out.bits = 8;

  // compressed-tensors: config_groups.<name>.weights.{num_bits, group_size}
  const auto groups = q.find("config_groups");
  if (groups != q.end() && groups->is_object()) {
    for (auto it = groups->begin(); it != groups->end(); ++it) {
      if (!it->is_object()) continue;
      const auto w = it->find("weights");
      if (w == it->end() || !w->is_object()) continue;
      const std::string wp = path + ".config_groups." + it.key() + ".weights";
      if (out.bits == 0 && read_count(*w, {"num_bits"}, 64, wp, out.bits, err)) return err;
      if (out.group_size == 0 && read_count(*w, {"group_size"}, caps::kIntermediate, wp, out.group_size, err)) {
        return err;
      }
      break;
    }
  }
  for (const auto& row : kImpliedBits) {
    if (out.bits == 0 && out.method == row.method) out.bits = row.bits;
  }

  std::string key;
  if (const Json* wbs = first_key(q, {"weight_block_size"}, key)) {
    auto list = check_field_value(*wbs, FieldKind::kCountList, 1, caps::kIntermediate, json_path(path, key));
    if (!list) return list.error();
    for (const Json& n : list.value()) out.weight_block_size.push_back(n.get<int64_t>());
  }
  if (const Json* skip = first_key(q, {"modules_to_not_convert", "ignore", "llm_int8_skip_modules"}, key)) {
    auto list = check_field_value(*skip, FieldKind::kStringList, 0, 0, json_path(path, key));
    if (!list) return list.error();
    for (const Json& s : list.value()) out.modules_to_not_convert.push_back(s.get<std::string>());
  }
  return out;
}

Result<VisionConfig> decode_vision(const Json& v, const std::string& path) {
  VisionConfig out;
  out.present = true;
  Error err;
  if (read_string(v, {"model_type"}, path, out.model_type, err)) return err;
  if (read_count(v, {"hidden_size", "embed_dim", "width"}, caps::kHiddenSize, path, out.hidden_size, err)) return err;
  if (read_count(v, {"num_hidden_layers", "depth", "num_layers"}, caps::kLayers, path, out.num_layers, err)) return err;
  if (read_count(v, {"num_attention_heads", "num_heads", "attention_heads"}, caps::kHeads, path, out.num_heads, err)) {
    return err;
  }
  if (read_count(v, {"intermediate_size", "mlp_dim"}, caps::kIntermediate, path, out.intermediate_size, err)) {
    return err;
  }
  if (read_count(v, {"patch_size", "spatial_patch_size"}, caps::kHeadDim, path, out.patch_size, err)) return err;
  if (read_count(v, {"image_size"}, caps::kHiddenSize, path, out.image_size, err)) return err;
  return out;
}

}  // namespace hfmi

#include "session/config_from_tensors.hpp"

#include <map>
#include <string>

#include "config/config_parser.hpp"
#include "core/lenient_json.hpp"
#include "structure/model_structure.hpp"

namespace hfmi {
namespace {

constexpr int kMaxFills = 4;
constexpr const char* kFillable[] = {"num_hidden_layers", "hidden_size", "intermediate_size", "vocab_size"};

// "$.key" -> ("", key); "$.text_config.key" -> ("text_config", key); else empty key.
std::pair<std::string, std::string> split_path(const std::string& path) {
  const std::string top = "$.", nested = "$.text_config.";
  std::string parent, key;
  if (path.rfind(nested, 0) == 0) parent = "text_config", key = path.substr(nested.size());
  else if (path.rfind(top, 0) == 0) key = path.substr(top.size());
  for (const char* k : kFillable) {
    if (key == k) return {parent, key};
  }
  return {"", ""};
}

Json* object_at(Json& root, const std::string& parent) {
  if (!root.is_object()) return nullptr;
  if (parent.empty()) return &root;
  auto it = root.find(parent);
  return it != root.end() && it->is_object() ? &*it : nullptr;
}

bool absent_or_null(Json& root, const std::string& parent, const std::string& key) {
  Json* obj = object_at(root, parent);
  if (!obj) return false;
  auto it = obj->find(key);
  return it == obj->end() || it->is_null();
}

int64_t most_common_ffn_width(const ModelStructure& st) {
  std::map<int64_t, int> n;
  for (const LayerStructure& L : st.layers) {
    if (L.ffn == FfnKind::kDense && L.ffn_width > 0) ++n[L.ffn_width];
  }
  int64_t best = 0;
  int best_n = 0;
  for (const auto& [w, k] : n) {
    if (k > best_n) best = w, best_n = k;
  }
  return best;
}

int64_t tensor_value(const std::string& key, const ModelStructure& st) {
  if (key == "num_hidden_layers") return static_cast<int64_t>(st.layers.size());
  if (key == "hidden_size") return st.hidden_size;
  if (key == "intermediate_size") return most_common_ffn_width(st);
  if (key == "vocab_size") return st.vocab_size;
  return 0;
}

}  // namespace

bool fillable_config_error(std::string_view config_bytes, const Error& e) {
  if (e.code != codes::kBadConfig) return false;
  const auto [parent, key] = split_path(e.path);
  if (key.empty()) return false;
  auto j = parse_lenient_json(config_bytes, codes::kBadConfig);
  return j && absent_or_null(j.value(), parent, key);
}

Result<FilledConfig> config_filled_from_tensors(std::string_view config_bytes, const Error& first_error,
                                                const std::vector<TensorInfo>& tensors) {
  auto parsed_json = parse_lenient_json(config_bytes, codes::kBadConfig);
  if (!parsed_json || tensors.empty()) return first_error;
  Json root = std::move(parsed_json.value());
  const ModelStructure st = read_structure(tensors, ModelConfig{});
  FilledConfig out;
  Error error = first_error;
  for (int i = 0; i < kMaxFills; ++i) {
    const auto [parent, key] = split_path(error.path);
    if (key.empty() || !absent_or_null(root, parent, key)) return error;
    const int64_t value = tensor_value(key, st);
    if (value <= 0) return error;
    (*object_at(root, parent))[key] = value;
    out.issues.push_back(Issue{kSeverityWarning, "W_CONFIG_FILLED_FROM_TENSORS", error.path,
                               "config.json gives no usable " + key + " (" + error.message + "); the tensors give " +
                                   std::to_string(value)});
    auto reparsed = parse_model_config(root.dump());
    if (reparsed) {
      out.config = std::move(reparsed.value());
      out.config.raw = parse_lenient_json(config_bytes, codes::kBadConfig).value();  // the config as given
      return out;
    }
    error = reparsed.error();
  }
  return error;
}

}  // namespace hfmi

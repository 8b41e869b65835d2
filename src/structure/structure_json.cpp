#include "structure/structure_json.hpp"

#include <map>
#include <utility>

namespace hfmi {

Json structure_json(const StructureResult& r, bool from_tensors) {
  const ModelConfig& c = r.config;
  const ModelStructure& st = r.structure;
  // Layer kinds in order of first appearance, with their layer indices as ranges.
  std::vector<std::pair<std::string, std::vector<int64_t>>> kinds;
  std::map<std::string, size_t> where;
  for (size_t i = 0; i < c.layers.size(); ++i) {
    const LayerSpec& L = c.layers[i];
    const std::string key = std::string(to_string(L.mixer)) + "|" + to_string(L.ffn);
    auto it = where.find(key);
    if (it == where.end()) {
      it = where.emplace(key, kinds.size()).first;
      kinds.push_back({key, {}});
    }
    kinds[it->second].second.push_back(static_cast<int64_t>(i));
  }
  Json layer_kinds = Json::array();
  for (const auto& [key, idx] : kinds) {
    const size_t bar = key.find('|');
    layer_kinds.push_back(Json::object({{"mixer", key.substr(0, bar)},
                                        {"ffn", key.substr(bar + 1)},
                                        {"count", idx.size()},
                                        {"layers", index_ranges(idx)}}));
  }
  Json unsupported = Json::array();
  for (const UnsupportedRole& u : st.unsupported) {
    unsupported.push_back(Json::object({{"role", u.role_key},
                                        {"tensor_count", u.tensor_count},
                                        {"parameters", u.parameters},
                                        {"tensors", u.tensors}}));
  }
  Json j = Json::object({{"source", from_tensors && st.present ? "tensors" : "config"},
                         {"layer_kinds", std::move(layer_kinds)},
                         {"unsupported", std::move(unsupported)}});
  if (st.present) {
    j["stack"] = st.stack;
    j["gated_mlp"] = c.gated_mlp;
    j["norm_type"] = c.norm_type;
    j["tie_word_embeddings"] = c.tie_word_embeddings;
    j["num_heads"] = c.num_heads;
    j["num_kv_heads"] = c.num_kv_heads;
  }
  if (!st.other_stacks.empty()) j["other_stacks"] = st.other_stacks;
  return j;
}

}  // namespace hfmi

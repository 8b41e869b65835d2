// Test helper: safetensors headers built from a real index's tensor names (tests/fixtures/structure/*),
// one header per shard the index names, with shapes a family function computes from the config's numbers.
#pragma once
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/lenient_json.hpp"
#include "fixtures.hpp"
#include "header_builder.hpp"
#include "session/import_session.hpp"

namespace hfmi::test {

struct TensorShape {
  std::string dtype;
  std::vector<int64_t> shape;
};
using ShapeOf = std::function<TensorShape(const std::string& name)>;

inline bool name_ends(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The index's weight_map grouped by shard, in the index's key order.
inline std::map<std::string, std::vector<std::string>> index_shards(const Json& index) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [name, shard] : index["weight_map"].items()) out[shard.get<std::string>()].push_back(name);
  return out;
}

// Qwen-72B (v1 remote code) tensor shapes from its config: fused c_attn with bias, and QWenMLP's w1/w2 each
// intermediate_size / 2 wide (the index names the tensors; the config gives the sizes).
inline ShapeOf qwen_v1_shapes(const Json& config) {
  const int64_t h = config["hidden_size"].get<int64_t>(), V = config["vocab_size"].get<int64_t>();
  const int64_t half = config["intermediate_size"].get<int64_t>() / 2;
  return [h, V, half](const std::string& n) -> TensorShape {
    if (name_ends(n, "wte.weight") || name_ends(n, "lm_head.weight")) return {"BF16", {V, h}};
    if (name_ends(n, "c_attn.weight")) return {"BF16", {3 * h, h}};
    if (name_ends(n, "c_attn.bias")) return {"BF16", {3 * h}};
    if (name_ends(n, "attn.c_proj.weight")) return {"BF16", {h, h}};
    if (name_ends(n, "w1.weight") || name_ends(n, "w2.weight")) return {"BF16", {half, h}};
    if (name_ends(n, "mlp.c_proj.weight")) return {"BF16", {h, half}};
    return {"BF16", {h}};
  };
}

struct BuiltModel {
  std::vector<std::pair<std::string, HeaderBuilder>> shards;
  uint64_t data_bytes = 0;
};

inline BuiltModel build_from_index(const Json& index, const ShapeOf& shape_of) {
  BuiltModel m;
  for (const auto& [shard, names] : index_shards(index)) {
    HeaderBuilder b;
    for (const std::string& n : names) {
      const TensorShape s = shape_of(n);
      b.add(n, s.dtype, s.shape);
    }
    m.data_bytes += b.data_size();
    m.shards.emplace_back(shard, std::move(b));
  }
  return m;
}

// A session with the config and every built shard added; REQUIREs each step.
inline void load_session(ImportSession& s, const std::string& config_bytes, const BuiltModel& m) {
  auto c = s.set_config(config_bytes);
  INFO((c.ok() ? std::string() : c.error().code + " " + c.error().message + " at " + c.error().path));
  REQUIRE(c.ok());
  for (const auto& [shard, b] : m.shards) {
    auto r = s.add_header(shard, b.bytes(), b.file_size());
    REQUIRE(r.ok());
  }
}

inline Json analyze_ok(const ImportSession& s, const std::string& model_id) {
  AnalyzeOptions o;
  o.model_id = model_id;
  auto a = s.analyze(o);
  INFO((a.ok() ? std::string() : a.error().code + " " + a.error().message));
  REQUIRE(a.ok());
  return a.value();
}

}  // namespace hfmi::test

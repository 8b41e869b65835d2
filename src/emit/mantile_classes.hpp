// Mantile's layer classes (gminneci/mantile@72ff84eb, backend layers) and their constructor keys:
// the only `class` values and `specs` keys a perf-model config may use. Mantile resolves `class` by
// exact name and keeps only the keys its constructor accepts (besides layer_idx, dtype, parallelism).
#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace hfmi {

enum class MantileClass {
  kAttention,               // MHA
  kGroupedQueryAttention,   // GQA / MQA
  kSlidingWindowAttention,  // sliding-window layers
  kMlp,                     // plain 2-matrix MLP
  kGatedMlp,                // gate/up/down MLP
  kMoe,                     // MoE FFN
  kNorm,                    // a norm
  kEmbedding,               // token embedding (no layer_idx)
  kCount
};

struct MantileKey {
  const char* name;
  const char* default_json;  // the constructor's default as JSON text; nullptr = required
};

struct MantileClassRow {
  MantileClass cls;
  const char* name;              // the Python class name
  std::array<MantileKey, 7> keys;  // unused slots have name == nullptr
  bool takes_layer_idx;
};

const MantileClassRow& mantile_class(MantileClass c);
std::optional<MantileClass> mantile_class_named(std::string_view name);

}  // namespace hfmi

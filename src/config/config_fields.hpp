// The field table: each normalized ModelConfig field and the ordered config.json keys it is read from.
// One row per field; the first key present (and not null) wins. See config_fields.cpp for the rows.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "core/static_list.hpp"

namespace hfmi {

enum class FieldKind {
  kCount,       // non-negative integer (integral floats like 4096.0 accepted; fractions, bools, strings refused)
  kNumber,      // any JSON number (not bool)
  kBool,        // JSON boolean
  kString,      // JSON string
  kCountList,   // array of non-negative integers
  kCountOrList, // a count, or one count per layer (Hunyuan moe_topk, MiMo moe_layer_freq)
  kCountOrPattern,  // a count, or a string with one letter per layer ("LLLG": L local, G global)
  kStringList,  // array of strings
  kObject,      // JSON object (kept raw)
  kArray,       // JSON array (kept raw)
};

// A key may name a nested member with a dot ("attn_config.alibi": MPT keeps attention settings in attn_config).

// Where a field is looked for when the config nests the language model under `text_config`.
enum class FieldScope {
  kText,          // only the text scope (text_config when present, else the root)
  kTextThenRoot,  // the text scope, then the root (tie_word_embeddings, dtype, vocab_size, quantization_config)
};

// Documented caps: values above them are refused as absurd (E_BAD_CONFIG).
namespace caps {
inline constexpr int64_t kHiddenSize = 1'000'000;
inline constexpr int64_t kLayers = 10'000;
inline constexpr int64_t kVocab = 100'000'000;
inline constexpr int64_t kHeads = 100'000;
inline constexpr int64_t kHeadDim = 100'000;
inline constexpr int64_t kIntermediate = 10'000'000;
inline constexpr int64_t kExperts = 1'000'000;
inline constexpr int64_t kPositions = 1'000'000'000'000;  // context lengths and windows
inline constexpr int64_t kGeneric = 1'000'000'000;        // any other count
}  // namespace caps

// A rule's config.json keys, in priority order: a static list (the rows are constexpr), written {{"a", "b"}}.
struct FieldKeys {
  std::initializer_list<const char*> list;
  const char* const* begin() const { return list.begin(); }
  const char* const* end() const { return list.end(); }
  size_t size() const { return list.size(); }
  bool empty() const { return list.size() == 0; }
  const char* front() const { return *list.begin(); }
};

struct FieldRule {
  const char* name;               // normalized field name, e.g. "hidden_size"
  FieldKind kind;
  FieldKeys keys;                 // config.json keys, in priority order
  int64_t min = 0;                // smallest accepted count (1 for sizes that must be positive)
  int64_t max = caps::kGeneric;   // largest accepted count
  FieldScope scope = FieldScope::kText;
};

// Every field rule (a static array), in the order they are resolved.
StaticList<FieldRule> field_rules();

// The rule for a normalized name, or nullptr.
const FieldRule* find_field_rule(std::string_view name);

}  // namespace hfmi

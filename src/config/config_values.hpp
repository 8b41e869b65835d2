// Field values read from a config.json through the field table, type-checked, with dialect defaults
// filled in and the origin of every value recorded.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_dialects.hpp"
#include "config/config_fields.hpp"
#include "core/error.hpp"
#include "core/lenient_json.hpp"

namespace hfmi {

struct FieldValue {
  Json value;          // the checked value
  std::string source;  // "config:$.text_config.hidden_size" or "default:Gemma3TextConfig"
  std::string path;    // JSON path of the key that held it ("" for defaults)
};

class FieldValues {
 public:
  // Resolves every row of field_rules(). `text` is the text_config object (nullptr when the language model
  // sits at the root); `text_prefix` is its JSON path ("$.text_config" or "$"). Absent keys take the
  // dialect's defaults. Wrong types and out-of-range counts return E_BAD_CONFIG with the key's path.
  static Result<FieldValues> resolve(const Json& root, const Json* text, const std::string& text_prefix,
                                     const Dialect& dialect);

  bool has(std::string_view name) const { return fields_.find(name) != fields_.end(); }
  // True when the config set the field to null (Python None): the dialect default was not applied.
  bool is_null(std::string_view name) const { return nulls_.find(name) != nulls_.end(); }
  int64_t count(std::string_view name, int64_t fallback = 0) const;
  double number(std::string_view name, double fallback = 0) const;
  bool flag(std::string_view name, bool fallback = false) const;
  std::string text(std::string_view name, const std::string& fallback = "") const;
  std::vector<int64_t> counts(std::string_view name) const;
  std::vector<std::string> strings(std::string_view name) const;
  const Json* raw(std::string_view name) const;
  std::string source(std::string_view name) const;  // "" if absent
  // Where the field is (when read from the config) or would be (its first key in the text scope).
  std::string path(std::string_view name) const;
  const std::string& text_prefix() const { return text_prefix_; }

 private:
  std::map<std::string, FieldValue, std::less<>> fields_;
  std::map<std::string, std::string, std::less<>> nulls_;  // field -> path of the null key
  std::string text_prefix_ = "$";
};

// Checks one JSON value against a field kind and range. `path` names it in the error.
Result<Json> check_field_value(const Json& value, FieldKind kind, int64_t min, int64_t max, const std::string& path);

// Reads a count from an arbitrary JSON value (used for nested sections such as block_configs).
Result<int64_t> check_count(const Json& value, int64_t min, int64_t max, const std::string& path);

// "$.a" + "b" -> "$.a.b"
std::string json_path(const std::string& prefix, std::string_view key);

}  // namespace hfmi

// Errors are values: a stable code, a human message, and the JSON path of the offending field.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace hfmi {

// Stable error codes shared by C++ and TypeScript (see js/core/errors.ts).
namespace codes {
inline constexpr const char* kBadConfig = "E_BAD_CONFIG";
inline constexpr const char* kBadHeader = "E_BAD_HEADER";
inline constexpr const char* kBadIndex = "E_BAD_INDEX";
inline constexpr const char* kBadModelsTs = "E_BAD_MODELS_TS";
inline constexpr const char* kBadOptions = "E_USAGE";
inline constexpr const char* kInternal = "E_INTERNAL";
inline constexpr const char* kBadCatalog = "E_BAD_CATALOG";        // models.json cannot be updated safely
inline constexpr const char* kCatalogSchema = "E_CATALOG_SCHEMA";  // the entry breaks the catalogue schema/rules
}  // namespace codes

struct Error {
  std::string code;     // e.g. "E_BAD_CONFIG"
  std::string message;  // one readable sentence
  std::string path;     // JSON path of the offending field, e.g. "$.text_config.num_attention_heads"; "" if none
};

// A value or an error. Small on purpose: no exceptions cross module boundaries.
template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}           // NOLINT(google-explicit-constructor)
  Result(Error error) : error_(std::move(error)) {}        // NOLINT(google-explicit-constructor)
  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const T& value() const { return *value_; }
  T& value() { return *value_; }
  const Error& error() const { return *error_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  std::optional<Error> error_;
};

inline Error make_error(std::string code, std::string message, std::string path = "") {
  return Error{std::move(code), std::move(message), std::move(path)};
}

}  // namespace hfmi

// Errors are values: a stable code, a human message, and the JSON path of the offending field.
#pragma once
#include <optional>
#include <string>
#include <utility>

#include "policy/error_codes.hpp"

namespace hfmi {

// Stable error codes shared by C++ and TypeScript: the rows of policy/error_codes.hpp, by their C++ names.
namespace codes {
inline constexpr const char* kBadConfig = error_code_name(ErrorCode::kBadConfig);
inline constexpr const char* kBadHeader = error_code_name(ErrorCode::kBadHeader);
inline constexpr const char* kBadIndex = error_code_name(ErrorCode::kBadIndex);
inline constexpr const char* kBadModelsTs = error_code_name(ErrorCode::kBadModelsTs);
inline constexpr const char* kBadOptions = error_code_name(ErrorCode::kUsage);
inline constexpr const char* kTooLarge = error_code_name(ErrorCode::kTooLarge);
inline constexpr const char* kInternal = error_code_name(ErrorCode::kInternal);
inline constexpr const char* kBadCatalog = error_code_name(ErrorCode::kBadCatalog);
inline constexpr const char* kCatalogSchema = error_code_name(ErrorCode::kCatalogSchema);
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

// Out of line (core/error.cpp): it is called at about a hundred places, and each inline copy built three strings.
Error make_error(const char* code, std::string message, std::string path = {});

}  // namespace hfmi

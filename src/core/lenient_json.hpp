// JSON parsing that accepts what Python's json module writes: bare NaN, Infinity and -Infinity.
// Real HF configs contain them (Nemotron-H's time_step_limit).
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace hfmi {

using Json = nlohmann::json;

// Parses `bytes` as JSON. Bare NaN becomes null; +/-Infinity become double infinities.
// On failure returns `error_code` with the byte offset in the message.
Result<Json> parse_lenient_json(std::string_view bytes, const char* error_code);

// Why `text` is not JSON, with the parser's line, column and the offending token (the message the E_BAD_*
// errors carry), e.g. "not valid JSON: [json.exception.parse_error.101] parse error at line 1, column 9: ...".
// Only called after a non-throwing parse returned a discarded value: nothing throws here.
std::string json_parse_error(std::string_view text);

// Parses `text` without exceptions: the value, or `error_code` with json_parse_error's message at `path`.
template <class J = Json>
Result<J> parse_json(std::string_view text, const char* error_code, std::string path = "$") {
  J parsed = J::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return make_error(error_code, json_parse_error(text), std::move(path));
  return parsed;
}

// Maximum nesting depth accepted (guards recursion in consumers).
inline constexpr int kMaxJsonDepth = 256;

}  // namespace hfmi

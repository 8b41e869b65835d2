// JSON parsing that accepts what Python's json module writes: bare NaN, Infinity and -Infinity.
// Real HF configs contain them (Nemotron-H's time_step_limit).
#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace hfmi {

using Json = nlohmann::json;

// Parses `bytes` as JSON. Bare NaN becomes null; +/-Infinity become double infinities.
// On failure returns `error_code` with the byte offset in the message.
Result<Json> parse_lenient_json(std::string_view bytes, const char* error_code);

// Maximum nesting depth accepted (guards recursion in consumers).
inline constexpr int kMaxJsonDepth = 256;

}  // namespace hfmi

// JSON parsing that accepts what Python's json module writes: bare NaN, Infinity and -Infinity.
// Real HF configs contain them (Nemotron-H's time_step_limit).
#pragma once
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/json_parse.hpp"  // kMaxJsonDepth
#include "core/json_value.hpp"  // hfmi::Json

namespace hfmi {

// Parses `bytes` as JSON. Bare NaN becomes null; +/-Infinity become double infinities.
// On failure returns `error_code` at "$" with the reader's line, column and reason in the message.
Result<Json> parse_lenient_json(std::string_view bytes, const char* error_code);

// Why `text` is not (strict) JSON, with the reader's line, column and reason, e.g. "not valid JSON: parse error
// at line 1, column 9: expected a string"; "not valid JSON" when it is JSON.
std::string json_parse_error(std::string_view text);

}  // namespace hfmi

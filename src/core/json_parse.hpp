// Reading JSON text into a Json (core/json_value.hpp) with the project's strict scanner (core/json_scanner.hpp):
// the one reader behind Json::parse, OrderedJson::parse and parse_lenient_json.
#pragma once
#include <string>
#include <string_view>

#include "core/json_value.hpp"

namespace hfmi {

// Maximum nesting depth accepted (guards recursion in the reader and in consumers).
inline constexpr int kMaxJsonDepth = 256;

struct JsonSyntax {
  // Also what Python's json module writes: bare NaN (read as null), Infinity and -Infinity (double
  // infinities; a number that reads as +/-DBL_MAX is taken for one too, as before: no real config holds it).
  bool lenient = false;
  bool ordered = false;  // objects keep their members in the text's order (OrderedJson)
};

// The value of `text` (one JSON value between optional blanks, after an optional UTF-8 byte order mark), as
// nlohmann reads it: a non-negative integer that fits 64 bits is unsigned, a negative one that fits is signed,
// any other number a double (one past a double's range is an error); a key given twice keeps its last value.
// On failure a discarded value, and `why` (when given) says where and why: "parse error at line 3, column 1:
// expected a string".
Json read_json(std::string_view text, JsonSyntax syntax, std::string* why = nullptr);

}  // namespace hfmi

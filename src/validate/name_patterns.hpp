// The dataset's Definition naming regexes (flashinfer-bench naming_patterns.json) as std::regex.
// The file writes Python named groups, `(?P<hidden_size>\d+)`; ECMAScript has no `?P`, so each
// `(?P<name>` becomes a plain group `(` (names are not needed to decide a match).
#pragma once
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace hfmi {

// `{"patterns": [{"regex": "..."}, ...]}` -> one regex per pattern, in file order.
// E_USAGE with the JSON path of the first regex that does not compile, or of a missing field.
Result<std::vector<std::regex>> compile_name_patterns(std::string_view naming_patterns_json);

// `(?P<name>` -> `(`; everything else unchanged.
std::string python_regex_to_ecmascript(std::string_view python_regex);

}  // namespace hfmi

// The dataset's Definition naming regexes (flashinfer-bench naming_patterns.json), compiled by the core's
// own matcher (naming/name_regex.hpp), which reads the file's Python named groups `(?P<hidden_size>\d+)`.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "naming/name_regex.hpp"

namespace hfmi {

// `{"patterns": [{"regex": "..."}, ...]}` -> one regex per pattern, in file order.
// E_USAGE with the JSON path of the first regex that does not compile, or of a missing field.
Result<std::vector<NameRegex>> compile_name_patterns(std::string_view naming_patterns_json);

// `(?P<name>` -> `(`; everything else unchanged (the ECMAScript form, for JavaScript's RegExp).
std::string python_regex_to_ecmascript(std::string_view python_regex);

}  // namespace hfmi

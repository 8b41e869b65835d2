// A small matcher for the regular expressions that JSON schemas use in "pattern" (no std::regex in
// the core): anchors ^ $, literals, escapes (\. \- \d \w \s ...), '.', character classes with ranges
// ([a-z0-9_.-], [^...]), the quantifiers * + ? and top-level alternation a|b. Groups, braces and
// back-references are not supported: pattern_supported() says so, and the caller reports the
// pattern as unchecked instead of guessing.
#pragma once
#include <string_view>

namespace hfmi {

bool pattern_supported(std::string_view pattern);

// ECMA-262 semantics for the supported subset: a match anywhere unless anchored.
bool pattern_matches(std::string_view pattern, std::string_view text);

}  // namespace hfmi

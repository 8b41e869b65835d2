// TypeScript string literals and property keys that can never break out of their quotes.
//
// ts_string_literal() writes a double-quoted literal using only printable ASCII:
//   - `"` and `\` are backslash-escaped; \b \f \n \r \t use their short escapes;
//   - every other control character (U+0000..U+001F, U+007F) becomes \u00XX;
//   - every non-ASCII code point becomes \uXXXX (a surrogate pair for code points above U+FFFF),
//     so U+2028/U+2029, bidi overrides and emoji are all inert and visible in a diff;
//   - invalid UTF-8 (stray continuation bytes, overlong forms, surrogates, > U+10FFFF, truncated
//     sequences) becomes U+FFFD, one per maximal invalid subpart (as TextDecoder and Node do);
//   - `$` is written as \u0024 when it is followed by `{`. `${` is inert inside double quotes, but
//     escaping it keeps the text inert if someone later turns the literal into a template literal,
//     and keeps `${` out of the file for reviewers and grep-based checks. A lone `$` stays as is.
// The result is also a valid JSON string (only JSON escapes are used), so any JSON parser decodes it.
#pragma once
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace hfmi {

std::string ts_string_literal(std::string_view utf8);

// A key for an object literal: the bare name if it is an ASCII identifier
// (^[A-Za-z_$][A-Za-z0-9_$]*$) and not a reserved word, else a quoted literal.
// `__proto__` is written as the computed key ["__proto__"]: both `__proto__: v` and
// `"__proto__": v` set the object's prototype instead of creating a property.
std::string ts_property_key(std::string_view name);

// True for ^[A-Za-z_$][A-Za-z0-9_$]*$ (ASCII only).
bool is_ascii_identifier(std::string_view name);

// Decodes the JavaScript string literal that starts at text[0] (a '...' or "..." literal, or a
// template literal without substitutions) into UTF-8. Understands every ES escape: \n \r \t \b \f
// \v \0, \xHH, \uXXXX, \u{X...}, line continuations, and identity escapes. Lone surrogates become
// U+FFFD. `consumed` (if given) receives the literal's length in bytes including the quotes.
// Errors (E_BAD_MODELS_TS): not a literal, unterminated, raw line break in a quoted literal,
// malformed escape, or a template literal with a ${...} substitution.
Result<std::string> decode_ts_string_literal(std::string_view text, size_t* consumed = nullptr);

}  // namespace hfmi

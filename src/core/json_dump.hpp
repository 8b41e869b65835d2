// JSON text as nlohmann/json's serializer writes it (dump() with error_handler_t::replace): Json::dump's
// pieces, for writers that assemble a text from parts (core/json_text.hpp).
#pragma once
#include <string>
#include <string_view>

namespace hfmi {

// Appends `s` as a quoted JSON string: \" \\ \b \f \n \r \t, other control characters as \u00xx (lower-case
// hex), with `ensure_ascii` every code point past U+007E as \uXXXX (a surrogate pair above U+FFFF), else its
// UTF-8 bytes as they are. A byte sequence that is not UTF-8 becomes one U+FFFD, and the byte that broke it is
// read again as the start of what follows (nlohmann's rule, so the text is the same).
void append_json_string(std::string& out, std::string_view s, bool ensure_ascii = false);

}  // namespace hfmi

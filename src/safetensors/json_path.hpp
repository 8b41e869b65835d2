// JSON paths for error messages: $['tensor.name'].field, with the key quoted so any name is readable.
#pragma once
#include <string>
#include <string_view>

#include "core/number_text.hpp"

namespace hfmi {

// `text` made safe to show between single quotes: quotes and backslashes escaped, control bytes
// written as \xNN, and text longer than 256 bytes shortened with "..." so hostile input cannot bloat
// a message.
inline std::string printable_quoted(std::string_view key) {
  constexpr size_t kMaxShown = 256;
  std::string out;
  const size_t shown = key.size() > kMaxShown ? kMaxShown : key.size();
  for (size_t i = 0; i < shown; ++i) {
    const unsigned char c = static_cast<unsigned char>(key[i]);
    if (c == '\'' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      append_hex(out, c, 2);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (shown < key.size()) out += "...";
  return out;
}

// Appends ['key'] to `base`, e.g. $['model.norm.weight'].
inline std::string json_path_key(std::string_view base, std::string_view key) {
  return std::string(base) + "['" + printable_quoted(key) + "']";
}

}  // namespace hfmi

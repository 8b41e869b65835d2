// Checks on emitted text shared by the models.ts entry and updater suites.
#pragma once
#include <string>

namespace hfmi::test {

// Every '\n' is part of a "\r\n".
inline bool all_newlines_crlf(const std::string& t) {
  for (size_t i = 0; i < t.size(); ++i)
    if (t[i] == '\n' && (i == 0 || t[i - 1] != '\r')) return false;
  return true;
}

// Only printable ASCII and '\n'.
inline bool printable_ascii_lines(const std::string& t) {
  for (unsigned char c : t)
    if (!((c >= 0x20 && c < 0x7F) || c == '\n')) return false;
  return true;
}

}  // namespace hfmi::test

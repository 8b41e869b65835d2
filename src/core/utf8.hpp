// UTF-8 encoding, checking and hex digits, for the hand-written JSON and TypeScript string readers and the JSON
// writer.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hfmi {

// Appends code point `cp` (at most U+10FFFF, not a surrogate) as UTF-8.
inline void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The length of the UTF-8 sequence at s[i] (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), or 0
// when none starts there; then `valid_prefix` is how many of its bytes were right before one broke it (0: the
// first byte starts no sequence; a sequence cut by the end of `s` counts as broken there).
inline size_t utf8_sequence(std::string_view s, size_t i, size_t& valid_prefix) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  }
  valid_prefix = 0;
  for (size_t k = 1; k < len; ++k, lo = 0x80, hi = 0xBF) {
    if (i + k >= s.size() || b(i + k) < lo || b(i + k) > hi) {
      valid_prefix = k;
      return 0;
    }
  }
  return len;
}

// 0-15 for a hex digit, else -1.
inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace hfmi

#include "core/json_scanner.hpp"

#include <charconv>

#include "core/utf8.hpp"

namespace hfmi {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool JsonScanner::consume_literal(std::string_view word) {
  if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
  p_ += word.size();
  return true;
}

const char* JsonScanner::value_kind() const {
  if (p_ >= end_) return nullptr;
  const std::string_view rest(p_, static_cast<size_t>(end_ - p_));
  switch (*p_) {
    case '{': return "an object";
    case '[': return "an array";
    case '"': return "a string";
    case 't': return rest.substr(0, 4) == "true" ? "a boolean" : nullptr;
    case 'f': return rest.substr(0, 5) == "false" ? "a boolean" : nullptr;
    case 'n': return rest.substr(0, 4) == "null" ? "null" : nullptr;
    case '-': return "a number";
    default: return is_digit(*p_) ? "a number" : nullptr;
  }
}

// One UTF-8 sequence (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF) into scratch_.
bool JsonScanner::append_utf8_sequence() {
  size_t valid_prefix = 0;
  const size_t len = utf8_sequence(std::string_view(p_, static_cast<size_t>(end_ - p_)), 0, valid_prefix);
  if (len == 0) return fail("invalid UTF-8 in a string");
  scratch_.append(p_, len);
  p_ += len;
  return true;
}

// One backslash escape (p_ at the backslash) into scratch_.
bool JsonScanner::append_escape() {
  if (end_ - p_ < 2) return fail("unterminated string");
  const char e = p_[1];
  const char* simple = nullptr;
  switch (e) {
    case '"': simple = "\""; break;
    case '\\': simple = "\\"; break;
    case '/': simple = "/"; break;
    case 'b': simple = "\b"; break;
    case 'f': simple = "\f"; break;
    case 'n': simple = "\n"; break;
    case 'r': simple = "\r"; break;
    case 't': simple = "\t"; break;
    case 'u': break;
    default: return fail("invalid escape in a string");
  }
  if (simple != nullptr) {
    scratch_ += *simple;
    p_ += 2;
    return true;
  }
  const auto read_u = [&](const char* at, uint32_t& cp) {
    if (end_ - at < 6 || at[0] != '\\' || at[1] != 'u') return false;
    cp = 0;
    for (int i = 2; i < 6; ++i) {
      const int v = hex_value(at[i]);
      if (v < 0) return false;
      cp = cp * 16 + static_cast<uint32_t>(v);
    }
    return true;
  };
  uint32_t cp = 0;
  if (!read_u(p_, cp)) return fail("invalid \\u escape in a string");
  p_ += 6;
  if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("a lone low surrogate in a string");
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    uint32_t low = 0;
    if (!read_u(p_, low) || low < 0xDC00 || low > 0xDFFF) return fail("a high surrogate without its low half in a string");
    p_ += 6;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  append_utf8(scratch_, cp);
  return true;
}

bool JsonScanner::string(std::string_view& out) {
  if (p_ >= end_ || *p_ != '"') return fail("expected a string");
  const char* start = ++p_;
  // Fast path: plain ASCII with no escapes is viewed in place.
  while (p_ < end_) {
    const unsigned char c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      out = std::string_view(start, static_cast<size_t>(p_ - start));
      ++p_;
      in_scratch_ = false;
      return true;
    }
    if (c == '\\' || c < 0x20 || c >= 0x80) break;
    ++p_;
  }
  scratch_.assign(start, static_cast<size_t>(p_ - start));
  while (p_ < end_) {
    const unsigned char c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      ++p_;
      out = scratch_;
      in_scratch_ = true;
      return true;
    }
    if (c < 0x20) return fail("a control character in a string");
    if (c == '\\') {
      if (!append_escape()) return false;
    } else if (c >= 0x80) {
      if (!append_utf8_sequence()) return false;
    } else {
      scratch_ += static_cast<char>(c);
      ++p_;
    }
  }
  return fail("unterminated string");
}

bool JsonScanner::number(std::string_view& token) {
  const char* p = p_;
  if (p < end_ && *p == '-') ++p;
  if (p >= end_ || !is_digit(*p)) return fail("a malformed number");
  if (*p == '0') {
    ++p;
    if (p < end_ && is_digit(*p)) return fail("a number with a leading zero");
  } else {
    while (p < end_ && is_digit(*p)) ++p;
  }
  if (p < end_ && *p == '.') {
    ++p;
    if (p >= end_ || !is_digit(*p)) return fail("a malformed number");
    while (p < end_ && is_digit(*p)) ++p;
  }
  if (p < end_ && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end_ && (*p == '+' || *p == '-')) ++p;
    if (p >= end_ || !is_digit(*p)) return fail("a malformed number");
    while (p < end_ && is_digit(*p)) ++p;
  }
  token = std::string_view(p_, static_cast<size_t>(p - p_));
  p_ = p;
  return true;
}

bool is_json_number(std::string_view token, bool& is_integer) {
  JsonScanner scanner(token);
  std::string_view number;
  if (!scanner.number(number) || !scanner.at_end()) return false;
  is_integer = number.find_first_of(".eE") == std::string_view::npos;
  return true;
}

JsonScanner::Number JsonScanner::unsigned_integer(uint64_t& out) {
  if (p_ >= end_ || (*p_ != '-' && !is_digit(*p_))) return Number::kNotANumber;
  std::string_view token;
  if (!number(token)) return Number::kSyntax;
  const bool negative = token[0] == '-';
  const std::string_view digits = token.substr(negative ? 1 : 0);
  uint64_t v = 0;
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (r.ptr != digits.data() + digits.size() || r.ec != std::errc()) return Number::kFractionOrTooLarge;
  if (negative && v != 0) return Number::kNegative;
  out = v;
  return Number::kOk;
}

}  // namespace hfmi

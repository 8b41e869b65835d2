// A strict JSON tokenizer for hand-written, single-pass readers of fixed-shape documents (the
// safetensors header). It reads one token at a time from a byte range and never builds a DOM;
// the reader decides what each position may hold. Strings are checked as RFC 8259 requires
// (no raw control characters, valid escapes and surrogate pairs, valid UTF-8).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hfmi {

class JsonScanner {
 public:
  explicit JsonScanner(std::string_view text) : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()) {}

  size_t size() const { return static_cast<size_t>(end_ - begin_); }
  size_t offset() const { return static_cast<size_t>(p_ - begin_); }
  bool at_end() const { return p_ >= end_; }
  char peek() const { return p_ < end_ ? *p_ : '\0'; }

  void skip_ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool consume(char c) {
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool consume_literal(std::string_view word);

  // After a member of an object or array: skips "," (and the blanks after it) or the `close` bracket.
  enum class After { kMore, kClosed, kSyntax };
  After after_member(char close) {
    skip_ws();
    if (consume(',')) {
      skip_ws();
      return After::kMore;
    }
    if (consume(close)) return After::kClosed;
    error_ = "expected ',' or a closing bracket";
    return After::kSyntax;
  }

  // A string token. `out` views the input when the string has no escapes, else an internal buffer
  // that the next string() overwrites (see in_scratch()).
  bool string(std::string_view& out);
  bool in_scratch() const { return in_scratch_; }

  // A number token (RFC 8259's grammar) into `token` (a view of the input); false, consuming nothing, when what
  // starts here is not a well-formed number.
  bool number(std::string_view& token);

  enum class Number { kOk, kNotANumber, kNegative, kFractionOrTooLarge, kSyntax };
  // A number token that must be a non-negative integer that fits 64 bits. Anything else that is a
  // well-formed number is consumed and classified; kNotANumber consumes nothing.
  Number unsigned_integer(uint64_t& out);

  // What the value starting here is, for messages: "an object", "an array", "a string", "a number",
  // "a boolean", "null"; nullptr when no value starts here.
  const char* value_kind() const;

  // Why the last token failed.
  const char* error_text() const { return error_ ? error_ : "unexpected character"; }

 private:
  bool fail(const char* why) {
    error_ = why;
    return false;
  }
  bool append_utf8_sequence();
  bool append_escape();

  const char* begin_;
  const char* p_;
  const char* end_;
  std::string scratch_;
  bool in_scratch_ = false;
  const char* error_ = nullptr;
};

// Whether `token` is one whole JSON number (JsonScanner::number's grammar), and whether it is an integer (no
// fraction, no exponent).
bool is_json_number(std::string_view token, bool& is_integer);

}  // namespace hfmi

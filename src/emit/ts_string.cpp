#include "emit/ts_string.hpp"

#include <array>
#include <cstdint>

#include "core/number_text.hpp"
#include "core/utf8.hpp"

namespace hfmi {
namespace {

constexpr uint32_t kReplacement = 0xFFFD;

// ECMAScript reserved words, strict-mode reserved words, and `await`. Quoting them is not required
// by the grammar for property names, but a quoted key is never ambiguous to a reader or a tool.
constexpr std::array<std::string_view, 46> kReservedWords = {
    "break",    "case",     "catch",      "class",     "const",   "continue", "debugger", "default",
    "delete",   "do",       "else",       "enum",      "export",  "extends",  "false",    "finally",
    "for",      "function", "if",         "import",    "in",      "instanceof", "new",    "null",
    "return",   "super",    "switch",     "this",      "throw",   "true",     "try",      "typeof",
    "var",      "void",     "while",      "with",      "yield",   "let",      "static",   "implements",
    "interface", "package", "private",    "protected", "public",  "await"};

// Short escapes shared by JSON and TypeScript.
struct ShortEscape {
  char raw;
  const char* escaped;
};
constexpr std::array<ShortEscape, 7> kShortEscapes = {{{'"', "\\\""},
                                                       {'\\', "\\\\"},
                                                       {'\b', "\\b"},
                                                       {'\f', "\\f"},
                                                       {'\n', "\\n"},
                                                       {'\r', "\\r"},
                                                       {'\t', "\\t"}}};

void append_u_escape(std::string& out, uint32_t unit) {
  out += "\\u";
  append_hex(out, unit, 4);
}

void append_code_point_escaped(std::string& out, uint32_t cp) {
  if (cp >= 0x10000) {
    const uint32_t v = cp - 0x10000;
    append_u_escape(out, 0xD800 + (v >> 10));
    append_u_escape(out, 0xDC00 + (v & 0x3FF));
  } else {
    append_u_escape(out, cp);
  }
}

// Decodes one UTF-8 sequence at s[i]. Returns the code point and sets `len`. On invalid input
// returns U+FFFD and sets `len` to the maximal subpart (the longest prefix of a valid sequence,
// at least 1 byte), as the Unicode standard recommends and TextDecoder / Node's Buffer do.
uint32_t decode_utf8(std::string_view s, size_t i, size_t& len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  len = 1;
  if (b0 < 0x80) return b0;
  int need = 0;
  uint32_t cp = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // no overlongs
    if (b0 == 0xED) hi = 0x9F;  // no UTF-16 surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // no overlongs
    if (b0 == 0xF4) hi = 0x8F;  // <= U+10FFFF
  } else {
    return kReplacement;
  }
  for (int k = 1; k <= need; ++k) {
    const unsigned char min = (k == 1) ? lo : 0x80;
    const unsigned char max = (k == 1) ? hi : 0xBF;
    if (i + k >= s.size() || static_cast<unsigned char>(s[i + k]) < min ||
        static_cast<unsigned char>(s[i + k]) > max) {
      len = static_cast<size_t>(k);
      return kReplacement;
    }
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  len = static_cast<size_t>(need) + 1;
  return cp;
}

// Collects UTF-16 code units from \u escapes and pairs surrogates; flushes lone ones as U+FFFD.
class Utf16Joiner {
 public:
  explicit Utf16Joiner(std::string& out) : out_(out) {}
  void unit(uint32_t u) {
    if (u >= 0xD800 && u <= 0xDBFF) {
      flush();
      high_ = u;
      return;
    }
    if (u >= 0xDC00 && u <= 0xDFFF) {
      if (high_ != 0) {
        append_utf8(out_, 0x10000 + ((high_ - 0xD800) << 10) + (u - 0xDC00));
        high_ = 0;
      } else {
        append_utf8(out_, kReplacement);
      }
      return;
    }
    code_point(u);
  }
  void code_point(uint32_t cp) {
    flush();
    append_utf8(out_, cp);
  }
  void raw(std::string_view bytes) {
    flush();
    out_ += bytes;
  }
  void flush() {
    if (high_ != 0) append_utf8(out_, kReplacement);
    high_ = 0;
  }

 private:
  std::string& out_;
  uint32_t high_ = 0;
};

Error literal_error(const std::string& what) {
  return make_error(codes::kBadModelsTs, "string literal: " + what);
}

}  // namespace

std::string ts_string_literal(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() + 2);
  out += '"';
  size_t i = 0;
  while (i < utf8.size()) {
    size_t len = 1;
    const uint32_t cp = decode_utf8(utf8, i, len);
    bool done = false;
    if (cp < 0x80) {
      const char c = static_cast<char>(cp);
      for (const auto& e : kShortEscapes) {
        if (e.raw == c) {
          out += e.escaped;
          done = true;
          break;
        }
      }
      if (!done && c == '$' && i + 1 < utf8.size() && utf8[i + 1] == '{') {
        append_u_escape(out, '$');
        done = true;
      }
      if (!done && (cp < 0x20 || cp == 0x7F)) {
        append_u_escape(out, cp);
        done = true;
      }
      if (!done) out += c;
    } else {
      append_code_point_escaped(out, cp);
    }
    i += len;
  }
  out += '"';
  return out;
}

bool is_ascii_identifier(std::string_view name) {
  if (name.empty()) return false;
  auto start_char = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$'; };
  if (!start_char(name[0])) return false;
  for (char c : name.substr(1)) {
    if (!start_char(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string ts_property_key(std::string_view name) {
  if (name == "__proto__") return "[" + ts_string_literal(name) + "]";
  if (!is_ascii_identifier(name)) return ts_string_literal(name);
  for (auto word : kReservedWords) {
    if (word == name) return ts_string_literal(name);
  }
  return std::string(name);
}

Result<std::string> decode_ts_string_literal(std::string_view text, size_t* consumed) {
  if (text.empty() || (text[0] != '"' && text[0] != '\'' && text[0] != '`')) {
    return literal_error("expected a quote");
  }
  const char quote = text[0];
  const bool is_template = quote == '`';
  std::string out;
  Utf16Joiner joiner(out);
  size_t i = 1;
  while (true) {
    if (i >= text.size()) return literal_error("unterminated literal");
    const char c = text[i];
    if (c == quote) {
      joiner.flush();
      if (consumed) *consumed = i + 1;
      return out;
    }
    if (is_template && c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      return literal_error("template literal with a ${...} substitution is not a constant");
    }
    if (!is_template && (c == '\n' || c == '\r')) return literal_error("line break inside a quoted literal");
    if (c != '\\') {
      size_t start = i;
      ++i;
      while (i < text.size() && text[i] != quote && text[i] != '\\' && text[i] != '\n' && text[i] != '\r' &&
             text[i] != '$') {
        ++i;
      }
      joiner.raw(text.substr(start, i - start));
      continue;
    }
    // escape sequence
    if (i + 1 >= text.size()) return literal_error("unterminated escape");
    const char e = text[i + 1];
    i += 2;
    switch (e) {
      case 'n': joiner.code_point('\n'); break;
      case 'r': joiner.code_point('\r'); break;
      case 't': joiner.code_point('\t'); break;
      case 'b': joiner.code_point('\b'); break;
      case 'f': joiner.code_point('\f'); break;
      case 'v': joiner.code_point('\v'); break;
      case '0':
        if (i < text.size() && text[i] >= '0' && text[i] <= '9') return literal_error("octal escape");
        joiner.code_point(0);
        break;
      case '\r':  // line continuation (CRLF or CR)
        if (i < text.size() && text[i] == '\n') ++i;
        break;
      case '\n':
        break;
      case 'x': {
        if (i + 2 > text.size()) return literal_error("short \\x escape");
        const int h = hex_value(text[i]), l = hex_value(text[i + 1]);
        if (h < 0 || l < 0) return literal_error("bad \\x escape");
        joiner.code_point(static_cast<uint32_t>(h * 16 + l));
        i += 2;
        break;
      }
      case 'u': {
        if (i < text.size() && text[i] == '{') {
          size_t j = i + 1;
          uint32_t cp = 0;
          int digits = 0;
          while (j < text.size() && text[j] != '}') {
            const int v = hex_value(text[j]);
            if (v < 0 || ++digits > 8) return literal_error("bad \\u{...} escape");
            cp = cp * 16 + static_cast<uint32_t>(v);
            if (cp > 0x10FFFF) return literal_error("\\u{...} escape above U+10FFFF");
            ++j;
          }
          if (j >= text.size() || digits == 0) return literal_error("bad \\u{...} escape");
          if (cp >= 0xD800 && cp <= 0xDFFF) {
            joiner.unit(cp);
          } else {
            joiner.code_point(cp);
          }
          i = j + 1;
        } else {
          if (i + 4 > text.size()) return literal_error("short \\u escape");
          uint32_t unit = 0;
          for (int k = 0; k < 4; ++k) {
            const int v = hex_value(text[i + k]);
            if (v < 0) return literal_error("bad \\u escape");
            unit = unit * 16 + static_cast<uint32_t>(v);
          }
          joiner.unit(unit);
          i += 4;
        }
        break;
      }
      default:
        if (e >= '1' && e <= '9') return literal_error("octal escape");
        {
          // Identity escape: the escaped character itself (possibly a multi-byte UTF-8 sequence;
          // U+2028/U+2029 after a backslash are line continuations).
          size_t len = 1;
          const uint32_t cp = decode_utf8(text, i - 1, len);
          if (cp != 0x2028 && cp != 0x2029) joiner.code_point(cp);
          i = i - 1 + len;
        }
        break;
    }
  }
}

}  // namespace hfmi

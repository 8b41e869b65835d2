#include "core/json_parse.hpp"

#include <charconv>
#include <cmath>
#include <algorithm>
#include <limits>
#include <string>

#include "core/decimal_double.hpp"
#include "core/json_scanner.hpp"

namespace hfmi {

// Recursive descent over JsonScanner's tokens, each value written in place into its parent's slot.
class JsonReader {
 public:
  // read_json.
  static Json read(std::string_view text, JsonSyntax syntax, std::string* why) {
    Json out;
    JsonReader reader(text, syntax);
    if (reader.document(out)) return out;
    if (why != nullptr) *why = reader.where(text) + reader.why();
    return Json(Json::value_t::discarded);
  }

 private:
  JsonReader(std::string_view text, JsonSyntax syntax) : scan_(text), syntax_(syntax) {}

  bool document(Json& out) {
    scan_.consume_literal("\xEF\xBB\xBF");
    scan_.skip_ws();
    if (!value(out, 0)) return false;
    scan_.skip_ws();
    return scan_.at_end() || fail("unexpected text after the value");
  }

  const char* why() const { return why_ != nullptr ? why_ : scan_.error_text(); }

  // "parse error at line L, column C: " (1-based; the column counts bytes) for where the reader stopped.
  std::string where(std::string_view text) const {
    size_t line = 1, line_start = 0;
    const size_t at = std::min(scan_.offset(), text.size());
    for (size_t i = 0; i < at; ++i) {
      if (text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    return "parse error at line " + std::to_string(line) + ", column " + std::to_string(at - line_start + 1) + ": ";
  }

  bool fail(const char* why) {
    why_ = why;
    return false;
  }

  bool value(Json& out, int depth) {
    switch (scan_.peek()) {
      case '{': return object(out, depth + 1);
      case '[': return array(out, depth + 1);
      case '"': {
        std::string_view s;
        if (!scan_.string(s)) return false;
        out = Json(s);
        return true;
      }
      case 't': return literal("true", Json(true), out);
      case 'f': return literal("false", Json(false), out);
      case 'n': return literal("null", Json(), out);
      case 'N':
        if (syntax_.lenient) return literal("NaN", Json(), out);
        return number(out);
      case 'I':
        if (syntax_.lenient) return literal("Infinity", Json(std::numeric_limits<double>::infinity()), out);
        return number(out);
      default: return number(out);
    }
  }

  bool literal(std::string_view word, Json v, Json& out) {
    if (!scan_.consume_literal(word)) return fail("an invalid literal");
    out = std::move(v);
    return true;
  }

  bool number(Json& out) {
    if (syntax_.lenient && scan_.consume_literal("-Infinity")) {
      out = -std::numeric_limits<double>::infinity();
      return true;
    }
    if (scan_.value_kind() == nullptr) return fail("expected a value");
    std::string_view token;
    if (!scan_.number(token)) return false;
    const bool negative = token[0] == '-';
    if (token.find_first_of(".eE") == std::string_view::npos) {
      const char* end = token.data() + token.size();
      if (!negative) {
        uint64_t u = 0;
        const auto r = std::from_chars(token.data(), end, u);
        if (r.ec == std::errc() && r.ptr == end) return set(out, Json(u));
      } else {
        int64_t i = 0;
        const auto r = std::from_chars(token.data(), end, i);
        if (r.ec == std::errc() && r.ptr == end) return set(out, Json(i));
      }
    }
    // A fraction, an exponent or an integer past 64 bits: the correctly rounded double (strtod's, as nlohmann).
    double d = decimal_to_double(token);
    if (!std::isfinite(d)) return fail("a number past a double's range");
    if (syntax_.lenient && std::fabs(d) == std::numeric_limits<double>::max())
      d = std::copysign(std::numeric_limits<double>::infinity(), d);
    return set(out, Json(d));
  }

  static bool set(Json& out, Json v) {
    out = std::move(v);
    return true;
  }

  bool too_deep(int depth) {
    if (depth <= kMaxJsonDepth) return false;
    static const std::string kTooDeep = "JSON nesting is deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    fail(kTooDeep.c_str());
    return true;
  }

  // The members or elements up to `close`, each read by `read_one` (the opening bracket already consumed).
  template <class ReadOne>
  bool items(char close, ReadOne read_one) {
    scan_.skip_ws();
    if (scan_.consume(close)) return true;
    for (;;) {
      if (!read_one()) return false;
      switch (scan_.after_member(close)) {
        case JsonScanner::After::kMore: continue;
        case JsonScanner::After::kClosed: return true;
        case JsonScanner::After::kSyntax: return false;
      }
    }
  }

  bool object(Json& out, int depth) {
    if (too_deep(depth)) return false;
    scan_.consume('{');
    out = Json(Json::value_t::object, syntax_.ordered);
    std::string key;
    return items('}', [&] {
      std::string_view k;
      if (!scan_.string(k)) return false;
      key.assign(k);
      scan_.skip_ws();
      if (!scan_.consume(':')) return fail("expected ':' after an object key");
      scan_.skip_ws();
      return value(out[key], depth);
    });
  }

  bool array(Json& out, int depth) {
    if (too_deep(depth)) return false;
    scan_.consume('[');
    out = Json(Json::value_t::array, syntax_.ordered);
    return items(']', [&] {
      out.v_.a->emplace_back();
      return value(out.v_.a->back(), depth);
    });
  }

  JsonScanner scan_;
  JsonSyntax syntax_;
  const char* why_ = nullptr;
};

Json read_json(std::string_view text, JsonSyntax syntax, std::string* why) {
  return JsonReader::read(text, syntax, why);
}

Json Json::parse(std::string_view text, std::nullptr_t, bool) { return read_json(text, JsonSyntax{}); }

OrderedJson OrderedJson::parse(std::string_view text, std::nullptr_t, bool) {
  OrderedJson out;
  static_cast<Json&>(out) = read_json(text, JsonSyntax{false, true});
  return out;
}

}  // namespace hfmi

// A JSON object written as text, one member at a time, into one std::string: for an output assembled from
// parts (the session's analysis envelope), where moving every part into one DOM only to dump it costs a walk,
// a copy of every string and the DOM's allocations. Members are written in the caller's order, which must be
// the order nlohmann's std::map gives (byte-wise ascending keys) for the text to equal dump_json() of the same
// object: Debug builds assert it.
//
// Every value goes through nlohmann's own serializer with the settings of dump_json() (core/json_access.hpp:
// no indent, ensure_ascii off, invalid UTF-8 replaced by U+FFFD), so the text is byte for byte what
// dump_json() writes; strings in hand (keys, texts) that are ASCII are escaped here by the same rules,
// without becoming a DOM node.
#pragma once
#include <cassert>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lenient_json.hpp"  // hfmi::Json
#include "core/number_text.hpp"  // append_hex

namespace hfmi {

class JsonObjectText {
 public:
  // Appends to `out` (which must outlive the writer); begins the object at once.
  explicit JsonObjectText(std::string& out)
      : out_(out), serializer_(nlohmann::detail::output_adapter<char>(out), ' ', Json::error_handler_t::replace) {
    out_ += '{';
  }

  // "key": value (a DOM part, written compactly as dump_json() writes it).
  void member(std::string_view key, const Json& value) {
    begin_member(key);
    value_text(value);
  }

  // "key": "text" (a string in hand: escaped as a JSON string, no DOM node).
  void string_member(std::string_view key, const std::string& text) {
    begin_member(key);
    string_text(text);
  }

  // "key": ["text", ...] (strings in hand, no DOM nodes).
  void string_array_member(std::string_view key, const std::vector<std::string>& texts) {
    begin_member(key);
    out_ += '[';
    for (size_t i = 0; i < texts.size(); ++i) {
      if (i > 0) out_ += ',';
      string_text(texts[i]);
    }
    out_ += ']';
  }

  // "key": true / false.
  void bool_member(std::string_view key, bool value) {
    begin_member(key);
    out_ += value ? "true" : "false";
  }

  // Closes the object; write nothing after it.
  void end() { out_ += '}'; }

 private:
  void begin_member(std::string_view key) {
    assert(first_ || std::string_view(last_key_) < key);  // nlohmann's key order, or the texts differ
    if (!first_) out_ += ',';
    first_ = false;
#ifndef NDEBUG
    last_key_.assign(key.data(), key.size());
#endif
    string_text(std::string(key));
    out_ += ':';
  }

  // A DOM value. Its structure, integers and ASCII strings are written here (nlohmann's serializer decodes
  // UTF-8 byte by byte, most of a one-file model's envelope); floats, non-ASCII strings and the rare binary or
  // discarded values go through the serializer itself.
  void value_text(const Json& v) {
    switch (v.type()) {
      case Json::value_t::object: {
        out_ += '{';
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
          if (!first) out_ += ',';
          first = false;
          string_text(it.key());
          out_ += ':';
          value_text(it.value());
        }
        out_ += '}';
        return;
      }
      case Json::value_t::array: {
        out_ += '[';
        bool first = true;
        for (const Json& e : v) {
          if (!first) out_ += ',';
          first = false;
          value_text(e);
        }
        out_ += ']';
        return;
      }
      case Json::value_t::string: string_text(v.get_ref<const std::string&>()); return;
      case Json::value_t::boolean: out_ += v.get<bool>() ? "true" : "false"; return;
      case Json::value_t::null: out_ += "null"; return;
      case Json::value_t::number_integer: integer_text(v.get<int64_t>()); return;
      case Json::value_t::number_unsigned: integer_text(v.get<uint64_t>()); return;
      case Json::value_t::number_float:
      case Json::value_t::binary:
      case Json::value_t::discarded:
        serializer_.dump(v, false, false, 0);
        return;
    }
  }

  template <class Int>
  void integer_text(Int n) {
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof digits, n);
    out_.append(digits, r.ptr);
  }

  // An ASCII string is escaped here, by nlohmann's rules for it (\" \\ \b \f \n \r \t, other control bytes
  // as \u00xx in lower-case hex, every other byte as is); any other string goes through the serializer as a
  // string node (a copy), which also decides what invalid UTF-8 becomes.
  void string_text(const std::string& s) {
    for (const char c : s) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        serializer_.dump(Json(s), false, false, 0);
        return;
      }
    }
    out_ += '"';
    size_t plain = 0;  // start of the bytes not yet copied
    for (size_t i = 0; i < s.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s, plain, i - plain);
      plain = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          out_ += "\\u00";
          append_hex(out_, c, 2);
      }
    }
    out_.append(s, plain, std::string::npos);
    out_ += '"';
  }

  std::string& out_;
  nlohmann::detail::serializer<Json> serializer_;
  bool first_ = true;
  std::string last_key_;  // Debug builds only: the order check
};

}  // namespace hfmi

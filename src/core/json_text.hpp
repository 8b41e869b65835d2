// A JSON object written as text, one member at a time, into one std::string: for an output assembled from
// parts (the session's analysis envelope), where moving every part into one DOM only to dump it costs a walk,
// a copy of every string and the DOM's allocations. Members are written in the caller's order, which must be
// the order a Json object keeps (byte-wise ascending keys) for the text to equal dump_json() of the same
// object: Debug builds assert it. Values and strings are written by dump_json()'s own serializer
// (core/json_dump.hpp), so the text is byte for byte what dump_json() writes.
#pragma once
#include <cassert>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_dump.hpp"
#include "core/json_value.hpp"

namespace hfmi {

class JsonObjectText {
 public:
  // Appends to `out` (which must outlive the writer); begins the object at once.
  explicit JsonObjectText(std::string& out) : out_(out) { out_ += '{'; }

  // "key": value (a DOM part, written compactly as dump_json() writes it).
  void member(std::string_view key, const Json& value) {
    begin_member(key);
    value.dump_to(out_);
  }

  // "key": "text" (a string in hand: escaped as a JSON string, no DOM node).
  void string_member(std::string_view key, const std::string& text) {
    begin_member(key);
    append_json_string(out_, text);
  }

  // "key": ["text", ...] (strings in hand, no DOM nodes).
  void string_array_member(std::string_view key, const std::vector<std::string>& texts) {
    begin_member(key);
    out_ += '[';
    for (size_t i = 0; i < texts.size(); ++i) {
      if (i > 0) out_ += ',';
      append_json_string(out_, texts[i]);
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
    assert(first_ || std::string_view(last_key_) < key);  // a Json object's key order, or the texts differ
    if (!first_) out_ += ',';
    first_ = false;
#ifndef NDEBUG
    last_key_.assign(key.data(), key.size());
#endif
    append_json_string(out_, key);
    out_ += ':';
  }

  std::string& out_;
  bool first_ = true;
  std::string last_key_;  // Debug builds only: the order check
};

}  // namespace hfmi

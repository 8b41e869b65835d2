// Checked reads of a JSON value that came from a user. Json (core/json_value.hpp) aborts where nlohmann would
// throw (value() or get<>() on the wrong type): these accessors check presence and type first and fall back
// instead.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>


#include "core/error.hpp"
#include "core/json_value.hpp"

namespace hfmi {

// o[key] when `o` is an object that has it (null counts as absent), else nullptr.
template <class J>
const J* json_member(const J& o, std::string_view key) {
  if (!o.is_object()) return nullptr;
  const auto it = o.find(key);
  return it == o.end() || it->is_null() ? nullptr : &*it;
}

// o[key] as a boolean; `fallback` when absent or not a boolean.
template <class J>
bool json_flag(const J& o, std::string_view key, bool fallback) {
  const J* v = json_member(o, key);
  return v != nullptr && v->is_boolean() ? v->template get<bool>() : fallback;
}

// An option o[key] that must be a boolean when given: `fallback` when absent or null, else `code` naming the key.
template <class J>
Result<bool> json_bool_option(const J& o, std::string_view key, bool fallback, const char* code) {
  const J* v = json_member(o, key);
  if (v == nullptr) return fallback;
  if (!v->is_boolean()) return make_error(code, std::string(key) + " must be a boolean", std::string(key));
  return v->template get<bool>();
}

// o[key] as an integer; `fallback` when absent or not an integer (a fraction is not one).
template <class J>
int64_t json_int(const J& o, std::string_view key, int64_t fallback) {
  const J* v = json_member(o, key);
  return v != nullptr && v->is_number_integer() ? v->template get<int64_t>() : fallback;
}

// o[key] as a string; `fallback` when absent or not a string.
template <class J>
std::string json_string(const J& o, std::string_view key, const std::string& fallback) {
  const J* v = json_member(o, key);
  return v != nullptr && v->is_string() ? v->template get<std::string>() : fallback;
}

// dump() that cannot fail: bytes that are not UTF-8 (a string from a binary header, say) become U+FFFD
// (nlohmann's error_handler_t::replace, the text every output of the core was written with).
template <class J>
std::string dump_json(const J& v, int indent = -1) {
  return v.dump(indent, ' ', false, J::error_handler_t::replace);
}

}  // namespace hfmi

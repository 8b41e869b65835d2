#include "core/json_value.hpp"

#include <algorithm>
#include <cstdlib>

namespace hfmi {
namespace {

const Json& null_json() {
  static const Json kNull;
  return kNull;
}

const Json::Object& no_members() {
  static const Json::Object kNone;
  return kNone;
}

// nlohmann's object rule for a brace list: every item an array of two whose first is a string.
bool is_member_list(std::initializer_list<Json> items) {
  return std::all_of(items.begin(), items.end(),
                     [](const Json& e) { return e.is_array() && e.size() == 2 && e[0].is_string(); });
}

}  // namespace

Json::Json(value_t t, bool ordered) : type_(t), ordered_(ordered) {
  if (t == value_t::object) v_.o = new Object();
  if (t == value_t::array) v_.a = new Array();
  if (t == value_t::string) v_.s = new std::string();
}

Json::Json(std::initializer_list<Json> items) {
  if (is_member_list(items)) {
    type_ = value_t::object;
    v_.o = new Object();
    for (const Json& e : items) {  // a key given twice keeps its first value (nlohmann's emplace)
      const std::string& key = (*e.v_.a)[0].string_ref();
      if (!contains(key)) (*this)[key] = (*e.v_.a)[1];
    }
  } else {
    type_ = value_t::array;
    v_.a = new Array(items.begin(), items.end());
  }
}

Json::Json(const char* s) : Json(std::string_view(s)) {}
Json::Json(std::string_view s) : type_(value_t::string) { v_.s = new std::string(s); }
Json::Json(const std::string& s) : type_(value_t::string) { v_.s = new std::string(s); }
Json::Json(std::string&& s) : type_(value_t::string) { v_.s = new std::string(std::move(s)); }

Json Json::object(std::initializer_list<JsonField> fields) {
  Json out = object();
  for (const JsonField& f : fields)
    if (!out.contains(f.key)) out[f.key] = f.value;
  return out;
}

Json Json::array(std::initializer_list<Json> items) {
  Json out = array();
  out.v_.a->assign(items.begin(), items.end());
  return out;
}

// Objects, arrays and strings live on the heap (the payload is one pointer); every other value in the payload.
Json::Json(const Json& other) : type_(other.type_), ordered_(other.ordered_), v_(other.v_) {
  if (type_ == value_t::object) v_.o = new Object(*other.v_.o);
  if (type_ == value_t::array) v_.a = new Array(*other.v_.a);
  if (type_ == value_t::string) v_.s = new std::string(*other.v_.s);
}

void Json::destroy() noexcept {
  if (type_ == value_t::object) delete v_.o;
  if (type_ == value_t::array) delete v_.a;
  if (type_ == value_t::string) delete v_.s;
  type_ = value_t::null;
}

Json Json::with_order(const Json& v, bool ordered) {
  Json out;
  switch (v.type_) {
    case value_t::object:
      out = Json(value_t::object, ordered);
      for (const Member& m : *v.v_.o) out.v_.o->emplace_back(m.first, with_order(m.second, ordered));
      break;
    case value_t::array:
      out = array();
      for (const Json& e : *v.v_.a) out.v_.a->push_back(with_order(e, ordered));
      break;
    case value_t::null:
    case value_t::string:
    case value_t::boolean:
    case value_t::number_integer:
    case value_t::number_unsigned:
    case value_t::number_float:
    case value_t::discarded: out = v; break;
  }
  out.ordered_ = ordered;
  return out;
}

void Json::type_error() { std::abort(); }

const char* Json::type_name() const {
  switch (type_) {
    case value_t::null: return "null";
    case value_t::object: return "object";
    case value_t::array: return "array";
    case value_t::string: return "string";
    case value_t::boolean: return "boolean";
    case value_t::discarded: return "discarded";
    case value_t::number_integer:
    case value_t::number_unsigned:
    case value_t::number_float: return "number";
  }
  return "number";
}

size_t Json::size() const {
  switch (type_) {
    case value_t::null: return 0;
    case value_t::object: return v_.o->size();
    case value_t::array: return v_.a->size();
    case value_t::string:
    case value_t::boolean:
    case value_t::number_integer:
    case value_t::number_unsigned:
    case value_t::number_float:
    case value_t::discarded: return 1;
  }
  return 1;
}

void Json::clear() {
  switch (type_) {
    case value_t::object: v_.o->clear(); break;
    case value_t::array: v_.a->clear(); break;
    case value_t::string: v_.s->clear(); break;
    case value_t::boolean: v_.b = false; break;
    case value_t::number_integer: v_.i = 0; break;
    case value_t::number_unsigned: v_.u = 0; break;
    case value_t::number_float: v_.d = 0.0; break;
    case value_t::null:
    case value_t::discarded: break;
  }
}

void Json::push_back(Json v) {
  if (is_null()) *this = Json(value_t::array, ordered_);
  if (!is_array()) type_error();
  v_.a->push_back(std::move(v));
}

std::pair<size_t, bool> Json::slot(std::string_view key) const {
  const Object& o = *v_.o;
  if (ordered_) {
    for (size_t i = 0; i < o.size(); ++i)
      if (o[i].first == key) return {i, true};
    return {o.size(), false};
  }
  // Sorted: most objects are built or read in key order, so the end is tried first.
  if (o.empty() || std::string_view(o.back().first) < key) return {o.size(), false};
  const auto it = std::lower_bound(o.begin(), o.end(), key,
                                   [](const Member& m, std::string_view k) { return std::string_view(m.first) < k; });
  return {static_cast<size_t>(it - o.begin()), it->first == key};
}

Json& Json::operator[](std::string_view key) {
  if (is_null()) *this = Json(value_t::object, ordered_);
  if (!is_object()) type_error();
  const auto [i, found] = slot(key);
  if (!found) {
    Json member;
    member.ordered_ = ordered_;
    v_.o->emplace(v_.o->begin() + static_cast<std::ptrdiff_t>(i), std::string(key), std::move(member));
  }
  return (*v_.o)[i].second;
}

const Json& Json::operator[](std::string_view key) const {
  const auto it = find(key);
  return it == end() ? null_json() : *it;
}

Json::const_iterator Json::find(std::string_view key) const {
  if (!is_object()) return end();
  const auto [i, found] = slot(key);
  return found ? const_iterator(this, i) : end();
}

Json::iterator Json::find(std::string_view key) {
  if (!is_object()) return end();
  const auto [i, found] = slot(key);
  return found ? iterator(this, i) : end();
}

size_t Json::erase(std::string_view key) {
  if (!is_object()) type_error();
  const auto [i, found] = slot(key);
  if (!found) return 0;
  v_.o->erase(v_.o->begin() + static_cast<std::ptrdiff_t>(i));
  return 1;
}

const Json& Json::back() const {
  if (is_object()) return v_.o->back().second;
  if (is_array()) return v_.a->back();
  return *this;
}

const Json::Object& Json::items() const { return is_object() ? *v_.o : no_members(); }

Json& Json::element(size_t i) {
  if (is_null()) *this = Json(value_t::array, ordered_);
  if (!is_array()) type_error();
  if (i >= v_.a->size()) {
    Json filler;
    filler.ordered_ = ordered_;
    v_.a->resize(i + 1, filler);
  }
  return (*v_.a)[i];
}

const Json& Json::element(size_t i) const {
  return is_array() && i < v_.a->size() ? (*v_.a)[i] : null_json();
}

bool operator==(const Json& a, const Json& b) {
  using T = Json::value_t;
  const T ta = a.type_, tb = b.type_;
  if (ta == T::discarded || tb == T::discarded) return false;
  if (ta == tb) {
    switch (ta) {
      case T::null: return true;
      // Sorted objects: equal members stand in the same places. Ordered ones compare in order, as nlohmann's
      // ordered_map (a vector) does.
      case T::object: return *a.v_.o == *b.v_.o;
      case T::array: return *a.v_.a == *b.v_.a;
      case T::string: return *a.v_.s == *b.v_.s;
      case T::boolean: return a.v_.b == b.v_.b;
      case T::number_integer: return a.v_.i == b.v_.i;
      case T::number_unsigned: return a.v_.u == b.v_.u;
      case T::number_float: return a.v_.d == b.v_.d;
      case T::discarded: return false;
    }
  }
  // Numbers of two kinds: as nlohmann, through a double when one is a double, else as signed integers.
  if (!a.is_number() || !b.is_number()) return false;
  if (ta == T::number_float || tb == T::number_float) return a.get<double>() == b.get<double>();
  return a.get<int64_t>() == b.get<int64_t>();
}

}  // namespace hfmi

// hfmi::Json: the core's JSON DOM. The subset of nlohmann/json's basic_json API that the core uses, with the same
// meaning, so the code reads as before and every text it writes is byte for byte what nlohmann wrote:
//   - objects iterate by key, byte-wise ascending (nlohmann's json: a std::map), or, in an OrderedJson, in insertion
//     order (nlohmann's ordered_json); a key written twice keeps its first place and its last value;
//   - numbers keep nlohmann's three kinds: a non-negative integer literal is unsigned, a negative one signed, any
//     other number (a fraction, an exponent, an integer past 64 bits) a double; they compare across kinds by value;
//   - dump() is nlohmann's serializer with error_handler_t::replace (core/json_dump.cpp), numbers in its format
//     (core/double_text.hpp);
//   - parse() is the strict reader of core/json_parse.cpp (the project's JsonScanner), never an exception: a
//     failed parse is a discarded value.
// What nlohmann would throw for (get<bool>() of a string, operator[] with a key on an array, key() of an array
// iterator) aborts: the core checks types first (core/json_access.hpp), so those are bugs, not inputs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace hfmi {

class Json {
 public:
  enum class value_t : uint8_t { null, object, array, string, boolean, number_integer, number_unsigned, number_float, discarded };
  // dump() always replaces bytes that are not UTF-8 with U+FFFD (what dump_json asks for): the only handler.
  enum class error_handler_t : uint8_t { replace };
  using Member = std::pair<std::string, Json>;
  using Object = std::vector<Member>;
  using Array = std::vector<Json>;

  // ---- construction
  Json() = default;
  Json(std::nullptr_t) {}                                        // NOLINT(google-explicit-constructor)
  Json(bool b) : type_(value_t::boolean) { v_.b = b; }           // NOLINT(google-explicit-constructor)
  template <class T, std::enable_if_t<std::is_integral<T>::value && !std::is_same<T, bool>::value, int> = 0>
  Json(T n) {  // NOLINT(google-explicit-constructor)
    if (std::is_signed<T>::value) {
      type_ = value_t::number_integer;
      v_.i = static_cast<int64_t>(n);
    } else {
      type_ = value_t::number_unsigned;
      v_.u = static_cast<uint64_t>(n);
    }
  }
  template <class T, std::enable_if_t<std::is_floating_point<T>::value, int> = 0>
  Json(T d) : type_(value_t::number_float) {  // NOLINT(google-explicit-constructor)
    v_.d = static_cast<double>(d);
  }
  // Strings: out of line, so a call site is one call (they are written at hundreds of places).
  Json(const char* s);         // NOLINT(google-explicit-constructor)
  Json(std::string_view s);    // NOLINT(google-explicit-constructor)
  Json(const std::string& s);  // NOLINT(google-explicit-constructor)
  Json(std::string&& s);       // NOLINT(google-explicit-constructor)
  template <class T, std::enable_if_t<std::is_constructible<Json, const T&>::value, int> = 0>
  Json(const std::vector<T>& items) : type_(value_t::array) {  // NOLINT(google-explicit-constructor)
    v_.a = new Array(items.begin(), items.end());
  }
  template <class T, class Less, class Alloc>
  Json(const std::map<std::string, T, Less, Alloc>& members) : type_(value_t::object) {  // NOLINT
    v_.o = new Object();
    for (const auto& [key, value] : members) (*this)[key] = Json(value);
  }
  // nlohmann's brace rule: a list of [string, value] pairs is an object, any other list an array.
  Json(std::initializer_list<Json> items);  // NOLINT(google-explicit-constructor)
  Json(const Json& other);
  Json(Json&& other) noexcept : type_(other.type_), ordered_(other.ordered_), v_(other.v_) {
    other.type_ = value_t::null;
  }
  Json& operator=(Json other) noexcept {
    swap(other);
    return *this;
  }
  ~Json() { destroy(); }
  void swap(Json& other) noexcept {
    std::swap(type_, other.type_);
    std::swap(ordered_, other.ordered_);
    std::swap(v_, other.v_);
  }

  static Json object() { return Json(value_t::object); }
  // An object from (key, value) rows: what the brace form {{"k", v}, ...} gives (a key given twice keeps its first
  // value), without building a two-element array per member first: a member costs a call site a third of the code.
  static Json object(std::initializer_list<struct JsonField> fields);
  static Json array() { return Json(value_t::array); }
  static Json array(std::initializer_list<Json> items);
  // The value of `text` (strict RFC 8259: the reader of core/json_parse.cpp), or a discarded value. The middle
  // arguments mirror nlohmann's (callback, allow_exceptions); neither has a use here.
  static Json parse(std::string_view text, std::nullptr_t = nullptr, bool = false);

  // ---- type
  value_t type() const { return type_; }
  bool is_null() const { return type_ == value_t::null; }
  bool is_object() const { return type_ == value_t::object; }
  bool is_array() const { return type_ == value_t::array; }
  bool is_string() const { return type_ == value_t::string; }
  bool is_boolean() const { return type_ == value_t::boolean; }
  bool is_number() const { return is_number_integer() || type_ == value_t::number_float; }
  bool is_number_integer() const { return type_ == value_t::number_integer || type_ == value_t::number_unsigned; }
  bool is_number_unsigned() const { return type_ == value_t::number_unsigned; }
  bool is_number_float() const { return type_ == value_t::number_float; }
  bool is_primitive() const { return !is_object() && !is_array(); }
  bool is_discarded() const { return type_ == value_t::discarded; }
  // "null", "object", "array", "string", "boolean", "number", "discarded" (nlohmann's words, in messages).
  const char* type_name() const;

  // ---- values
  // Numbers convert to any arithmetic type (static_cast, as nlohmann), booleans to bool, strings to std::string,
  // arrays to std::vector (of those).
  template <class T>
  T get() const {
    if constexpr (std::is_same<T, bool>::value) {
      if (type_ != value_t::boolean) type_error();
      return v_.b;
    } else if constexpr (std::is_arithmetic<T>::value) {
      switch (type_) {
        case value_t::number_integer: return static_cast<T>(v_.i);
        case value_t::number_unsigned: return static_cast<T>(v_.u);
        case value_t::number_float: return static_cast<T>(v_.d);
        case value_t::boolean: return static_cast<T>(v_.b);
        case value_t::null:
        case value_t::object:
        case value_t::array:
        case value_t::string:
        case value_t::discarded: break;
      }
      type_error();
    } else if constexpr (std::is_same<T, Json>::value) {
      return *this;
    } else if constexpr (std::is_same<T, std::string>::value) {
      return string_ref();
    } else {  // std::vector<U>: an array's elements, each get<U>()
      if (type_ != value_t::array) type_error();
      T out;
      for (const Json& e : *v_.a) out.push_back(e.template get<typename T::value_type>());
      return out;
    }
  }
  template <class T>
  T get_ref() const {
    static_assert(std::is_same<T, const std::string&>::value, "Json::get_ref<T>: const std::string& only");
    return string_ref();
  }
  // o[key] converted to T when the object has it, else `fallback` (nlohmann's value(); not an object: abort).
  template <class T>
  T value(std::string_view key, const T& fallback) const {
    if (!is_object()) type_error();
    const auto it = find(key);
    return it == end() ? fallback : it->template get<T>();
  }
  std::string value(std::string_view key, const char* fallback) const { return value(key, std::string(fallback)); }

  // ---- containers
  size_t size() const;   // members or elements; null 0; any other value 1
  bool empty() const { return size() == 0; }
  void clear();          // an empty object, array or string; 0, false; null stays null
  // A null becomes an array. Not an array: abort.
  void push_back(Json v);
  template <class... Args>
  Json& emplace_back(Args&&... args) {
    push_back(Json(std::forward<Args>(args)...));
    return v_.a->back();
  }
  // Object member `key`: a null becomes an object (ordered when the null is a member of an ordered object), a
  // missing key is added as null.
  Json& operator[](std::string_view key);
  Json& operator[](const char* key) { return (*this)[std::string_view(key)]; }
  Json& operator[](const std::string& key) { return (*this)[std::string_view(key)]; }
  // A missing key or a non-object reads as null (nlohmann: undefined).
  const Json& operator[](std::string_view key) const;
  const Json& operator[](const char* key) const { return (*this)[std::string_view(key)]; }
  const Json& operator[](const std::string& key) const { return (*this)[std::string_view(key)]; }
  // Array element `i`: a null becomes an array, an array grows with nulls to reach i.
  template <class T, std::enable_if_t<std::is_integral<T>::value, int> = 0>
  Json& operator[](T i) { return element(static_cast<size_t>(i)); }
  template <class T, std::enable_if_t<std::is_integral<T>::value, int> = 0>
  const Json& operator[](T i) const { return element(static_cast<size_t>(i)); }
  bool contains(std::string_view key) const { return find(key) != end(); }
  size_t count(std::string_view key) const { return contains(key) ? 1 : 0; }
  size_t erase(std::string_view key);
  const Json& front() const { return *begin(); }
  const Json& back() const;

  // Iteration: the members of an object (it.key(), it.value()), the elements of an array; any other value is a
  // range of itself, null an empty range (as nlohmann).
  template <bool Const>
  class Iter {
   public:
    using Owner = std::conditional_t<Const, const Json, Json>;
    using value_type = Json;
    using reference = std::conditional_t<Const, const Json&, Json&>;
    using pointer = std::conditional_t<Const, const Json*, Json*>;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::random_access_iterator_tag;
    Iter(Owner* owner, size_t i) : owner_(owner), i_(i) {}
    operator Iter<true>() const { return Iter<true>(owner_, i_); }  // NOLINT(google-explicit-constructor)
    reference operator*() const {
      if (owner_->type_ == value_t::object) return (*owner_->v_.o)[i_].second;
      if (owner_->type_ == value_t::array) return (*owner_->v_.a)[i_];
      return *owner_;
    }
    pointer operator->() const { return &**this; }
    reference value() const { return **this; }
    const std::string& key() const {
      if (owner_->type_ != value_t::object) type_error();
      return (*owner_->v_.o)[i_].first;
    }
    Iter& operator++() {
      ++i_;
      return *this;
    }
    Iter operator++(int) {
      Iter before = *this;
      ++i_;
      return before;
    }
    bool operator==(const Iter& o) const { return i_ == o.i_ && owner_ == o.owner_; }
    bool operator!=(const Iter& o) const { return !(*this == o); }
    // Random access (std::sort over an array's elements).
    Iter& operator--() {
      --i_;
      return *this;
    }
    Iter operator--(int) {
      Iter before = *this;
      --i_;
      return before;
    }
    Iter& operator+=(difference_type n) {
      i_ = static_cast<size_t>(static_cast<difference_type>(i_) + n);
      return *this;
    }
    Iter& operator-=(difference_type n) { return *this += -n; }
    Iter operator+(difference_type n) const { return Iter(*this) += n; }
    Iter operator-(difference_type n) const { return Iter(*this) += -n; }
    difference_type operator-(const Iter& o) const {
      return static_cast<difference_type>(i_) - static_cast<difference_type>(o.i_);
    }
    reference operator[](difference_type n) const { return *(*this + n); }
    bool operator<(const Iter& o) const { return i_ < o.i_; }
    bool operator>(const Iter& o) const { return i_ > o.i_; }
    bool operator<=(const Iter& o) const { return i_ <= o.i_; }
    bool operator>=(const Iter& o) const { return i_ >= o.i_; }

   private:
    Owner* owner_;
    size_t i_;
  };
  using iterator = Iter<false>;
  using const_iterator = Iter<true>;
  iterator begin() { return iterator(this, 0); }
  iterator end() { return iterator(this, size()); }
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(this, size()); }
  const_iterator find(std::string_view key) const;
  iterator find(std::string_view key);

  // The members of an object as (key, value) pairs, for `for (const auto& [k, v] : j.items())`; empty for
  // anything else.
  const Object& items() const;

  // ---- text
  // nlohmann's dump(indent, ' ', ensure_ascii, error_handler_t::replace): compact when indent < 0, else one
  // member or element a line, indented by `indent` spaces a level; ensure_ascii writes every code point past
  // U+007E as \uXXXX. Bytes that are not UTF-8 become U+FFFD.
  std::string dump(int indent = -1, char indent_char = ' ', bool ensure_ascii = false,
                   error_handler_t = error_handler_t::replace) const;
  void dump_to(std::string& out, int indent = -1, bool ensure_ascii = false) const;

  // ---- comparison: nlohmann's (numbers by value across kinds; ordered objects member by member in order)
  friend bool operator==(const Json& a, const Json& b);
  friend bool operator!=(const Json& a, const Json& b) { return !(a == b); }

 protected:
  explicit Json(value_t t, bool ordered = false);
  // A deep copy whose objects are all ordered (or all sorted): OrderedJson's conversion from Json.
  static Json with_order(const Json& v, bool ordered);
  [[noreturn]] static void type_error();

 private:
  friend class JsonReader;  // core/json_parse.cpp builds values member by member
  void destroy() noexcept;
  const std::string& string_ref() const {
    if (type_ != value_t::string) type_error();
    return *v_.s;
  }
  Json& element(size_t i);
  const Json& element(size_t i) const;
  // The slot of `key` in an object: its index, and whether it is there.
  std::pair<size_t, bool> slot(std::string_view key) const;

  value_t type_ = value_t::null;
  bool ordered_ = false;  // objects: members in insertion order; null: becomes such an object
  union Payload {
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    std::string* s;
    Array* a;
    Object* o;
  } v_{};
};

// One member of Json::object({...}).
struct JsonField {
  JsonField(std::string_view k, Json v) : key(k), value(std::move(v)) {}  // both given: {"k"} alone does not compile
  std::string_view key;
  Json value;
};

// As nlohmann's ordered_json: a Json whose objects keep their members in insertion order (the catalogue's and the
// dataset's key orders). It is a Json: members and elements read through the Json API keep the order.
class OrderedJson : public Json {
 public:
  OrderedJson() : Json(value_t::null, true) {}
  OrderedJson(const Json& v) : Json(with_order(v, true)) {}  // NOLINT(google-explicit-constructor)
  template <class T, std::enable_if_t<!std::is_base_of<Json, std::decay_t<T>>::value &&
                                          std::is_constructible<Json, T&&>::value, int> = 0>
  OrderedJson(T&& v) : OrderedJson(Json(std::forward<T>(v))) {}  // NOLINT(google-explicit-constructor)
  OrderedJson(std::initializer_list<Json> items) : OrderedJson(Json(items)) {}  // NOLINT
  static OrderedJson object() { return OrderedJson(value_t::object); }
  static OrderedJson array() { return OrderedJson(Json::array()); }
  static OrderedJson array(std::initializer_list<Json> items) { return OrderedJson(Json::array(items)); }
  // Json::parse, members in the text's order.
  static OrderedJson parse(std::string_view text, std::nullptr_t = nullptr, bool = false);

 private:
  explicit OrderedJson(value_t t) : Json(t, true) {}
};

}  // namespace hfmi

// A read-only view of a static array (a table's rows, or a row's list of literals): what a table accessor
// returns instead of a std::vector built on first call. C++17 has no std::span; this is the part we use.
#pragma once
#include <cstddef>

namespace hfmi {

template <class T>
struct StaticList {
  const T* first = nullptr;
  size_t count = 0;

  const T* begin() const { return first; }
  const T* end() const { return first + count; }
  size_t size() const { return count; }
  bool empty() const { return count == 0; }
  const T& operator[](size_t i) const { return first[i]; }
};

// The view of a whole array: static_list(kRows).
template <class T, size_t N>
constexpr StaticList<T> static_list(const T (&rows)[N]) {
  return {rows, N};
}

}  // namespace hfmi

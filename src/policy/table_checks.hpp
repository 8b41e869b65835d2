// Compile-time checks shared by the enum-keyed policy tables: one row per enum value, in enum order, so
// table[static_cast<size_t>(id)] is the row of `id`.
#pragma once
#include <cstddef>

namespace hfmi {

template <class Row, size_t N>
constexpr bool rows_follow_enum(const Row (&rows)[N], size_t i = 0) {
  return i == N || (static_cast<size_t>(rows[i].id) == i && rows_follow_enum(rows, i + 1));
}

}  // namespace hfmi

// The safetensors element types: one row per dtype name, with its width in bits.
// Names follow the safetensors spec (Rust `safetensors::Dtype`, 0.6+ adds F4/F6/F8_E8M0/C64,
// 0.8 adds the FNUZ float8 variants). Sub-byte types (F4, F6_*) are packed: a tensor's total bit
// count must be a multiple of 8.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace hfmi {

enum class DtypeKind { kFloat, kSignedInt, kUnsignedInt, kBool, kComplex };

struct DtypeInfo {
  const char* name;  // as written in a header, e.g. "BF16"
  int bits;          // bits per element
  DtypeKind kind;
};

// Every known dtype, in the table's order.
const std::vector<DtypeInfo>& safetensors_dtypes();

// The row for `name` (exact, case-sensitive), or nullptr when unknown.
const DtypeInfo* find_dtype(std::string_view name);

}  // namespace hfmi

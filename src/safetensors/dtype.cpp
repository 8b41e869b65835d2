#include "safetensors/dtype.hpp"

namespace hfmi {

const std::vector<DtypeInfo>& safetensors_dtypes() {
  static const std::vector<DtypeInfo> kTable = {
      {"F64", 64, DtypeKind::kFloat},
      {"F32", 32, DtypeKind::kFloat},
      {"F16", 16, DtypeKind::kFloat},
      {"BF16", 16, DtypeKind::kFloat},
      {"F8_E4M3", 8, DtypeKind::kFloat},
      {"F8_E5M2", 8, DtypeKind::kFloat},
      {"F8_E8M0", 8, DtypeKind::kFloat},      // MX scale exponent (E8M0FNU)
      {"F8_E4M3FNUZ", 8, DtypeKind::kFloat},  // safetensors 0.8
      {"F8_E5M2FNUZ", 8, DtypeKind::kFloat},  // safetensors 0.8
      {"F6_E2M3", 6, DtypeKind::kFloat},
      {"F6_E3M2", 6, DtypeKind::kFloat},
      {"F4", 4, DtypeKind::kFloat},           // E2M1
      {"I64", 64, DtypeKind::kSignedInt},
      {"I32", 32, DtypeKind::kSignedInt},
      {"I16", 16, DtypeKind::kSignedInt},
      {"I8", 8, DtypeKind::kSignedInt},
      {"U64", 64, DtypeKind::kUnsignedInt},
      {"U32", 32, DtypeKind::kUnsignedInt},
      {"U16", 16, DtypeKind::kUnsignedInt},
      {"U8", 8, DtypeKind::kUnsignedInt},
      {"BOOL", 8, DtypeKind::kBool},
      {"C64", 64, DtypeKind::kComplex},       // two F32 parts
  };
  return kTable;
}

const DtypeInfo* find_dtype(std::string_view name) {
  for (const DtypeInfo& row : safetensors_dtypes()) {
    if (name == row.name) return &row;
  }
  return nullptr;
}

}  // namespace hfmi

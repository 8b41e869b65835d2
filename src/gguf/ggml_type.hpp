// The ggml tensor types a GGUF file can store: one row per type id, with its block size, bytes per
// block and bits per weight. Ids and block layouts follow ggml (ggml/include/ggml.h `enum ggml_type`,
// ggml/src/ggml-common.h `block_*` structs, ggml/src/ggml.c `type_traits`), up to Q2_0 = 42.
// Ids that ggml removed (Q4_2/Q4_3, the Q4_0_x_y and IQ4_NL_x_y repacked layouts) keep a row marked
// removed: ggml refuses them in GGUF files, and so do we, with a message that names the type.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace hfmi {

enum class GgmlType : uint32_t {
  kF32 = 0, kF16 = 1, kQ4_0 = 2, kQ4_1 = 3, kQ4_2 = 4, kQ4_3 = 5, kQ5_0 = 6, kQ5_1 = 7,
  kQ8_0 = 8, kQ8_1 = 9, kQ2_K = 10, kQ3_K = 11, kQ4_K = 12, kQ5_K = 13, kQ6_K = 14, kQ8_K = 15,
  kIQ2_XXS = 16, kIQ2_XS = 17, kIQ3_XXS = 18, kIQ1_S = 19, kIQ4_NL = 20, kIQ3_S = 21, kIQ2_S = 22,
  kIQ4_XS = 23, kI8 = 24, kI16 = 25, kI32 = 26, kI64 = 27, kF64 = 28, kIQ1_M = 29, kBF16 = 30,
  kQ4_0_4_4 = 31, kQ4_0_4_8 = 32, kQ4_0_8_8 = 33, kTQ1_0 = 34, kTQ2_0 = 35,
  kIQ4_NL_4_4 = 36, kIQ4_NL_4_8 = 37, kIQ4_NL_8_8 = 38, kMXFP4 = 39, kNVFP4 = 40, kQ1_0 = 41, kQ2_0 = 42,
  kCount = 43,  // GGML_TYPE_COUNT: every id below it has a row
};

struct GgmlTypeInfo {
  GgmlType type;
  const char* name;     // ggml's type name, e.g. "Q4_K"
  uint32_t block_size;  // weights per block (1 for plain types)
  uint32_t type_size;   // bytes per block
  bool removed;         // ggml no longer reads this id from GGUF files
  bool quantized;       // a block-quantized type (not F32/F16/BF16/F64/I*)
};

// The row for a raw type id, or nullptr when the id is >= kCount (unknown to current ggml).
const GgmlTypeInfo* ggml_type_info(uint32_t id);
// The row for a type name ("Q4_K"), or nullptr.
const GgmlTypeInfo* ggml_type_by_name(std::string_view name);

// Bits per weight of a type: type_size * 8 / block_size (e.g. Q4_K 4.5, IQ2_XXS 2.0625).
double ggml_bits_per_weight(const GgmlTypeInfo& info);

// Bytes of a row of `elements` weights (elements must be a multiple of block_size): ggml_row_size.
// nullopt on overflow.
std::optional<uint64_t> ggml_bytes(const GgmlTypeInfo& info, uint64_t elements);

}  // namespace hfmi

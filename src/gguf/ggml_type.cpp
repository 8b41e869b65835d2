#include "gguf/ggml_type.hpp"

#include <array>
#include <cstddef>

namespace hfmi {
namespace {

using T = GgmlType;
constexpr uint32_t kQK = 32;    // QK4_0, QK4_1, QK5_0, QK5_1, QK8_0, QK8_1, QK4_NL, QK_MXFP4
constexpr uint32_t kQK_K = 256; // k-quant, i-quant and ternary super-blocks

// Bytes per block from the ggml-common.h structs (ggml_half = 2 bytes, float = 4).
constexpr std::array<GgmlTypeInfo, static_cast<size_t>(T::kCount)> kTypes{{
    {T::kF32, "F32", 1, 4, false, false},
    {T::kF16, "F16", 1, 2, false, false},
    {T::kQ4_0, "Q4_0", kQK, 2 + kQK / 2, false, true},                   // d, qs[16]
    {T::kQ4_1, "Q4_1", kQK, 4 + kQK / 2, false, true},                   // d, m, qs[16]
    {T::kQ4_2, "Q4_2", 16, 10, true, true},                              // removed in 2023
    {T::kQ4_3, "Q4_3", 16, 12, true, true},                              // removed in 2023
    {T::kQ5_0, "Q5_0", kQK, 2 + 4 + kQK / 2, false, true},               // d, qh[4], qs[16]
    {T::kQ5_1, "Q5_1", kQK, 4 + 4 + kQK / 2, false, true},               // d, m, qh[4], qs[16]
    {T::kQ8_0, "Q8_0", kQK, 2 + kQK, false, true},                       // d, qs[32]
    {T::kQ8_1, "Q8_1", kQK, 4 + kQK, false, true},                       // d, s, qs[32]
    {T::kQ2_K, "Q2_K", kQK_K, kQK_K / 16 + kQK_K / 4 + 4, false, true},  // scales, qs, d, dmin = 84
    {T::kQ3_K, "Q3_K", kQK_K, kQK_K / 8 + kQK_K / 4 + 12 + 2, false, true},  // hmask, qs, scales, d = 110
    {T::kQ4_K, "Q4_K", kQK_K, 4 + 12 + kQK_K / 2, false, true},          // d, dmin, scales, qs = 144
    {T::kQ5_K, "Q5_K", kQK_K, 4 + 12 + kQK_K / 8 + kQK_K / 2, false, true},  // + qh = 176
    {T::kQ6_K, "Q6_K", kQK_K, kQK_K / 2 + kQK_K / 4 + kQK_K / 16 + 2, false, true},  // ql, qh, scales, d = 210
    {T::kQ8_K, "Q8_K", kQK_K, 4 + kQK_K + 2 * (kQK_K / 16), false, true},  // d (float), qs, bsums = 292
    {T::kIQ2_XXS, "IQ2_XXS", kQK_K, 2 + kQK_K / 4, false, true},         // d, qs[QK_K/8] u16 = 66
    {T::kIQ2_XS, "IQ2_XS", kQK_K, 2 + kQK_K / 4 + kQK_K / 32, false, true},  // + scales = 74
    {T::kIQ3_XXS, "IQ3_XXS", kQK_K, 2 + 3 * kQK_K / 8, false, true},     // d, qs[3*QK_K/8] = 98
    {T::kIQ1_S, "IQ1_S", kQK_K, 2 + kQK_K / 8 + kQK_K / 16, false, true},  // d, qs, qh[QK_K/32] u16 = 50
    {T::kIQ4_NL, "IQ4_NL", kQK, 2 + kQK / 2, false, true},               // d, qs[16] = 18
    {T::kIQ3_S, "IQ3_S", kQK_K, 2 + kQK_K / 4 + kQK_K / 32 + kQK_K / 8 + kQK_K / 64, false, true},  // = 110
    {T::kIQ2_S, "IQ2_S", kQK_K, 2 + kQK_K / 4 + kQK_K / 32 + kQK_K / 32, false, true},  // = 82
    {T::kIQ4_XS, "IQ4_XS", kQK_K, 2 + 2 + kQK_K / 64 + kQK_K / 2, false, true},  // d, scales_h, scales_l, qs = 136
    {T::kI8, "I8", 1, 1, false, false},
    {T::kI16, "I16", 1, 2, false, false},
    {T::kI32, "I32", 1, 4, false, false},
    {T::kI64, "I64", 1, 8, false, false},
    {T::kF64, "F64", 1, 8, false, false},
    {T::kIQ1_M, "IQ1_M", kQK_K, kQK_K / 8 + kQK_K / 16 + kQK_K / 32, false, true},  // qs, qh, scales = 56
    {T::kBF16, "BF16", 1, 2, false, false},
    {T::kQ4_0_4_4, "Q4_0_4_4", kQK, 18, true, true},  // repacked Q4_0: runtime-only since 2024
    {T::kQ4_0_4_8, "Q4_0_4_8", kQK, 18, true, true},
    {T::kQ4_0_8_8, "Q4_0_8_8", kQK, 18, true, true},
    {T::kTQ1_0, "TQ1_0", kQK_K, (kQK_K - 4 * kQK_K / 64) / 5 + 4 + 2, false, true},  // qs, qh, d = 54
    {T::kTQ2_0, "TQ2_0", kQK_K, kQK_K / 4 + 2, false, true},               // qs, d = 66
    {T::kIQ4_NL_4_4, "IQ4_NL_4_4", kQK, 18, true, true},  // repacked IQ4_NL: runtime-only
    {T::kIQ4_NL_4_8, "IQ4_NL_4_8", kQK, 18, true, true},
    {T::kIQ4_NL_8_8, "IQ4_NL_8_8", kQK, 18, true, true},
    {T::kMXFP4, "MXFP4", kQK, 1 + kQK / 2, false, true},   // e (E8M0), qs[16] = 17
    {T::kNVFP4, "NVFP4", 64, 64 / 16 + 64 / 2, false, true},  // d[4] (UE4M3), qs[32] = 36
    {T::kQ1_0, "Q1_0", 128, 2 + 128 / 8, false, true},     // d, qs[16] = 18
    {T::kQ2_0, "Q2_0", 64, 2 + 64 / 4, false, true},       // d, qs[16] = 18
}};

constexpr bool rows_follow_enum() {
  for (size_t i = 0; i < kTypes.size(); ++i) {
    if (static_cast<size_t>(kTypes[i].type) != i || kTypes[i].block_size == 0 || kTypes[i].type_size == 0) return false;
  }
  return true;
}
static_assert(kTypes.size() == static_cast<size_t>(GgmlType::kCount), "one row per ggml type id");
static_assert(rows_follow_enum(), "row i describes type id i");
// Spot checks against ggml-common.h's static_asserts.
static_assert(kTypes[10].type_size == 84 && kTypes[11].type_size == 110 && kTypes[12].type_size == 144 &&
              kTypes[13].type_size == 176 && kTypes[14].type_size == 210 && kTypes[15].type_size == 292);
static_assert(kTypes[16].type_size == 66 && kTypes[17].type_size == 74 && kTypes[18].type_size == 98 &&
              kTypes[19].type_size == 50 && kTypes[21].type_size == 110 && kTypes[22].type_size == 82 &&
              kTypes[23].type_size == 136 && kTypes[29].type_size == 56);
static_assert(kTypes[34].type_size == 54 && kTypes[35].type_size == 66 && kTypes[39].type_size == 17 &&
              kTypes[40].type_size == 36);

}  // namespace

const GgmlTypeInfo* ggml_type_info(uint32_t id) {
  return id < kTypes.size() ? &kTypes[id] : nullptr;
}

const GgmlTypeInfo* ggml_type_by_name(std::string_view name) {
  for (const auto& row : kTypes) {
    if (name == row.name) return &row;
  }
  return nullptr;
}

double ggml_bits_per_weight(const GgmlTypeInfo& info) {
  return static_cast<double>(info.type_size) * 8.0 / static_cast<double>(info.block_size);
}

std::optional<uint64_t> ggml_bytes(const GgmlTypeInfo& info, uint64_t elements) {
  const uint64_t blocks = elements / info.block_size;
  if (blocks > UINT64_MAX / info.type_size) return std::nullopt;
  return blocks * info.type_size;
}

}  // namespace hfmi

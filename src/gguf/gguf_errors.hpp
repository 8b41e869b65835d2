// Every way a GGUF header is refused: one row per kind, with the slug that starts the error message
// (the error code is always E_BAD_HEADER; the path names the key or the tensor).
#pragma once
#include <array>
#include <cstddef>

namespace hfmi {

enum class GgufErrorKind {
  kBadMagic, kUnknownVersion, kTruncatedFile, kHeaderTooLarge, kTooManyKvs, kTooManyTensors,
  kStringTooLong, kKeyTooLong, kDuplicateKey, kUnknownValueType, kArrayTooLong, kArrayTooDeep,
  kBadAlignment, kNameTooLong, kDuplicateTensor, kTooManyDims, kBadDims, kDimsOverflow,
  kUnknownType, kRemovedType, kBadBlockMultiple, kMisalignedOffset, kOverlappingTensors, kDataPastEnd,
  kCount,
};

struct GgufErrorRow {
  GgufErrorKind kind;
  const char* slug;
};

inline constexpr std::array<GgufErrorRow, static_cast<size_t>(GgufErrorKind::kCount)> kGgufErrors{{
    {GgufErrorKind::kBadMagic, "gguf_bad_magic"},
    {GgufErrorKind::kUnknownVersion, "gguf_unknown_version"},
    {GgufErrorKind::kTruncatedFile, "gguf_truncated_file"},
    {GgufErrorKind::kHeaderTooLarge, "gguf_header_too_large"},
    {GgufErrorKind::kTooManyKvs, "gguf_too_many_kvs"},
    {GgufErrorKind::kTooManyTensors, "gguf_too_many_tensors"},
    {GgufErrorKind::kStringTooLong, "gguf_string_too_long"},
    {GgufErrorKind::kKeyTooLong, "gguf_key_too_long"},
    {GgufErrorKind::kDuplicateKey, "gguf_duplicate_key"},
    {GgufErrorKind::kUnknownValueType, "gguf_unknown_value_type"},
    {GgufErrorKind::kArrayTooLong, "gguf_array_too_long"},
    {GgufErrorKind::kArrayTooDeep, "gguf_array_too_deep"},
    {GgufErrorKind::kBadAlignment, "gguf_bad_alignment"},
    {GgufErrorKind::kNameTooLong, "gguf_tensor_name_too_long"},
    {GgufErrorKind::kDuplicateTensor, "gguf_duplicate_tensor"},
    {GgufErrorKind::kTooManyDims, "gguf_too_many_dims"},
    {GgufErrorKind::kBadDims, "gguf_bad_dims"},
    {GgufErrorKind::kDimsOverflow, "gguf_dims_overflow"},
    {GgufErrorKind::kUnknownType, "gguf_unknown_type"},
    {GgufErrorKind::kRemovedType, "gguf_removed_type"},
    {GgufErrorKind::kBadBlockMultiple, "gguf_bad_block_multiple"},
    {GgufErrorKind::kMisalignedOffset, "gguf_misaligned_offset"},
    {GgufErrorKind::kOverlappingTensors, "gguf_overlapping_tensors"},
    {GgufErrorKind::kDataPastEnd, "gguf_data_past_end"},
}};

constexpr bool gguf_error_rows_follow_enum() {
  for (size_t i = 0; i < kGgufErrors.size(); ++i) {
    if (static_cast<size_t>(kGgufErrors[i].kind) != i) return false;
  }
  return true;
}
static_assert(gguf_error_rows_follow_enum(), "row i describes GgufErrorKind i");

inline const char* gguf_error_slug(GgufErrorKind kind) { return kGgufErrors[static_cast<size_t>(kind)].slug; }

}  // namespace hfmi

// Decoding one safetensors header: an 8-byte little-endian length N, then N bytes of JSON mapping
// each tensor name to {dtype, shape, data_offsets}, plus an optional "__metadata__" of strings.
// Pure: bytes in, values out. Every malformed or hostile header is an E_BAD_HEADER error value.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/lenient_json.hpp"
#include "policy/limits.hpp"

namespace hfmi {

// The header cap of the limits table (policy/limits.hpp).
inline constexpr uint64_t kMaxSafetensorsHeaderLength = limit(Limit::kHeaderBytes);
// Element counts and byte offsets above 2^53 are refused as absurd (no real tensor comes close,
// and every count stays exact in a JavaScript number and far from int64 overflow when summed).
inline constexpr uint64_t kMaxPlausibleCount = uint64_t{1} << 53;

struct TensorInfo {
  std::string name;
  std::string dtype;           // a name from the dtype table, e.g. "BF16"
  std::vector<int64_t> shape;  // [] for a scalar
  uint64_t begin = 0, end = 0; // data_offsets, relative to the end of the header
  std::string shard;           // the file this tensor lives in
};

struct SafetensorsHeader {
  uint64_t header_length = 0;    // N, the JSON length
  std::vector<TensorInfo> tensors;  // sorted by data offset (file order)
  Json metadata;                 // "__metadata__" (object of strings) or null
  uint64_t data_end = 0;         // 8 + N + the largest data end: the file size this header implies
  uint64_t file_size = 0;        // as given (0 = unknown)
  bool ends_at_file_end = false; // data_end == file_size (true for a well-formed, complete file)
};

// How many bytes a client must fetch to hold the whole header: 8 + N, read from the first 8 bytes.
// E_BAD_HEADER when fewer than 8 bytes are given, or N is over the cap or below 2 ("{}").
Result<uint64_t> safetensors_prefix_length(std::string_view first_bytes);

// Decodes and strictly validates a header. `bytes` start at file offset 0 and hold at least 8 + N
// bytes (more is fine). `file_size` is the whole file's size when known (Content-Range), else 0.
// `shard_name` is copied into every TensorInfo and named in error messages.
Result<SafetensorsHeader> decode_safetensors_header(std::string_view bytes, uint64_t file_size,
                                                    const std::string& shard_name);

}  // namespace hfmi

// Decoding one GGUF header (ggml docs/gguf.md): magic "GGUF", version, tensor count, KV count, typed
// metadata key/values (arrays nest), tensor infos (name, dims, ggml type, offset), then the data,
// aligned to general.alignment. Versions 2 and 3, little- or big-endian (v3 allows both; the byte order
// is read from the version field, as ggml and @huggingface/gguf do). Pure: bytes in, values out.
//
// The decoder works on a prefix of the file: when the bytes end before the header does, it returns what
// it read with complete = false and a lower bound (and an estimate) of the header length, so a client
// can fetch the rest with one more Range. Every length is checked against the limits in gguf_limits.hpp,
// the file size (when known) and the bytes left before anything is allocated. Long arrays (the tokenizer's
// tokens, scores, token types, merges) are walked, never materialised: their element type and length
// are kept. A hostile header is an E_BAD_HEADER error whose message starts with a gguf_* slug
// (gguf_errors.hpp) and whose path names the key or the tensor.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/lenient_json.hpp"
#include "gguf/ggml_type.hpp"

namespace hfmi {

enum class GgufValueType : uint32_t {
  kUint8 = 0, kInt8 = 1, kUint16 = 2, kInt16 = 3, kUint32 = 4, kInt32 = 5, kFloat32 = 6, kBool = 7,
  kString = 8, kArray = 9, kUint64 = 10, kInt64 = 11, kFloat64 = 12,
  kCount = 13,
};
// "uint32", "string", "array"...; "" for an id >= kCount.
const char* gguf_value_type_name(uint32_t id);

struct GgufKv {
  std::string key;
  GgufValueType type = GgufValueType::kUint8;
  // Scalars: the value (floats widened to double, bools as bool). Arrays: the elements as a JSON array
  // when materialised (at most kMaxInlineArrayLength elements at every level), else null.
  Json value;
  GgufValueType array_type = GgufValueType::kUint8;  // arrays: the element type
  uint64_t array_length = 0;                         // arrays: the element count, also when skipped
  bool skipped = false;                              // an array walked but not materialised
  uint64_t offset = 0;                               // byte offset of the key in the file
};

struct GgufTensorInfo {
  std::string name;
  std::vector<uint64_t> dims;  // ggml order: dims[0] is the contiguous (innermost) dimension
  const GgmlTypeInfo* type = nullptr;
  uint64_t offset = 0;         // relative to the start of the data section
  uint64_t elements = 0;       // product of dims
  uint64_t bytes = 0;          // ggml_nbytes: elements / block_size * type_size
};

struct GgufHeader {
  std::string file;            // as given, named in errors
  uint32_t version = 0;
  bool big_endian = false;
  uint64_t tensor_count = 0, kv_count = 0;
  std::vector<GgufKv> metadata;           // in file order (fewer than kv_count when !complete)
  std::vector<GgufTensorInfo> tensors;    // in file order (empty or partial when !complete)
  uint64_t alignment = 32;                // general.alignment, default 32
  bool complete = false;                  // the whole header was in the bytes given
  // complete: the header's length (end of the tensor infos). !complete: a lower bound on it.
  uint64_t header_bytes = 0;
  // !complete: a guess at the header's length from what was read (array lengths, average string and
  // tensor-info sizes), at least header_bytes. complete: header_bytes.
  uint64_t estimated_header_bytes = 0;
  uint64_t data_start = 0;                // header_bytes rounded up to the alignment
  uint64_t data_bytes = 0;                // end of the last tensor's data, relative to data_start
  uint64_t file_size = 0;                 // as given (0 = unknown)
  uint64_t skipped_array_elements = 0;    // elements of arrays walked but not materialised
  // Accepted oddities, e.g. a key written twice with the same value (llama.cpp's own ggml-vocab-dbrx.gguf
  // has general.file_type twice). The same key with a different value is an error.
  std::vector<std::string> warnings;

  const GgufKv* find(std::string_view key) const;
};

// Decodes a header from `bytes` (file offset 0, any prefix of the file). `file_size` is the whole
// file's size when known (Content-Range or stat), else 0. A prefix that ends inside the header is not an
// error (complete = false); one that ends inside the header of a file of known size that is too short
// for it is.
Result<GgufHeader> decode_gguf_header(std::string_view bytes, uint64_t file_size, const std::string& file);

}  // namespace hfmi

// libFuzzer target: decode_gguf_header on arbitrary bytes. The first byte picks the file size mode
// (unknown / exactly the input / the input plus some data), so the "need more bytes", truncated-file and
// data-past-end branches are all reachable. Invariants checked: an error has a code, a gguf_* slug and a
// message; a prefix result asks for more than it was given and its estimate is at least its lower bound;
// a complete header's tensors fit their dims and types, do not overlap and end inside a known file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gguf/gguf_header.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0] % 3;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  uint64_t file_size = 0;
  if (mode == 1) file_size = bytes.size();
  if (mode == 2) file_size = bytes.size() + static_cast<uint64_t>(data[0]) * 4096;

  auto r = hfmi::decode_gguf_header(bytes, file_size, "fuzz.gguf");
  if (!r.ok()) {
    const auto& e = r.error();
    if (e.code != "E_BAD_HEADER" || e.message.rfind("gguf_", 0) != 0) std::abort();
    return 0;
  }
  const auto& h = r.value();
  if (!h.complete) {
    if (h.header_bytes <= bytes.size() || h.estimated_header_bytes < h.header_bytes) std::abort();
    if (file_size > 0 && h.header_bytes > file_size) std::abort();
    return 0;
  }
  if (h.header_bytes > bytes.size() || h.metadata.size() + h.warnings.size() != h.kv_count || h.tensors.size() != h.tensor_count) std::abort();
  uint64_t max_end = 0;
  for (const auto& t : h.tensors) {
    uint64_t n = 1;
    for (auto d : t.dims) n *= d;
    if (n != t.elements || t.type == nullptr || t.offset % h.alignment != 0) std::abort();
    if (t.bytes != t.elements / t.type->block_size * t.type->type_size) std::abort();
    if (t.offset + t.bytes > max_end) max_end = t.offset + t.bytes;
  }
  if (max_end != h.data_bytes) std::abort();
  if (file_size > 0 && !h.tensors.empty() && h.data_start + h.data_bytes > file_size) std::abort();
  for (const auto& kv : h.metadata) (void)kv.value.dump();  // every string is valid UTF-8
  return 0;
}

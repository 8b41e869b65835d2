// Test helper: writes GGUF headers byte by byte (either byte order), so hostile headers can be made
// field by field. Independent of the decoder: it follows ggml docs/gguf.md directly.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace hfmi::test {

class GgufBuilder {
 public:
  explicit GgufBuilder(bool big_endian = false) : be_(big_endian) {}

  GgufBuilder& magic(const char* m = "GGUF") { out_.append(m, 4); return *this; }
  GgufBuilder& u8(uint8_t v) { return raw(&v, 1); }
  GgufBuilder& u16(uint16_t v) { return raw(&v, 2); }
  GgufBuilder& u32(uint32_t v) { return raw(&v, 4); }
  GgufBuilder& u64(uint64_t v) { return raw(&v, 8); }
  GgufBuilder& i32(int32_t v) { return raw(&v, 4); }
  GgufBuilder& f32(float v) { return raw(&v, 4); }
  GgufBuilder& str(const std::string& s) { u64(s.size()); out_ += s; return *this; }
  // magic, version, tensor count, kv count
  GgufBuilder& preamble(uint32_t version, uint64_t tensors, uint64_t kvs) {
    return magic().u32(version).u64(tensors).u64(kvs);
  }
  GgufBuilder& kv_u32(const std::string& key, uint32_t v) { return str(key).u32(4).u32(v); }
  GgufBuilder& kv_str(const std::string& key, const std::string& v) { return str(key).u32(8).str(v); }
  GgufBuilder& tensor(const std::string& name, std::vector<uint64_t> dims, uint32_t type, uint64_t offset) {
    str(name).u32(static_cast<uint32_t>(dims.size()));
    for (auto d : dims) u64(d);
    return u32(type).u64(offset);
  }
  const std::string& bytes() const { return out_; }
  size_t size() const { return out_.size(); }

 private:
  GgufBuilder& raw(const void* p, size_t n) {
    unsigned char b[8];
    std::memcpy(b, p, n);
    if (be_) std::reverse(b, b + n);
    out_.append(reinterpret_cast<const char*>(b), n);
    return *this;
  }
  bool be_;
  std::string out_;
};

}  // namespace hfmi::test

// Test helper: builds safetensors header bytes from (name, dtype, shape) rows, with contiguous
// data offsets in row order. Its dtype widths are written out here, independently of the decoder.
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace hfmi::test {

inline int builder_dtype_bits(const std::string& dtype) {
  static const std::map<std::string, int> kBits = {
      {"F64", 64}, {"F32", 32}, {"F16", 16}, {"BF16", 16}, {"F8_E4M3", 8}, {"F8_E5M2", 8}, {"F8_E8M0", 8},
      {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"F4", 4}, {"I64", 64}, {"I32", 32}, {"I16", 16}, {"I8", 8},
      {"U64", 64}, {"U32", 32}, {"U16", 16}, {"U8", 8}, {"BOOL", 8}, {"C64", 64}};
  auto it = kBits.find(dtype);
  if (it == kBits.end()) throw std::invalid_argument("header_builder: unknown dtype " + dtype);
  return it->second;
}

// The 8-byte little-endian length followed by `json`, padded with spaces to a multiple of 8 (as the
// reference writer does).
inline std::string header_bytes_from_json(std::string json, bool pad = true) {
  if (pad) {
    while ((json.size() % 8) != 0) json.push_back(' ');
  }
  std::string out(8, '\0');
  uint64_t n = json.size();
  for (int i = 0; i < 8; ++i) out[static_cast<size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
  return out + json;
}

class HeaderBuilder {
 public:
  HeaderBuilder& add(const std::string& name, const std::string& dtype, const std::vector<int64_t>& shape) {
    uint64_t elements = 1;
    for (int64_t d : shape) elements *= static_cast<uint64_t>(d);
    const uint64_t bytes = elements * static_cast<uint64_t>(builder_dtype_bits(dtype)) / 8;
    // Written as text directly: appending to a JSON object per row would be quadratic.
    std::string entry = nlohmann::json(name).dump() + ":{\"dtype\":\"" + dtype + "\",\"shape\":[";
    for (size_t i = 0; i < shape.size(); ++i) entry += (i ? "," : "") + std::to_string(shape[i]);
    entry += "],\"data_offsets\":[" + std::to_string(offset_) + "," + std::to_string(offset_ + bytes) + "]}";
    rows_.push_back(std::move(entry));
    offset_ += bytes;
    return *this;
  }
  HeaderBuilder& metadata(const std::string& key, const std::string& value) {
    metadata_.push_back(nlohmann::json(key).dump() + ":" + nlohmann::json(value).dump());
    return *this;
  }

  std::string json() const {
    std::string out = "{";
    if (!metadata_.empty()) {
      out += "\"__metadata__\":{";
      for (size_t i = 0; i < metadata_.size(); ++i) out += (i ? "," : "") + metadata_[i];
      out += "}";
    }
    for (size_t i = 0; i < rows_.size(); ++i) out += (i || !metadata_.empty() ? "," : "") + rows_[i];
    return out + "}";
  }
  std::string bytes() const { return header_bytes_from_json(json()); }
  uint64_t data_size() const { return offset_; }
  uint64_t file_size() const { return bytes().size() + offset_; }
  size_t rows() const { return rows_.size(); }

 private:
  std::vector<std::string> rows_;      // "name":{...} texts, in order
  std::vector<std::string> metadata_;  // "key":"value" texts, in order
  uint64_t offset_ = 0;
};

}  // namespace hfmi::test

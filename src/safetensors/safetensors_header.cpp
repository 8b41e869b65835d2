#include "safetensors/safetensors_header.hpp"

#include <algorithm>
#include <exception>
#include <unordered_set>
#include <utility>

#include "safetensors/dtype.hpp"
#include "safetensors/json_path.hpp"

namespace hfmi {
namespace {

uint64_t read_le_u64(std::string_view bytes) {
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[static_cast<size_t>(i)]);
  return n;
}

Error bad(const std::string& shard, const std::string& what, std::string path) {
  const std::string where = shard.empty() ? std::string("safetensors header") : shard;
  return make_error(codes::kBadHeader, where + ": " + what, std::move(path));
}

// Watches the parser's events: duplicate keys (nlohmann keeps only one of them) and values nested
// deeper than the format allows (which are discarded, so a hostile header cannot build a deep DOM).
class HeaderParseWatch {
 public:
  // The header format nests at most: root object (0) > entry object (1) > shape array (2).
  static constexpr int kMaxContainerDepth = 2;

  bool on_event(int depth, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::key:
        if (depth == 1) {
          entry_key_ = parsed.get<std::string>();
          field_key_.clear();
          if (!top_keys_.insert(entry_key_).second) flag("duplicate key '" + entry_key_ + "'", json_path_key("$", entry_key_));
        } else if (depth == 2) {
          field_key_ = parsed.get<std::string>();
          if (std::find(field_keys_.begin(), field_keys_.end(), field_key_) != field_keys_.end()) {
            flag("duplicate field '" + field_key_ + "'", json_path_key("$", entry_key_) + "." + field_key_);
          }
          field_keys_.push_back(field_key_);
        }
        return true;
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        if (depth == 1) field_keys_.clear();
        if (depth > kMaxContainerDepth) {
          std::string path = json_path_key("$", entry_key_);
          if (!field_key_.empty()) path += "." + field_key_;
          flag("value is nested deeper than the header format allows", path);
          return false;  // discard it
        }
        return true;
      default:
        return true;
    }
  }

  bool failed() const { return failed_; }
  const std::string& what() const { return what_; }
  const std::string& path() const { return path_; }

 private:
  void flag(std::string what, std::string path) {
    if (failed_) return;
    failed_ = true;
    what_ = std::move(what);
    path_ = std::move(path);
  }

  std::unordered_set<std::string> top_keys_;
  std::vector<std::string> field_keys_;
  std::string entry_key_, field_key_;
  bool failed_ = false;
  std::string what_, path_;
};

// A JSON number that is a non-negative integer (nlohmann stores those as unsigned).
bool as_count(const Json& v, uint64_t& out) {
  if (v.is_number_unsigned()) {
    out = v.get<uint64_t>();
    return true;
  }
  if (v.is_number_integer() && v.get<int64_t>() >= 0) {
    out = static_cast<uint64_t>(v.get<int64_t>());
    return true;
  }
  return false;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

Result<Json> decode_metadata(const Json& v, const std::string& shard) {
  if (v.is_null()) return Json();
  if (!v.is_object()) return bad(shard, "__metadata__ must be an object of strings", "$.__metadata__");
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (!it.value().is_string()) {
      return bad(shard, "__metadata__ values must be strings", json_path_key("$.__metadata__", it.key()));
    }
  }
  return v;
}

// Validates one "name": {dtype, shape, data_offsets} entry (everything that does not need the others).
Result<TensorInfo> decode_entry(const std::string& name, const Json& v, uint64_t data_start, uint64_t file_size,
                                const std::string& shard) {
  const std::string at = json_path_key("$", name);
  if (!v.is_object()) return bad(shard, "tensor '" + name + "' must be an object", at);
  for (auto it = v.begin(); it != v.end(); ++it) {
    if (it.key() != "dtype" && it.key() != "shape" && it.key() != "data_offsets") {
      return bad(shard, "tensor '" + name + "' has an unknown field '" + it.key() + "'", at + "." + it.key());
    }
  }
  for (const char* field : {"dtype", "shape", "data_offsets"}) {
    if (!v.contains(field)) return bad(shard, "tensor '" + name + "' has no " + field, at + "." + field);
  }

  TensorInfo t;
  t.name = name;
  t.shard = shard;

  const Json& dtype = v["dtype"];
  const DtypeInfo* info = dtype.is_string() ? find_dtype(dtype.get_ref<const std::string&>()) : nullptr;
  if (info == nullptr) {
    return bad(shard, "tensor '" + name + "' has an unknown dtype " + dtype.dump(), at + ".dtype");
  }
  t.dtype = info->name;

  const Json& shape = v["shape"];
  if (!shape.is_array()) return bad(shard, "tensor '" + name + "' shape must be an array", at + ".shape");
  uint64_t elements = 1;
  bool overflow = false;
  for (size_t i = 0; i < shape.size(); ++i) {
    uint64_t dim = 0;
    if (!as_count(shape[i], dim)) {
      return bad(shard, "tensor '" + name + "' shape must hold non-negative integers",
                 at + ".shape[" + std::to_string(i) + "]");
    }
    if (dim > kMaxPlausibleCount) {
      return bad(shard, "tensor '" + name + "' has an absurd dimension " + std::to_string(dim),
                 at + ".shape[" + std::to_string(i) + "]");
    }
    t.shape.push_back(static_cast<int64_t>(dim));
    overflow = overflow || __builtin_mul_overflow(elements, dim, &elements);
  }
  // A zero dimension makes the product 0 whatever came before; overflow only matters otherwise.
  const bool has_zero = std::find(t.shape.begin(), t.shape.end(), 0) != t.shape.end();
  if (has_zero) elements = 0;
  if (overflow && !has_zero) {
    return bad(shard, "tensor '" + name + "' shape " + shape_text(t.shape) + " overflows a 64-bit element count",
               at + ".shape");
  }

  const Json& offsets = v["data_offsets"];
  uint64_t begin = 0, end = 0;
  if (!offsets.is_array() || offsets.size() != 2 || !as_count(offsets[0], begin) || !as_count(offsets[1], end)) {
    return bad(shard, "tensor '" + name + "' data_offsets must be [begin, end] with non-negative integers",
               at + ".data_offsets");
  }
  if (begin > end) {
    return bad(shard, "tensor '" + name + "' data_offsets begin " + std::to_string(begin) + " is after end " +
                          std::to_string(end), at + ".data_offsets");
  }
  uint64_t abs_end = 0;
  if (file_size != 0 && (__builtin_add_overflow(data_start, end, &abs_end) || abs_end > file_size)) {
    return bad(shard, "tensor '" + name + "' data ends at byte " + std::to_string(end) + " after the header, beyond the " +
                          std::to_string(file_size) + "-byte file", at + ".data_offsets");
  }
  if (elements > kMaxPlausibleCount || end > kMaxPlausibleCount) {
    return bad(shard, "tensor '" + name + "' claims an absurd size (" + std::to_string(elements) + " elements, " +
                          std::to_string(end) + " bytes); refusing it", at);
  }
  const uint64_t bits = elements * static_cast<uint64_t>(info->bits);  // <= 2^53 * 64: no overflow
  if (bits % 8 != 0) {
    return bad(shard, "tensor '" + name + "' has " + std::to_string(elements) + " " + t.dtype +
                          " elements, which do not fill whole bytes", at + ".shape");
  }
  if (end - begin != bits / 8) {
    return bad(shard, "tensor '" + name + "' data_offsets [" + std::to_string(begin) + "," + std::to_string(end) +
                          "] span " + std::to_string(end - begin) + " bytes but shape " + shape_text(t.shape) + " x " +
                          t.dtype + " needs " + std::to_string(bits / 8),
               at + ".data_offsets");
  }
  t.begin = begin;
  t.end = end;
  return t;
}

}  // namespace

Result<uint64_t> safetensors_prefix_length(std::string_view first_bytes) {
  if (first_bytes.size() < 8) {
    return make_error(codes::kBadHeader,
                      "safetensors file is too short: need 8 length bytes, got " + std::to_string(first_bytes.size()), "");
  }
  const uint64_t n = read_le_u64(first_bytes);
  if (n > kMaxSafetensorsHeaderLength) {
    return make_error(codes::kBadHeader,
                      "safetensors header length " + std::to_string(n) + " is over the " +
                          std::to_string(kMaxSafetensorsHeaderLength) + "-byte cap", "");
  }
  if (n < 2) {
    return make_error(codes::kBadHeader, "safetensors header length " + std::to_string(n) + " is too small for JSON", "");
  }
  return 8 + n;
}

Result<SafetensorsHeader> decode_safetensors_header(std::string_view bytes, uint64_t file_size,
                                                    const std::string& shard_name) {
  try {
    auto prefix = safetensors_prefix_length(bytes);
    if (!prefix) return bad(shard_name, prefix.error().message, "");
    const uint64_t data_start = prefix.value();
    if (bytes.size() < data_start) {
      return bad(shard_name, "header is truncated: need " + std::to_string(data_start) + " bytes, got " +
                                 std::to_string(bytes.size()), "");
    }
    if (file_size != 0 && data_start > file_size) {
      return bad(shard_name, "header of " + std::to_string(data_start) + " bytes extends beyond the " +
                                 std::to_string(file_size) + "-byte file", "");
    }
    const std::string_view text = bytes.substr(8, data_start - 8);

    HeaderParseWatch watch;
    Json root;
    try {
      root = Json::parse(text.begin(), text.end(),
                         [&watch](int depth, Json::parse_event_t event, Json& parsed) {
                           return watch.on_event(depth, event, parsed);
                         });
    } catch (const Json::exception& e) {
      return bad(shard_name, std::string("header is not valid JSON: ") + e.what(), "$");
    }
    if (!root.is_object()) return bad(shard_name, "header JSON must be an object", "$");
    if (watch.failed()) return bad(shard_name, watch.what(), watch.path());

    SafetensorsHeader out;
    out.header_length = data_start - 8;
    out.file_size = file_size;
    out.tensors.reserve(root.size());
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (it.key() == "__metadata__") {
        auto meta = decode_metadata(it.value(), shard_name);
        if (!meta) return meta.error();
        out.metadata = std::move(meta.value());
        continue;
      }
      auto t = decode_entry(it.key(), it.value(), data_start, file_size, shard_name);
      if (!t) return t.error();
      out.tensors.push_back(std::move(t.value()));
    }

    // File order; zero-length tensors sort before a tensor starting at the same offset.
    std::sort(out.tensors.begin(), out.tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
      if (a.begin != b.begin) return a.begin < b.begin;
      if (a.end != b.end) return a.end < b.end;
      return a.name < b.name;
    });
    uint64_t expected = 0;
    for (const TensorInfo& t : out.tensors) {
      const std::string at = json_path_key("$", t.name) + ".data_offsets";
      if (t.begin < expected) {
        return bad(shard_name, "tensor '" + t.name + "' data [" + std::to_string(t.begin) + "," + std::to_string(t.end) +
                                   ") overlaps the previous tensor, which ends at " + std::to_string(expected), at);
      }
      if (t.begin > expected) {
        return bad(shard_name, "tensor '" + t.name + "' data begins at " + std::to_string(t.begin) +
                                   ", leaving a gap after byte " + std::to_string(expected), at);
      }
      expected = t.end;
    }
    out.data_end = data_start + expected;  // expected <= 2^53: no overflow
    if (file_size != 0 && out.data_end > file_size) {
      return bad(shard_name, "tensor data ends at byte " + std::to_string(out.data_end) + ", beyond the " +
                                 std::to_string(file_size) + "-byte file", "$");
    }
    out.ends_at_file_end = file_size != 0 && out.data_end == file_size;
    return out;
  } catch (const std::exception& e) {
    return make_error(codes::kInternal, std::string("safetensors header decoder failed: ") + e.what(), "");
  }
}

}  // namespace hfmi

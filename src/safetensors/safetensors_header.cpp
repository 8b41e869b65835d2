#include "safetensors/safetensors_header.hpp"

#include <algorithm>
#include <exception>
#include <optional>
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

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

// One "name": {...} entry as read, before validation. A field that is not an array of integers is
// reported where it is met; count checks happen in validate_entry.
struct RawEntry {
  std::string name;
  std::string dtype;
  bool has_dtype = false, has_shape = false, has_offsets = false;
  std::vector<uint64_t> shape;
  std::vector<uint64_t> offsets;
};

// Checks one entry against the dtype table, the file size and the byte-length rule.
Result<TensorInfo> validate_entry(const RawEntry& e, uint64_t data_start, uint64_t file_size, const std::string& shard) {
  const std::string& name = e.name;
  const std::string at = json_path_key("$", name);
  for (const auto& [present, field] : {std::pair<bool, const char*>{e.has_dtype, "dtype"},
                                       {e.has_shape, "shape"}, {e.has_offsets, "data_offsets"}}) {
    if (!present) return bad(shard, "tensor '" + printable_quoted(name) + "' has no " + field, at + "." + field);
  }
  TensorInfo t;
  t.name = name;
  t.shard = shard;
  const DtypeInfo* info = find_dtype(e.dtype);
  if (info == nullptr) {
    return bad(shard, "tensor '" + printable_quoted(name) + "' has an unknown dtype '" + printable_quoted(e.dtype) + "'",
               at + ".dtype");
  }
  t.dtype = info->name;

  uint64_t elements = 1;
  bool overflow = false, has_zero = false;
  for (size_t i = 0; i < e.shape.size(); ++i) {
    const uint64_t dim = e.shape[i];
    if (dim > kMaxPlausibleCount) {
      return bad(shard, "tensor '" + printable_quoted(name) + "' has an absurd dimension " + std::to_string(dim),
                 at + ".shape[" + std::to_string(i) + "]");
    }
    t.shape.push_back(static_cast<int64_t>(dim));
    has_zero = has_zero || dim == 0;
    overflow = overflow || __builtin_mul_overflow(elements, dim, &elements);
  }
  // A zero dimension makes the product 0 whatever came before; overflow only matters otherwise.
  if (has_zero) elements = 0;
  if (overflow && !has_zero) {
    return bad(shard, "tensor '" + printable_quoted(name) + "' shape " + shape_text(t.shape) +
                          " overflows a 64-bit element count", at + ".shape");
  }

  if (e.offsets.size() != 2) {
    return bad(shard, "tensor '" + printable_quoted(name) + "' data_offsets must be [begin, end]", at + ".data_offsets");
  }
  const uint64_t begin = e.offsets[0], end = e.offsets[1];
  if (begin > end) {
    return bad(shard, "tensor '" + printable_quoted(name) + "' data_offsets begin " + std::to_string(begin) +
                          " is after end " + std::to_string(end), at + ".data_offsets");
  }
  uint64_t abs_end = 0;
  if (file_size != 0 && (__builtin_add_overflow(data_start, end, &abs_end) || abs_end > file_size)) {
    return bad(shard, "tensor '" + printable_quoted(name) + "' data ends at byte " + std::to_string(end) +
                          " after the header, beyond the " + std::to_string(file_size) + "-byte file",
               at + ".data_offsets");
  }
  if (elements > kMaxPlausibleCount || end > kMaxPlausibleCount) {
    return bad(shard, "tensor '" + printable_quoted(name) + "' claims an absurd size (" + std::to_string(elements) +
                          " elements, " + std::to_string(end) + " bytes); refusing it", at);
  }
  const uint64_t bits = elements * static_cast<uint64_t>(info->bits);  // <= 2^53 * 64: no overflow
  if (bits % 8 != 0) {
    return bad(shard, "tensor '" + printable_quoted(name) + "' has " + std::to_string(elements) + " " + t.dtype +
                          " elements, which do not fill whole bytes", at + ".shape");
  }
  if (end - begin != bits / 8) {
    return bad(shard, "tensor '" + printable_quoted(name) + "' data_offsets [" + std::to_string(begin) + "," +
                          std::to_string(end) + "] span " + std::to_string(end - begin) + " bytes but shape " +
                          shape_text(t.shape) + " x " + t.dtype + " needs " + std::to_string(bits / 8),
               at + ".data_offsets");
  }
  t.begin = begin;
  t.end = end;
  return t;
}

// SAX handler for the header JSON: builds TensorInfo values directly (no DOM), so a 25 MB header
// costs little more than its tensor list, and stops at the first problem:
//   depth 0: the root object; 1: a tensor entry or __metadata__; 2: an entry's shape/data_offsets array.
// Duplicate keys (which a DOM parser would silently merge) are errors.
class HeaderSax {
 public:
  HeaderSax(uint64_t data_start, uint64_t file_size, const std::string& shard)
      : data_start_(data_start), file_size_(file_size), shard_(shard) {}

  // nlohmann SAX interface
  bool null() { return scalar("null"); }
  bool boolean(bool) { return scalar("a boolean"); }
  bool number_integer(int64_t v) {
    if (v >= 0) return number_unsigned(static_cast<uint64_t>(v));
    return scalar("a negative number");
  }
  bool number_unsigned(uint64_t v) {
    if (level_ == 3) {
      list_->push_back(v);
      return true;
    }
    return scalar("a number");
  }
  bool number_float(double, const std::string&) { return scalar("a fraction or an out-of-range number"); }
  bool binary(Json::binary_t&) { return scalar("binary data"); }
  bool string(std::string& v) {
    if (level_ == 2 && in_metadata_) {
      if (metadata_.contains(field_)) return fail("__metadata__ has a duplicate key", json_path_key("$.__metadata__", field_));
      metadata_[field_] = std::move(v);
      return true;
    }
    if (level_ == 2 && field_ == "dtype") {
      entry_.dtype = std::move(v);
      return true;
    }
    return scalar("a string");
  }
  bool start_object(std::size_t) {
    if (level_ == 0) {
      level_ = 1;
      return true;
    }
    if (level_ == 1) {
      level_ = 2;
      if (key_ == "__metadata__") {
        in_metadata_ = true;
        metadata_ = Json::object();
      } else {
        entry_ = RawEntry{};
        entry_.name = key_;
      }
      return true;
    }
    return scalar("an object");
  }
  bool key(std::string& k) {
    if (level_ == 1) {
      if (!keys_.insert(k).second) return fail("duplicate key '" + printable_quoted(k) + "'", json_path_key("$", k));
      key_ = std::move(k);
      return true;
    }
    field_ = std::move(k);
    if (in_metadata_) return true;
    bool* seen = field_ == "dtype" ? &entry_.has_dtype : field_ == "shape" ? &entry_.has_shape
               : field_ == "data_offsets" ? &entry_.has_offsets : nullptr;
    if (seen == nullptr) {
      return fail("tensor '" + printable_quoted(entry_.name) + "' has an unknown field '" + printable_quoted(field_) + "'",
                  field_path());
    }
    if (*seen) return fail("tensor '" + printable_quoted(entry_.name) + "' has a duplicate field", field_path());
    *seen = true;
    return true;
  }
  bool end_object() {
    if (level_ == 2) {
      level_ = 1;
      if (in_metadata_) {
        in_metadata_ = false;
        has_metadata_ = true;
        return true;
      }
      auto t = validate_entry(entry_, data_start_, file_size_, shard_);
      if (!t) {
        error_ = t.error();
        return false;
      }
      tensors_.push_back(std::move(t.value()));
      return true;
    }
    level_ = 0;
    return true;
  }
  bool start_array(std::size_t) {
    if (level_ == 2 && !in_metadata_ && (field_ == "shape" || field_ == "data_offsets")) {
      level_ = 3;
      list_ = field_ == "shape" ? &entry_.shape : &entry_.offsets;
      return true;
    }
    return scalar("an array");
  }
  bool end_array() {
    level_ = 2;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    if (!error_) error_ = bad(shard_, std::string("header is not valid JSON: ") + ex.what(), "$");
    return false;
  }

  const std::optional<Error>& error() const { return error_; }
  std::vector<TensorInfo>& tensors() { return tensors_; }
  Json metadata() const { return has_metadata_ ? metadata_ : Json(); }

 private:
  std::string field_path() const {
    return (in_metadata_ ? std::string("$.__metadata__") : json_path_key("$", entry_.name)) + "." + field_;
  }

  // A value of the wrong kind at the current position.
  bool scalar(const char* what) {
    const std::string found = std::string(" (found ") + what + ")";
    switch (level_) {
      case 0: return fail("header JSON must be an object" + found, "$");
      case 1:
        if (key_ == "__metadata__") {
          if (std::string(what) == "null") return true;  // "__metadata__": null is allowed
          return fail("__metadata__ must be an object of strings" + found, "$.__metadata__");
        }
        return fail("tensor '" + printable_quoted(key_) + "' must be an object" + found, json_path_key("$", key_));
      case 2:
        if (in_metadata_) return fail("__metadata__ values must be strings" + found, json_path_key("$.__metadata__", field_));
        if (field_ == "dtype") return fail("tensor '" + printable_quoted(entry_.name) + "' dtype must be a string" + found, field_path());
        return fail("tensor '" + printable_quoted(entry_.name) + "' " + field_ + " must be an array of non-negative integers" + found,
                    field_path());
      default:
        if (field_ == "shape") {
          return fail("tensor '" + printable_quoted(entry_.name) + "' shape must hold non-negative integers" + found,
                      field_path() + (std::string(what) == "an array" || std::string(what) == "an object"
                                          ? "" : "[" + std::to_string(list_->size()) + "]"));
        }
        return fail("tensor '" + printable_quoted(entry_.name) + "' data_offsets must be [begin, end] with non-negative integers" + found,
                    field_path());
    }
  }
  bool fail(const std::string& what, std::string path) {
    if (!error_) error_ = bad(shard_, what, std::move(path));
    return false;
  }

  const uint64_t data_start_, file_size_;
  const std::string& shard_;
  int level_ = 0;
  bool in_metadata_ = false, has_metadata_ = false;
  std::string key_, field_;
  std::unordered_set<std::string> keys_;
  RawEntry entry_;
  std::vector<uint64_t>* list_ = nullptr;
  Json metadata_;
  std::vector<TensorInfo> tensors_;
  std::optional<Error> error_;
};

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

    // Nesting beyond the format's 3 levels is refused by the handler as soon as it opens, so the
    // parser's own stack stays shallow whatever the input.
    HeaderSax sax(data_start, file_size, shard_name);
    const bool parsed = Json::sax_parse(text.begin(), text.end(), &sax);
    if (!parsed || sax.error()) {
      if (sax.error()) return *sax.error();
      return bad(shard_name, "header is not valid JSON", "$");
    }
    SafetensorsHeader out;
    out.header_length = data_start - 8;
    out.file_size = file_size;
    out.metadata = sax.metadata();
    out.tensors = std::move(sax.tensors());

    // File order; zero-length tensors sort before a tensor starting at the same offset.
    std::sort(out.tensors.begin(), out.tensors.end(), [](const TensorInfo& a, const TensorInfo& b) {
      if (a.begin != b.begin) return a.begin < b.begin;
      if (a.end != b.end) return a.end < b.end;
      return a.name < b.name;
    });
    uint64_t expected = 0;
    for (const TensorInfo& t : out.tensors) {
      if (t.begin < expected) {
        return bad(shard_name, "tensor '" + printable_quoted(t.name) + "' data [" + std::to_string(t.begin) + "," +
                                   std::to_string(t.end) + ") overlaps the previous tensor, which ends at " +
                                   std::to_string(expected), json_path_key("$", t.name) + ".data_offsets");
      }
      if (t.begin > expected) {
        return bad(shard_name, "tensor '" + printable_quoted(t.name) + "' data begins at " + std::to_string(t.begin) +
                                   ", leaving a gap after byte " + std::to_string(expected),
                   json_path_key("$", t.name) + ".data_offsets");
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

#include "safetensors/safetensors_header.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

#include "safetensors/dtype.hpp"
#include "safetensors/json_path.hpp"
#include "core/json_scanner.hpp"
#include "core/name_hash.hpp"

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

// One "name": {...} entry as read, before validation.
struct RawEntry {
  std::string_view name;
  std::string_view dtype;
  bool has_dtype = false, has_shape = false, has_offsets = false;
  std::vector<uint64_t> shape;
  std::vector<uint64_t> offsets;
  void reset(std::string_view n) {
    name = n;
    dtype = {};
    has_dtype = has_shape = has_offsets = false;
    shape.clear();
    offsets.clear();
  }
};

// Checks one entry against the dtype table, the file size and the byte-length rule. The error path
// is only built when there is an error.
Result<TensorInfo> validate_entry(const RawEntry& e, uint64_t data_start, uint64_t file_size, const std::string& shard) {
  const std::string_view name = e.name;
  const auto at = [&] { return json_path_key("$", name); };
  const auto tensor = [&] { return "tensor '" + printable_quoted(name) + "'"; };
  for (const auto& [present, field] : {std::pair<bool, const char*>{e.has_dtype, "dtype"},
                                       {e.has_shape, "shape"}, {e.has_offsets, "data_offsets"}}) {
    if (!present) return bad(shard, tensor() + " has no " + field, at() + "." + field);
  }
  const DtypeInfo* info = find_dtype(e.dtype);
  if (info == nullptr) {
    return bad(shard, tensor() + " has an unknown dtype '" + printable_quoted(e.dtype) + "'", at() + ".dtype");
  }
  TensorInfo t;
  t.dtype = info->name;
  t.shape.reserve(e.shape.size());

  uint64_t elements = 1;
  bool overflow = false, has_zero = false;
  for (size_t i = 0; i < e.shape.size(); ++i) {
    const uint64_t dim = e.shape[i];
    if (dim > kMaxPlausibleCount) {
      return bad(shard, tensor() + " has an absurd dimension " + std::to_string(dim),
                 at() + ".shape[" + std::to_string(i) + "]");
    }
    t.shape.push_back(static_cast<int64_t>(dim));
    has_zero = has_zero || dim == 0;
    overflow = overflow || __builtin_mul_overflow(elements, dim, &elements);
  }
  // A zero dimension makes the product 0 whatever came before; overflow only matters otherwise.
  if (has_zero) elements = 0;
  if (overflow && !has_zero) {
    return bad(shard, tensor() + " shape " + shape_text(t.shape) + " overflows a 64-bit element count", at() + ".shape");
  }

  if (e.offsets.size() != 2) return bad(shard, tensor() + " data_offsets must be [begin, end]", at() + ".data_offsets");
  const uint64_t begin = e.offsets[0], end = e.offsets[1];
  if (begin > end) {
    return bad(shard, tensor() + " data_offsets begin " + std::to_string(begin) + " is after end " + std::to_string(end),
               at() + ".data_offsets");
  }
  uint64_t abs_end = 0;
  if (file_size != 0 && (__builtin_add_overflow(data_start, end, &abs_end) || abs_end > file_size)) {
    return bad(shard, tensor() + " data ends at byte " + std::to_string(end) + " after the header, beyond the " +
                          std::to_string(file_size) + "-byte file", at() + ".data_offsets");
  }
  if (elements > kMaxPlausibleCount || end > kMaxPlausibleCount) {
    return bad(shard, tensor() + " claims an absurd size (" + std::to_string(elements) + " elements, " +
                          std::to_string(end) + " bytes); refusing it", at());
  }
  const uint64_t bits = elements * static_cast<uint64_t>(info->bits);  // <= 2^53 * 64: no overflow
  if (bits % 8 != 0) {
    return bad(shard, tensor() + " has " + std::to_string(elements) + " " + t.dtype +
                          " elements, which do not fill whole bytes", at() + ".shape");
  }
  if (end - begin != bits / 8) {
    return bad(shard, tensor() + " data_offsets [" + std::to_string(begin) + "," + std::to_string(end) + "] span " +
                          std::to_string(end - begin) + " bytes but shape " + shape_text(t.shape) + " x " + t.dtype +
                          " needs " + std::to_string(bits / 8), at() + ".data_offsets");
  }
  t.name = std::string(name);
  t.shard = shard;
  t.begin = begin;
  t.end = end;
  return t;
}

// The header grammar, read in one pass over the bytes with no DOM:
//   root      = { (name : entry | "__metadata__" : (null | { key : string ... })) ... }
//   entry     = { "dtype": string, "shape": [uint...], "data_offsets": [uint, uint] } (any order)
// Nesting deeper than that is refused where it opens, so hostile input cannot make it recurse.
// Duplicate keys (which a DOM parser would silently merge) are errors.
class HeaderReader {
 public:
  HeaderReader(std::string_view text, uint64_t data_start, uint64_t file_size, const std::string& shard)
      : in_(text), data_start_(data_start), file_size_(file_size), shard_(shard) {}

  std::optional<Error> read(std::vector<TensorInfo>& tensors, Json& metadata) {
    tensors.reserve(in_.size() / 96 + 1);
    in_.skip_ws();
    if (!in_.consume('{')) return wrong("header JSON must be an object", "$");
    in_.skip_ws();
    if (!in_.consume('}')) {
      for (;;) {
        std::string_view key;
        if (!in_.string(key)) return syntax();
        if (!names_.insert(key, [&](size_t i) { return i == kMetadataSlot ? key == kMetadataKey : tensors[i].name == key; },
                           key == kMetadataKey ? kMetadataSlot : tensors.size())) {
          return bad(shard_, "duplicate key '" + printable_quoted(key) + "'", json_path_key("$", key));
        }
        in_.skip_ws();
        if (!in_.consume(':')) return syntax();
        in_.skip_ws();
        if (key == kMetadataKey) {
          if (auto e = read_metadata(metadata)) return e;
        } else {
          if (auto e = read_entry(key, tensors)) return e;
        }
        const JsonScanner::After after = in_.after_member('}');
        if (after == JsonScanner::After::kSyntax) return syntax();
        if (after == JsonScanner::After::kClosed) break;
      }
    }
    in_.skip_ws();
    if (!in_.at_end()) return syntax("unexpected text after the header object");
    return std::nullopt;
  }

 private:
  static constexpr std::string_view kMetadataKey = "__metadata__";
  static constexpr size_t kMetadataSlot = SIZE_MAX;

  Error syntax(const char* what = nullptr) const {
    return bad(shard_, std::string("header is not valid JSON: ") + (what ? what : in_.error_text()) + " at byte " +
                           std::to_string(in_.offset()), "$");
  }
  // A value of the wrong kind where `what` was expected; a syntax error if it is not a value at all.
  Error wrong(const std::string& what, std::string path) const {
    const char* found = in_.value_kind();
    if (found == nullptr) return syntax("expected a value");
    return bad(shard_, what + " (found " + found + ")", std::move(path));
  }

  std::optional<Error> read_metadata(Json& metadata) {
    if (in_.consume_literal("null")) return std::nullopt;
    if (!in_.consume('{')) return wrong("__metadata__ must be an object of strings", "$.__metadata__");
    metadata = Json::object();
    in_.skip_ws();
    if (in_.consume('}')) return std::nullopt;
    for (;;) {
      std::string_view key;
      if (!in_.string(key)) return syntax();
      std::string k(key);
      in_.skip_ws();
      if (!in_.consume(':')) return syntax();
      in_.skip_ws();
      std::string_view value;
      if (in_.peek() != '"') return wrong("__metadata__ values must be strings", json_path_key("$.__metadata__", k));
      if (!in_.string(value)) return syntax();
      if (metadata.contains(k)) return bad(shard_, "__metadata__ has a duplicate key", json_path_key("$.__metadata__", k));
      metadata[k] = std::string(value);
      const JsonScanner::After after = in_.after_member('}');
      if (after == JsonScanner::After::kSyntax) return syntax();
      if (after == JsonScanner::After::kClosed) return std::nullopt;
    }
  }

  std::optional<Error> read_entry(std::string_view name, std::vector<TensorInfo>& tensors) {
    const auto path = [&] { return json_path_key("$", name); };
    const auto tensor = [&] { return "tensor '" + printable_quoted(name) + "'"; };
    if (!in_.consume('{')) return wrong(tensor() + " must be an object", path());
    // `name` may point into the scanner's scratch buffer: keep a copy while the fields are read.
    if (in_.in_scratch()) {
      name_ = std::string(name);
      name = name_;
    }
    entry_.reset(name);
    in_.skip_ws();
    if (!in_.consume('}')) {
      for (;;) {
        std::string_view field;
        if (!in_.string(field)) return syntax();
        bool* seen = field == "dtype" ? &entry_.has_dtype : field == "shape" ? &entry_.has_shape
                   : field == "data_offsets" ? &entry_.has_offsets : nullptr;
        if (seen == nullptr)
          return bad(shard_, tensor() + " has an unknown field '" + printable_quoted(field) + "'", path() + "." + std::string(field));
        if (*seen) return bad(shard_, tensor() + " has a duplicate field", path() + "." + std::string(field));
        *seen = true;
        const bool is_dtype = seen == &entry_.has_dtype, is_shape = seen == &entry_.has_shape;
        in_.skip_ws();
        if (!in_.consume(':')) return syntax();
        in_.skip_ws();
        if (is_dtype) {
          if (in_.peek() != '"') return wrong(tensor() + " dtype must be a string", path() + ".dtype");
          std::string_view dtype;
          if (!in_.string(dtype)) return syntax();
          if (in_.in_scratch()) {
            dtype_ = std::string(dtype);
            dtype = dtype_;
          }
          entry_.dtype = dtype;
        } else if (auto e = read_uint_list(is_shape, is_shape ? entry_.shape : entry_.offsets)) {
          return e;
        }
        const JsonScanner::After after = in_.after_member('}');
        if (after == JsonScanner::After::kSyntax) return syntax();
        if (after == JsonScanner::After::kClosed) break;
      }
    }
    auto t = validate_entry(entry_, data_start_, file_size_, shard_);
    if (!t) return t.error();
    tensors.push_back(std::move(t.value()));
    return std::nullopt;
  }

  // shape or data_offsets: [uint, ...].
  std::optional<Error> read_uint_list(bool is_shape, std::vector<uint64_t>& out) {
    const char* field = is_shape ? "shape" : "data_offsets";
    const std::string_view name = entry_.name;
    const auto field_path = [&] { return json_path_key("$", name) + "." + field; };
    const auto tensor = [&] { return "tensor '" + printable_quoted(name) + "'"; };
    if (!in_.consume('[')) return wrong(tensor() + " " + field + " must be an array of non-negative integers", field_path());
    in_.skip_ws();
    if (in_.consume(']')) return std::nullopt;
    for (;;) {
      uint64_t v = 0;
      const JsonScanner::Number got = in_.unsigned_integer(v);
      if (got == JsonScanner::Number::kSyntax) return syntax();
      if (got == JsonScanner::Number::kOk) {
        out.push_back(v);
      } else {
        const char* found = got == JsonScanner::Number::kNegative ? "a negative number"
                            : got == JsonScanner::Number::kFractionOrTooLarge ? "a fraction or an out-of-range number"
                                                                                : in_.value_kind();
        if (found == nullptr) return syntax("expected a value");
        const bool nested = in_.peek() == '[' || in_.peek() == '{';
        if (is_shape) {
          return bad(shard_, tensor() + " shape must hold non-negative integers (found " + found + ")",
                     field_path() + (nested ? "" : "[" + std::to_string(out.size()) + "]"));
        }
        return bad(shard_, tensor() + " data_offsets must be [begin, end] with non-negative integers (found " + found + ")",
                   field_path());
      }
      const JsonScanner::After after = in_.after_member(']');
      if (after == JsonScanner::After::kSyntax) return syntax();
      if (after == JsonScanner::After::kClosed) return std::nullopt;
    }
  }

  JsonScanner in_;
  const uint64_t data_start_, file_size_;
  const std::string& shard_;
  NameSet names_;
  RawEntry entry_;
  std::string name_, dtype_;
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
  // The reader is the project's strict scanner (no nlohmann DOM, no throwing conversions) and every length is
  // checked against kMaxSafetensorsHeaderLength before it is used: nothing below needs an exception net.
  {
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

    SafetensorsHeader out;
    HeaderReader reader(text, data_start, file_size, shard_name);
    if (auto e = reader.read(out.tensors, out.metadata)) return *e;
    out.header_length = data_start - 8;
    out.file_size = file_size;

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
  }
}

}  // namespace hfmi

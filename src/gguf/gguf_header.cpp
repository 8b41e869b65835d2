#include "gguf/gguf_header.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "core/name_hash.hpp"
#include "gguf/gguf_errors.hpp"
#include "gguf/gguf_limits.hpp"

namespace hfmi {
namespace {

constexpr std::array<const char*, static_cast<size_t>(GgufValueType::kCount)> kValueTypeNames{
    {"uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "bool", "string", "array", "uint64",
     "int64", "float64"}};
// Bytes of one element of a fixed-size value type (0: string and array, which are variable).
constexpr std::array<uint8_t, static_cast<size_t>(GgufValueType::kCount)> kValueTypeSizes{
    {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8}};
static_assert(kValueTypeNames.size() == kValueTypeSizes.size(), "one name and one size per value type");


// Replaces bytes that are not valid UTF-8 with U+FFFD, so every string can be emitted as JSON.
std::string to_valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 2;
    if (ok && n > 1) {
      uint32_t cp = c & (0x7F >> n);
      for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
      const uint32_t min_cp = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
      ok = cp >= min_cp && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok) {
      out.append(s.data() + i, n);
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

class Decoder {
 public:
  Decoder(std::string_view bytes, uint64_t file_size, GgufHeader& h)
      : bytes_(bytes), file_size_(file_size), h_(h) {}

  // The decoder stops at the first failure or short read: every read after it returns a zero value, and
  // each loop checks stopped() so no work is done past the stop. decode_gguf_header reads which it was.
  bool stopped() const { return error_.has_value() || short_need_ > 0; }
  const std::optional<Error>& error() const { return error_; }
  uint64_t short_need() const { return short_need_; }

  void run() {
    read_preamble();
    NameSet keys;  // slots: indices into h_.metadata
    for (uint64_t i = 0; i < h_.kv_count && !stopped(); ++i) {
      kv_index_ = i;
      read_kv(keys);
    }
    if (stopped()) return;
    phase_ = Phase::kTensors;
    tensors_start_ = pos_;
    NameSet names;  // slots: indices into h_.tensors
    h_.tensors.reserve(static_cast<size_t>(std::min<uint64_t>(h_.tensor_count, 4096)));
    for (uint64_t i = 0; i < h_.tensor_count && !stopped(); ++i) read_tensor_info(i, names);
    if (stopped()) return;
    h_.header_bytes = pos_;
    h_.estimated_header_bytes = pos_;
    h_.complete = true;
    h_.data_start = round_up(pos_, h_.alignment);
    check_tensor_layout();
  }

  // A guess at the whole header's length after the bytes ran out at `need`.
  uint64_t estimate(uint64_t need) const {
    uint64_t est = std::max(need, pos_);
    if (phase_ == Phase::kKvs) {
      if (array_left_ > 0) {
        const uint64_t avg = array_items_read_ > 0 ? std::max<uint64_t>(1, (pos_ - array_start_) / array_items_read_) : 16;
        est += array_left_ * avg;
      }
      const uint64_t kvs_left = h_.kv_count > kv_index_ + 1 ? h_.kv_count - kv_index_ - 1 : 0;
      est += kvs_left * 64 + h_.tensor_count * kTensorInfoGuess;
    } else if (phase_ == Phase::kTensors) {
      const uint64_t done = h_.tensors.size();
      const uint64_t avg = done > 0 ? (pos_ - tensors_start_) / done : kTensorInfoGuess;
      est += (h_.tensor_count - done) * avg;
    }
    return std::min(est, file_size_ > 0 ? file_size_ : kMaxGgufHeaderBytes);
  }

 private:
  enum class Phase { kPreamble, kKvs, kTensors };
  // A typical tensor info: 8 + ~30 name bytes + 4 + 2 dims * 8 + 4 + 8.
  static constexpr uint64_t kTensorInfoGuess = 72;

  // Records the first failure (later ones are consequences of reading on with zero values).
  void fail(GgufErrorKind kind, const std::string& what, const std::string& path) {
    if (stopped()) return;
    error_ = make_error(codes::kBadHeader, std::string(gguf_error_slug(kind)) + ": " + h_.file + ": " + what, path);
  }
  // The bytes ran out before byte `need` of a file whose end is not known yet.
  void run_short(uint64_t need) {
    if (!stopped()) short_need_ = need;
  }

  static uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

  // Makes sure `n` more bytes are there: a short read of a file of unknown size is "need more";
  // past the known end of the file it is an error.
  // Returns false (and stops the decoder) when they are not.
  bool need(uint64_t n, const std::string& path) {
    if (stopped()) return false;
    if (n > kMaxGgufHeaderBytes || pos_ + n > kMaxGgufHeaderBytes) {
      fail(GgufErrorKind::kHeaderTooLarge,
           "the header would be longer than " + std::to_string(kMaxGgufHeaderBytes) + " bytes", path);
      return false;
    }
    if (file_size_ > 0 && pos_ + n > file_size_) {
      fail(GgufErrorKind::kTruncatedFile,
           "the header needs byte " + std::to_string(pos_ + n) + " of a " + std::to_string(file_size_) + "-byte file",
           path);
      return false;
    }
    if (pos_ + n > bytes_.size()) {
      run_short(pos_ + n);
      return false;
    }
    return true;
  }

  // A value of type U, or 0 once the decoder has stopped.
  template <class U>
  U read_raw(const std::string& path) {
    if (!need(sizeof(U), path)) return U{};
    unsigned char b[sizeof(U)];
    std::memcpy(b, bytes_.data() + pos_, sizeof(U));
    pos_ += sizeof(U);
    if (h_.big_endian) std::reverse(b, b + sizeof(U));
    U v;
    std::memcpy(&v, b, sizeof(U));
    return v;
  }
  uint32_t u32(const std::string& path) { return read_raw<uint32_t>(path); }
  uint64_t u64(const std::string& path) { return read_raw<uint64_t>(path); }

  std::string_view read_string(uint64_t limit, GgufErrorKind too_long, const std::string& path) {
    const uint64_t len = u64(path);
    if (len > limit) {
      fail(too_long, "a string of " + std::to_string(len) + " bytes (the limit is " + std::to_string(limit) + ")", path);
    }
    if (!need(len, path)) return {};
    std::string_view s = bytes_.substr(static_cast<size_t>(pos_), static_cast<size_t>(len));
    pos_ += len;
    return s;
  }

  void read_preamble() {
    // magic + version + two counts: 24 bytes.
    if (file_size_ > 0 && file_size_ < 24) {
      fail(GgufErrorKind::kTruncatedFile, "a " + std::to_string(file_size_) + "-byte file is shorter than a GGUF preamble", "magic");
      return;
    }
    if (bytes_.size() < 4) return run_short(24);
    if (std::memcmp(bytes_.data(), "GGUF", 4) != 0) {
      fail(GgufErrorKind::kBadMagic, "the file does not start with the magic \"GGUF\"", "magic");
      return;
    }
    pos_ = 4;
    uint32_t version = u32("version");
    if (stopped()) return;
    uint32_t swapped = __builtin_bswap32(version);
    // ggml's rule: a version whose low 16 bits are all zero was written in the other byte order.
    if ((version & 0xFFFF) == 0 && swapped != 0) {
      h_.big_endian = true;
      version = swapped;
    }
    if (version < kGgufMinVersion || version > kGgufMaxVersion) {
      fail(GgufErrorKind::kUnknownVersion,
           "version " + std::to_string(version) + " (this reader knows versions 2 and 3)", "version");
      return;
    }
    h_.version = version;
    h_.tensor_count = u64("tensor_count");
    h_.kv_count = u64("kv_count");
    if (stopped()) return;
    // Each tensor info takes at least 33 bytes (name length + 1, n_dims, one dim, type, offset) and
    // each key/value at least 14 (key length + 1, type, one byte): more than the file can hold is hostile.
    const uint64_t room = file_size_ > 0 ? file_size_ : kMaxGgufHeaderBytes;
    if (h_.tensor_count > kMaxGgufTensorCount || h_.tensor_count > room / 33) {
      fail(GgufErrorKind::kTooManyTensors,
           std::to_string(h_.tensor_count) + " tensors (the limit is " + std::to_string(kMaxGgufTensorCount) +
               " and what " + std::to_string(room) + " bytes can describe)",
           "tensor_count");
      return;
    }
    if (h_.kv_count > kMaxGgufKvCount || h_.kv_count > room / 14) {
      fail(GgufErrorKind::kTooManyKvs,
           std::to_string(h_.kv_count) + " key/values (the limit is " + std::to_string(kMaxGgufKvCount) + ")",
           "kv_count");
    }
    phase_ = Phase::kKvs;
  }

  GgufValueType value_type(const std::string& path) {
    const uint32_t t = u32(path);
    if (t >= static_cast<uint32_t>(GgufValueType::kCount)) {
      fail(GgufErrorKind::kUnknownValueType, "unknown value type " + std::to_string(t), path);
      return GgufValueType::kCount;
    }
    return static_cast<GgufValueType>(t);
  }

  Json scalar(GgufValueType t, const std::string& path) {
    switch (t) {
      case GgufValueType::kUint8: return read_raw<uint8_t>(path);
      case GgufValueType::kInt8: return read_raw<int8_t>(path);
      case GgufValueType::kUint16: return read_raw<uint16_t>(path);
      case GgufValueType::kInt16: return read_raw<int16_t>(path);
      case GgufValueType::kUint32: return read_raw<uint32_t>(path);
      case GgufValueType::kInt32: return read_raw<int32_t>(path);
      case GgufValueType::kFloat32: return static_cast<double>(read_raw<float>(path));
      case GgufValueType::kBool: return read_raw<uint8_t>(path) != 0;
      case GgufValueType::kString: return to_valid_utf8(read_string(kMaxGgufStringLength, GgufErrorKind::kStringTooLong, path));
      case GgufValueType::kUint64: return read_raw<uint64_t>(path);
      case GgufValueType::kInt64: return read_raw<int64_t>(path);
      case GgufValueType::kFloat64: return read_raw<double>(path);
      case GgufValueType::kArray:
      case GgufValueType::kCount: break;
    }
    fail(GgufErrorKind::kUnknownValueType, "not a scalar type", path);
    return nullptr;
  }

  // Reads an array's body (after its type): materialised when `keep` and short enough, else walked.
  // Returns the JSON array (null when walked); `length` gets the element count.
  Json array(int depth, bool keep, GgufValueType& elem, uint64_t& length, const std::string& path) {
    length = 0;
    elem = GgufValueType::kCount;
    if (depth > kMaxGgufArrayDepth) {
      fail(GgufErrorKind::kArrayTooDeep, "arrays nested deeper than " + std::to_string(kMaxGgufArrayDepth), path);
      return nullptr;
    }
    elem = value_type(path);
    length = u64(path);
    if (stopped()) return nullptr;
    if (length > kMaxGgufArrayLength) {
      fail(GgufErrorKind::kArrayTooLong,
           "an array of " + std::to_string(length) + " elements (the limit is " + std::to_string(kMaxGgufArrayLength) + ")",
           path);
      return nullptr;
    }
    const uint64_t size = kValueTypeSizes[static_cast<size_t>(elem)];
    keep = keep && length <= kMaxInlineArrayLength;
    if (!keep) h_.skipped_array_elements += length;
    if (size > 0 && !keep) {  // fixed-size elements: one jump
      if (need(length * size, path)) pos_ += length * size;
      return nullptr;
    }
    Json out = keep ? Json::array() : Json();
    const bool outer = depth == 1;
    if (outer) {
      array_left_ = length;
      array_items_read_ = 0;
      array_start_ = pos_;
    }
    for (uint64_t i = 0; i < length && !stopped(); ++i) {
      if (elem == GgufValueType::kArray) {
        GgufValueType inner;
        uint64_t inner_len;
        Json v = array(depth + 1, keep, inner, inner_len, path);
        if (keep) out.push_back(std::move(v));
      } else if (elem == GgufValueType::kString && !keep) {
        const uint64_t len = u64(path);
        if (len > kMaxGgufStringLength) {
          fail(GgufErrorKind::kStringTooLong,
               "element " + std::to_string(i) + " is a string of " + std::to_string(len) + " bytes", path);
        }
        if (need(len, path)) pos_ += len;
      } else {
        Json v = scalar(elem, path);
        if (!stopped()) out.push_back(std::move(v));
      }
      if (stopped()) return nullptr;  // before the bookkeeping: estimate() counts the element in flight as left
      if (outer) {
        --array_left_;
        ++array_items_read_;
      }
    }
    if (outer) array_left_ = 0;
    return out;
  }

  void read_kv(NameSet& keys) {
    const std::string at = "metadata[" + std::to_string(kv_index_) + "]";
    GgufKv kv;
    kv.offset = pos_;
    kv.key = to_valid_utf8(read_string(kMaxGgufKeyLength, GgufErrorKind::kKeyTooLong, at + ".key"));
    const std::string path = "metadata." + kv.key;
    if (stopped()) return;
    const bool duplicate =
        !keys.insert(kv.key, [&](size_t slot) { return h_.metadata[slot].key == kv.key; }, h_.metadata.size());
    kv.type = value_type(path);
    if (stopped()) return;
    if (kv.type == GgufValueType::kArray) {
      kv.value = array(1, true, kv.array_type, kv.array_length, path);
      kv.skipped = kv.value.is_null();
    } else {
      kv.value = scalar(kv.type, path);
    }
    if (stopped()) return;
    if (duplicate) {
      const GgufKv* first = h_.find(kv.key);
      if (first == nullptr || first->type != kv.type || kv.skipped || first->value != kv.value) {
        fail(GgufErrorKind::kDuplicateKey, "the key " + kv.key + " appears twice with different values", path);
        return;
      }
      h_.warnings.push_back("the key " + kv.key + " appears twice (same value)");
      return;
    }
    if (kv.key == "general.alignment") {
      const bool u32_type = kv.type == GgufValueType::kUint32;
      const uint64_t a = u32_type ? kv.value.get<uint64_t>() : 0;
      if (!u32_type || a == 0 || (a & (a - 1)) != 0 || a > kMaxGgufAlignment) {
        fail(GgufErrorKind::kBadAlignment, "general.alignment must be a uint32 power of two up to " +
                                               std::to_string(kMaxGgufAlignment) + ", got " + kv.value.dump(),
             path);
        return;
      }
      h_.alignment = a;
    }
    h_.metadata.push_back(std::move(kv));
  }

  void read_tensor_info(uint64_t i, NameSet& names) {
    std::string path = "tensors[" + std::to_string(i) + "]";
    GgufTensorInfo t;
    t.name = to_valid_utf8(read_string(kMaxGgufTensorName - 1, GgufErrorKind::kNameTooLong, path + ".name"));
    if (stopped()) return;
    path += " " + t.name;
    if (!names.insert(t.name, [&](size_t slot) { return h_.tensors[slot].name == t.name; }, h_.tensors.size())) {
      return fail(GgufErrorKind::kDuplicateTensor, "the tensor " + t.name + " appears twice", path);
    }
    const uint32_t n_dims = u32(path);
    if (stopped()) return;
    if (n_dims > kMaxGgufDims) {
      return fail(GgufErrorKind::kTooManyDims,
                  std::to_string(n_dims) + " dims (ggml allows " + std::to_string(kMaxGgufDims) + ")", path);
    }
    t.dims.resize(n_dims);
    uint64_t elements = 1;
    for (uint32_t d = 0; d < n_dims; ++d) {
      const uint64_t v = u64(path);
      if (stopped()) return;
      if (v > static_cast<uint64_t>(INT64_MAX)) {
        return fail(GgufErrorKind::kBadDims, "dim " + std::to_string(d) + " is negative", path);
      }
      t.dims[d] = v;
      if (v != 0 && elements > kMaxGgufElements / v) {
        return fail(GgufErrorKind::kDimsOverflow, "the dims multiply past 2^53 elements", path);
      }
      elements *= v;
    }
    t.elements = elements;
    const uint32_t type = u32(path);
    if (stopped()) return;
    t.type = ggml_type_info(type);
    if (t.type == nullptr) return fail(GgufErrorKind::kUnknownType, "unknown ggml type " + std::to_string(type), path);
    if (t.type->removed) {
      return fail(GgufErrorKind::kRemovedType, std::string("ggml type ") + t.type->name + " (" + std::to_string(type) +
                                                   ") is no longer allowed in GGUF files",
                  path);
    }
    if (n_dims > 0 && t.dims[0] % t.type->block_size != 0) {
      return fail(GgufErrorKind::kBadBlockMultiple,
                  "dim 0 (" + std::to_string(t.dims[0]) + ") is not a multiple of " + t.type->name + "'s block size " +
                      std::to_string(t.type->block_size),
                  path);
    }
    t.bytes = *ggml_bytes(*t.type, elements);  // elements <= 2^53 and type_size <= 292: no overflow
    t.offset = u64(path);
    if (stopped()) return;
    if (t.offset % h_.alignment != 0) {
      return fail(GgufErrorKind::kMisalignedOffset,
                  "offset " + std::to_string(t.offset) + " is not a multiple of the alignment " + std::to_string(h_.alignment),
                  path);
    }
    if (t.offset > kMaxGgufElements) {
      return fail(GgufErrorKind::kDataPastEnd, "offset " + std::to_string(t.offset) + " is absurd", path);
    }
    h_.tensors.push_back(std::move(t));
  }

  // After the header: tensors must not overlap and must end inside the file (when its size is known).
  void check_tensor_layout() {
    std::vector<const GgufTensorInfo*> order;
    order.reserve(h_.tensors.size());
    for (const auto& t : h_.tensors) order.push_back(&t);
    std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->offset < b->offset; });
    uint64_t end = 0;
    const GgufTensorInfo* prev = nullptr;
    for (const auto* t : order) {
      if (prev != nullptr && t->offset < end) {
        return fail(GgufErrorKind::kOverlappingTensors,
                    "data at offset " + std::to_string(t->offset) + " overlaps " + prev->name + " (ends at " +
                        std::to_string(end) + ")",
                    "tensors " + t->name);
      }
      end = t->offset + t->bytes;
      prev = t;
      if (file_size_ > 0 && h_.data_start + end > file_size_) {
        return fail(GgufErrorKind::kDataPastEnd,
                    "data ends at byte " + std::to_string(h_.data_start + end) + " beyond the " +
                        std::to_string(file_size_) + "-byte file",
                    "tensors " + t->name);
      }
    }
    h_.data_bytes = end;
  }

  std::string_view bytes_;
  uint64_t file_size_;
  GgufHeader& h_;
  uint64_t pos_ = 0;
  Phase phase_ = Phase::kPreamble;
  uint64_t kv_index_ = 0;
  uint64_t array_left_ = 0, array_items_read_ = 0, array_start_ = 0;
  uint64_t tensors_start_ = 0;
  std::optional<Error> error_;  // the first failure
  uint64_t short_need_ = 0;     // > 0: the bytes ran out; the header is at least this long
};

}  // namespace

const char* gguf_value_type_name(uint32_t id) {
  return id < kValueTypeNames.size() ? kValueTypeNames[id] : "";
}

const GgufKv* GgufHeader::find(std::string_view key) const {
  for (const auto& kv : metadata) {
    if (kv.key == key) return &kv;
  }
  return nullptr;
}

Result<GgufHeader> decode_gguf_header(std::string_view bytes, uint64_t file_size, const std::string& file) {
  GgufHeader h;
  h.file = file;
  h.file_size = file_size;
  Decoder d(bytes, file_size, h);
  d.run();
  if (d.error()) return *d.error();
  if (d.short_need() > 0) {
    h.complete = false;
    h.header_bytes = d.short_need();
    h.estimated_header_bytes = d.estimate(d.short_need());
  }
  return h;
}

}  // namespace hfmi

#include "safetensors/shard_index.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include "core/decimal_double.hpp"
#include "core/json_scanner.hpp"
#include "core/name_hash.hpp"
#include "core/utf8.hpp"
#include "safetensors/json_path.hpp"

namespace hfmi {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A set of 64-bit hashes in two sorted vectors: a large run, and a small recent buffer merged into
// the run when full. 8 bytes per entry (plus at most 25% slack), no per-node overhead.
class HashSet64 {
 public:
  // False when the hash was already present.
  bool insert(uint64_t h) {
    if (contains(run_.data(), run_.size(), h)) return false;
    if (recent_.capacity() < kRecentMax) recent_.reserve(kRecentMax);
    const size_t pos = lower_bound(recent_.data(), recent_.size(), h);
    if (pos < recent_.size() && recent_[pos] == h) return false;
    recent_.insert(recent_.begin() + static_cast<std::ptrdiff_t>(pos), h);
    if (recent_.size() >= kRecentMax) merge();
    return true;
  }
  size_t bytes() const { return (run_.capacity() + recent_.capacity()) * sizeof(uint64_t); }

 private:
  static constexpr size_t kRecentMax = 4096;

  // Raw-pointer searches: this runs once per tensor of a 500k-entry index, in debug builds too.
  static size_t lower_bound(const uint64_t* a, size_t n, uint64_t h) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (a[mid] < h) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  static bool contains(const uint64_t* a, size_t n, uint64_t h) {
    const size_t i = lower_bound(a, n, h);
    return i < n && a[i] == h;
  }

  void merge() {
    const size_t old_size = run_.size();
    const size_t needed = old_size + recent_.size();
    if (run_.capacity() < needed) run_.reserve(needed + needed / 4);
    run_.resize(needed);
    // Merge from the back so no scratch buffer is needed.
    uint64_t* run = run_.data();
    const uint64_t* recent = recent_.data();
    size_t i = old_size, j = recent_.size(), k = needed;
    while (j > 0) {
      if (i > 0 && run[i - 1] > recent[j - 1]) {
        run[--k] = run[--i];
      } else {
        run[--k] = recent[--j];
      }
    }
    recent_.clear();
  }

  std::vector<uint64_t> run_;
  std::vector<uint64_t> recent_;
};

bool valid_utf8(std::string_view text) {
  const unsigned char* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      len = 2;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      const unsigned char cc = s[i + k];
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += len;
  }
  return true;
}

// A non-negative integer count from a JSON number token (integer-valued floats up to 2^53 accepted,
// since some writers emit "total_size": 1.6e10).
bool number_as_count(std::string_view s, uint64_t& out) {
  bool is_integer = false;
  if (!is_json_number(s, is_integer) || s[0] == '-') return false;
  if (is_integer) {
    uint64_t v = 0;
    for (char c : s) {
      if (__builtin_mul_overflow(v, uint64_t{10}, &v) || __builtin_add_overflow(v, uint64_t(c - '0'), &v)) return false;
    }
    out = v;
    return true;
  }
  const double d = decimal_to_double(s);
  if (!std::isfinite(d) || d < 0 || d > 9007199254740992.0 || std::floor(d) != d) return false;
  out = static_cast<uint64_t>(d);
  return true;
}

}  // namespace

// ------------------------------------------------------------------ the streaming parser
struct ShardIndexParser::Impl {
  enum class Lex : uint8_t { kIdle, kString, kEscape, kUnicode, kNumber, kLiteral };
  enum class Role : uint8_t { kRoot, kMetadata, kWeightMap, kSkip };
  enum class Expect : uint8_t { kKeyOrEnd, kKey, kColon, kValue, kCommaOrEnd, kValueOrEnd };
  struct Frame {
    bool is_object;
    Role role;
    Expect expect;
  };

  // lexer state
  Lex lex = Lex::kIdle;
  std::string token;
  uint32_t unicode_value = 0;
  int unicode_digits = 0;
  uint32_t high_surrogate = 0;  // pending high half of a \u surrogate pair
  const char* literal = nullptr;
  size_t literal_pos = 0;
  uint64_t offset = 0;  // bytes consumed so far

  // grammar state
  std::vector<Frame> stack;
  bool started = false;
  bool done = false;
  std::string key;  // the last key read in the innermost known object (root, metadata, weight_map)
  bool seen_metadata = false, seen_weight_map = false, seen_total_size = false, seen_total_parameters = false;

  // results
  HashSet64 tensor_hashes;
  std::vector<std::string> shards;
  NameSet shard_set;  // slots: indices into shards
  size_t shard_bytes = 0;
  size_t last_shard = SIZE_MAX;
  ShardIndex result;
  std::optional<Error> error;

  // ---- errors
  std::string here() const { return " (at byte " + std::to_string(offset) + ")"; }
  std::string path_of_value() const {
    if (stack.empty()) return "$";
    switch (stack.back().role) {
      case Role::kRoot: return key.empty() ? "$" : "$." + key;
      case Role::kMetadata: return key.empty() ? "$.metadata" : "$.metadata." + key;
      case Role::kWeightMap: return key.empty() ? "$.weight_map" : json_path_key("$.weight_map", key);
      case Role::kSkip: return "$";
    }
    return "$";
  }
  bool fail(const std::string& message, const std::string& path) {
    if (!error) error = make_error(codes::kBadIndex, "index: " + message, path);
    return false;
  }
  bool fail_syntax(const std::string& message) { return fail(message + here(), path_of_value()); }

  // ---- grammar events
  // Checks that a value may start here; `opens` tells whether it is a container.
  bool begin_value() {
    if (done) return fail_syntax("unexpected data after the end of the document");
    if (stack.empty()) {
      if (started) return fail_syntax("unexpected value");
      return true;
    }
    Frame& top = stack.back();
    if (top.is_object ? top.expect != Expect::kValue
                      : (top.expect != Expect::kValueOrEnd && top.expect != Expect::kValue)) {
      return fail_syntax("unexpected value");
    }
    top.expect = Expect::kCommaOrEnd;
    return true;
  }

  bool push(bool is_object, Role role) {
    if (stack.size() >= static_cast<size_t>(kMaxIndexDepth)) {
      return fail("JSON nesting is deeper than " + std::to_string(kMaxIndexDepth) + " levels" + here(), path_of_value());
    }
    stack.push_back(Frame{is_object, role, is_object ? Expect::kKeyOrEnd : Expect::kValueOrEnd});
    return true;
  }

  // The role of a container value opened in the current position.
  Role child_role(bool is_object) {
    if (stack.empty()) return Role::kRoot;
    const Role parent = stack.back().role;
    if (parent == Role::kRoot && is_object && key == "metadata") return Role::kMetadata;
    if (parent == Role::kRoot && is_object && key == "weight_map") return Role::kWeightMap;
    return Role::kSkip;
  }

  bool on_open(bool is_object) {
    const bool at_root = stack.empty();
    if (!begin_value()) return false;
    if (at_root && !is_object) return fail("index must be a JSON object" + here(), "$");
    if (!at_root) {
      const Role parent = stack.back().role;
      if (parent == Role::kRoot && key == "weight_map" && !is_object) return fail("weight_map must be an object", path_of_value());
      if (parent == Role::kRoot && key == "metadata" && !is_object) return fail("metadata must be an object", path_of_value());
      if (parent == Role::kWeightMap) return fail("weight_map values must be shard file names (strings)", path_of_value());
      if (parent == Role::kMetadata && (key == "total_size" || key == "total_parameters")) {
        return fail(key + " must be a non-negative integer", path_of_value());
      }
    }
    started = true;
    return push(is_object, child_role(is_object));
  }

  bool on_close(bool is_object) {
    if (stack.empty() || stack.back().is_object != is_object) return fail_syntax("unexpected '" + std::string(is_object ? "}" : "]") + "'");
    const Frame& top = stack.back();
    const bool can_end = top.expect == Expect::kKeyOrEnd || top.expect == Expect::kValueOrEnd || top.expect == Expect::kCommaOrEnd;
    if (!can_end) return fail_syntax("unexpected '" + std::string(is_object ? "}" : "]") + "'");
    const Role closed = top.role;
    stack.pop_back();
    if (closed == Role::kMetadata || closed == Role::kWeightMap) key = closed == Role::kMetadata ? "metadata" : "weight_map";
    if (stack.empty()) done = true;
    return true;
  }

  bool on_colon() {
    if (stack.empty() || !stack.back().is_object || stack.back().expect != Expect::kColon) return fail_syntax("unexpected ':'");
    stack.back().expect = Expect::kValue;
    return true;
  }

  bool on_comma() {
    if (stack.empty() || stack.back().expect != Expect::kCommaOrEnd) return fail_syntax("unexpected ','");
    stack.back().expect = stack.back().is_object ? Expect::kKey : Expect::kValue;
    return true;
  }

  bool on_key(std::string& k) {
    Frame& top = stack.back();
    top.expect = Expect::kColon;
    switch (top.role) {
      case Role::kRoot:
        if ((k == "metadata" && seen_metadata) || (k == "weight_map" && seen_weight_map)) {
          return fail("duplicate key '" + k + "'", "$." + k);
        }
        seen_metadata = seen_metadata || k == "metadata";
        seen_weight_map = seen_weight_map || k == "weight_map";
        key = k;
        return true;
      case Role::kMetadata:
        if ((k == "total_size" && seen_total_size) || (k == "total_parameters" && seen_total_parameters)) {
          return fail("duplicate key '" + k + "'", "$.metadata." + k);
        }
        seen_total_size = seen_total_size || k == "total_size";
        seen_total_parameters = seen_total_parameters || k == "total_parameters";
        key = k;
        return true;
      case Role::kWeightMap:
        if (!tensor_hashes.insert(hash_name(k))) {
          return fail("duplicate tensor name '" + printable_quoted(k) + "' in weight_map", json_path_key("$.weight_map", k));
        }
        ++result.tensor_count;
        key.swap(k);
        return true;
      case Role::kSkip:
        return true;
    }
    return true;
  }

  bool on_shard(const std::string& name) {
    if (last_shard != SIZE_MAX && shards[last_shard] == name) return true;  // the common case: runs of one shard
    const auto same = [&](size_t slot) { return shards[slot] == name; };
    if (const size_t known = shard_set.find(name, same); known != NameSet::kNone) {
      last_shard = known;
      return true;
    }
    const std::string problem = shard_name_problem(name);
    if (!problem.empty()) return fail(problem + ": '" + printable_quoted(name) + "'", json_path_key("$.weight_map", key));
    if (shards.size() >= kMaxIndexShards) {
      return fail("more than " + std::to_string(kMaxIndexShards) + " distinct shard files", json_path_key("$.weight_map", key));
    }
    if (ends_with(name, ".bin")) result.pytorch_bin = true;
    shard_set.insert(name, same, shards.size());
    shards.push_back(name);
    shard_bytes += 2 * (sizeof(std::string) + name.capacity() + 1) + 32;
    last_shard = shards.size() - 1;
    return true;
  }

  // A complete string token: a key, or a value.
  bool on_string() {
    if (!valid_utf8(token)) return fail_syntax("string is not valid UTF-8");
    if (!stack.empty() && stack.back().is_object &&
        (stack.back().expect == Expect::kKeyOrEnd || stack.back().expect == Expect::kKey)) {
      return on_key(token);
    }
    if (!begin_value()) return false;
    if (stack.empty()) return fail("index must be a JSON object", "$");
    const Role parent = stack.back().role;
    if (parent == Role::kRoot && (key == "weight_map" || key == "metadata")) return fail(key + " must be an object", path_of_value());
    if (parent == Role::kMetadata && (key == "total_size" || key == "total_parameters")) {
      return fail(key + " must be a non-negative integer", path_of_value());
    }
    if (parent == Role::kWeightMap) return on_shard(token);
    return true;
  }

  // A complete number or literal token.
  bool on_scalar(bool is_number) {
    if (is_number) {
      bool is_integer = false;
      if (!is_json_number(token, is_integer)) return fail_syntax("invalid number '" + token + "'");
    }
    if (!begin_value()) return false;
    if (stack.empty()) return fail("index must be a JSON object", "$");
    const Role parent = stack.back().role;
    const bool is_null = !is_number && token == "null";
    if (parent == Role::kWeightMap) return fail("weight_map values must be shard file names (strings)", path_of_value());
    if (parent == Role::kRoot && (key == "weight_map" || key == "metadata") && !is_null) return fail(key + " must be an object", path_of_value());
    if (parent == Role::kMetadata && (key == "total_size" || key == "total_parameters") && !is_null) {
      uint64_t v = 0;
      if (!is_number || !number_as_count(token, v)) return fail(key + " must be a non-negative integer", path_of_value());
      (key == "total_size" ? result.total_size : result.total_parameters) = v;
    }
    return true;
  }

  // ---- lexer
  bool append_token(char c) {
    if (token.size() >= kMaxIndexStringBytes) {
      return fail("a string is longer than " + std::to_string(kMaxIndexStringBytes) + " bytes" + here(), path_of_value());
    }
    token += c;
    return true;
  }

  bool finish_unicode() {
    const uint32_t u = unicode_value;
    if (high_surrogate != 0) {
      if (u < 0xdc00 || u > 0xdfff) return fail_syntax("unpaired UTF-16 surrogate in \\u escape");
      const uint32_t cp = 0x10000 + ((high_surrogate - 0xd800) << 10) + (u - 0xdc00);
      high_surrogate = 0;
      if (token.size() + 4 > kMaxIndexStringBytes) return append_token('x');  // reports the cap
      append_utf8(token, cp);
      return true;
    }
    if (u >= 0xdc00 && u <= 0xdfff) return fail_syntax("unpaired UTF-16 surrogate in \\u escape");
    if (u >= 0xd800 && u <= 0xdbff) {
      high_surrogate = u;
      return true;
    }
    if (token.size() + 3 > kMaxIndexStringBytes) return append_token('x');
    append_utf8(token, u);
    return true;
  }

  bool step(char c) {
    switch (lex) {
      case Lex::kString:
        if (high_surrogate != 0 && c != '\\') return fail_syntax("unpaired UTF-16 surrogate in \\u escape");
        if (c == '"') {
          lex = Lex::kIdle;
          return on_string();
        }
        if (c == '\\') {
          lex = Lex::kEscape;
          return true;
        }
        if (static_cast<unsigned char>(c) < 0x20) return fail_syntax("control character in a string");
        return append_token(c);
      case Lex::kEscape: {
        if (high_surrogate != 0 && c != 'u') return fail_syntax("unpaired UTF-16 surrogate in \\u escape");
        lex = Lex::kString;
        switch (c) {
          case '"': return append_token('"');
          case '\\': return append_token('\\');
          case '/': return append_token('/');
          case 'b': return append_token('\b');
          case 'f': return append_token('\f');
          case 'n': return append_token('\n');
          case 'r': return append_token('\r');
          case 't': return append_token('\t');
          case 'u':
            lex = Lex::kUnicode;
            unicode_value = 0;
            unicode_digits = 0;
            return true;
          default: return fail_syntax(std::string("invalid escape '\\") + c + "'");
        }
      }
      case Lex::kUnicode: {
        const int h = hex_value(c);
        if (h < 0) return fail_syntax("invalid \\u escape");
        unicode_value = (unicode_value << 4) | static_cast<uint32_t>(h);
        if (++unicode_digits < 4) return true;
        lex = Lex::kString;
        return finish_unicode();
      }
      case Lex::kNumber:
        if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
          if (token.size() >= 64) return fail_syntax("number is too long");
          token += c;
          return true;
        }
        lex = Lex::kIdle;
        if (!on_scalar(true)) return false;
        return step(c);  // the byte after a number is a token of its own
      case Lex::kLiteral:
        if (c != literal[literal_pos]) return fail_syntax("invalid literal");
        token += c;
        if (literal[++literal_pos] == '\0') {
          lex = Lex::kIdle;
          return on_scalar(false);
        }
        return true;
      case Lex::kIdle:
        break;
    }
    switch (c) {
      case ' ': case '\t': case '\n': case '\r': return true;
      case '{': return on_open(true);
      case '[': return on_open(false);
      case '}': return on_close(true);
      case ']': return on_close(false);
      case ':': return on_colon();
      case ',': return on_comma();
      case '"':
        if (done) return fail_syntax("unexpected data after the end of the document");
        lex = Lex::kString;
        token.clear();
        return true;
      case 't': case 'f': case 'n':
        lex = Lex::kLiteral;
        literal = c == 't' ? "true" : c == 'f' ? "false" : "null";
        literal_pos = 1;
        token.assign(1, c);
        return true;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          lex = Lex::kNumber;
          token.assign(1, c);
          return true;
        }
        return fail_syntax("unexpected character '" + printable_quoted(std::string_view(&c, 1)) + "'");
    }
  }
};

namespace {
// Bytes that end the plain run of a string: the quote, the backslash, and control bytes (an error).
struct StringStopTable {
  bool stop[256] = {};
  constexpr StringStopTable() {
    for (int c = 0; c < 0x20; ++c) stop[c] = true;
    stop[static_cast<unsigned char>('"')] = true;
    stop[static_cast<unsigned char>('\\')] = true;
  }
};
constexpr StringStopTable kStringStop{};
}  // namespace

ShardIndexParser::ShardIndexParser() : impl_(std::make_unique<Impl>()) {}
ShardIndexParser::~ShardIndexParser() = default;

// The parser is a byte-at-a-time state machine with every buffer capped before it grows (no nlohmann, no
// conversions that throw): feed() and finish() need no exception safety net.
Result<bool> ShardIndexParser::feed(std::string_view chunk) {
  Impl& p = *impl_;
  {
    if (p.error) return *p.error;
    const size_t n = chunk.size();
    size_t i = 0;
    while (i < n) {
      if (p.lex == Impl::Lex::kString && p.high_surrogate == 0) {
        // Fast path: copy the plain run of a string up to the next quote, backslash or control byte.
        const unsigned char* bytes = reinterpret_cast<const unsigned char*>(chunk.data());
        const bool* stop = kStringStop.stop;
        size_t j = i;
        while (j < n && !stop[bytes[j]]) ++j;
        if (j > i) {
          if (p.token.size() + (j - i) > kMaxIndexStringBytes) {
            p.offset += kMaxIndexStringBytes - p.token.size();
            p.token.resize(kMaxIndexStringBytes);
            p.append_token('x');  // reports the cap
            return *p.error;
          }
          p.token.append(chunk.data() + i, j - i);
          p.offset += j - i;
          i = j;
          continue;
        }
      }
      if (!p.step(chunk[i])) return *p.error;
      ++p.offset;
      ++i;
    }
    return p.done && p.lex == Impl::Lex::kIdle;
  }
}

Result<ShardIndex> ShardIndexParser::finish() {
  Impl& p = *impl_;
  {
    if (p.error) return *p.error;
    // A number at the very end of the input has no byte after it to end it.
    if (p.lex == Impl::Lex::kNumber) {
      p.lex = Impl::Lex::kIdle;
      if (!p.on_scalar(true)) return *p.error;
    }
    if (!p.done || p.lex != Impl::Lex::kIdle) {
      return make_error(codes::kBadIndex, "index: the document is truncated (" + std::to_string(p.offset) + " bytes read)", "$");
    }
    if (!p.seen_weight_map) return make_error(codes::kBadIndex, "index: no weight_map", "$.weight_map");
    if (p.result.tensor_count == 0) return make_error(codes::kBadIndex, "index: weight_map is empty", "$.weight_map");
    ShardIndex out = p.result;
    out.shards = p.shards;
    return out;
  }
}

size_t ShardIndexParser::retained_bytes() const {
  const Impl& p = *impl_;
  return sizeof(Impl) + p.tensor_hashes.bytes() + p.shard_bytes + p.shards.capacity() * sizeof(std::string) +
         p.shard_set.bytes() + p.token.capacity() + p.key.capacity() +
         p.stack.capacity() * sizeof(Impl::Frame);
}

}  // namespace hfmi

// format_integers (the WASM builds' snprintf) against the host libc's vsnprintf: the reference is libc.
// Every supported conversion with flags, widths, precisions and length modifiers, nlohmann/json's own
// formats, truncation, %p as musl writes it, and the refusal of floating point; and no printf-family call in src/ or wasm/ (the
// core prints numbers with core/number_text.hpp), so nothing reaches the refusal.
#include <catch2/catch.hpp>

#include <climits>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/integer_printf.hpp"
#include "core_sources.hpp"

namespace {

struct Both {
  std::string ours, libc;
  int ours_ret, libc_ret;
};

Both both(size_t n, const char* fmt, ...) {
  char a[256], b[256];
  std::memset(a, 'x', sizeof a);
  std::memset(b, 'x', sizeof b);
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  const int r1 = hfmi::format_integers(a, n, fmt, ap);
  const int r2 = std::vsnprintf(b, n, fmt, ap2);
  va_end(ap2);
  va_end(ap);
  // Compare the whole buffers' first n bytes (n = 0: nothing may be written).
  return {std::string(a, n < sizeof a ? n + 1 : sizeof a), std::string(b, n < sizeof b ? n + 1 : sizeof b), r1, r2};
}

#define SAME(...)                        \
  do {                                   \
    const Both r = both(__VA_ARGS__);    \
    INFO(#__VA_ARGS__);                  \
    CHECK(r.ours == r.libc);             \
    CHECK(r.ours_ret == r.libc_ret);     \
  } while (0)

}  // namespace

TEST_CASE("format_integers: nlohmann/json's formats equal libc", "[integer_printf]") {
  for (unsigned v : {0u, 1u, 0x1fu, 0x7fu, 0xabu, 0xd800u, 0xdc00u, 0xffffu}) {
    SAME(7, "\\u%04x", v);
    SAME(13, "\\u%04x\\u%04x", v, v ^ 0x1234u);
    SAME(9, "<U+%.4X>", static_cast<unsigned>(static_cast<unsigned char>(v)));
    SAME(3, "%.2hhX", v);
  }
}

TEST_CASE("format_integers: flags, widths, precisions and lengths equal libc", "[integer_printf]") {
  const char* int_formats[] = {"%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%+05d", "%.3d", "%8.3d", "%-8.3d|", "%08.3d",
                               "%.0d", "%u", "%x", "%X", "%#x", "%#X", "%08x", "%#08x", "%o", "%#o", "%#.0o", "%#5o", "%*d",
                               "%-*d|", "%.*d", "%%d=%d%%", "%hhd", "%hhu", "%hd", "%hu", "%hx"};
  const int ints[] = {0, 1, -1, 7, -42, 255, 256, 65535, -32768, INT_MAX, INT_MIN};
  for (const char* f : int_formats) {
    for (int v : ints) {
      if (std::string(f).find('*') != std::string::npos) {
        for (int w : {-6, 0, 3, 12}) SAME(64, f, w, v);
      } else {
        SAME(64, f, v);
      }
    }
  }
  for (long long v : {0LL, -1LL, LLONG_MIN, LLONG_MAX, 1234567890123LL}) {
    SAME(64, "%lld|%llx|%25lld|%-+25lld|", v, static_cast<unsigned long long>(v), v, v);
    SAME(64, "%ld %li %lu %lX", static_cast<long>(v), static_cast<long>(v), static_cast<unsigned long>(v), static_cast<unsigned long>(v));
    SAME(64, "%jd %zu %td %zx", static_cast<intmax_t>(v), static_cast<size_t>(v), static_cast<ptrdiff_t>(v), static_cast<size_t>(v));
  }
  SAME(64, "%llu %#llo", ULLONG_MAX, ULLONG_MAX);
  SAME(64, "[%c][%3c][%-3c]", 'a', 'b', 'c');
  SAME(64, "[%s][%.2s][%10s][%-10s][%.0s][%*.*s]", "text", "text", "text", "text", "text", 6, 2, "text");
}

TEST_CASE("format_integers: truncation and the returned length equal libc", "[integer_printf]") {
  for (size_t n : {0, 1, 2, 3, 5, 6, 40}) {
    SAME(n, "%d-%s", 12345, "abc");
    SAME(n, "\\u%04x", 0x1fu);
  }
}

TEST_CASE("format_integers: floating point and %p are refused with -1", "[integer_printf]") {
  char buf[32];
  auto call = [&](const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    const int r = hfmi::format_integers(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return r;
  };
  CHECK(call("%f", 1.5) == -1);
  CHECK(call("x=%.2f", 1.5) == -1);
  CHECK(std::string(buf) == "x=");
  CHECK(call("%g", 1.5) == -1);
  CHECK(call("%Lf", 1.5L) == -1);
}

TEST_CASE("format_integers: %p as musl writes it (\"0x\", at least 2 * sizeof(void*) hex digits)", "[integer_printf]") {
  const int w = static_cast<int>(2 * sizeof(void*));
  for (uintptr_t v : {uintptr_t{0x10}, uintptr_t{0x12345}, static_cast<uintptr_t>(-1)}) {
    char ours[64], want[64];
    std::snprintf(want, sizeof want, "[%#.*jx]", w, static_cast<uintmax_t>(v));
    auto call = [&](const char* fmt, ...) {
      va_list ap;
      va_start(ap, fmt);
      hfmi::format_integers(ours, sizeof ours, fmt, ap);
      va_end(ap);
    };
    call("[%p]", reinterpret_cast<void*>(v));
    CHECK(std::string(ours) == want);
  }
}

TEST_CASE("format_pointer: %p alone, as musl writes it (the WASM builds' siprintf)", "[integer_printf]") {
  const int w = static_cast<int>(2 * sizeof(void*));
  for (uintptr_t v :
       {uintptr_t{0}, uintptr_t{0x10}, uintptr_t{0x12345}, uintptr_t{0xabcdef01}, static_cast<uintptr_t>(-1)}) {
    char ours[64], want[64];
    // musl: "%p" is "%#.*jx" with precision 2 * sizeof(void*); the '#' adds no "0x" to zero.
    std::snprintf(want, sizeof want, "%#.*jx", w, static_cast<uintmax_t>(v));
    const int n = hfmi::format_pointer(ours, reinterpret_cast<void*>(v));
    CHECK(std::string(ours) == want);
    CHECK(n == static_cast<int>(std::strlen(want)));
  }
}

TEST_CASE("no printf-family call in the core's sources (src/, wasm/)", "[integer_printf]") {
  size_t files = 0;
  for (const auto& [path, text] : hfmi::test::core_sources()) {
    if (std::filesystem::path(path).filename().string().rfind("integer_printf", 0) == 0) continue;
    ++files;
    INFO(path);
    CHECK(text.find("printf(") == std::string::npos);
  }
  CHECK(files > 100);
}

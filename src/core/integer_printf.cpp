#include "core/integer_printf.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

namespace hfmi {
namespace {

// The text goes to out[0 .. cap); len counts all of it.
struct Sink {
  char* out;
  size_t cap;
  size_t len = 0;
  void put(char c) {
    if (len < cap) out[len] = c;
    ++len;
  }
  void put(const char* s, size_t k) {
    for (size_t i = 0; i < k; ++i) put(s[i]);
  }
  void fill(char c, long k) {
    for (; k > 0; --k) put(c);
  }
};

int digits_value(const char*& p) {
  int v = 0;
  while (*p >= '0' && *p <= '9' && v < 100000) v = v * 10 + (*p++ - '0');
  return v;
}

enum class Length : uint8_t { kChar, kShort, kInt, kLong, kLongLong, kMax, kSize, kPtrdiff };

uint64_t unsigned_arg(va_list& ap, Length len) {
  switch (len) {
    case Length::kChar: return static_cast<unsigned char>(va_arg(ap, unsigned));
    case Length::kShort: return static_cast<unsigned short>(va_arg(ap, unsigned));
    case Length::kInt: return va_arg(ap, unsigned);
    case Length::kLong: return va_arg(ap, unsigned long);
    case Length::kLongLong: return va_arg(ap, unsigned long long);
    case Length::kMax: return va_arg(ap, uintmax_t);
    case Length::kSize: return va_arg(ap, size_t);
    case Length::kPtrdiff: return static_cast<uint64_t>(va_arg(ap, ptrdiff_t));
  }
  return 0;
}

int64_t signed_arg(va_list& ap, Length len) {
  switch (len) {
    case Length::kChar: return static_cast<signed char>(va_arg(ap, int));
    case Length::kShort: return static_cast<short>(va_arg(ap, int));
    case Length::kInt: return va_arg(ap, int);
    case Length::kLong: return va_arg(ap, long);
    case Length::kLongLong: return va_arg(ap, long long);
    case Length::kMax: return va_arg(ap, intmax_t);
    case Length::kSize: return static_cast<int64_t>(va_arg(ap, size_t));
    case Length::kPtrdiff: return va_arg(ap, ptrdiff_t);
  }
  return 0;
}

}  // namespace

int format_integers(char* out, size_t n, const char* fmt, va_list ap_in) {
  va_list ap;
  va_copy(ap, ap_in);
  Sink sink{out, n > 0 ? n - 1 : 0};
  int result = 0;
  for (const char* p = fmt; *p != '\0'; ++p) {
    if (*p != '%') {
      sink.put(*p);
      continue;
    }
    ++p;
    bool left = false, zero = false, plus = false, space = false, alt = false;
    for (;; ++p) {
      if (*p == '-') left = true;
      else if (*p == '0') zero = true;
      else if (*p == '+') plus = true;
      else if (*p == ' ') space = true;
      else if (*p == '#') alt = true;
      else break;
    }
    long width = 0;
    if (*p == '*') {
      ++p;
      width = va_arg(ap, int);
      if (width < 0) left = true, width = -width;
    } else {
      width = digits_value(p);
    }
    int precision = -1;
    if (*p == '.') {
      ++p;
      if (*p == '*') {
        ++p;
        precision = va_arg(ap, int);
        if (precision < 0) precision = -1;
      } else {
        precision = digits_value(p);
      }
    }
    Length len = Length::kInt;
    if (*p == 'h') len = *++p == 'h' ? (++p, Length::kChar) : Length::kShort;
    else if (*p == 'l') len = *++p == 'l' ? (++p, Length::kLongLong) : Length::kLong;
    else if (*p == 'j') ++p, len = Length::kMax;
    else if (*p == 'z') ++p, len = Length::kSize;
    else if (*p == 't') ++p, len = Length::kPtrdiff;
    const char conv = *p;
    if (conv == '%') {
      sink.put('%');
      continue;
    }
    if (conv == 'c' || conv == 's') {
      char c = 0;
      const char* s = &c;
      size_t k = 1;
      if (conv == 'c') {
        c = static_cast<char>(va_arg(ap, int));
      } else {
        s = va_arg(ap, const char*);
        if (s == nullptr) s = "(null)";
        k = 0;
        while (s[k] != '\0' && (precision < 0 || k < static_cast<size_t>(precision))) ++k;
      }
      if (!left) sink.fill(' ', width - static_cast<long>(k));
      sink.put(s, k);
      if (left) sink.fill(' ', width - static_cast<long>(k));
      continue;
    }
    unsigned base = 10;
    const char* prefix = "";
    uint64_t u = 0;
    if (conv == 'd' || conv == 'i') {
      const int64_t v = signed_arg(ap, len);
      u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
      prefix = v < 0 ? "-" : plus ? "+" : space ? " " : "";
    } else if (conv == 'p') {
      // musl's %p: "0x" and at least 2 * sizeof(void*) hex digits (C leaves the text to the implementation).
      u = reinterpret_cast<uintptr_t>(va_arg(ap, void*));
      base = 16;
      precision = precision > static_cast<int>(2 * sizeof(void*)) ? precision : static_cast<int>(2 * sizeof(void*));
      if (u != 0) prefix = "0x";
    } else if (conv == 'u' || conv == 'x' || conv == 'X' || conv == 'o') {
      u = unsigned_arg(ap, len);
      base = conv == 'o' ? 8 : conv == 'u' ? 10 : 16;
      if (alt && base == 16 && u != 0) prefix = conv == 'x' ? "0x" : "0X";
    } else {
      result = -1;  // floating point, %n, %L...: not this printf
      break;
    }
    char digits[24];
    char* const end = digits + sizeof digits;
    char* d = end;
    const char* hex = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    for (uint64_t v = u; v != 0; v /= base) *--d = hex[v % base];
    long count = end - d;
    long zeros = precision > count ? precision - count : 0;
    if (u == 0 && precision != 0) zeros = zeros > 1 ? zeros : 1;  // "0", unless %.0d of 0
    if (alt && base == 8 && zeros == 0 && (count == 0 || *d != '0')) zeros = 1;
    const long plen = static_cast<long>(std::strlen(prefix));
    const long body = plen + zeros + count;
    if (zero && !left && precision < 0) zeros += width > body ? width - body : 0;
    else if (!left) sink.fill(' ', width - body);
    sink.put(prefix, static_cast<size_t>(plen));
    sink.fill('0', zeros);
    sink.put(d, static_cast<size_t>(count));
    if (left) sink.fill(' ', width - body);
  }
  va_end(ap);
  if (n > 0) out[sink.len < sink.cap ? sink.len : sink.cap] = '\0';
  return result < 0 ? -1 : static_cast<int>(sink.len);
}

int format_pointer(char* out, const void* p) {
  const uintptr_t u = reinterpret_cast<uintptr_t>(p);
  int n = 0;
  if (u != 0) {
    out[n++] = '0';
    out[n++] = 'x';
  }
  int digits = 1;
  while (digits < 16 && (u >> (4 * digits)) != 0) ++digits;
  if (digits < static_cast<int>(2 * sizeof(void*))) digits = static_cast<int>(2 * sizeof(void*));
  for (int i = digits - 1; i >= 0; --i) out[n++] = "0123456789abcdef"[(u >> (4 * i)) & 0xf];
  out[n] = '\0';
  return n;
}

}  // namespace hfmi

#ifdef __EMSCRIPTEN__
// The program's snprintf and siprintf in the WASM builds (see integer_printf.hpp). siprintf is what the
// compiler makes of a sprintf without floating-point arguments: embind's __getTypeName("%p").
extern "C" int snprintf(char* __restrict out, size_t n, const char* __restrict fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int r = hfmi::format_integers(out, n, fmt, ap);
  va_end(ap);
  return r;
}
// siprintf serves embind's one sprintf, "%p", and nothing else: the formatter above then leaves the browser core
// (about 1 KB gzip), since nothing in src/ or wasm/ calls the printf family (integer_printf_test checks that).
// Any other format writes nothing and returns -1.
extern "C" int siprintf(char* __restrict out, const char* __restrict fmt, ...) {
  if (fmt[0] != '%' || fmt[1] != 'p' || fmt[2] != '\0') {
    out[0] = '\0';
    return -1;
  }
  va_list ap;
  va_start(ap, fmt);
  const int r = hfmi::format_pointer(out, va_arg(ap, void*));
  va_end(ap);
  return r;
}
#endif

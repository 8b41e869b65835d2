#include "core/number_text.hpp"

#include <charconv>
#include <cstring>

// printf's "%.Nf" is the exact binary value of the double, rounded once to N decimals (ties to even in the
// default rounding mode). A double is m * 2^e with m < 2^53, so that value is computed with integers:
//   e >= 0: an integer (up to 2^1024), written with base-10^9 limbs, then N zeros;
//   e < 0:  whole = m >> -e, and the decimals are frac * 10^N / 2^-e (frac = the bits below the point,
//           frac < 2^53, 10^N <= 10^19, so the product fits 128 bits), rounded by comparing the remainder
//           with 2^(-e-1), the exact half.
// No floating-point arithmetic, hence no rounding to prove.

namespace hfmi {
namespace {

using u128 = unsigned __int128;

void append_uint(std::string& out, uint64_t v) {
  char buf[20];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

// `v` (< 10^width) in exactly `width` digits, zero-padded.
void append_padded(std::string& out, uint64_t v, int width) {
  char buf[kMaxFixedDecimals];
  for (int i = width - 1; i >= 0; --i, v /= 10) buf[i] = static_cast<char>('0' + v % 10);
  out.append(buf, static_cast<size_t>(width));
}

// m * 2^e (m > 0, e >= 0, m * 2^e < 2^1024 < 10^309) in decimal.
void append_shifted(std::string& out, uint64_t m, int e) {
  constexpr uint32_t kBase = 1000000000;
  uint32_t limb[36];  // least significant first; 35 hold 10^315
  int n = 0;
  for (; m != 0; m /= kBase) limb[n++] = static_cast<uint32_t>(m % kBase);
  while (e > 0) {
    const int s = e < 29 ? e : 29;  // limb << 29 < 2^59, so limb << s plus the carry fits 64 bits
    e -= s;
    uint64_t carry = 0;
    for (int i = 0; i < n; ++i) {
      const uint64_t v = (uint64_t{limb[i]} << s) + carry;
      limb[i] = static_cast<uint32_t>(v % kBase);
      carry = v / kBase;  // < 2^30
    }
    if (carry != 0) limb[n++] = static_cast<uint32_t>(carry);
  }
  append_uint(out, limb[n - 1]);
  for (int i = n - 2; i >= 0; --i) append_padded(out, limb[i], 9);
}

}  // namespace

void append_fixed(std::string& out, double x, int decimals) {
  const int n = decimals < 0 ? 0 : decimals > kMaxFixedDecimals ? kMaxFixedDecimals : decimals;
  uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  if (bits >> 63) out += '-';
  const int biased = static_cast<int>(bits >> 52) & 0x7ff;
  uint64_t m = bits & ((uint64_t{1} << 52) - 1);
  if (biased == 0x7ff) {
    out += m != 0 ? "nan" : "inf";
    return;
  }
  if (biased != 0) m |= uint64_t{1} << 52;
  const int e = biased == 0 ? -1074 : biased - 1075;  // x = m * 2^e
  uint64_t digits = 0;                                 // the n decimals, as an integer
  if (e >= 0) {
    append_shifted(out, m, e);
  } else {
    const int k = -e;
    uint64_t whole = 0, frac = m;
    if (k < 64) {
      whole = m >> k;
      frac = m & ((uint64_t{1} << k) - 1);
    }
    // k >= 128: frac * 10^n < 2^117 <= 2^(k-1), below the half: the decimals round to zero.
    if (k < 128) {
      uint64_t p10 = 1;
      for (int i = 0; i < n; ++i) p10 *= 10;
      const u128 scaled = u128{frac} * p10;
      digits = static_cast<uint64_t>(scaled >> k);  // < p10, since frac < 2^k
      const u128 rest = scaled - (u128{digits} << k);
      const u128 half = u128{1} << (k - 1);
      const bool odd = ((n > 0 ? digits : whole) & 1) != 0;  // the last digit written
      if (rest > half || (rest == half && odd)) ++digits;
      if (digits == p10) {
        digits = 0;
        ++whole;
      }
    }
    append_uint(out, whole);
  }
  if (n > 0) {
    out += '.';
    append_padded(out, digits, n);
  }
}

}  // namespace hfmi

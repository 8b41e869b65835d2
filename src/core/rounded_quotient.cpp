#include "core/rounded_quotient.hpp"

#include <algorithm>
#include <cmath>

namespace hfmi {
namespace {

constexpr int kMantissaDigits = 53;  // a double's significand, in bits

int bit_length(unsigned __int128 v) {
  int n = 0;
  for (; v != 0; v >>= 1) ++n;
  return n;
}

uint64_t magnitude(int64_t v) { return v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); }

}  // namespace

double rounded_quotient(uint64_t n, uint64_t d) {
  if (n == 0 || d == 0) return 0;
  constexpr uint64_t kExact = uint64_t{1} << kMantissaDigits;
  if (n < kExact && d < kExact) return static_cast<double>(n) / static_cast<double>(d);  // both exact: one rounding
  // q = floor(n * 2^s / d) with 55 or 56 bits (n * 2^s has 55 + bit_length(d) bits, at most 119), then rounded to
  // 53 bits by its low bits and the remainder.
  const int s = kMantissaDigits + 2 + bit_length(d) - bit_length(n);
  const unsigned __int128 scaled = s >= 0 ? static_cast<unsigned __int128>(n) << s : static_cast<unsigned __int128>(n) >> -s;
  const bool inexact_scale = s < 0 && (static_cast<unsigned __int128>(n) & ((static_cast<unsigned __int128>(1) << -s) - 1)) != 0;
  const unsigned __int128 q = scaled / d;
  const bool sticky = inexact_scale || scaled % d != 0;
  const int extra = bit_length(q) - kMantissaDigits;  // 2 or 3
  uint64_t mantissa = static_cast<uint64_t>(q >> extra);
  const uint64_t low = static_cast<uint64_t>(q) & ((uint64_t{1} << extra) - 1), half = uint64_t{1} << (extra - 1);
  if (low > half || (low == half && (sticky || (mantissa & 1) != 0))) ++mantissa;  // may reach 2^53: still exact
  return std::ldexp(static_cast<double>(mantissa), extra - s);
}

double relative_difference(int64_t a, int64_t b) {
  const uint64_t hi = std::max(magnitude(a), magnitude(b));
  // The exact |a - b| (below 2^64) in modular arithmetic.
  const uint64_t diff = a >= b ? static_cast<uint64_t>(a) - static_cast<uint64_t>(b) : static_cast<uint64_t>(b) - static_cast<uint64_t>(a);
  return rounded_quotient(diff, hi);
}

}  // namespace hfmi

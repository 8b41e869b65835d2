// Decimal to double without strtod (see decimal_double.hpp). Two paths:
//  - exact (Clinger): at most 15 significant digits and a power of ten up to 10^22 are both exact doubles,
//    so one multiplication or division rounds once, correctly. Every number of the fixture configs takes it.
//  - otherwise the digits as a decimal big number (800 digits, and a flag for nonzero digits past them)
//    scaled by powers of two into [2^52, 2^53), then rounded to an integer: the "simple decimal conversion"
//    (Nigel Tao's write-up of Go's strconv fallback). Exact by construction: every shift is exact except
//    digits dropped past 800, which only ever sit below the rounding position and are remembered in `trunc`.
#include "core/decimal_double.hpp"

#include <cstdint>
#include <cstring>

namespace hfmi {
namespace {

constexpr int kMaxDigits = 800;     // enough for every double's exact decimal value (767 significant digits)
constexpr unsigned kMaxShift = 60;  // a digit << 60 plus its carry stays below 2^64
constexpr int kMantissaBits = 52;
constexpr int kExponentBias = -1023;
constexpr int kExponentMax = 2047;  // the all-ones exponent field: infinity
constexpr int kMaxExactDigits = 15;  // 10^15 < 2^53
constexpr double kExactPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr int kMaxExactPow10 = static_cast<int>(sizeof kExactPow10 / sizeof kExactPow10[0]) - 1;
// Binary shift that moves a decimal point by i places, for i below its length (27 beyond).
constexpr int kShiftForDigits[] = {1, 3, 6, 9, 13, 16, 19, 23, 26};
constexpr int kShiftTableSize = static_cast<int>(sizeof kShiftForDigits / sizeof kShiftForDigits[0]);

// 0.d[0]d[1]...d[nd-1] x 10^dp, digits as values 0..9, no trailing zeros.
struct Decimal {
  uint8_t d[kMaxDigits];
  int nd = 0;
  int dp = 0;
  bool trunc = false;  // nonzero digits were dropped past d[kMaxDigits - 1]

  void trim() {
    while (nd > 0 && d[nd - 1] == 0) --nd;
    if (nd == 0) dp = 0;
  }

  // x 2^k, k <= kMaxShift: the product's digits from the last one, then back in order.
  void left_shift(unsigned k) {
    uint8_t out[kMaxDigits + 20];  // 2^60 < 10^19: at most 19 more digits
    int n = 0;
    uint64_t carry = 0;
    for (int r = nd - 1; r >= 0; --r) {
      const uint64_t v = (uint64_t{d[r]} << k) + carry;
      out[n++] = static_cast<uint8_t>(v % 10);
      carry = v / 10;
    }
    while (carry > 0) {
      out[n++] = static_cast<uint8_t>(carry % 10);
      carry /= 10;
    }
    dp += n - nd;
    nd = 0;
    for (int i = n - 1; i >= 0; --i) {
      if (nd < kMaxDigits)
        d[nd++] = out[i];
      else if (out[i] != 0)
        trunc = true;
    }
    trim();
  }

  // / 2^k, k <= kMaxShift: long division, digit by digit, in place.
  void right_shift(unsigned k) {
    int r = 0;
    int w = 0;
    uint64_t n = 0;
    for (; (n >> k) == 0; ++r) {
      if (r >= nd) {
        if (n == 0) {
          nd = 0;
          dp = 0;
          return;
        }
        while ((n >> k) == 0) {
          n *= 10;
          ++r;
        }
        break;
      }
      n = n * 10 + d[r];
    }
    dp -= r - 1;
    const uint64_t mask = (uint64_t{1} << k) - 1;
    for (; r < nd; ++r) {
      const uint8_t c = d[r];
      d[w++] = static_cast<uint8_t>(n >> k);
      n = (n & mask) * 10 + c;
    }
    while (n > 0) {
      const uint64_t digit = n >> k;
      n &= mask;
      if (w < kMaxDigits)
        d[w++] = static_cast<uint8_t>(digit);
      else if (digit > 0)
        trunc = true;
      n *= 10;
    }
    nd = w;
    trim();
  }

  void shift(int k) {
    if (nd == 0) return;
    for (; k > static_cast<int>(kMaxShift); k -= kMaxShift) left_shift(kMaxShift);
    for (; k < -static_cast<int>(kMaxShift); k += kMaxShift) right_shift(kMaxShift);
    if (k > 0) left_shift(static_cast<unsigned>(k));
    if (k < 0) right_shift(static_cast<unsigned>(-k));
  }

  // The integer part rounded to nearest, ties to even (a tie with dropped nonzero digits rounds up).
  uint64_t rounded_integer() const {
    if (dp > 20) return UINT64_MAX;
    uint64_t n = 0;
    int i = 0;
    for (; i < dp && i < nd; ++i) n = n * 10 + d[i];
    for (; i < dp; ++i) n *= 10;
    if (dp >= 0 && dp < nd) {
      const bool half = d[dp] == 5 && dp + 1 == nd;
      const bool up = half ? trunc || (dp > 0 && d[dp - 1] % 2 == 1) : d[dp] >= 5;
      if (up) ++n;
    }
    return n;
  }
};

double from_bits(uint64_t bits) {
  double out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

// The IEEE binary64 bits of a (positive) decimal.
uint64_t binary64_bits(Decimal& a) {
  if (a.nd == 0 || a.dp < -330) return 0;                                  // zero, or below half the least subnormal
  if (a.dp > 310) return uint64_t{kExponentMax} << kMantissaBits;          // infinity
  int exp = 0;
  while (a.dp > 0) {  // into [0.5, 1)
    const int n = a.dp >= kShiftTableSize ? 27 : kShiftForDigits[a.dp];
    a.shift(-n);
    exp += n;
  }
  while (a.nd > 0 && (a.dp < 0 || (a.dp == 0 && a.d[0] < 5))) {
    const int n = -a.dp >= kShiftTableSize ? 27 : kShiftForDigits[-a.dp];
    a.shift(n);
    exp -= n;
  }
  --exp;  // [0.5, 1) is [1, 2) x 2^-1
  if (exp < kExponentBias + 1) {  // subnormal: fewer mantissa bits
    const int n = kExponentBias + 1 - exp;
    a.shift(-n);
    exp += n;
  }
  if (exp - kExponentBias >= kExponentMax) return uint64_t{kExponentMax} << kMantissaBits;
  a.shift(1 + kMantissaBits);
  uint64_t mant = a.rounded_integer();
  if (mant == uint64_t{2} << kMantissaBits) {  // rounding carried into a new bit
    mant >>= 1;
    ++exp;
    if (exp - kExponentBias >= kExponentMax) return uint64_t{kExponentMax} << kMantissaBits;
  }
  if ((mant & (uint64_t{1} << kMantissaBits)) == 0) exp = kExponentBias;  // subnormal
  return (mant & ((uint64_t{1} << kMantissaBits) - 1)) |
         (static_cast<uint64_t>(exp - kExponentBias) << kMantissaBits);
}

}  // namespace

double decimal_to_double(std::string_view s) {
  size_t i = 0;
  const bool negative = i < s.size() && s[i] == '-';
  if (negative) ++i;
  Decimal a;
  int seen = 0;  // significant digits read, kept or not
  bool dot = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      dot = true;
      a.dp = seen;
      continue;
    }
    if (c < '0' || c > '9') break;
    if (c == '0' && seen == 0) {  // a leading zero moves the point, not a digit
      --a.dp;
      continue;
    }
    ++seen;
    if (a.nd < kMaxDigits)
      a.d[a.nd++] = static_cast<uint8_t>(c - '0');
    else if (c != '0')
      a.trunc = true;
  }
  if (!dot) a.dp = seen;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    const bool negative_exp = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    int e = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i)
      if (e < 10000) e = e * 10 + (s[i] - '0');  // past 10^10000 every value is 0 or infinity
    a.dp += negative_exp ? -e : e;
  }
  a.trim();
  const double sign = negative ? -1.0 : 1.0;
  if (a.nd <= kMaxExactDigits && !a.trunc) {
    uint64_t m = 0;
    for (int k = 0; k < a.nd; ++k) m = m * 10 + a.d[k];
    const int e10 = a.dp - a.nd;  // the value is m x 10^e10
    if (a.nd == 0) return sign * 0.0;
    if (e10 >= 0 && e10 <= kMaxExactPow10) return sign * (static_cast<double>(m) * kExactPow10[e10]);
    if (e10 < 0 && -e10 <= kMaxExactPow10) return sign * (static_cast<double>(m) / kExactPow10[-e10]);
  }
  const uint64_t bits = binary64_bits(a);
  return from_bits(bits | (negative ? uint64_t{1} << 63 : 0));
}

}  // namespace hfmi

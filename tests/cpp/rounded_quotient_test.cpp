// rounded_quotient / relative_difference against two references that are not this code: a bit-by-bit long
// division (the quotient's first 60 bits and a sticky remainder, rounded to nearest even by hand), and, below 2^59
// where no double rounding can happen, GCC's 113-bit __float128 division rounded to double (the long double
// arithmetic of the WASM build before).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "core/rounded_quotient.hpp"

using hfmi::relative_difference;
using hfmi::rounded_quotient;

namespace {

// n / d by restoring division, one bit at a time, to 60 significant bits and a sticky bit; then round to 53.
double long_division(uint64_t n, uint64_t d) {
  if (n == 0) return 0;
  int exp = 0;  // the quotient's leading bit is 2^exp
  unsigned __int128 num = n, den = d;
  while (num >= den * 2) { den *= 2; ++exp; }  // n / den in [1, 2)
  while (num < den) { num *= 2; --exp; }
  uint64_t bits = 0;
  for (int i = 0; i < 60; ++i) {
    bits <<= 1;
    if (num >= den) { num -= den; bits |= 1; }
    num *= 2;
  }
  const bool sticky = num != 0;
  uint64_t mant = bits >> 7;  // 53 bits
  const uint64_t low = bits & 0x7F;
  if (low > 0x40 || (low == 0x40 && (sticky || (mant & 1)))) ++mant;
  return std::ldexp(static_cast<double>(mant), exp - 52);
}

double quad(int64_t a, int64_t b) {
  const __float128 x = a, y = b;
  const __float128 hi = std::max(x < 0 ? -x : x, y < 0 ? -y : y);
  if (hi == 0) return 0;
  const __float128 diff = x > y ? x - y : y - x;
  return static_cast<double>(diff / hi);
}

}  // namespace

TEST_CASE("rounded_quotient equals a bit-by-bit long division, rounded by hand", "[core][rounded_quotient]") {
  std::mt19937_64 rng(42);
  std::string first;
  for (int i = 0; i < 200000 && first.empty(); ++i) {
    const int nb = 1 + static_cast<int>(rng() % 64), db = 1 + static_cast<int>(rng() % 64);
    const uint64_t n = nb == 64 ? rng() : rng() & ((uint64_t{1} << nb) - 1);
    const uint64_t d = (db == 64 ? rng() : rng() & ((uint64_t{1} << db) - 1)) | 1;
    if (rounded_quotient(n, d) != long_division(n, d))
      first = std::to_string(n) + " / " + std::to_string(d);
  }
  CHECK(first == "");
  // Exact ties at 53 bits: (2^53 + 1) / 1 rounds to even, (2^53 + 3) / 1 up; huge and tiny ratios.
  CHECK(rounded_quotient((uint64_t{1} << 53) + 1, 1) == 9007199254740992.0);
  CHECK(rounded_quotient((uint64_t{1} << 53) + 3, 1) == 9007199254740996.0);
  CHECK(rounded_quotient(UINT64_MAX, 1) == 18446744073709551616.0);
  CHECK(rounded_quotient(1, UINT64_MAX) == long_division(1, UINT64_MAX));
  CHECK(rounded_quotient(0, 5) == 0);
  CHECK(rounded_quotient(5, 0) == 0);
}

TEST_CASE("relative_difference equals the 113-bit arithmetic it replaced below 2^59", "[core][rounded_quotient]") {
  std::mt19937_64 rng(7);
  std::string first;
  for (int i = 0; i < 200000 && first.empty(); ++i) {
    const int bits = 1 + static_cast<int>(rng() % 59);
    const auto draw = [&]() {
      const int64_t v = static_cast<int64_t>(rng() & ((uint64_t{1} << bits) - 1));
      return rng() % 4 == 0 ? -v : v;
    };
    int64_t a = draw(), b = draw();
    if (rng() % 3 == 0) b = a + static_cast<int64_t>(rng() % 1000) - 500;  // close counts, as reconciliations are
    if (relative_difference(a, b) != quad(a, b)) first = std::to_string(a) + " vs " + std::to_string(b);
  }
  CHECK(first == "");
  CHECK(relative_difference(0, 0) == 0);
  CHECK(relative_difference(17250, 16000) == 1250.0 / 17250.0);
  CHECK(relative_difference(INT64_MIN, INT64_MAX) == long_division(UINT64_MAX, uint64_t{1} << 63));
  CHECK(relative_difference(INT64_MAX, INT64_MAX) == 0);
}

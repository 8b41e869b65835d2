// decimal_to_double against the host libc's strtod (glibc rounds correctly): the reference is libc, not this
// code. Tokens: the hard cases of decimal conversion (ties between neighbouring doubles, with and without
// digits past them, the subnormal and overflow edges, 800+ digit mantissas), every double of several exponent
// ranges printed with 17 and fewer digits, and random JSON number tokens of every shape.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/decimal_double.hpp"

using hfmi::decimal_to_double;

namespace {

uint64_t bits_of(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

// The first token whose double differs from strtod's, bit for bit (-0.0 and 0.0 differ), or "".
std::string first_mismatch(const std::vector<std::string>& tokens) {
  for (const std::string& t : tokens) {
    const double want = std::strtod(t.c_str(), nullptr), got = decimal_to_double(t);
    if (bits_of(want) != bits_of(got)) {
      char buf[128];
      std::snprintf(buf, sizeof buf, ": strtod %.17g, got %.17g", want, got);
      return t.substr(0, 200) + buf;
    }
  }
  return "";
}

std::string printed(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", digits - 1, x);
  return buf;
}

// The exact decimal value of the midpoint between x and the next double up (a tie for strtod).
std::string midpoint(double x) {
  const long double mid = (static_cast<long double>(x) + std::nextafter(x, INFINITY)) / 2;
  char buf[1200];
  std::snprintf(buf, sizeof buf, "%.800Le", mid);  // x86 long double holds the midpoint exactly
  return buf;
}

}  // namespace

TEST_CASE("decimal_to_double: the hard cases equal strtod", "[core][decimal_double]") {
  std::vector<std::string> tokens = {
      "0", "-0", "0.0", "-0.0", "0e10", "-0e-10", "1", "-1", "0.1", "0.2", "0.3", "1e-6", "1e-05", "1e-12", "0.02",
      "10000.0", "1000000.0", "500000", "1e23", "8.589973e9", "9007199254740993", "9007199254740992.5",
      "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
      "2.4703282292062327e-324", "2.4703282292062328e-324", "2.4703282292062327208e-324", "5e-324", "3e-324",
      "1e-400", "-1e-400", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
      "1.797693134862315807e308", "1e309", "-1e309", "1e99999", "1e-99999", "123456789012345678901234567890",
      "0.000000000000000000000000000000000001", "7.038531e-26", "6.929495644600919e-310", "3.4028234663852886e38",
      "1.00000000000000011102230246251565404236316680908203125", "1.00000000000000011102230246251565404236316680908203124",
      "1.00000000000000011102230246251565404236316680908203126", "4.35679e-5", "2.5e-1", "123456789012345.6",
      "1234567890123456", "12345678901234567", "1e22", "1e-22", "9.999999999999999e22", "1.5e10", "1.6e10",
  };
  // 800+ digit mantissas: a tie followed by zeros (to even) and by a nonzero digit past the 800th (up).
  std::string tie = "1.00000000000000011102230246251565404236316680908203125";
  tokens.push_back(tie + std::string(800, '0'));
  tokens.push_back(tie + std::string(800, '0') + "1");
  tokens.push_back(std::string(400, '9') + "." + std::string(500, '9') + "e-600");
  tokens.push_back("0." + std::string(330, '0') + "1" + std::string(900, '7'));
  tokens.push_back(std::string(320, '1'));
  for (double x : {1.0, 0.1, 3.0e-308, 2.2250738585072014e-308, 1e-320, 4.9406564584124654e-324, 1.7976931348623157e308 / 2,
                   9007199254740992.0, 1e22, 1e23, 5e-324 * 3}) {
    const std::string mid = midpoint(x);
    tokens.push_back(mid);
    tokens.push_back("-" + mid);
    tokens.push_back(mid + "1");  // just above the tie
  }
  CHECK(first_mismatch(tokens) == "");
}

TEST_CASE("decimal_to_double: doubles printed with 1 to 17 digits read back as strtod reads them", "[core][decimal_double]") {
  std::mt19937_64 rng(20261202);
  std::vector<std::string> tokens;
  for (int i = 0; i < 60000; ++i) {
    uint64_t b = rng() & ~(uint64_t{1} << 63);
    if ((b >> 52) == 0x7FF) continue;  // inf, nan
    double x;
    std::memcpy(&x, &b, sizeof x);
    tokens.push_back(printed(x, 1 + static_cast<int>(rng() % 17)));
    tokens.push_back(printed(x, 17));
  }
  CHECK(first_mismatch(tokens) == "");
}

TEST_CASE("decimal_to_double: random JSON number tokens of every shape equal strtod", "[core][decimal_double]") {
  std::mt19937_64 rng(7);
  const auto digits = [&](int n, bool lead_nonzero) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + (i == 0 && lead_nonzero ? 1 + rng() % 9 : rng() % 10));
    return s;
  };
  std::vector<std::string> tokens;
  for (int i = 0; i < 60000; ++i) {
    std::string t = rng() % 2 ? "-" : "";
    const int int_digits = static_cast<int>(rng() % 25);
    t += int_digits == 0 ? "0" : digits(int_digits, true);
    if (rng() % 2) t += "." + digits(1 + static_cast<int>(rng() % (rng() % 8 == 0 ? 60 : 20)), false);
    if (rng() % 2) {
      t += rng() % 2 ? "e" : "E";
      const int r = static_cast<int>(rng() % 3);
      t += r == 0 ? "" : r == 1 ? "+" : "-";
      t += std::to_string(rng() % (rng() % 4 == 0 ? 400 : 30));
    }
    tokens.push_back(t);
  }
  CHECK(first_mismatch(tokens) == "");
}

// append_fixed against the host libc's snprintf("%.Nf"): the reference is libc, not this code. Values:
// edge cases, every kind of exact tie (x = odd / 2^(N+1) is a tie at N decimals) and its neighbours, huge,
// tiny and subnormal values, signs, and random doubles of every exponent.
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/number_text.hpp"

using hfmi::append_fixed;
using hfmi::fixed;

namespace {

std::string libc_fixed(double x, int n) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", n, x);
  return buf;
}

const int kDecimals[] = {0, 1, 2, 3, 4, 6, 10, 17, 19};

// Every value against libc at every precision; returns the first mismatch ("" if none).
std::string first_mismatch(const std::vector<double>& values) {
  for (double x : values) {
    for (int n : kDecimals) {
      for (double v : {x, -x}) {
        const std::string want = libc_fixed(v, n), got = fixed(v, n);
        if (want != got) return "%." + std::to_string(n) + "f of " + libc_fixed(v, 30) + ": libc " + want + ", got " + got;
      }
    }
  }
  return "";
}

double from_bits(uint64_t b) {
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

}  // namespace

TEST_CASE("fixed: edge cases equal libc's %.Nf", "[number_text]") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> values = {
      0.0, 0.5, 1.5, 2.5, 3.5, 0.125, 0.375, 2.5e-1, 0.005, 1.005, 2.675, 0.045, 1e-3, 5e-4, 0.05, 0.15, 0.25,
      0.35, 0.95, 9.5, 10.5, 9.995, 99.995, 999.9995, 0.9999999, 9.9999999999, 1.0 - 0x1p-53, 1.0 + 0x1p-52,
      1e15 + 0.5, 0x1p52 - 0.5, 0x1p52, 0x1p53, 0x1p53 + 2, 0x1p63, 0x1p64, 18446744073709551616.0, 1e19, 1e20,
      1e22, 1e23, 1e100, 1e300, DBL_MAX, DBL_MIN, std::numeric_limits<double>::denorm_min(), 1e-320, 1e-310,
      inf, 7.0e9 / 1e9, 235.0e9 / 1e9, 1.5e12 / 1e12, 0.4999999999999999, 0.5000000000000001, 123456.789,
      // a parameter count in billions, bytes in GiB, a relative difference in percent: what the core prints
      8030261248 / 1e9, 16060522496.0 / 1073741824.0, 100.0 * 3 / 7};
  CHECK(first_mismatch(values) == "");
  CHECK(fixed(std::nan(""), 2) == libc_fixed(std::nan(""), 2));
  CHECK(fixed(-std::nan(""), 2) == libc_fixed(-std::nan(""), 2));
}

TEST_CASE("fixed: exact ties round to even, as libc does", "[number_text]") {
  // The known answers first (C's round-half-even on the exact binary value).
  CHECK(fixed(0.125, 2) == "0.12");
  CHECK(fixed(0.375, 2) == "0.38");
  CHECK(fixed(2.5, 0) == "2");
  CHECK(fixed(-0.0, 1) == "-0.0");
  CHECK(fixed(-0.001, 2) == "-0.00");
  std::vector<double> values;
  for (int n : kDecimals) {
    const double unit = std::ldexp(1.0, -(n + 1));  // odd multiples of 2^-(n+1) are ties at n decimals
    for (int64_t odd = 1; odd < 4000; odd += 2) {
      const double tie = static_cast<double>(odd) * unit;
      values.insert(values.end(), {tie, std::nextafter(tie, 0.0), std::nextafter(tie, 1e308)});
    }
    for (int64_t odd : {(int64_t{1} << 50) + 1, (int64_t{1} << 52) - 1, (int64_t{1} << 52) + 1, int64_t{987654321987}})
      values.push_back(static_cast<double>(odd) * unit);
  }
  CHECK(first_mismatch(values) == "");
}

TEST_CASE("fixed: random doubles of every exponent equal libc", "[number_text]") {
  std::mt19937_64 rng(20261201);
  std::vector<double> values;
  for (int i = 0; i < 4000; ++i) {
    const double d = from_bits(rng());
    if (std::isfinite(d)) values.push_back(d);
  }
  // Exponents where the decimals matter (2^-70 .. 2^70), and plain decimal magnitudes.
  std::uniform_int_distribution<int> exp(-70, 70);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < 6000; ++i) values.push_back(std::ldexp(unit(rng), exp(rng)));
  for (int i = 0; i < 3000; ++i) values.push_back(static_cast<double>(rng() >> (i % 64)) / 1e9);
  CHECK(first_mismatch(values) == "");
}

TEST_CASE("append_fixed appends; decimals are clamped to 0..kMaxFixedDecimals", "[number_text]") {
  std::string s = "x=";
  append_fixed(s, 1.25, 1);
  CHECK(s == "x=1.2");
  CHECK(fixed(1.5, -3) == libc_fixed(1.5, 0));
  CHECK(fixed(0.1, 40) == libc_fixed(0.1, hfmi::kMaxFixedDecimals));
  for (uint32_t v : {0x0u, 0x7u, 0x1fu, 0x7fu, 0xabu}) {
    std::string h;
    hfmi::append_hex(h, v, 2);
    char want[8];
    std::snprintf(want, sizeof want, "%02x", v);
    CHECK(h == want);
  }
}

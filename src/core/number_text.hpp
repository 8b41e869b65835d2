// Numbers as text without printf. The browser core links no printf of its own: snprintf with a float
// brings libc's printf_core, fmt_fp and long-double soft-float (bench/RESULTS.md, size steps).
#pragma once
#include <cstdint>
#include <string>

namespace hfmi {

// The most decimals append_fixed writes: the fraction's digits are one uint64 (10^19 < 2^64).
constexpr int kMaxFixedDecimals = 19;

// Appends `x` exactly as printf's "%.<decimals>f" writes it in the C locale: the exact binary value
// rounded to `decimals` places, ties to even (0.125 -> "0.12"), every integer digit of large values,
// "-" on negative values and -0.0 (also when they round to zero), "inf" / "nan" with their sign.
// `decimals` is clamped to 0..kMaxFixedDecimals.
void append_fixed(std::string& out, double x, int decimals);

inline std::string fixed(double x, int decimals) {
  std::string out;
  append_fixed(out, x, decimals);
  return out;
}

// Appends the low 4*`digits` bits of `value` as lower-case hex, zero-padded ("%0<digits>x").
inline void append_hex(std::string& out, uint32_t value, int digits) {
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += "0123456789abcdef"[(value >> shift) & 0xF];
}

}  // namespace hfmi

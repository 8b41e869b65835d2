// The double a JSON number token denotes, correctly rounded (ties to even), as strtod gives it in the C
// locale: ±inf past the largest double, subnormals and ±0 below the smallest normal. Written here so the
// browser core links no strtod: musl's reads through long double, which WebAssembly emulates in software
// (__floatscan, __multf3, __divtf3, ...: 9.6 KB of the .wasm, bench/RESULTS.md "size-s9").
#pragma once
#include <string_view>

namespace hfmi {

// `token` must be JSON number syntax (-?digits[.digits][(e|E)[+-]digits]), as the scanner (or is_json_number in
// core/json_scanner.hpp) checked it;
// anything else gives an unspecified value (never undefined behaviour).
double decimal_to_double(std::string_view token);

}  // namespace hfmi

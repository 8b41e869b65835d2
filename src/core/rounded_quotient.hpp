// Ratios of integers as doubles, rounded once. The reconciliation's relative differences used long double
// (WebAssembly emulates its 128 bits in software: __divtf3 and friends, 5 KB of the browser .wasm; x86's 80 bits in
// the native build, which gave other digits past 2^53): integer arithmetic gives the correctly rounded
// quotient in both.
#pragma once
#include <cstdint>

namespace hfmi {

// n / d rounded to the nearest double, ties to even; d > 0 (0 when d is 0).
double rounded_quotient(uint64_t n, uint64_t d);

// |a - b| / max(|a|, |b|), rounded once (0 when both are 0): how far two counts differ, relative to the larger.
double relative_difference(int64_t a, int64_t b);

}  // namespace hfmi

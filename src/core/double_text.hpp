// A double as the shortest text nlohmann/json's dump() writes for it (Grisu2, as nlohmann's to_chars): what every
// JSON output of the core writes for a fraction, byte for byte as before the core had its own DOM.
#pragma once
#include <string>

namespace hfmi {

// Appends finite `x` as nlohmann writes it: the digits Grisu2 generates (the shortest that read back as `x` in
// almost every case), in fixed notation for 1e-5 <= |x| < 1e15 with at least one decimal ("1.0", "0.0001",
// "-0.0"), else as d.ddde+XX with at least two exponent digits ("1e-05", "1.5e+20"). Callers write non-finite
// values themselves (JSON has none: dump() writes null).
void append_shortest_double(std::string& out, double x);

}  // namespace hfmi

#!/usr/bin/env bash
# Configures build/asan: the one sanitized native build that both the Catch2 suite under ASan + UBSan
# (scripts/sanitize.sh) and the libFuzzer targets (scripts/fuzz.sh) use, so the core is compiled once.
# With clang it also builds the fuzzers (-DHFMI_FUZZ=ON); with g++ ($HFMI_SAN_CXX=g++), the suite only.
# -O1 -g1 (line tables) keeps stacks readable with file:line and inlined frames, at less compile time than full
# debug info; unity batches (CMakeLists.txt, HFMI_UNITY) halve the rest. No NDEBUG, so assertions stay armed.
# Prints the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."

cxx="${HFMI_SAN_CXX:-}"
if [ -z "$cxx" ]; then
  if command -v clang++ >/dev/null 2>&1; then cxx=clang++; else cxx=g++; fi
fi
fuzz=OFF
case "$(basename "$cxx")" in clang++*) fuzz=ON ;; esac
BUILD=build/asan
cmake -S . -B "$BUILD" -DHFMI_SANITIZE=ON -DHFMI_FUZZ="$fuzz" -DHFMI_UNITY=ON -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_FLAGS="-O1 -g1 -fno-omit-frame-pointer" >/dev/null
echo "$BUILD"

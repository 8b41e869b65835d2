#!/usr/bin/env bash
# Builds the Catch2 suite with AddressSanitizer + UndefinedBehaviorSanitizer (build/asan,
# -DHFMI_SANITIZE=ON) and runs it with ctest. Any sanitizer report fails the run: UBSan is built with
# -fno-sanitize-recover, ASan halts on the first error, and LeakSanitizer reports leaks.
#
#   scripts/sanitize.sh            # compiler: $HFMI_SAN_CXX, else clang++, else g++
set -euo pipefail
cd "$(dirname "$0")/.."

cxx="${HFMI_SAN_CXX:-}"
if [ -z "$cxx" ]; then
  if command -v clang++ >/dev/null 2>&1; then cxx=clang++; else cxx=g++; fi
fi
BUILD=build/asan
jobs="${HFMI_JOBS:-2}"

# -O1: fast enough to run, still precise stacks.
cmake -S . -B "$BUILD" -DHFMI_SANITIZE=ON -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_FLAGS="-O1 -g" >/dev/null
cmake --build "$BUILD" -j"$jobs"

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
echo "== Catch2 under ASan+UBSan ($cxx) =="
ctest --test-dir "$BUILD" --output-on-failure -j"$jobs"

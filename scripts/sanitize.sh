#!/usr/bin/env bash
# Builds the Catch2 suite with AddressSanitizer + UndefinedBehaviorSanitizer (build/asan, shared with
# the fuzz targets: scripts/configure_sanitized.sh) and runs it with ctest. Any sanitizer report fails the run: UBSan is built with
# -fno-sanitize-recover, ASan halts on the first error, and LeakSanitizer reports leaks.
#
#   scripts/sanitize.sh            # compiler: $HFMI_SAN_CXX, else clang++, else g++
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD="$(bash scripts/configure_sanitized.sh)"
jobs="${HFMI_JOBS:-2}"
cmake --build "$BUILD" -j"$jobs"

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
echo "== Catch2 under ASan+UBSan =="
ctest --test-dir "$BUILD" --output-on-failure -j"$jobs"

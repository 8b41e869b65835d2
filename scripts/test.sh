#!/usr/bin/env bash
# Runs every test: setup (when missing), the builds, the Catch2 suite through ctest under ASan + UBSan,
# short fuzz runs, and the Node test runner (CLI, fixture hub, hub client, package, browser e2e).
#   scripts/test.sh [all|cpp|js]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
# Wall time of each phase, printed at the end, so the 15-minute budget can be watched.
phase_start=$SECONDS
phases=()
phase_done() { phases+=("$(printf '%-32s %4d s' "$1" $((SECONDS - phase_start)))"); phase_start=$SECONDS; }
trap 'printf "== phase times ==\n"; printf "%s\n" "${phases[@]}"; echo "total $SECONDS s"' EXIT

bash scripts/setup.sh
phase_done setup
# The native core is built once, sanitized, for both the Catch2 suite and the fuzzers (build/asan);
# the plain build (scripts/build.sh native) is for development and is not needed here.
bash scripts/build.sh package
phase_done "build package"
bash scripts/build.sh web
phase_done "build web demo"

if [ "$what" = all ] || [ "$what" = cpp ]; then
  echo "== Catch2 under ASan + UBSan =="
  bash scripts/sanitize.sh
  phase_done "Catch2 (ASan+UBSan)"
  echo "== libFuzzer (short runs) =="
  bash scripts/fuzz.sh --seconds "${HFMI_FUZZ_SECONDS:-10}"
  phase_done "libFuzzer"
fi

if [ "$what" = all ] || [ "$what" = js ]; then
  echo "== node:test =="
  node --test --test-concurrency=2 tests/js/
  phase_done "node:test"
fi

#!/usr/bin/env bash
# Runs every test: setup (when missing), the builds, Catch2 through ctest, the sanitizer suite,
# short fuzz runs, and the Node test runner (CLI, fixture hub, hub client, package, browser e2e).
#   scripts/test.sh [all|cpp|js]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
jobs="${HFMI_JOBS:-2}"

bash scripts/setup.sh
bash scripts/build.sh all

if [ "$what" = all ] || [ "$what" = cpp ]; then
  echo "== Catch2 (native) =="
  ctest --test-dir build/native --output-on-failure -j"$jobs"
  echo "== Catch2 under ASan + UBSan =="
  bash scripts/sanitize.sh
  echo "== libFuzzer (short runs) =="
  bash scripts/fuzz.sh --seconds "${HFMI_FUZZ_SECONDS:-20}"
fi

if [ "$what" = all ] || [ "$what" = js ]; then
  echo "== node:test =="
  node --test --test-concurrency=2 tests/js/
fi

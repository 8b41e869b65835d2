#!/usr/bin/env bash
# Runs every test: setup (when missing), the builds, the Catch2 suite through ctest under ASan + UBSan,
# short fuzz runs, and the Node test runner (CLI, fixture hub, hub client, package, browser e2e).
#   scripts/test.sh [all|cpp|js]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"

bash scripts/setup.sh
# The native core is built once, sanitized, for both the Catch2 suite and the fuzzers (build/asan);
# the plain build (scripts/build.sh native) is for development and is not needed here.
bash scripts/build.sh package
bash scripts/build.sh web

if [ "$what" = all ] || [ "$what" = cpp ]; then
  echo "== Catch2 under ASan + UBSan =="
  bash scripts/sanitize.sh
  echo "== libFuzzer (short runs) =="
  bash scripts/fuzz.sh --seconds "${HFMI_FUZZ_SECONDS:-20}"
fi

if [ "$what" = all ] || [ "$what" = js ]; then
  echo "== node:test =="
  node --test --test-concurrency=2 tests/js/
fi

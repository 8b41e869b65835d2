#!/usr/bin/env bash
# Runs the benchmarks (bench/run.mjs) and writes bench/RESULTS.md and bench/results.json.
# Builds first when dist/ is missing or older than its sources (WASM: src/, wasm/, CMakeLists.txt;
# TypeScript: js/), and installs the npm devDependencies (the reference client) when missing.
#   scripts/bench.sh [bench/run.mjs options, e.g. --runs 7 --only import]
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"

[ -d node_modules/@huggingface/hub ] || bash scripts/setup.sh

wasm=dist/wasm/hfmi_core.node.cjs
if [ ! -f "$wasm" ] || [ ! -f dist/wasm/hfmi_core.browser.mjs ] || [ ! -f dist/wasm/hfmi_core.web.wasm ] || \
   [ -n "$(find src wasm CMakeLists.txt -newer "$wasm" -type f -print -quit)" ]; then
  echo "bench: building the WASM core" >&2
  bash scripts/build.sh wasm
fi
if [ ! -f dist/js/index.node.js ] || [ -n "$(find js -newer dist/js/index.node.js -type f -print -quit)" ]; then
  echo "bench: building the TypeScript" >&2
  bash scripts/build.sh ts
fi

node bench/run.mjs "$@"
# The llm-sizer catalogue merge at 80k and 300k entries: its own section of bench/RESULTS.md.
[ "${HFMI_BENCH_SKIP_CATALOG:-0}" = 1 ] || node bench/catalog_bench.mjs

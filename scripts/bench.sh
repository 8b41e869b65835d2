#!/usr/bin/env bash
# Runs the benchmarks (bench/run.mjs) and writes bench/results.json and their blocks of bench/RESULTS.md
# (each part replaces only its own marked blocks: see bench/README.md).
# Builds first when dist/ is missing or older than its sources (WASM: src/, wasm/, CMakeLists.txt;
# TypeScript: js/), and installs the npm devDependencies (the reference client) when missing.
#   scripts/bench.sh [bench/run.mjs options, e.g. --runs 7 --only import] [--skip-catalog] [--with-batch] [--with-profile]
#   --skip-catalog: leave out the catalogue merge (also HFMI_BENCH_SKIP_CATALOG=1)
#   --with-batch:   also the 40-model batch memory benchmark (bench/batch_bench.mjs, several minutes)
#   --with-profile: also the CPU profile (bench/cpu_profile.mjs)
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

skip_catalog="${HFMI_BENCH_SKIP_CATALOG:-0}"
with_batch=0
with_profile=0
args=()
for a in "$@"; do
  case "$a" in
    --skip-catalog) skip_catalog=1 ;;
    --with-batch) with_batch=1 ;;
    --with-profile) with_profile=1 ;;
    *) args+=("$a") ;;
  esac
done

node bench/run.mjs ${args[@]+"${args[@]}"}
# The llm-sizer catalogue merge at 80k and 300k entries: its own section of bench/RESULTS.md.
[ "$skip_catalog" = 1 ] || node bench/catalog_bench.mjs
[ "$with_batch" = 0 ] || node bench/batch_bench.mjs
[ "$with_profile" = 0 ] || node bench/cpu_profile.mjs

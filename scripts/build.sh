#!/usr/bin/env bash
# Builds everything: native core + Catch2 tests, the three WASM builds into dist/wasm, the TypeScript into
# dist/js (ESM) and dist/cjs (CommonJS), and the web demo (web-demo/out, built against the packed tarball).
#   scripts/build.sh [all|native|wasm|ts|web]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
jobs="${HFMI_JOBS:-2}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"  # emcc's optimizer needs acorn from Debian's node modules

build_native() {
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build/native -j"$jobs"
}
build_wasm() {
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/wasm -j"$jobs"
}
build_ts() {
  # js/core/generated/*.ts from the core's policy tables (src/policy), when a WASM build is present.
  # Under CI the committed files must already match (a stale table fails the build instead of being fixed).
  if [ -f dist/wasm/hfmi_core.node.cjs ]; then
    if [ "${CI:-}" = true ]; then node scripts/gen_policy_ts.mjs --check; else node scripts/gen_policy_ts.mjs; fi
  fi
  npx tsc -p tsconfig.json
  # The CommonJS build (require(), TS node16/nodenext CJS projects, Node bundles): its own type scope,
  # and .d.cts entry types.
  rm -rf dist/cjs
  npx tsc -p tsconfig.cjs.json
  echo '{"type":"commonjs"}' > dist/cjs/package.json
  for entry in index.node core.node; do cp "dist/cjs/$entry.d.ts" "dist/cjs/$entry.d.cts"; done
  mkdir -p dist/data
  cp tests/fixtures/flashinfer-bench/definitions_index.json dist/data/definitions_index.json
}
case "$what" in
  native) build_native ;;
  wasm) build_wasm ;;
  ts) build_ts ;;
  web) bash scripts/build_web.sh ;;
  package) build_wasm; build_ts ;;
  all) build_native; build_wasm; build_ts; bash scripts/build_web.sh ;;
  *) echo "usage: scripts/build.sh [all|native|wasm|ts|web|package]" >&2; exit 2 ;;
esac

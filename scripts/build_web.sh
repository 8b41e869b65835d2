#!/usr/bin/env bash
# Builds the web demo (web-demo/, a static Next.js export in web-demo/out) against the packed package,
# the way an outside app consumes it:
#   1. scripts/pack.sh          -> build/pack/hf-model-import.tgz (`npm pack` of this repo; needs dist/)
#   2. npm ci in web-demo       (only when web-demo/package-lock.json changed since the last install)
#   3. npm install --no-save    the tarball (so the lock never pins a tarball whose hash changes per build)
#   4. next build               -> web-demo/out
#   5. the size report          -> web-demo/BUILD_SIZE.md (gzipped KB of the WASM core and the page's JS)
#   scripts/build_web.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
export NEXT_TELEMETRY_DISABLED=1

tarball="$root/$(bash scripts/pack.sh)"

cd web-demo
stamp="node_modules/.hfmi-lock-stamp"
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "build_web: npm ci in web-demo" >&2
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

lock_before="$(cksum < package-lock.json)"
rm -rf node_modules/hf-model-import
npm install --no-save --no-audit --no-fund --prefer-offline --loglevel=error "$tarball"
[ "$(cksum < package-lock.json)" = "$lock_before" ] || { echo "build_web: npm install changed web-demo/package-lock.json" >&2; exit 1; }
[ -f node_modules/hf-model-import/dist/wasm/hfmi_core.browser.mjs ] || { echo "build_web: the tarball did not install" >&2; exit 1; }

rm -rf out
npx --no-install next build
node scripts/build_size.mjs

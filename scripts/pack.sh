#!/usr/bin/env bash
# Packs the npm package exactly as it would be published (`npm pack`), into build/pack/, under a stable
# file name: build/pack/hf-model-import.tgz. The web demo installs the package from this tarball.
#   scripts/pack.sh            (needs dist/, built by scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
out="build/pack"
stable="$out/hf-model-import.tgz"
for f in dist/js/index.browser.js dist/js/index.browser.d.ts dist/cjs/index.node.js dist/wasm/hfmi_core.browser.mjs dist/wasm/hfmi_core.web.mjs dist/wasm/hfmi_core.web.wasm; do
  [ -f "$f" ] || { echo "pack: $f is missing: run scripts/build.sh first" >&2; exit 1; }
done
mkdir -p "$out"
tmp="$(mktemp -d "$out/.pack.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
npm pack --silent --pack-destination "$tmp" >/dev/null
made=("$tmp"/*.tgz)
[ ${#made[@]} -eq 1 ] && [ -f "${made[0]}" ] || { echo "pack: npm pack made no single tarball" >&2; exit 1; }
mv -f "${made[0]}" "$stable"
echo "$stable"

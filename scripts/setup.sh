#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine (idempotent; fast when done).
#   Debian: emscripten (emcc 3.1.6), nlohmann-json3-dev, libfmt-dev, catch2, clang + libclang-rt (fuzzers,
#           sanitizers), chromium (browser tests).   npm: `npm ci` for the package, the web demo, binaryen's
#           wasm-opt (scripts/wasm-opt) and TypeScript 7 (tests/apps/ts7).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v emcc >/dev/null 2>&1 || need_apt+=(emscripten)
[ -f /usr/include/nlohmann/json.hpp ] || need_apt+=(nlohmann-json3-dev)
[ -f /usr/include/fmt/format.h ] || need_apt+=(libfmt-dev)
[ -f /usr/include/catch2/catch.hpp ] || need_apt+=(catch2)
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
command -v clang++ >/dev/null 2>&1 || need_apt+=(clang)
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || need_apt+=(libclang-rt-14-dev)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# npm dependencies: reinstall when package-lock.json changed since the last install.
install_npm() {  # dir
  local dir="$1" stamp="$1/node_modules/.hfmi-lock-stamp"
  [ -f "$dir/package-lock.json" ] || return 0
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "setup: npm ci in $dir" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
install_npm .
# binaryen 132's wasm-opt for the browser modules' post-link step (its own folder: not on emcc's PATH under npm).
install_npm scripts/wasm-opt
# TypeScript 7 for the models.ts type-check test (its own folder: its tsc must not replace 5.9's).
install_npm tests/apps/ts7

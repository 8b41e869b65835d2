#!/usr/bin/env bash
# Regenerates docs/families.md from the family registry (src/registry/family_table.cpp): builds the native
# test binary (plain debug build in build/dev) and runs the docs test with HFMI_WRITE_FAMILIES_DOC=1, which
# writes the generated text before comparing. `npm test` runs the same test without the variable, so a
# registry change without a regenerated doc fails.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build/dev -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build/dev -j1 --target hfmi_tests
HFMI_WRITE_FAMILIES_DOC=1 build/dev/hfmi_tests "docs/families.md is the text generated from the registry"
echo "docs/families.md regenerated"

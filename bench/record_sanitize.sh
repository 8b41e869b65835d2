#!/usr/bin/env bash
# Runs scripts/sanitize.sh and records its outcome in bench/sanitize_results.json (rendered into RESULTS.md
# by `npm run bench`).
#   bash bench/record_sanitize.sh
set -uo pipefail
cd "$(dirname "$0")/.."
log=build/sanitize-record.log
mkdir -p build
start=$(date +%s)
bash scripts/sanitize.sh >"$log" 2>&1
rc=$?
secs=$(( $(date +%s) - start ))
summary=$(grep -E '^[0-9]+% tests passed' "$log" | tail -1)
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' build/asan/CMakeCache.txt 2>/dev/null | head -1)
findings=$(grep -cE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log" || true)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
node -e '
const [rc, secs, summary, cxx, findings, commit] = process.argv.slice(1);
const m = /(\d+)% tests passed, (\d+) tests failed out of (\d+)/.exec(summary) ?? [];
require("fs").writeFileSync("bench/sanitize_results.json", JSON.stringify({
  date: new Date().toISOString().slice(0, 10), commit, compiler: cxx, exit: Number(rc), seconds: Number(secs),
  tests: Number(m[3] ?? 0), failed: Number(m[2] ?? 0), sanitizerReports: Number(findings), summary,
}, null, 2) + "\n");
' "$rc" "$secs" "$summary" "$cxx" "$findings" "$commit"
cat bench/sanitize_results.json
exit "$rc"

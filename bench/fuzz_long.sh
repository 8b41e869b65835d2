#!/usr/bin/env bash
# The long fuzzing run recorded in RESULTS.md: every fuzz/*_fuzz.cpp target for N seconds (default 600),
# two at a time (2 cores), niced, on the working corpora of scripts/fuzz.sh. Writes
# bench/fuzz_results.json, which `npm run bench` renders into bench/RESULTS.md.
#   bash bench/fuzz_long.sh [--seconds 600]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=600
[ "${1:-}" = "--seconds" ] && seconds="${2:?}"

targets=()
for src in fuzz/*_fuzz.cpp; do targets+=("$(basename "$src" .cpp)"); done
# Build once, then run two lanes of targets in parallel without rebuilding.
bash scripts/fuzz.sh --seconds 1 "${targets[@]}" >/dev/null
lane_a=() lane_b=()
for i in "${!targets[@]}"; do
  if [ $((i % 2)) -eq 0 ]; then lane_a+=("${targets[$i]}"); else lane_b+=("${targets[$i]}"); fi
done
rm -f build/asan/*.result.json
status=0
nice -n 10 bash scripts/fuzz.sh --no-build --seconds "$seconds" "${lane_a[@]}" >build/asan/lane-a.out 2>&1 &
pid_a=$!
if [ ${#lane_b[@]} -gt 0 ]; then
  nice -n 10 bash scripts/fuzz.sh --no-build --seconds "$seconds" "${lane_b[@]}" >build/asan/lane-b.out 2>&1 &
  pid_b=$!
  wait "$pid_b" || status=1
fi
wait "$pid_a" || status=1
cat build/asan/lane-a.out build/asan/lane-b.out 2>/dev/null | grep -E '_fuzz: ' || true

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
node -e '
const fs = require("fs");
const [seconds, commit, ...names] = process.argv.slice(1);
const targets = names.map((n) => JSON.parse(fs.readFileSync(`build/asan/${n}.result.json`, "utf8")));
const out = {
  date: new Date().toISOString().slice(0, 10),
  commit,
  secondsPerTarget: Number(seconds),
  command: `bash bench/fuzz_long.sh --seconds ${seconds}`,
  targets,
  notes: [
    "The targets ran two at a time under `nice -n 10` on the 2-core machine: the exec counts are what each target managed with its share of the CPU. Each run started from the working corpus of earlier runs (`build/asan/corpus-<name>`, seeded from `fuzz/corpus/<name>`); the committed seeds are never modified.",
  ],
};
fs.writeFileSync("bench/fuzz_results.json", JSON.stringify(out, null, 2) + "\n");
' "$seconds" "$commit" "${targets[@]}"
echo "wrote bench/fuzz_results.json"
exit "$status"

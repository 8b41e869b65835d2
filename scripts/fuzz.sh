#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/*_fuzz.cpp, clang, in build/asan, the sanitized build the Catch2
# suite shares: scripts/configure_sanitized.sh) and runs each one
# for N seconds on a working copy of its seed corpus. The committed seeds (fuzz/corpus/<name>/) are
# never written to: libFuzzer grows build/asan/corpus-<name>/ instead. A crash, a leak, a timeout or
# an out-of-memory input fails the run and leaves the input in fuzz/artifacts/.
#
#   scripts/fuzz.sh [--seconds N] [--fresh] [--no-build] [target ...]
#     --seconds N   time per target (default 60)
#     --fresh       start from the seeds only (drop what earlier runs added to the working corpus)
#     --no-build    use the binaries already in build/asan
#     target        e.g. config_parser_fuzz or config_parser (default: every fuzz/*_fuzz.cpp)
#   npm run fuzz -- --seconds 20
#
# Prints one line per target with its exec count, then "N passed, M failed". Exit 1 on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
fresh=0
build=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:?--seconds needs a value}"; shift 2 ;;
    --seconds=*) seconds="${1#*=}"; shift ;;
    --fresh) fresh=1; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("${1%_fuzz}_fuzz"); shift ;;
  esac
done
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "fuzz.sh: --seconds must be a positive integer" >&2
  exit 2
fi

if [ ${#targets[@]} -eq 0 ]; then
  for src in fuzz/*_fuzz.cpp; do
    [ -e "$src" ] || continue
    targets+=("$(basename "$src" .cpp)")
  done
fi
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz.sh: no fuzz/*_fuzz.cpp targets" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

BUILD=build/asan
if [ "$build" -eq 1 ]; then
  HFMI_SAN_CXX="${HFMI_FUZZ_CXX:-clang++}" bash scripts/configure_sanitized.sh >/dev/null
  if ! cmake --build "$BUILD" -j"${HFMI_JOBS:-2}" --target "${targets[@]}"; then
    echo "fuzz.sh: the fuzz targets did not build" >&2
    echo "0 passed, ${#targets[@]} failed"
    exit 1
  fi
fi

mkdir -p fuzz/artifacts
# UBSan findings abort (so libFuzzer saves the input); ASan also reports leaks.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

# One target: runs it, writes $BUILD/$t.result.json and a summary line ($BUILD/$t.summary: "ok …" or "FAILED …").
run_target() {
  local t="$1"
  local name="${t%_fuzz}"
  local bin="$BUILD/$t"
  local seeds="fuzz/corpus/$name"
  local work="$BUILD/corpus-$name"
  local log="$BUILD/$t.log"
  local out="$BUILD/$t.summary"
  if [ ! -x "$bin" ]; then
    echo "FAILED $t: FAILED (no binary $bin)" >"$out"
    return
  fi
  [ "$fresh" -eq 1 ] && rm -rf "$work"
  mkdir -p "$work"
  if [ -d "$seeds" ]; then
    cp -n "$seeds"/* "$work"/ 2>/dev/null || true
  fi
  # The test fixtures are seeds too (not copied into fuzz/corpus, so there is one copy of each).
  local fixture_seeds=()
  case "$name" in
    config_parser) fixture_seeds=(tests/fixtures/hf/*.config.json) ;;
    shard_index) fixture_seeds=(tests/fixtures/hf/*.index.json) ;;
    models_ts_updater) fixture_seeds=(tests/fixtures/models_ts/*.ts) ;;
  esac
  [ ${#fixture_seeds[@]} -gt 0 ] && cp -n "${fixture_seeds[@]}" "$work"/ 2>/dev/null || true
  [ -n "$(ls -A "$work" 2>/dev/null)" ] || echo "fuzz.sh: warning: $t has no seeds" >&2
  local dict=()
  [ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
  local rc
  set +e
  # -timeout: one input taking longer than 10 s is a finding; -rss_limit_mb: so is over 2 GB.
  "$bin" "$work" "${dict[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="fuzz/artifacts/$name-" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  local execs units nseeds result artifact
  execs=$(grep -E '^stat::number_of_executed_units:' "$log" | tail -1 | awk '{print $2}' || true)
  [ -n "$execs" ] || execs=$(grep -oE '^Done [0-9]+ runs' "$log" | tail -1 | awk '{print $2}' || true)
  [ -n "$execs" ] || execs="?"
  units=$(find "$work" -type f | wc -l)
  nseeds=$(( $( (find "$seeds" -type f 2>/dev/null || true) | wc -l) + ${#fixture_seeds[@]} ))
  result=ok
  [ "$rc" -eq 0 ] || result=$(grep -oE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer): [a-zA-Z -]+' "$log" | head -1 || true)
  if [ "$rc" -ne 0 ] && [ -z "$result" ]; then result=$(grep -m1 -oE 'runtime error: .*' "$log" || echo "exit $rc"); fi
  printf '{"name":"%s","seconds":%s,"execs":%s,"seeds":%s,"corpus":%s,"ok":%s,"exit":%s,"result":"%s"}\n' \
    "$t" "$seconds" "${execs/\?/null}" "$nseeds" "$units" "$([ "$rc" -eq 0 ] && echo true || echo false)" "$rc" \
    "$(printf '%s' "$result" | tr -d '"\\' | head -c 200)" >"$BUILD/$t.result.json"
  if [ "$rc" -eq 0 ]; then
    echo "ok $t: ok, $execs execs in ${seconds}s, corpus $units inputs" >"$out"
  else
    artifact=$(grep -oE "fuzz/artifacts/$name-[a-z-]+-?[0-9a-f]*" "$log" | tail -1 || true)
    echo "FAILED $t: FAILED (exit $rc) after $execs execs; input: ${artifact:-see $log}" >"$out"
    echo "---- $t: last lines of $log ----" >&2
    { grep -E 'ERROR|SUMMARY|runtime error|#[0-9]+ 0x' "$log" || tail -30 "$log"; } | head -40 >&2 || true
  fi
}

# Targets run $HFMI_JOBS at a time (default 2, the cores CI has): each is single-threaded.
jobs="${HFMI_JOBS:-2}"
running=0
for t in "${targets[@]}"; do
  rm -f "$BUILD/$t.summary"
  run_target "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

passed=0
failed=0
summary=()
for t in "${targets[@]}"; do
  line=$(cat "$BUILD/$t.summary" 2>/dev/null || echo "FAILED $t: FAILED (no result)")
  summary+=("${line#* }")
  case "$line" in ok\ *) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac
done

echo "== fuzz (${seconds}s per target) =="
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

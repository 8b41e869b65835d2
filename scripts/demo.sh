#!/usr/bin/env bash
# The main job on the bundled default: import meta-llama/Llama-3.1-8B from the loopback fixture hub
# (real config + real-shaped safetensors headers), write the add-model output folder to out/demo/,
# and insert the entry into a copy of FlashInfer-Bench's models.ts. No network beyond 127.0.0.1.
#   scripts/demo.sh [ORG/NAME]
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:-meta-llama/Llama-3.1-8B}"
bash scripts/setup.sh
bash scripts/build.sh package >/dev/null

hub_log="$(mktemp)"
node dist/js/fixture-hub/main.js --port 0 --root tests/fixtures/repos >"$hub_log" &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null || true; rm -f "$hub_log"' EXIT
endpoint=""
for _ in $(seq 1 100); do
  endpoint="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$hub_log" || true)"
  [ -n "$endpoint" ] && break
  sleep 0.1
done
[ -n "$endpoint" ] || { echo "E_NETWORK: the fixture hub did not start" >&2; exit 6; }
echo "fixture hub: $endpoint" >&2

mkdir -p out/demo
cp tests/fixtures/models_ts/models.ts out/demo/models.ts
node dist/js/cli/import_model.js --model "$model" --endpoint "$endpoint" \
  --out out/demo --target flashinfer --models-ts out/demo/models.ts --replace --catalog out/demo/models.json --replace \
  --perf-config out/demo/perf_model_config.json
echo
echo "Outputs in out/demo/:"
ls -1 out/demo | sed 's/^/  /'

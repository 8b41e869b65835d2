// What the before/after benches (ab_bench.mjs, cpu_ab.mjs) run: the three CPU cases of issue 13 item 6 with their
// targets, and the three sides (this build, a baseline dist, the reference) as functions of (hub URL, model id).
import { parseSafetensorsMetadata } from '@huggingface/hub';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIXTURE_TOKEN, distUrl } from './common.mjs';

/** The cases, each with its latency and its target (× the reference's wall time). */
export const AB_CASES = [
  { key: 'qwen3-0.6b', id: 'Qwen/Qwen3-0.6B', latencyMs: 0, label: 'Qwen3-0.6B (1 file) at 0 ms', target: 0.8 },
  { key: 'qwen3-30b', id: 'Qwen/Qwen3-30B-A3B', latencyMs: 50, label: 'Qwen3-30B-A3B (16 shards) at 50 ms', target: 0.25 },
  { key: 'deepseek-v3', id: 'deepseek-ai/DeepSeek-V3', latencyMs: 50, label: 'DeepSeek-V3 (163 shards) at 50 ms', target: 0.2 },
];

/** The reference's HEAD on /raw/ maps to /resolve/ (see import_bench.mjs). */
const refFetch = (input, init) =>
  fetch(String(input instanceof Request ? input.url : input).replace(/^(https?:\/\/[^/]+\/[^/]+\/[^/]+)\/raw\//, '$1/resolve/'), init);

/** { now, [label]: the baseline dist (DIR/js/index.node.js), ref }: each side imports one model from the hub at `u`. */
export async function abSides(baselineDir, label) {
  const now = await import(distUrl('js/index.node.js'));
  const base = await import(pathToFileURL(join(resolve(baselineDir), 'js/index.node.js')).href);
  return {
    now: (u, id) => now.importModel(id, { hubUrl: u, accessToken: FIXTURE_TOKEN }),
    [label]: (u, id) => base.importModel(id, { hubUrl: u, accessToken: FIXTURE_TOKEN }),
    ref: (u, id) => parseSafetensorsMetadata({ repo: { type: 'model', name: id }, hubUrl: u, accessToken: FIXTURE_TOKEN, computeParametersCount: true, fetch: refFetch }),
  };
}

// Import benchmark: our importModel against @huggingface/hub's parseSafetensorsMetadata, same models,
// same fixture hub, same run. Requests, bytes and sequential round trips come from the hub's own log
// (one counter for both clients); wall time is the client's, median of `runs`.
import { parseSafetensorsMetadata } from '@huggingface/hub';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FIXTURE_TOKEN, REPOS, distUrl, median, settledStats, startHubWorker } from './common.mjs';

const { importModel, fetchModel } = await import(distUrl('js/index.node.js'));
const { fetchModelFiles } = await import(distUrl('js/hub/hub_client.js'));
const { loadCore } = await import(distUrl('js/core/load_core.node.js'));
const { CoreSession } = await import(distUrl('js/core/core_session.js'));

/** Our default header concurrency, read from the built hub client (so the report follows the code). */
export const DEFAULT_CONCURRENCY = (() => {
  const src = readFileSync(new URL(distUrl('js/hub/hub_client.js')), 'utf8');
  const m =
    /positiveInt\('concurrency', opts\.concurrency, (\d+)\)/.exec(src) ?? /\bDEFAULT_CONCURRENCY = (\d+)/.exec(src);
  return m ? Number(m[1]) : undefined;
})();

/** The reference's fixed header concurrency (PARALLEL_DOWNLOADS in parse-safetensors-metadata.ts). */
export const REFERENCE_CONCURRENCY = 20;
/** More than any benchmark model's shard count: every header request goes out in round trip 2. */
export const ALL_IN_FLIGHT = 256;

/** The benchmark's models; shard counts and gating are read from the fixtures (repo.json). */
export const MODELS = ['Qwen/Qwen3-0.6B', 'meta-llama/Llama-3.1-8B', 'Qwen/Qwen3-30B-A3B', 'deepseek-ai/DeepSeek-V3'].map((id) => {
  const repo = JSON.parse(readFileSync(join(REPOS, id, 'repo.json'), 'utf8'));
  const shards = repo.files.filter((f) => f.endsWith('.safetensors')).length;
  const label = `${id.split('/')[1]} (${shards === 1 ? '1 file' : `${shards} shards`}${repo.gated ? ', gated' : ''})`;
  return { id, label, shards };
});

/**
 * The reference asks `HEAD {hub}/{repo}/raw/{rev}/{file}` to see whether model.safetensors or the index
 * exists. The fixture hub serves the Hub's /resolve/ layout only, so this fetch maps /raw/ to /resolve/
 * (one request in, one request out; a HEAD answers the same on both routes for the existence check).
 * It also counts the requests, only to know when the hub's log is complete.
 */
function referenceFetch(counter) {
  return (input, init) => {
    counter.n++;
    const url = String(input instanceof Request ? input.url : input).replace(/^(https?:\/\/[^/]+\/[^/]+\/[^/]+)\/raw\//, '$1/resolve/');
    return fetch(url, init);
  };
}

function sumValues(o) {
  return Object.values(o ?? {}).reduce((a, b) => a + (b ?? 0), 0);
}

/** One side of the comparison: run(model) -> {params, clientRequests}. */
function sides(hubUrl) {
  return {
    ours: {
      label: 'importModel with default options',
      async run(m) {
        const r = await importModel(m.id, { endpoint: hubUrl, token: FIXTURE_TOKEN });
        return { params: r.architecture.parameters.total, clientRequests: r.stats.requests, clientBytes: r.stats.bytesFetched };
      },
    },
    ours_c20: {
      label: `importModel, concurrency ${REFERENCE_CONCURRENCY} (the reference's)`,
      async run(m) {
        const r = await importModel(m.id, { endpoint: hubUrl, token: FIXTURE_TOKEN, concurrency: REFERENCE_CONCURRENCY });
        return { params: r.architecture.parameters.total, clientRequests: r.stats.requests, clientBytes: r.stats.bytesFetched };
      },
    },
    ours_all: {
      label: `importModel, concurrency ${ALL_IN_FLIGHT} (every header request in flight at once)`,
      async run(m) {
        const r = await importModel(m.id, { endpoint: hubUrl, token: FIXTURE_TOKEN, concurrency: ALL_IN_FLIGHT });
        return { params: r.architecture.parameters.total, clientRequests: r.stats.requests, clientBytes: r.stats.bytesFetched };
      },
    },
    ours_headers: {
      label: 'our fetch plan (default options: Range sized from the config, headers decoded as they arrive) + every header decoded by the core, no analysis',
      async run(m) {
        const core = await loadCore();
        const s = new CoreSession(core);
        let tensors = 0;
        let decodeMs = 0;
        const t0 = performance.now();
        let f;
        try {
          f = await fetchModelFiles(m.id, {
            endpoint: hubUrl,
            token: FIXTURE_TOKEN,
            headerBytesEstimate: (config) => s.estimateHeaderBytes(config),
            onShard: (sh) => {
              const d0 = performance.now();
              tensors += s.addHeader(sh.name, sh.headerBytes, sh.fileSize);
              decodeMs += performance.now() - d0;
            },
          });
          s.setConfig(f.configBytes);
        } finally {
          s.dispose();
        }
        // fetchMs: until the last header is in and decoded (decoding overlaps the fetch); decodeMs: time in addHeader.
        const phases = { fetchMs: performance.now() - t0, decodeMs };
        return { params: undefined, tensors, clientRequests: f.stats.requests, clientBytes: f.stats.bytesFetched, phases };
      },
    },
    ref: {
      label: '@huggingface/hub parseSafetensorsMetadata (computeParametersCount)',
      async run(m) {
        const counter = { n: 0 };
        const r = await parseSafetensorsMetadata({
          repo: { type: 'model', name: m.id },
          hubUrl,
          accessToken: FIXTURE_TOKEN,
          computeParametersCount: true,
          fetch: referenceFetch(counter),
        });
        return { params: r.parameterTotal ?? sumValues(r.parameterCount), clientRequests: counter.n };
      },
    },
  };
}

async function measure(hub, side, model) {
  await hub.resetStats();
  const t0 = performance.now();
  const out = await side.run(model);
  const wallMs = performance.now() - t0;
  const s = await settledStats(hub, out.clientRequests);
  return {
    wallMs,
    requests: s.requests,
    bytes: s.bytesSent,
    roundTrips: s.roundTrips,
    params: out.params,
    clientBytes: out.clientBytes,
    phases: out.phases,
    aborted: s.timeline.filter((e) => e.aborted).length,
    kinds: requestKinds(s.timeline),
    chain: longestChain(s.timeline),
  };
}

/** The longest chain of non-overlapping requests itself (sequentialRoundTrips gives its length). */
export function longestChain(timeline) {
  const byEnd = [...timeline].sort((a, b) => a.end - b.end);
  const len = [];
  const prev = [];
  for (let i = 0; i < byEnd.length; i++) {
    let best = -1;
    for (let j = 0; j < i; j++) if (byEnd[j].end <= byEnd[i].start && (best < 0 || len[j] > len[best])) best = j;
    len.push(best < 0 ? 1 : len[best] + 1);
    prev.push(best);
  }
  let at = len.indexOf(Math.max(0, ...len));
  const chain = [];
  while (at >= 0) {
    chain.unshift(byEnd[at]);
    at = prev[at];
  }
  const t0 = Math.min(...timeline.map((e) => e.start));
  return chain.map((e) => ({
    what: `${e.method} ${e.path.split('/').pop()}${e.range ? ` ${e.range}` : ''} → ${e.status}`,
    startMs: Math.round(e.start - t0),
    endMs: Math.round(e.end - t0),
  }));
}

/** What the requests were for: the plan's steps, from the hub's log. */
function requestKinds(timeline) {
  const kinds = {};
  for (const e of timeline) {
    let k;
    if (e.path.startsWith('/api/models/')) k = 'model info';
    else if (e.path.endsWith('/config.json')) k = 'config.json';
    else if (e.path.endsWith('.index.json')) k = 'index';
    else if (e.path.endsWith('.safetensors')) {
      if (e.method === 'HEAD') k = 'shard HEAD';
      else if (!e.range) k = 'shard, no Range';
      else if (/^bytes=0-0$/.test(e.range)) k = 'shard probe bytes=0-0';
      else if (/^bytes=0-/.test(e.range)) k = 'shard range from 0';
      else k = 'shard range, later part';
    } else k = 'other';
    if (e.status >= 400) k += ` (HTTP ${e.status})`;
    kinds[k] = (kinds[k] ?? 0) + 1;
  }
  return kinds;
}

function summarize(samples) {
  const pick = (k) => samples.map((x) => x[k]);
  const range = (k) => ({ min: Math.min(...pick(k)), max: Math.max(...pick(k)) });
  return {
    runs: samples.length,
    wallMsMedian: median(pick('wallMs')),
    wallMs: pick('wallMs'),
    requests: median(pick('requests')),
    requestsRange: range('requests'),
    bytes: median(pick('bytes')),
    bytesRange: range('bytes'),
    roundTrips: median(pick('roundTrips')),
    roundTripsRange: range('roundTrips'),
    params: samples[0].params,
    clientBytes: samples[0].clientBytes,
    ...(samples[0].phases && {
      phasesMedianMs: Object.fromEntries(Object.keys(samples[0].phases).map((k) => [k, median(samples.map((x) => x.phases[k]))])),
    }),
    kinds: samples[samples.length - 1].kinds,
    /** The longest request chain of the run with the most round trips. */
    worstChain: samples.reduce((a, b) => (b.roundTrips > a.roundTrips ? b : a)).chain,
  };
}

/**
 * What an import cannot do without: config.json, the model info (as the hub sends them) and every shard's
 * 8 + N header bytes. The yardstick for the hub's bytes written (target: ≤ 1.5× this).
 */
async function neededBytes(hub, model) {
  await hub.resetStats();
  const h = await fetchModel(model.id, { hubUrl: hub.url, accessToken: FIXTURE_TOKEN });
  h.dispose();
  const s = await settledStats(hub, h.stats.requests);
  const info = Object.entries(s.byPath).filter(([p]) => p.startsWith('/api/models/')).reduce((a, [, v]) => a + v.bytes, 0);
  const headers = h.shards.reduce((a, x) => a + x.headerBytes.length, 0);
  return { config: h.configBytes.length, modelInfo: info, headers, total: h.configBytes.length + info + headers };
}

export async function runImportBench({ runs = 5, latencies = [0, 20, 50], models = MODELS, sideNames, log = () => {} } = {}) {
  const hub = await startHubWorker();
  const all = sides(hub.url);
  const names = sideNames ?? Object.keys(all);
  const results = [];
  try {
    for (const latencyMs of latencies) {
      await hub.setFaults(latencyMs > 0 ? [{ latencyMs }] : null);
      for (const model of models) {
        const samples = Object.fromEntries(names.map((n) => [n, []]));
        for (const n of names) await measure(hub, all[n], model); // warm-up (JIT, WASM, connections)
        for (let i = 0; i < runs; i++) {
          // Rotate the order so no side always runs first (or right after the same other side).
          const order = names.map((_, k) => names[(k + i) % names.length]);
          for (const n of order) samples[n].push(await measure(hub, all[n], model));
        }
        const row = { model: model.id, label: model.label, shards: model.shards, latencyMs, sides: {} };
        if (latencyMs === latencies[0]) row.needed = await neededBytes(hub, model);
        for (const n of names) row.sides[n] = summarize(samples[n]);
        results.push(row);
        log(
          `import ${model.id} @${latencyMs} ms: ` +
            names.map((n) => `${n} ${row.sides[n].wallMsMedian.toFixed(0)} ms/${row.sides[n].requests} req/${row.sides[n].roundTrips} rt`).join(', '),
        );
      }
    }
  } finally {
    await hub.setFaults(null);
    await hub.close();
  }
  return {
    sides: Object.fromEntries(names.map((n) => [n, all[n].label])),
    referenceConcurrency: REFERENCE_CONCURRENCY,
    concurrency: { ours: DEFAULT_CONCURRENCY, ours_c20: REFERENCE_CONCURRENCY, ours_all: ALL_IN_FLIGHT, ours_headers: DEFAULT_CONCURRENCY },
    rows: results,
  };
}

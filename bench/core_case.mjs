// One core-benchmark case, in its own process so its peak memory is its own:
//   node bench/core_case.mjs <case> <input> [config] [reps]
// cases:
//   header-ours        WASM core: Session.setConfig, then addHeader (decode + validate + account) timed,
//                      then analyze timed apart
//   header-ref         the reference's steps: TextDecoder + JSON.parse, validateTensorEntry per tensor,
//                      computeNumOfParamsByDtypeSingleFile (with the config's quantization_config)
//   index-ours         WASM core: indexFeed in 64 KiB chunks, indexFinish
//   index-jsonparse    TextDecoder + JSON.parse of the whole index, distinct weight_map values
//   index-ref-stream   the reference's streaming index parser, driven through parseSafetensorsMetadata
//                      with an in-memory fetch (shard headers are 16-byte stubs); run it on the 160-entry
//                      index too and subtract, to isolate the index part
// Prints one JSON line: times, median, memory (maxRSS, RSS before the case, heapUsed, WASM heap).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { distUrl, median } from './common.mjs';
import { buildHeader } from './core_inputs.mjs';

const [, , kind, input, configPath, repsArg] = process.argv;
const reps = Number(repsArg ?? 5);
const bytes = new Uint8Array(readFileSync(input));
const meta = (() => {
  try {
    return JSON.parse(readFileSync(`${input}.json`, 'utf8'));
  } catch {
    return {};
  }
})();
const config = configPath && configPath !== '-' ? new Uint8Array(readFileSync(configPath)) : undefined;

const MB = 1024 * 1024;
const mem = () => ({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });

// The core's envelope: a string, or (analyze) a view of its memory, decoded at once.
function unwrap(out) {
  const j = JSON.parse(typeof out === 'string' ? out : new TextDecoder().decode(out));
  if (!j.ok) throw new Error(`${j.error.code}: ${j.error.message}`);
  return j;
}

async function setup() {
  if (kind.endsWith('-ours')) {
    const { loadCore } = await import(distUrl('js/core/load_core.node.js'));
    return { core: await loadCore() };
  }
  return { hub: await import('@huggingface/hub') };
}

function wasmHeapBytes(core) {
  return core?.HEAP8?.length ?? core?.wasmMemory?.buffer?.byteLength ?? null;
}

/** An in-memory Hub for the reference: resolve/raw URLs of `files`, with Range. */
function memoryFetch(files) {
  return async (input, init = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const m = /^\/[^/]+\/[^/]+\/(?:resolve|raw)\/[^/]+\/(.+)$/.exec(url.pathname);
    const body = m ? files.get(decodeURIComponent(m[1])) : undefined;
    const headers = new Headers(init.headers ?? {});
    if (!body) return new Response('{"error":"Entry not found"}', { status: 404, headers: { 'X-Error-Code': 'EntryNotFound' } });
    const common = { ETag: '"bench"', 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream' };
    if ((init.method ?? 'GET') === 'HEAD') return new Response(null, { status: 200, headers: { ...common, 'Content-Length': String(body.length) } });
    const range = /^bytes=(\d+)-(\d+)$/.exec(headers.get('range') ?? '');
    const chunked = (b) =>
      new ReadableStream({
        start(c) {
          for (let at = 0; at < b.length; at += 65536) c.enqueue(b.subarray(at, Math.min(b.length, at + 65536)));
          c.close();
        },
      });
    if (range) {
      const start = Number(range[1]);
      const end = Math.min(Number(range[2]), body.length - 1);
      return new Response(chunked(body.subarray(start, end + 1)), {
        status: 206,
        headers: { ...common, 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': String(end - start + 1) },
      });
    }
    return new Response(chunked(body), { status: 200, headers: { ...common, 'Content-Length': String(body.length) } });
  };
}

function stubShard() {
  return new Uint8Array(buildHeader([], {}).bytes);
}

function distinctShards(indexBytes) {
  const j = JSON.parse(new TextDecoder().decode(indexBytes));
  return [...new Set(Object.values(j.weight_map))];
}

async function main() {
  const env = await setup();
  const base = mem();
  const times = [];
  const extraTimes = [];
  const phases = [];
  let result;
  let failure;
  let heapPeak = base.heapUsed;
  const headerLen = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));

  if (kind === 'header-ours') {
    for (let i = 0; i < reps; i++) {
      const s = new env.core.Session();
      unwrap(s.setConfig(config));
      const t0 = performance.now();
      const r = unwrap(s.addHeader('model.safetensors', bytes, meta.fileSize ?? 0));
      const t1 = performance.now();
      const a = unwrap(s.analyze(JSON.stringify({ model_id: 'bench/model' })));
      const t2 = performance.now();
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      times.push(t1 - t0);
      extraTimes.push(t2 - t1);
      phases.push({ decodeValidate: t1 - t0, account: t2 - t1, total: t2 - t0 });
      result = { tensors: r.tensors, parametersTotal: a.architecture?.parameters?.total };
      s.delete();
    }
  } else if (kind === 'header-ref') {
    const { validateTensorEntry, computeNumOfParamsByDtypeSingleFile } = env.hub;
    const cfg = config ? JSON.parse(new TextDecoder().decode(config)) : {};
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      // parseSingleFile: JSON.parse(await blob.slice(8, 8 + N).text()), then validateTensorEntry per tensor
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
      const tParsed = performance.now();
      let n = 0;
      for (const [name, info] of Object.entries(header)) {
        if (name === '__metadata__') continue;
        validateTensorEntry('model.safetensors', name, info, meta.fileSize);
        n++;
      }
      const tValidated = performance.now();
      let counts;
      try {
        counts = computeNumOfParamsByDtypeSingleFile(header, cfg.quantization_config, cfg.expert_dtype);
      } catch (e) {
        // Recorded, not hidden: the reference fails on this input.
        failure = { phase: 'computeNumOfParamsByDtypeSingleFile', error: `${e.name}: ${e.message}` };
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
        phases.push({ decodeValidate: tValidated - t0, jsonParse: tParsed - t0 });
        times.push(tValidated - t0);
        result = { tensors: n };
        continue;
      }
      const t1 = performance.now();
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      times.push(t1 - t0);
      phases.push({ decodeValidate: tValidated - t0, account: t1 - tValidated, total: t1 - t0, jsonParse: tParsed - t0 });
      result = { tensors: n, parametersTotal: Object.values(counts).reduce((a, b) => a + b, 0) };
    }
  } else if (kind === 'index-ours') {
    for (let i = 0; i < reps; i++) {
      const s = new env.core.Session();
      const t0 = performance.now();
      for (let at = 0; at < bytes.length; at += 65536) unwrap(s.indexFeed(bytes.subarray(at, Math.min(bytes.length, at + 65536))));
      const r = unwrap(s.indexFinish());
      const t1 = performance.now();
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      times.push(t1 - t0);
      result = { shards: r.shards.length, tensors: r.tensor_count };
      s.delete();
    }
  } else if (kind === 'index-jsonparse') {
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const j = JSON.parse(new TextDecoder().decode(bytes));
      const shards = new Set(Object.values(j.weight_map));
      const t1 = performance.now();
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      times.push(t1 - t0);
      result = { shards: shards.size, tensors: Object.keys(j.weight_map).length };
    }
  } else if (kind === 'index-ref-stream') {
    const files = new Map([['model.safetensors.index.json', bytes]]);
    const stub = stubShard();
    for (const s of distinctShards(bytes)) files.set(s, stub);
    const fetch = memoryFetch(files);
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      const r = await env.hub.parseSafetensorsMetadata({
        repo: { type: 'model', name: 'bench/model' },
        path: 'model.safetensors.index.json',
        hubUrl: 'http://bench.invalid',
        fetch,
      });
      const t1 = performance.now();
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      times.push(t1 - t0);
      result = { shards: Object.keys(r.headers).length, tensors: r.index.weight_map ? Object.keys(r.index.weight_map).length : 'not kept' };
    }
  } else {
    throw new Error(`unknown case ${kind}`);
  }
  const ru = process.resourceUsage();
  const ms = median(times);
  process.stdout.write(
    JSON.stringify({
      kind,
      input,
      bytes: bytes.length,
      reps,
      times,
      medianMs: ms,
      mbPerS: bytes.length / MB / (ms / 1000),
      extraTimes,
      extraMedianMs: extraTimes.length ? median(extraTimes) : undefined,
      phasesMedianMs: phases.length
        ? Object.fromEntries(Object.keys(phases[0]).map((k) => [k, median(phases.map((p) => p[k]))]))
        : undefined,
      rssBeforeMB: base.rss / MB,
      maxRssMB: (ru.maxRSS * 1024) / MB,
      peakOverBaseMB: (ru.maxRSS * 1024 - base.rss) / MB,
      heapUsedPeakOverBaseMB: (heapPeak - base.heapUsed) / MB,
      wasmHeapMB: env.core ? wasmHeapBytes(env.core) / MB : undefined,
      result,
      ...(failure && { failure }),
    }) + '\n',
  );
}

await main();

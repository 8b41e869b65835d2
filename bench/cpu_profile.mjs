// Where an import's CPU time goes: the V8 CPU profiler (the one behind `node --cpu-prof`, started through
// node:inspector around the measured imports only, so process start-up and the warm-up are left out) over
// `runs` imports of a one-file model at 0 ms and of the 16-shard Qwen3-30B-A3B at 50 ms, interleaved with
// the reference (@huggingface/hub parseSafetensorsMetadata) in the same process, profiled the same way.
// Self time is grouped by function and by layer (our hub client, our core wrapper, the WASM core, embind's
// glue, undici's fetch, GC, idle). The fixture hub runs on a worker thread: its time is not the clients'.
//   node bench/cpu_profile.mjs [--runs 20] [--save DIR]   (--save: also write the .cpuprofile files)
// Writes bench/cpu_profile_results.json and the cpu-profile block of bench/RESULTS.md.
import { parseSafetensorsMetadata } from '@huggingface/hub';
import { Session } from 'node:inspector/promises';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { FIXTURE_TOKEN, ROOT, distUrl, median, round, startHubWorker } from './common.mjs';
import { writeBlocks } from './results_md.mjs';

const { importModel } = await import(distUrl('js/index.node.js'));

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, save: { type: 'string' } } });
const RUNS = Number(values.runs);
const CASES = [
  { id: 'Qwen/Qwen3-0.6B', latencyMs: 0, label: 'Qwen3-0.6B (1 file) at 0 ms' },
  { id: 'Qwen/Qwen3-30B-A3B', latencyMs: 50, label: 'Qwen3-30B-A3B (16 shards) at 50 ms' },
];

/** The reference's HEAD on /raw/ maps to /resolve/ (see import_bench.mjs). */
const refFetch = (input, init) =>
  fetch(String(input instanceof Request ? input.url : input).replace(/^(https?:\/\/[^/]+\/[^/]+\/[^/]+)\/raw\//, '$1/resolve/'), init);

const SIDES = {
  ours: (hubUrl, id) => importModel(id, { hubUrl, accessToken: FIXTURE_TOKEN }),
  ref: (hubUrl, id) =>
    parseSafetensorsMetadata({ repo: { type: 'model', name: id }, hubUrl, accessToken: FIXTURE_TOKEN, computeParametersCount: true, fetch: refFetch }),
};

/** The layer a profile node's code belongs to. */
function layer(cf) {
  const u = cf.url ?? '';
  if (cf.functionName === '(garbage collector)') return 'GC';
  if (cf.functionName === '(idle)') return 'idle (waiting for the network)';
  if (cf.functionName === '(program)') return '(program: V8/native, not JS)';
  if (u.startsWith('wasm://')) return 'WASM core';
  if (u.includes('hfmi_core')) return 'embind glue (hfmi_core.node.cjs)';
  if (u.includes('/dist/js/hub/')) return 'ours: hub client (js/hub)';
  if (u.includes('/dist/js/core/')) return 'ours: core wrapper (js/core)';
  if (u.includes('/dist/js/')) return 'ours: other JS';
  if (u.includes('@huggingface/hub')) return 'reference JS';
  if (u.includes('undici') || u.includes('internal/deps')) return 'undici (fetch)';
  if (u.startsWith('node:')) return 'node internals';
  if (u.includes('/bench/')) return 'bench harness';
  return u === '' ? `native: ${cf.functionName || '(anonymous)'}` : 'other';
}

/** Self time (ms) per node id, from the samples. */
function selfTimes(profile) {
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  return self;
}

/** Node ids under the inspector's own `post` (Profiler.stop serialising the profile): not the clients' time. */
function inspectorNodes(profile) {
  const skip = new Set();
  const walk = (id, under) => {
    const n = profile.nodesById.get(id);
    const inside = under || n.callFrame.url === 'node:inspector';
    if (inside) skip.add(id);
    for (const c of n.children ?? []) walk(c, inside);
  };
  walk(profile.nodes[0].id, false);
  return skip;
}

function summarize(profile, runs) {
  profile.nodesById = new Map(profile.nodes.map((n) => [n.id, n]));
  const skip = inspectorNodes(profile);
  const self = selfTimes(profile);
  for (const id of skip) self.delete(id);
  const byFn = new Map();
  const byLayer = new Map();
  let total = 0;
  for (const n of profile.nodes) {
    const ms = self.get(n.id) ?? 0;
    if (ms === 0) continue;
    const cf = n.callFrame;
    const file = (cf.url ?? '').replace(/^.*\/(dist|node_modules)\//, '$1/');
    const key = `${cf.functionName || '(anonymous)'} ${file ? `${file}:${cf.lineNumber + 1}` : ''}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + ms);
    const l = layer(cf);
    byLayer.set(l, (byLayer.get(l) ?? 0) + ms);
    total += ms;
  }
  const IDLE = 'idle (waiting for the network)';
  const idle = byLayer.get(IDLE) ?? 0;
  const busy = total - idle;
  byLayer.delete(IDLE);
  byFn.delete('(idle)');
  const top = (m, k) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, ms]) => ({ name, msPerImport: round(ms / runs, 2), shareOfBusy: round(ms / busy, 3) }));
  return { msPerImport: round(total / runs, 2), busyMsPerImport: round(busy / runs, 2), idleMsPerImport: round(idle / runs, 2), layers: top(byLayer, 20), functions: top(byFn, 15) };
}

const hub = await startHubWorker();
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
const load0 = loadavg().map((x) => round(x, 2));
const cases = [];
try {
  for (const c of CASES) {
    await hub.setFaults(c.latencyMs > 0 ? [{ latencyMs: c.latencyMs }] : null);
    const row = { ...c, sides: {} };
    for (const [name, run] of Object.entries(SIDES)) {
      for (let i = 0; i < 3; i++) await run(hub.url, c.id); // warm-up: JIT, WASM instance, connections
      const wall = [];
      await session.post('Profiler.start');
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await run(hub.url, c.id);
        wall.push(performance.now() - t0);
      }
      const { profile } = await session.post('Profiler.stop');
      row.sides[name] = { wallMsMedian: round(median(wall), 1), ...summarize(profile, RUNS) };
      delete profile.nodesById;
      if (values.save) {
        mkdirSync(values.save, { recursive: true });
        writeFileSync(join(values.save, `${c.id.replace('/', '__')}-${c.latencyMs}ms-${name}.cpuprofile`), JSON.stringify(profile));
      }
      process.stderr.write(`bench: profile ${c.label} ${name}: ${row.sides[name].wallMsMedian} ms median, busy ${row.sides[name].busyMsPerImport} ms/import\n`);
    }
    cases.push(row);
  }
} finally {
  await hub.setFaults(null);
  await hub.close();
  session.disconnect();
}
const beforePath = join(ROOT, 'bench/cpu_profile_before.json');
const before = existsSync(beforePath) ? JSON.parse(readFileSync(beforePath, 'utf8')) : undefined;
const result = { measuredAt: new Date().toISOString(), node: process.version, runs: RUNS, loadavg: { start: load0, end: loadavg().map((x) => round(x, 2)) }, cases };
writeFileSync(join(ROOT, 'bench/cpu_profile_results.json'), JSON.stringify(result, null, 2) + '\n');

const lines = [
  '## CPU profile: where an import\'s time goes',
  '',
  `(measured ${result.measuredAt} by \`node bench/cpu_profile.mjs --runs ${RUNS}\`, Node ${result.node}; load average at start ${result.loadavg.start.join(', ')}, at end ${result.loadavg.end.join(', ')})`,
  '',
  'The V8 sampling profiler (100 µs; what `node --cpu-prof` uses) around the measured imports only, after 3 warm-up imports per side ' +
    '(the WASM core is compiled and instantiated once per process, on first use, as for any user of the package; ' +
    '`npm run bench` measures warm imports for both clients). Self time per import, main thread only (the fixture hub is on a worker thread). ' +
    '"busy" is everything but idle.',
  '',
];
for (const c of cases) {
  lines.push(`### ${c.label}`, '');
  lines.push(
    `Wall time (median of ${RUNS}): ours ${c.sides.ours.wallMsMedian} ms, the reference ${c.sides.ref.wallMsMedian} ms ` +
      `(${round(c.sides.ours.wallMsMedian / c.sides.ref.wallMsMedian, 2)}×). CPU busy per import: ours ${c.sides.ours.busyMsPerImport} ms, the reference ${c.sides.ref.busyMsPerImport} ms ` +
      `(idle, waiting for the hub: ours ${c.sides.ours.idleMsPerImport} ms, the reference ${c.sides.ref.idleMsPerImport} ms).`,
    '',
    '| layer | ours ms/import | share of busy | reference ms/import |',
    '|---|---:|---:|---:|',
  );
  const refL = new Map(c.sides.ref.layers.map((l) => [l.name, l.msPerImport]));
  for (const l of c.sides.ours.layers.slice(0, 10)) lines.push(`| ${l.name} | ${l.msPerImport} | ${round(l.shareOfBusy * 100, 1)}% | ${refL.get(l.name) ?? '–'} |`);
  const b = before?.cases.find((x) => x.id === c.id && x.latencyMs === c.latencyMs);
  if (b) {
    const bl = new Map(b.sides.ours.layers.map((l) => [l.name, l.msPerImport]));
    lines.push(
      '',
      `Before the changes of this section (${b.measuredAt ?? before.measuredAt}, load average ${before.loadavg.start.join(', ')}): ours ${b.sides.ours.wallMsMedian} ms, ` +
        `the reference ${b.sides.ref.wallMsMedian} ms (${round(b.sides.ours.wallMsMedian / b.sides.ref.wallMsMedian, 2)}×); ours busy ${b.sides.ours.busyMsPerImport} ms/import. Per layer, before → now (ms/import): ` +
        c.sides.ours.layers
          .slice(0, 8)
          .map((l) => `${l.name} ${bl.get(l.name) ?? 0} → ${l.msPerImport}`)
          .join('; ') +
        '.',
    );
  }
  lines.push('', '<details><summary>Top functions by self time (ours)</summary>', '', '| function | ms/import | share of busy |', '|---|---:|---:|');
  for (const f of c.sides.ours.functions.slice(0, 12)) lines.push(`| \`${f.name}\` | ${f.msPerImport} | ${round(f.shareOfBusy * 100, 1)}% |`);
  lines.push('', '</details>', '');
}
writeBlocks({ 'cpu-profile': lines });
process.stderr.write('bench: wrote bench/cpu_profile_results.json and the cpu-profile block of bench/RESULTS.md\n');

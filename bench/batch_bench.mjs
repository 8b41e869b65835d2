// Batch memory: peak RSS of a 40-model batch of DeepSeek-V3-sized imports vs one import.
// Target: the batch's peak RSS within 1.5x that of one import (a model's result is released once its
// outputs are written, so memory stays flat over a batch).
//
// The fixture hub runs in this process; each CLI run is its own child process, and its peak RSS is
// the kernel's ru_maxrss for that process (read by a preloaded probe at exit). The 40 models are 40
// ids (bench/ds-01 ... bench/ds-40) that all point at the DeepSeek-V3 fixture repo (163 shards).
// The CLI runs as users run it: plain `node`, no --expose-gc, no NODE_OPTIONS. Each measurement is
// repeated (--repeat) and the target is judged on the medians, with every run's figure reported.
//   node bench/batch_bench.mjs [--models 40] [--jobs 4,2] [--repeat 3]
//   (--repeat batch runs per --jobs value, and as many single imports; the first --jobs value is the target's)
// Writes bench/batch_results.json and its own block of bench/RESULTS.md (bench/results_md.mjs).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { DIST, REPOS, ROOT, distUrl, median, round } from './common.mjs';
import { writeBlocks } from './results_md.mjs';

const { values } = parseArgs({
  options: { models: { type: 'string', default: '40' }, jobs: { type: 'string', default: '4,2' }, repeat: { type: 'string', default: '3' } },
});
const REPEAT = Number(values.repeat);
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new Error('--repeat must be a positive integer');
const N = Number(values.models);
const JOBS_LIST = values.jobs.split(',').map(Number);
const JOBS = JOBS_LIST[0];
const TARGET_RATIO = 1.5;

const PROBE = `process.on('exit', () => { process.stderr.write('\\nHFMI_MAX_RSS_KB=' + process.resourceUsage().maxRSS + '\\n'); });`;

function run(script, args) {
  return new Promise((resolvePromise, reject) => {
    const env = { ...process.env };
    delete env.HF_TOKEN;
    delete env.HF_ENDPOINT;
    delete env.NODE_OPTIONS; // as users run it: no --expose-gc, no heap flags
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(PROBE)}`, join(DIST, 'js/cli', script), ...args], { env });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /HFMI_MAX_RSS_KB=(\d+)/.exec(stderr);
      if (code !== 0 || !m) reject(new Error(`${script} exited ${code}:\n${stderr.slice(-2000)}`));
      else resolvePromise({ maxRssMb: Number(m[1]) / 1024, ms: performance.now() - started });
    });
  });
}

const { startFixtureHub } = await import(distUrl('js/fixture-hub/server.js'));
const work = await mkdtemp(join(tmpdir(), 'hfmi-batch-bench-'));
const root = join(work, 'repos');
await mkdir(join(root, 'bench'), { recursive: true });
await mkdir(join(root, 'deepseek-ai'), { recursive: true });
await symlink(join(REPOS, 'deepseek-ai/DeepSeek-V3'), join(root, 'deepseek-ai/DeepSeek-V3'));
const ids = [];
for (let i = 1; i <= N; i++) {
  const name = `ds-${String(i).padStart(2, '0')}`;
  await symlink(join(REPOS, 'deepseek-ai/DeepSeek-V3'), join(root, 'bench', name));
  ids.push(`bench/${name}`);
}
await writeFile(join(work, 'models.txt'), ids.join('\n') + '\n');
const hub = await startFixtureHub({ root });
const load0 = loadavg();
let one;
let batch;
const batches = [];
try {
  // Warm the hub's caches (the repo's tensors.json) so neither measured run pays for them.
  await run('import_model.js', ['deepseek-ai/DeepSeek-V3', '--endpoint', hub.url, '--quiet', '--out', join(work, 'warm')]);
  const ones = [];
  for (let r = 0; r < REPEAT; r++) {
    ones.push(await run('import_model.js', ['deepseek-ai/DeepSeek-V3', '--endpoint', hub.url, '--quiet', '--out', join(work, `one-${r}`)]));
  }
  one = { maxRssMb: median(ones.map((o) => o.maxRssMb)), ms: median(ones.map((o) => o.ms)), runsMb: ones.map((o) => round(o.maxRssMb)) };
  for (const jobs of JOBS_LIST) {
    const bs = [];
    for (let r = 0; r < REPEAT; r++) {
      bs.push(await run('batch_import.js', ['--file', join(work, 'models.txt'), '--endpoint', hub.url, '--quiet', '--jobs', String(jobs), '--out', join(work, `batch-${jobs}-${r}`)]));
      await rm(join(work, `batch-${jobs}-${r}`), { recursive: true, force: true });
    }
    const mb = median(bs.map((b) => b.maxRssMb));
    batches.push({
      jobs,
      maxRssMb: round(mb),
      ms: round(median(bs.map((b) => b.ms)), 0),
      ratio: round(mb / one.maxRssMb, 2),
      runsMb: bs.map((b) => round(b.maxRssMb)),
      ratios: bs.map((b) => round(b.maxRssMb / one.maxRssMb, 2)),
    });
  }
  batch = batches[0];
} finally {
  await hub.close();
  await rm(work, { recursive: true, force: true });
}
const ratio = batch.maxRssMb / one.maxRssMb;
const load1 = loadavg();
const result = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  models: N,
  jobs: JOBS,
  repeat: REPEAT,
  one: { maxRssMb: round(one.maxRssMb), ms: round(one.ms, 0), runsMb: one.runsMb },
  batch: { maxRssMb: batch.maxRssMb, ms: batch.ms },
  batches,
  ratio: round(ratio, 2),
  target: TARGET_RATIO,
  met: ratio <= TARGET_RATIO,
  loadavg: { start: load0.map((x) => round(x, 2)), end: load1.map((x) => round(x, 2)) },
};
writeFileSync(join(ROOT, 'bench/batch_results.json'), JSON.stringify(result, null, 2) + '\n');

const section = [
  '## Batch import: memory over a 40-model batch',
  '',
  `(measured ${result.measuredAt} by \`node bench/batch_bench.mjs\`, Node ${result.node}; load average at start ${result.loadavg.start.join(', ')}, at end ${result.loadavg.end.join(', ')})`,
  '',
  `${N} DeepSeek-V3-sized models (163 shards each; ${N} ids pointing at the DeepSeek-V3 fixture repo) through \`batch-import --file --jobs J --out\`, against one import of DeepSeek-V3 with \`import-model --out\`. Peak RSS is each CLI process's own \`ru_maxrss\` (the fixture hub runs in the benchmark's process, not in the measured one). The CLIs run as users run them: plain \`node\`, no \`--expose-gc\`, no NODE_OPTIONS. Each run is repeated ${REPEAT} times; the tables give the median and every run.`,
  '',
  '| run | peak RSS (median) | runs | wall time (median) |',
  '|---|---:|---|---:|',
  `| one import | ${result.one.maxRssMb} MB | ${result.one.runsMb.join(', ')} MB | ${result.one.ms} ms |`,
  ...batches.map((b) => `| batch of ${N} (jobs ${b.jobs}${b.jobs === JOBS ? ', the default' : ''}) | ${b.maxRssMb} MB (${b.ratio}×) | ${b.runsMb.join(', ')} MB (${b.ratios.join('×, ')}×) | ${b.ms} ms |`),
  '',
  `| target | measured | result |`,
  '|---|---|---|',
  `| batch peak RSS ≤ ${TARGET_RATIO}× one import (jobs ${JOBS}, medians) | ${result.ratio}× (worst run ${Math.max(...batch.ratios)}×) | ${result.met ? 'met' : '**MISSED**'} |`,
  '',
  'Why it is not flat: with `--jobs 4` four models are in flight at once, and each holds its 11 MB of header bytes (kept by the fetch handle so that it can be analysed again), its share of the core\'s WASM memory and, while its files are written, its result (tensors.csv alone is 6.9 MB); V8 reclaims the socket chunks of the header responses (~15 MB per import) lazily. Measured in one process (`node bench/memory_probe.mjs 1 3` and `4 40`): one model at a time peaks at 63 MB of JS heap, 39 MB of ArrayBuffers and 59 MB of WASM memory; four at a time at 115, 116 and 61 MB. The batch already keeps only a small record per finished model (js/cli/run_models.ts: status, outputs written, summary line; with `--json` the architecture, a few KB) and asks V8 for a collection after each model (js/cli/release_memory.ts), which frees what is finished, not what is in flight. How much the four overlap depends on the machine: on a heavily loaded one they barely do (1.33–1.52× in earlier runs at load average 12–16), on a quieter one they do (1.44–2.23× here). The peak is a spike, not a level: two of three runs stop at the same ~490 MB, and a 2 ms in-process sampler (process.memoryUsage) sees at most ~300–345 MB while ru_maxrss records 477 MB; the high-water mark is reached inside synchronous stretches of 0.5–2.6 s that block the event loop (the core\'s decoding and analysis of one model, during which the others\' responses pile up). A process-wide cap of 192 header requests in flight across the batch\'s imports was tried and changed nothing (490 MB), so it was not kept. This branch cut the short-lived buffers of the header reads (one buffer per header, js/hub); what would make it flat is outside its files: a batch-wide cap on header requests in flight (jobs × the default 192), or a handle that drops its header bytes once decoded when it will not be analysed again (js/core/core_api.ts).',
];
writeBlocks({ 'batch-bench': section });
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
if (!result.met) process.exitCode = 1;

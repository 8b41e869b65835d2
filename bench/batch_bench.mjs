// Batch memory: peak RSS of a 40-model batch of DeepSeek-V3-sized imports vs one import.
// Target: the batch's peak RSS within 1.5x that of one import (a model's result is released once its
// outputs are written, so memory stays flat over a batch).
//
// The fixture hub runs in this process; each CLI run is its own child process, and its peak RSS is
// its VmHWM (read by a preloaded probe at exit; see PROBE for why not ru_maxrss). The 40 models are 40
// ids (bench/ds-01 ... bench/ds-40) that all point at the DeepSeek-V3 fixture repo (163 shards).
// The CLI runs as users run it: plain `node`, no --expose-gc, no NODE_OPTIONS. Each measurement is
// repeated (--repeat) and the target is judged on the medians, with every run's figure reported.
//   node bench/batch_bench.mjs [--models 40] [--jobs 4,2] [--repeat 3]
//   (--repeat batch runs per --jobs value, and as many single imports; the first --jobs value is the target's)
//   node bench/batch_bench.mjs --render   (re-writes the RESULTS.md block from bench/batch_results.json, no run)
// Writes bench/batch_results.json and its own block of bench/RESULTS.md (bench/results_md.mjs).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { DIST, REPOS, ROOT, distUrl, median, round } from './common.mjs';
import { writeBlocks } from './results_md.mjs';

const { values } = parseArgs({
  options: { render: { type: 'boolean', default: false }, models: { type: 'string', default: '40' }, jobs: { type: 'string', default: '4,2' }, repeat: { type: 'string', default: '3' } },
});
const REPEAT = Number(values.repeat);
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new Error('--repeat must be a positive integer');
const N = Number(values.models);
const JOBS_LIST = values.jobs.split(',').map(Number);
const JOBS = JOBS_LIST[0];
const TARGET_RATIO = 1.5;

// The probe also samples process.memoryUsage() every 20 ms (a timer that cannot run inside the core's
// synchronous stretches, so its maxima are levels, not the spikes between samples).
// The peak is VmHWM from /proc/self/status: the high-water mark of the process's own memory. Not
// ru_maxrss: on Linux a child spawned with vfork semantics carries the PARENT's high-water mark across
// exec (this bench's process, which holds the fixture hub and grows to ~480 MB over the batches), and
// that is what ru_maxrss reported from the second batch run on (a child at 64 MB of RSS read 478 MB).
const PROBE = `import { readFileSync } from 'node:fs';
const m = {}; setInterval(() => { const u = process.memoryUsage(); for (const k in u) m[k] = Math.max(m[k] ?? 0, u[k]); }, 20).unref();
const hwm = () => { try { return Number(/VmHWM:\\s*(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); } catch { return process.resourceUsage().maxRSS; } };
process.on('exit', () => { process.stderr.write('\\nHFMI_MAX_RSS_KB=' + hwm() + ' HFMI_SAMPLED=' + JSON.stringify(m) + '\\n'); });`;

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
      else {
        const sampled = JSON.parse(/HFMI_SAMPLED=(\{.*\})/.exec(stderr)?.[1] ?? '{}');
        resolvePromise({ maxRssMb: Number(m[1]) / 1024, ms: performance.now() - started, sampledMb: Object.fromEntries(Object.entries(sampled).map(([k, v]) => [k, round(v / 1048576)])) });
      }
    });
  });
}

async function measure() {
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
    one = { maxRssMb: median(ones.map((o) => o.maxRssMb)), ms: median(ones.map((o) => o.ms)), runsMb: ones.map((o) => round(o.maxRssMb)), sampledMb: ones.map((o) => o.sampledMb) };
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
        sampledMb: bs.map((b) => b.sampledMb),
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
    one: { maxRssMb: round(one.maxRssMb), ms: round(one.ms, 0), runsMb: one.runsMb, sampledMb: one.sampledMb },
    batch: { maxRssMb: batch.maxRssMb, ms: batch.ms },
    batches,
    ratio: round(ratio, 2),
    target: TARGET_RATIO,
    met: ratio <= TARGET_RATIO,
    loadavg: { start: load0.map((x) => round(x, 2)), end: load1.map((x) => round(x, 2)) },
  };
  return result;
}

/** The batch-bench block of bench/RESULTS.md for one result (also re-rendered alone by --render). */
function render(r) {
  return [
    '## Batch import: memory over a 40-model batch',
    '',
    `(measured ${r.measuredAt} by \`node bench/batch_bench.mjs\`, Node ${r.node}; load average at start ${r.loadavg.start.join(', ')}, at end ${r.loadavg.end.join(', ')})`,
    '',
    `${r.models} DeepSeek-V3-sized models (163 shards each; ${r.models} ids pointing at the DeepSeek-V3 fixture repo) through \`batch-import --file --jobs J --out\`, against one import of DeepSeek-V3 with \`import-model --out\`. Peak RSS is each CLI process's own high-water mark (\`VmHWM\` in /proc/self/status at exit; not \`ru_maxrss\`, see below) (the fixture hub runs in the benchmark's process, not in the measured one). The CLIs run as users run them: plain \`node\`, no \`--expose-gc\`, no NODE_OPTIONS. Each run is repeated ${r.repeat} times; the tables give the median and every run.`,
    '',
    '| run | peak RSS (median) | runs | wall time (median) |',
    '|---|---:|---|---:|',
    `| one import | ${r.one.maxRssMb} MB | ${r.one.runsMb.join(', ')} MB | ${r.one.ms} ms |`,
    ...r.batches.map((b) => `| batch of ${r.models} (jobs ${b.jobs}${b.jobs === r.jobs ? ', the default' : ''}) | ${b.maxRssMb} MB (${b.ratio}×) | ${b.runsMb.join(', ')} MB (${b.ratios.join('×, ')}×) | ${b.ms} ms |`),
    '',
    `| target | measured | result |`,
    '|---|---|---|',
    `| batch peak RSS ≤ ${TARGET_RATIO}× one import (jobs ${r.jobs}, medians) | ${r.ratio}× (worst run ${Math.max(...r.batches[0].ratios)}×) | ${r.met ? 'met' : '**MISSED**'} |`,
    '',
    ...(r.one.sampledMb
      ? [
          'Levels in the same processes, from a 20 ms sampler of `process.memoryUsage()` (max per run; the timer cannot fire inside the core\'s synchronous stretches, so these are levels, and the peak above also holds the spikes between samples): ' +
            [['one import', r.one.sampledMb], ...r.batches.map((b) => [`jobs ${b.jobs}`, b.sampledMb])]
              .map(([name, runs]) => `${name}: RSS ${runs.map((x) => x.rss).join(', ')} MB, JS heap used ${runs.map((x) => x.heapUsed).join(', ')} MB, ArrayBuffers ${runs.map((x) => x.arrayBuffers).join(', ')} MB`)
              .join('; ') +
            '.',
          '',
        ]
      : []),
    'What this branch changed (issue 14): a batch fetches with `decodeWhileFetching: false` (js/api.ts, js/cli/run_models.ts), so a handle keeps only its bytes and each `analyze()` builds, uses and frees its core session in one synchronous step: the sessions of the models in flight never coexist in the WASM memory. `node bench/memory_probe.mjs 4 8` (decoding while fetching) peaks at 72 MB of WASM memory, `4 8 --deferred` at 59 MB, the same as one model at a time (`1 2`: 59 MB). A model\'s handle, with its 11 MB of header bytes, is unreachable once its analyses are done (before its files are written); the batch keeps a small record per model and asks V8 for a collection after each (js/cli/release_memory.ts). Single imports keep decoding while fetching (the default).',
    '',
    'Why the earlier blocks read 2.17×: a measurement artefact, not the batch. They read `ru_maxrss` (`process.resourceUsage().maxRSS`) in the child. On Linux a child that Node spawns (vfork semantics, shared memory until exec) keeps the parent\'s high-water mark across exec, and the parent here is this benchmark, which holds the fixture hub and grows to ~480 MB while it caches the 40 repos. So every run spawned after the first batch read the benchmark\'s own peak: the jobs-2 runs all read 488.5 MB to the tenth, the first batch run (hub still small) read its true level, and instrumenting the CLI showed `maxRSS` at 478 MB on its first 10 ms tick while its RSS was 64 MB. The sampled levels (above) never passed 336 MB. `VmHWM` is the process\'s own high-water mark (its own address space after exec), spikes between samples included.',
    '',
    'What owns the rest of the peak at jobs 4: the models in flight, not what is finished. The levels above grow with the jobs, not with the 40 models: against one import, the JS heap in use and the ArrayBuffers grow by about four models\' 11 MB of header bytes each while they wait for their turn in the core, plus the socket chunks of their header responses (~15 MB per import, reclaimed lazily by V8). The WASM memory no longer grows with the jobs (59 MB). The margin is small and depends on when V8 collects: on a loaded machine (load average 2 to 6, the batch branch before the merge) the same bench gave a median of 1.51× (runs 1.44×, 1.51×, 1.63×). What would widen it: header responses read straight into the one buffer per header with no intermediate socket chunks (js/hub), or a batch that fetches the next model only when the core is free.',
  ];
}

const result = values.render ? JSON.parse(readFileSync(join(ROOT, 'bench/batch_results.json'), 'utf8')) : await measure();
if (!values.render) writeFileSync(join(ROOT, 'bench/batch_results.json'), JSON.stringify(result, null, 2) + '\n');
writeBlocks({ 'batch-bench': render(result) });
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
if (!result.met) process.exitCode = 1;

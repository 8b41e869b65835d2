#!/usr/bin/env node
// Runs the benchmarks and writes bench/results.json and bench/RESULTS.md.
//   node bench/run.mjs [--runs 5] [--only import,core,size,gguf] [--latencies 0,20,50]
// Each part writes only its own marked blocks of RESULTS.md (bench/results_md.mjs): a part that is not
// run keeps its section as last written.
// (npm run bench builds first if needed, see scripts/bench.sh.)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './common.mjs';
import { renderBlocks } from './report.mjs';
import { writeBlocks } from './results_md.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string', default: 'import,core,size,gguf' },
    latencies: { type: 'string', default: '0,20,50' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const PARTS = ['import', 'core', 'size', 'gguf'];
const parts = new Set(values.only.split(','));
for (const p of parts) if (!PARTS.includes(p)) throw new Error(`--only: unknown part ${p} (parts: ${PARTS.join(', ')})`);
const latencies = values.latencies.split(',').map(Number);
const log = (line) => process.stderr.write(`bench: ${line}\n`);

function gitHead() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const resultsPath = join(ROOT, 'bench/results.json');
const previous = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
const refVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/@huggingface/hub/package.json'), 'utf8')).version;
const results = {
  ...previous,
  generatedAt: new Date().toISOString(),
  environment: {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    commit: gitHead(),
    reference: `@huggingface/hub ${refVersion}`,
    runs,
    loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))),
  },
};

const load = () => loadavg().map((x) => Number(x.toFixed(2)));
/** Runs one part; its results carry their own date, commit, run count and load average. */
async function runPart(name, fn) {
  const start = load();
  const value = await fn();
  results[name] = { ...value, generatedAt: new Date().toISOString(), commit: results.environment.commit, runs, loadAverage: { start, end: load() } };
}
if (parts.has('import')) {
  const { runImportBench } = await import('./import_bench.mjs');
  await runPart('import', () => runImportBench({ runs, latencies, log }));
}
if (parts.has('core')) {
  const { runCoreBench } = await import('./core_bench.mjs');
  await runPart('core', () => runCoreBench({ reps: runs, log }));
}
if (parts.has('size')) {
  const { runSizeBench } = await import('./size_bench.mjs');
  await runPart('size', () => runSizeBench({ instantiations: Math.max(10, runs), log }));
}
if (parts.has('gguf')) {
  const { runGgufBench } = await import('./gguf_bench.mjs');
  await runPart('gguf', () => runGgufBench({ runs, latencies: [0, 50], log })); // the two latencies
}
results.environment.loadAverageAtEnd = loadavg().map((x) => Number(x.toFixed(2)));
const fuzzPath = join(ROOT, 'bench/fuzz_results.json');
if (existsSync(fuzzPath)) results.fuzz = JSON.parse(readFileSync(fuzzPath, 'utf8'));
const sanitizePath = join(ROOT, 'bench/sanitize_results.json');
if (existsSync(sanitizePath)) results.sanitize = JSON.parse(readFileSync(sanitizePath, 'utf8'));

writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');
writeBlocks(renderBlocks(results, parts));
log(`wrote bench/results.json and the ${[...parts].join(', ')} sections of bench/RESULTS.md`);

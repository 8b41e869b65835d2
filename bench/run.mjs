#!/usr/bin/env node
// Runs the benchmarks and writes bench/results.json and bench/RESULTS.md.
//   node bench/run.mjs [--runs 5] [--only import,core,size] [--latencies 0,20,50]
// (npm run bench builds first if needed, see scripts/bench.sh.)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './common.mjs';
import { renderReport } from './report.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    only: { type: 'string', default: 'import,core,size' },
    latencies: { type: 'string', default: '0,20,50' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const parts = new Set(values.only.split(','));
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

if (parts.has('import')) {
  const { runImportBench } = await import('./import_bench.mjs');
  results.import = { ...(await runImportBench({ runs, latencies, log })), generatedAt: new Date().toISOString(), commit: results.environment.commit };
}
if (parts.has('core')) {
  const { runCoreBench } = await import('./core_bench.mjs');
  results.core = { ...(await runCoreBench({ reps: runs, log })), generatedAt: new Date().toISOString(), commit: results.environment.commit };
}
if (parts.has('size')) {
  const { runSizeBench } = await import('./size_bench.mjs');
  results.size = { ...(await runSizeBench({ instantiations: Math.max(10, runs), log })), generatedAt: new Date().toISOString(), commit: results.environment.commit };
}
results.environment.loadAverageAtEnd = loadavg().map((x) => Number(x.toFixed(2)));
const fuzzPath = join(ROOT, 'bench/fuzz_results.json');
if (existsSync(fuzzPath)) results.fuzz = JSON.parse(readFileSync(fuzzPath, 'utf8'));
const sanitizePath = join(ROOT, 'bench/sanitize_results.json');
if (existsSync(sanitizePath)) results.sanitize = JSON.parse(readFileSync(sanitizePath, 'utf8'));

writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');
writeFileSync(join(ROOT, 'bench/RESULTS.md'), renderReport(results));
log('wrote bench/results.json and bench/RESULTS.md');

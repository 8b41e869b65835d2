// Before/after on a shared, noisy machine: this build's importModel, a baseline build's importModel and the
// reference, interleaved run by run in one process against one fixture hub, medians compared. Only the
// ratios within one run mean anything when the load average moves (see RESULTS.md).
//   node bench/ab_bench.mjs --baseline DIR [--label TEXT] [--runs 21] [--warmup 3]
// DIR is a dist/ of the baseline commit (DIR/js/index.node.js; DIR/wasm its own Node core, or a link to dist/wasm
// when only js/ changed), e.g. for a change in js/ only:
//   git stash && npm run build:ts && cp -r dist/js /tmp/base/js && ln -s $PWD/dist/wasm /tmp/base/wasm && git stash pop && npm run build:ts
// and for a change in the core, a copy of the baseline commit built on its own (Node core and TypeScript only):
//   git archive BASE | tar -x -C /tmp/base-src && ln -s $PWD/node_modules /tmp/base-src/node_modules && cd /tmp/base-src &&
//   emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release && cmake --build build/wasm --target hfmi_wasm_node &&
//   bash scripts/build.sh ts   (then --baseline /tmp/base-src/dist)
// Each side gets `warmup` imports per case before the measured ones: V8 compiles the WASM core's hot functions
// with its optimizing tier in the background after their first calls, so the first imports of a process are slower.
// Writes the cpu-ab block of bench/RESULTS.md and bench/ab_results.json.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { AB_CASES, abSides } from './ab_sides.mjs';
import { ROOT, median, round, startHubWorker } from './common.mjs';
import { writeBlocks } from './results_md.mjs';

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    label: { type: 'string', default: 'baseline' },
    runs: { type: 'string', default: '21' },
    warmup: { type: 'string', default: '3' },
  },
});
if (!values.baseline) throw new Error('--baseline DIR is required (a dist/ of the baseline commit)');
const RUNS = Number(values.runs);
const WARMUP = Number(values.warmup);

const CASES = AB_CASES;
const SIDES = await abSides(values.baseline, values.label);
const names = Object.keys(SIDES);

const hub = await startHubWorker();
const load0 = loadavg().map((x) => round(x, 2));
const rows = [];
try {
  for (const c of CASES) {
    await hub.setFaults(c.latencyMs > 0 ? [{ latencyMs: c.latencyMs }] : null);
    const runs = c.id.includes('DeepSeek') ? Math.max(3, Math.ceil(RUNS / 3)) : RUNS;
    const t = Object.fromEntries(names.map((n) => [n, []]));
    for (let w = 0; w < WARMUP; w++) for (const n of names) await SIDES[n](hub.url, c.id); // warm-up
    for (let i = 0; i < runs; i++) {
      for (const n of names.map((_, k) => names[(k + i) % names.length])) {
        const t0 = performance.now();
        await SIDES[n](hub.url, c.id);
        t[n].push(performance.now() - t0);
      }
    }
    const row = { ...c, runs, medians: Object.fromEntries(names.map((n) => [n, round(median(t[n]), 1)])) };
    rows.push(row);
    process.stderr.write(`bench: ab ${c.label}: ${names.map((n) => `${n} ${row.medians[n]} ms`).join(', ')}\n`);
  }
} finally {
  await hub.setFaults(null);
  await hub.close();
}
const result = { measuredAt: new Date().toISOString(), baseline: values.label, warmup: WARMUP, loadavg: { start: load0, end: loadavg().map((x) => round(x, 2)) }, rows };
writeFileSync(join(ROOT, 'bench/ab_results.json'), JSON.stringify(result, null, 2) + '\n');
const b = values.label;
writeBlocks({
  'cpu-ab': [
    `## CPU: before / after (${b} vs now), interleaved`,
    '',
    `(measured ${result.measuredAt} by \`node bench/ab_bench.mjs --baseline … --label "${b}"\`; load average at start ${result.loadavg.start.join(', ')}, at end ${result.loadavg.end.join(', ')})`,
    '',
    `The three clients take turns run by run (order rotated) in one process against one fixture hub, so the load of the shared machine hits them alike; medians of N runs after ${WARMUP} warm-up imports per side. \`${b}\` is the package built from the baseline commit (its js/ and its own Node WASM core).`,
    '',
    `| case | N | ${b} ms | now ms | reference ms | ${b} ×ref | now ×ref | target ×ref |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const m = r.medians;
      return `| ${r.label} | ${r.runs} | ${m[b]} | ${m.now} | ${m.ref} | ${round(m[b] / m.ref, 2)} | ${round(m.now / m.ref, 2)} | ≤ ${r.target} |`;
    }),
  ],
});
process.stderr.write('bench: wrote bench/ab_results.json and the cpu-ab block of bench/RESULTS.md\n');

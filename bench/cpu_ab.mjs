// CPU before/after on a loaded machine: wall time and the client process's CPU time per import, this build
// against a baseline dist and the reference, interleaved run by run (order rotated). The fixture hub runs in
// child processes (one per latency), so process.cpuUsage() counts the client alone (its main thread, GC and
// libuv helpers): on a shared machine the CPU time moves much less than the wall time, which mostly measures
// the scheduler. Prints medians with the 25th-75th percentile spread; writes nothing into RESULTS.md.
//   node bench/cpu_ab.mjs --baseline DIR [--label base] [--runs 21] [--warmup 7] [--only qwen3-0.6b,...] [--out FILE]
// DIR: a dist/ of the baseline commit, as for bench/ab_bench.mjs (DIR/js/index.node.js, DIR/wasm/hfmi_core.node.cjs).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { AB_CASES, abSides } from './ab_sides.mjs';
import { DIST, median, round } from './common.mjs';

const { values } = parseArgs({
  options: {
    baseline: { type: 'string' },
    label: { type: 'string', default: 'base' },
    runs: { type: 'string', default: '21' },
    warmup: { type: 'string', default: '7' },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});
if (!values.baseline) throw new Error('--baseline DIR is required (a dist/ of the baseline commit)');
const RUNS = Number(values.runs);
const WARMUP = Number(values.warmup);

const CASES = AB_CASES.filter((c) => !values.only || values.only.split(',').includes(c.key));
const SIDES = await abSides(values.baseline, values.label);
const names = Object.keys(SIDES);

/** A fixture hub in its own process, with a fixed latency. */
async function startHub(latencyMs) {
  const child = spawn(process.execPath, [join(DIST, 'js/fixture-hub/main.js'), '--port', '0', '--latency-ms', String(latencyMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) res(m[1]);
    });
    child.once('exit', (code) => rej(new Error(`fixture hub exited (${code})`)));
  });
  return { url, close: () => new Promise((res) => (child.once('exit', res), child.kill('SIGTERM'))) };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round((s.length - 1) * p)))];
};
const summary = (xs) => ({ median: round(median(xs), 2), p25: round(pct(xs, 0.25), 2), p75: round(pct(xs, 0.75), 2) });

const hubs = new Map();
const load0 = loadavg().map((x) => round(x, 2));
const rows = [];
try {
  for (const c of CASES) {
    if (!hubs.has(c.latencyMs)) hubs.set(c.latencyMs, await startHub(c.latencyMs));
    const hub = hubs.get(c.latencyMs);
    const runs = c.id.includes('DeepSeek') ? Math.max(3, Math.ceil(RUNS / 3)) : RUNS;
    const wall = Object.fromEntries(names.map((n) => [n, []]));
    const cpu = Object.fromEntries(names.map((n) => [n, []]));
    for (let w = 0; w < WARMUP; w++) for (const n of names) await SIDES[n](hub.url, c.id);
    for (let i = 0; i < runs; i++) {
      for (const n of names.map((_, k) => names[(k + i) % names.length])) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await SIDES[n](hub.url, c.id);
        wall[n].push(performance.now() - t0);
        const d = process.cpuUsage(c0);
        cpu[n].push((d.user + d.system) / 1000);
      }
    }
    const row = { ...c, runs, wall: {}, cpu: {} };
    for (const n of names) {
      row.wall[n] = summary(wall[n]);
      row.cpu[n] = summary(cpu[n]);
    }
    rows.push(row);
    const fmt = (s) => `${s.median} [${s.p25}-${s.p75}]`;
    process.stdout.write(
      `${c.label}, ${runs} runs\n` +
        names.map((n) => `  ${n.padEnd(8)} wall ${fmt(row.wall[n])} ms  cpu ${fmt(row.cpu[n])} ms`).join('\n') +
        `\n  ratios (median): wall now/ref ${round(row.wall.now.median / row.wall.ref.median, 3)}, ${values.label}/ref ${round(row.wall[values.label].median / row.wall.ref.median, 3)}, ` +
        `now/${values.label} ${round(row.wall.now.median / row.wall[values.label].median, 3)}; cpu now/${values.label} ${round(row.cpu.now.median / row.cpu[values.label].median, 3)} (target now/ref ≤ ${c.target})\n`,
    );
  }
} finally {
  for (const h of hubs.values()) await h.close();
}
const result = { measuredAt: new Date().toISOString(), baseline: values.label, runs: RUNS, warmup: WARMUP, loadavg: { start: load0, end: loadavg().map((x) => round(x, 2)) }, rows };
process.stdout.write(`load average at start ${result.loadavg.start.join(', ')}, at end ${result.loadavg.end.join(', ')}\n`);
if (values.out) writeFileSync(values.out, JSON.stringify(result, null, 2) + '\n');

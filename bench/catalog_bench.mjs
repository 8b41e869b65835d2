#!/usr/bin/env node
// The llm-sizer catalogue merge at scale: a synthetic models.json of N entries (the real catalogue's
// 107 model entries repeated with unique ids and hf_model_ids, sorted by parameters_billions, "custom"
// last), then one insert and one replace through the CLI's file path (updateCatalogFile: read, core
// merge, backup, atomic write). Targets (issues 12 and 15): 80,000 entries < 3 s; 300,000 entries < 5 s.
// Writes its own section of bench/RESULTS.md (between catalog-bench markers) and bench/catalog_results.json.
//   node bench/catalog_bench.mjs [--sizes 80000,300000] [--runs 3]
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { ROOT, distUrl, median, round } from './common.mjs';
import { writeBlocks } from './results_md.mjs';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '80000,300000' }, runs: { type: 'string', default: '3' } } });
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const TARGETS = { 80000: 3000, 300000: 5000 };
const log = (line) => process.stderr.write(`catalog bench: ${line}\n`);

const { updateCatalogFile } = await import(distUrl('js/targets/catalog_file.js'));
const real = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/consumers/llm-sizer/models.json'), 'utf8')).models;
const custom = real.find((m) => m.id === 'custom');
const templates = real.filter((m) => m.id !== 'custom');

function synthetic(n) {
  const models = [];
  for (let i = 0; i < n; i++) {
    const t = templates[i % templates.length];
    models.push({
      ...t,
      id: `${t.id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-s${i}`,
      ...(t.hf_model_id !== undefined && { hf_model_id: `${t.hf_model_id}-s${i}` }),
      parameters_billions: 0.1 + (900 * i) / n,
    });
  }
  models.push(custom);
  return JSON.stringify({ models }, null, 2) + '\n';
}

// A real-looking new entry (Llama-3.1-8B's catalogue fields as the core writes them).
const entry = {
  id: 'bench-llama-3-1-8b', name: 'Llama 3.1 8B', hf_model_id: 'meta-llama/Llama-3.1-8B-bench', hidden_size: 4096,
  num_layers: 32, num_heads: 32, default_context_length: 131072, architecture: 'transformer', modality: 'text',
  num_kv_heads: 8, intermediate_size: 14336, vocab_size: 128256, head_dim: 128, attention_type: 'gqa',
  kv_bytes_per_token: 131072, parameters_billions: 8.030261248,
};

const loadStart = loadavg().map((x) => round(x, 2));
// Warm-up: the first call loads and compiles the WASM core.
await (await import(distUrl('js/index.node.js'))).coreVersion();
const dir = await mkdtemp(join(tmpdir(), 'hfmi-catalog-bench-'));
const rows = [];
try {
  for (const n of sizes) {
    const text = synthetic(n);
    const path = join(dir, `models-${n}.json`);
    const times = { insert: [], replace: [], insertCpu: [], replaceCpu: [] };
    const timed = async (key, fn) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = await fn();
      times[key].push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      times[`${key}Cpu`].push((c.user + c.system) / 1000);
      return out;
    };
    for (let r = 0; r < runs; r++) {
      await writeFile(path, text);
      const ins = await timed('insert', () => updateCatalogFile(path, [entry], { replace: false, dryRun: false }));
      if (ins.action !== 'inserted') throw new Error('insert did not insert');
      const rep = await timed('replace', () =>
        updateCatalogFile(path, [{ ...entry, parameters_billions: 8.03 }], { replace: true, dryRun: false }));
      if (rep.action !== 'replaced') throw new Error('replace did not replace');
      for (const f of [ins.backup, rep.backup]) if (f) await rm(f, { force: true });
    }
    const row = {
      entries: n,
      megabytes: round(Buffer.byteLength(text) / 1e6, 1),
      insertMs: round(median(times.insert)),
      replaceMs: round(median(times.replace)),
      insertCpuMs: round(median(times.insertCpu)),
      replaceCpuMs: round(median(times.replaceCpu)),
      targetMs: TARGETS[n],
    };
    log(JSON.stringify(row));
    rows.push(row);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const at = new Date().toISOString();
writeFileSync(join(ROOT, 'bench/catalog_results.json'), JSON.stringify({ generatedAt: at, runs, loadStart, loadEnd: loadavg(), rows }, null, 2) + '\n');
const table = rows.map((r) => {
  const worst = Math.max(r.insertMs, r.replaceMs);
  const result = r.targetMs === undefined ? '' : worst < r.targetMs ? 'met' : '**MISSED**';
  return `| ${r.entries.toLocaleString('en-US')} | ${r.megabytes} MB | ${r.insertMs} ms (CPU ${r.insertCpuMs}) | ${r.replaceMs} ms (CPU ${r.replaceCpuMs}) | ${r.targetMs === undefined ? '—' : `< ${r.targetMs / 1000} s`} | ${result} |`;
});
const ratio = rows.length >= 2 ? round(rows.at(-1).insertMs / rows[0].insertMs, 2) : undefined;
const section = [
  '<!-- catalog-bench -->',
  '## Catalogue merge: llm-sizer models.json at scale',
  '',
  `(measured ${at} by \`node bench/catalog_bench.mjs\`, part of \`npm run bench\`; median of ${runs} runs)`,
  '',
  'A synthetic `models.json` (the real catalogue\'s entries repeated with unique ids, sorted, `custom` last), then one',
  'insert and one `--replace` through the CLI\'s file path: read, the core\'s one-pass scan and splice, backup, atomic',
  'write. Time is the wall time of the whole file operation (the target is judged on it), with the process\'s CPU',
  `time beside it. Load average (1, 5, 15 min) at start ${loadStart.join(', ')}, at end ${loadavg().map((x) => round(x, 2)).join(', ')}`,
  '(2 cores): on a loaded machine the wall time is several times the CPU time.',
  '',
  '| entries | file | insert | replace | target | result |',
  '|---|---|---|---|---|---|',
  ...table,
  '',
  ratio === undefined ? '' : `Time ratio ${rows.at(-1).entries.toLocaleString('en-US')} / ${rows[0].entries.toLocaleString('en-US')} entries: ${ratio}× for ${round(rows.at(-1).entries / rows[0].entries, 2)}× the entries (linear).`,
  '<!-- /catalog-bench -->',
].join('\n');
writeBlocks({ 'catalog-bench': section.split('\n').slice(1, -1) });
log('wrote its section of bench/RESULTS.md');

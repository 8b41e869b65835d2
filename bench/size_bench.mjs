// Size: the gzipped bytes a browser loads for an import (everything reachable from
// dist/js/index.browser.js: our JS and the single-file WASM module with its glue), and the time to
// instantiate the core in a fresh Node process (median of N child processes).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { DIST, ROOT, distUrl, median } from './common.mjs';

/** Relative module specifiers of one JS file: static imports/exports and literal dynamic imports. */
function specifiers(text) {
  const out = new Set();
  const patterns = [
    /\bimport\s+(?:[^'"()]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bexport\s+[^'"]*?\s+from\s+['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) out.add(m[1]);
  return [...out];
}

/** Files reachable from `entry` through relative imports. */
export function reachable(entry) {
  const seen = new Set();
  const stack = [resolve(entry)];
  while (stack.length) {
    const f = stack.pop();
    if (seen.has(f) || !existsSync(f)) continue;
    seen.add(f);
    if (!/\.(m?js|cjs)$/.test(f)) continue;
    const text = readFileSync(f, 'utf8');
    for (const s of specifiers(text)) stack.push(resolve(dirname(f), s));
  }
  return [...seen].sort();
}

function instantiateOnce() {
  const script = `
    const t0 = performance.now();
    const { loadCore } = await import(${JSON.stringify(distUrl('js/core/load_core.node.js'))});
    const core = await loadCore();
    const t1 = performance.now();
    core.version();
    process.stdout.write(JSON.stringify({ importAndInstantiateMs: t1 - t0, sinceProcessStartMs: t1 }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out);
}

export async function runSizeBench({ instantiations = 10, log = () => {} } = {}) {
  const entry = join(DIST, 'js/index.browser.js');
  const files = reachable(entry).map((f) => {
    const raw = readFileSync(f);
    return {
      file: relative(ROOT, f),
      bytes: raw.length,
      gzip: gzipSync(raw, { level: 9 }).length,
      brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const sum = (k, pred = () => true) => files.filter(pred).reduce((s, f) => s + f[k], 0);
  const isWasm = (f) => f.file.includes('dist/wasm/');
  const totals = {
    files: files.length,
    bytes: sum('bytes'),
    gzip: sum('gzip'),
    brotli: sum('brotli'),
    wasmModule: { bytes: sum('bytes', isWasm), gzip: sum('gzip', isWasm), brotli: sum('brotli', isWasm) },
    ourJs: { bytes: sum('bytes', (f) => !isWasm(f)), gzip: sum('gzip', (f) => !isWasm(f)), brotli: sum('brotli', (f) => !isWasm(f)) },
  };
  instantiateOnce(); // warm the file cache
  const runs = Array.from({ length: instantiations }, instantiateOnce);
  const inst = {
    runs: runs.length,
    importAndInstantiateMsMedian: median(runs.map((r) => r.importAndInstantiateMs)),
    sinceProcessStartMsMedian: median(runs.map((r) => r.sinceProcessStartMs)),
    importAndInstantiateMs: runs.map((r) => r.importAndInstantiateMs),
  };
  log(`size: ${totals.files} files, ${totals.bytes} bytes, gzip ${totals.gzip}; instantiate ${inst.importAndInstantiateMsMedian.toFixed(1)} ms`);
  return { entry: relative(ROOT, entry), files, totals, instantiate: inst };
}

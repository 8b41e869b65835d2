// Reports what the static page makes the browser download for an import, gzipped (node:zlib, level 9):
// the JS chunks index.html loads, the chunks those load on demand (the import's: the package's JS and
// its WASM core, whose .wasm is inlined as base64 in the Emscripten ES module), and, for reference, the
// package's own dist/wasm/hfmi_core.browser.mjs.
//   node scripts/build_size.mjs            (in web-demo/, after `next build`)
// Writes BUILD_SIZE.md and out/build-size.json (read by tests/js/web_e2e.test.mjs).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const APP = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(APP, 'out');
const CHUNK_REF = /(?:\/_next\/|^|["'`/])static\/chunks\/([\w.-]+\.js)/g;
const WASM_MARK = 'data:application/octet-stream;base64,';
// The package's light browser build fetches its core as a separate .wasm asset (new URL(..., import.meta.url)).
const WASM_ASSET = /static\/media\/([\w.-]+\.wasm)/g;
// The package's second browser module: the file updaters (Apply to file), loaded on their first call.
const TARGETS_ASSET = /^hfmi_targets\.web\b/;
// The package's light import module (no GGUF, no tool outputs): its loader is in the bundle, but this page never
// loads it: the page shows the tool outputs, so every import asks for them and loads the full module below.
const LIGHT_ASSET = /^hfmi_core\.web\b/;
// The full import module (GGUF and the tool outputs): what every import of this page loads.
const FULL_ASSET = /^hfmi_core_gguf\.web\b/;
const NEVER = 'never (light module)';
// The package's GGUF fetch plan (js/hub/gguf_fetch_plan.ts), a chunk of its own loaded by import() only for a repo that
// lists .gguf files: known by one of its messages, which minifiers keep.
const GGUF_PLAN_MARK = 'left out the vision projector file';
const PACKAGE_MJS = join(APP, 'node_modules/hf-model-import/dist/wasm/hfmi_core.browser.mjs');

const kb = (n) => (n / 1024).toFixed(1);
const gz = (buf) => gzipSync(buf, { level: 9 }).length;

function measure(path) {
  const buf = readFileSync(path);
  return { bytes: buf.length, gzip: gz(buf), text: buf.toString('latin1') };
}

function chunkRefs(text) {
  const refs = new Set();
  for (const m of text.matchAll(CHUNK_REF)) refs.add(m[1]);
  return refs;
}

const html = readFileSync(join(OUT, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<script[^>]*\ssrc="\/_next\/static\/chunks\/([\w.-]+\.js)"/g)].map((m) => m[1]);
if (initial.length === 0) throw new Error('build_size: index.html loads no /_next/static/chunks/*.js');

const files = new Map(); // name -> {bytes, gzip, loaded: 'initial'|'on import'|'on apply', wasm}
const queue = initial.map((name) => [name, 'initial']);
while (queue.length > 0) {
  const [name, loaded] = queue.shift();
  if (files.has(name)) continue;
  const path = join(OUT, '_next/static/chunks', name);
  if (!existsSync(path)) throw new Error(`build_size: ${name} is referenced but not in out/`);
  const m = measure(path);
  const assets = [...m.text.matchAll(WASM_ASSET)].map((a) => a[1]);
  // The file updaters' glue and .wasm (hfmi_targets.web.*) load only when a file is applied, never for an import.
  const updaters = assets.length > 0 && assets.every((a) => TARGETS_ASSET.test(a));
  const light = assets.length > 0 && assets.every((a) => LIGHT_ASSET.test(a));
  const gguf = assets.length === 0 && m.text.includes(GGUF_PLAN_MARK);
  files.set(name, { bytes: m.bytes, gzip: m.gzip, loaded: updaters ? 'on apply' : light ? NEVER : gguf ? 'on GGUF import' : loaded, wasm: m.text.includes(WASM_MARK) || assets.length > 0 });
  for (const asset of assets) {
    const key = `../media/${asset}`;
    if (files.has(key)) continue;
    const a = measure(join(OUT, '_next/static/media', asset));
    files.set(key, { bytes: a.bytes, gzip: a.gzip, loaded: TARGETS_ASSET.test(asset) ? 'on apply' : LIGHT_ASSET.test(asset) ? NEVER : 'on import', wasm: true });
  }
  for (const ref of chunkRefs(m.text)) if (!files.has(ref)) queue.push([ref, 'on import']);
}

const rows = [...files.entries()].map(([name, f]) => ({ file: name.startsWith('../media/') ? `_next/static/media/${name.slice(9)}` : `_next/static/chunks/${name}`, ...f }));
const sum = (list, key) => list.reduce((s, r) => s + r[key], 0);
const initialRows = rows.filter((r) => r.loaded === 'initial');
const lazyRows = rows.filter((r) => r.loaded === 'on import');
const applyRows = rows.filter((r) => r.loaded === 'on apply');
const ggufRows = rows.filter((r) => r.loaded === 'on GGUF import');
const neverRows = rows.filter((r) => r.loaded === NEVER);
const wasmRows = rows.filter((r) => r.wasm && r.loaded === 'on import');
if (wasmRows.length === 0) throw new Error('build_size: no chunk the page loads holds or fetches the WASM core');
const pkg = existsSync(PACKAGE_MJS) ? measure(PACKAGE_MJS) : undefined;

const report = {
  gzipLevel: 9,
  files: rows,
  totals: {
    initial: { bytes: sum(initialRows, 'bytes'), gzip: sum(initialRows, 'gzip') },
    onImport: { bytes: sum(lazyRows, 'bytes'), gzip: sum(lazyRows, 'gzip') },
    wasmChunk: { bytes: sum(wasmRows, 'bytes'), gzip: sum(wasmRows, 'gzip') },
    all: {
      bytes: sum(rows, 'bytes') - sum(applyRows, 'bytes') - sum(ggufRows, 'bytes') - sum(neverRows, 'bytes'),
      gzip: sum(rows, 'gzip') - sum(applyRows, 'gzip') - sum(ggufRows, 'gzip') - sum(neverRows, 'gzip'),
    },
    onApply: { bytes: sum(applyRows, 'bytes'), gzip: sum(applyRows, 'gzip') },
    onGgufImport: { bytes: sum(ggufRows, 'bytes'), gzip: sum(ggufRows, 'gzip') },
    never: { bytes: sum(neverRows, 'bytes'), gzip: sum(neverRows, 'gzip') },
  },
  ...(pkg && { packageMjs: { file: 'hf-model-import/dist/wasm/hfmi_core.browser.mjs', bytes: pkg.bytes, gzip: pkg.gzip } }),
};
writeFileSync(join(OUT, 'build-size.json'), JSON.stringify(report, null, 2) + '\n');

const t = report.totals;
const md = [
  '# Web demo: what the page loads for an import',
  '',
  'Written by `scripts/build_web.sh` after `next build` (sizes from node:zlib gzip, level 9; 1 KB = 1024 bytes).',
  'The WASM core (Emscripten glue and its `.wasm`: a separate asset in the package\'s browser build, inlined as base64 in its single-file build) is loaded on demand when an import starts. The page shows every output, so each import asks for the tool outputs and loads the full import module (`hfmi_core_gguf.web`: GGUF and the tool outputs), never the light one a plain `importModel` loads.',
  '',
  '| what | raw KB | gzipped KB |',
  '|---|---:|---:|',
  `| WASM core + Emscripten glue (the full import module) | ${kb(t.wasmChunk.bytes)} | ${kb(t.wasmChunk.gzip)} |`,
  `| JS loaded with the page (index.html scripts) | ${kb(t.initial.bytes)} | ${kb(t.initial.gzip)} |`,
  `| JS loaded when an import starts (incl. the WASM chunk) | ${kb(t.onImport.bytes)} | ${kb(t.onImport.gzip)} |`,
  `| **all JS for an import** | **${kb(t.all.bytes)}** | **${kb(t.all.gzip)}** |`,
  `| the file updaters' glue + .wasm, loaded only by "Apply to my files" (not part of an import) | ${kb(t.onApply.bytes)} | ${kb(t.onApply.gzip)} |`,
  `| the GGUF fetch plan, loaded only for a repo read from GGUF | ${kb(t.onGgufImport.bytes)} | ${kb(t.onGgufImport.gzip)} |`,
  `| the light import module (glue + .wasm), in the bundle but never loaded by this page | ${kb(t.never.bytes)} | ${kb(t.never.gzip)} |`,
  ...(pkg ? [`| for reference: the package's hfmi_core.browser.mjs | ${kb(pkg.bytes)} | ${kb(pkg.gzip)} |`] : []),
  '',
  '| file | loaded | raw KB | gzipped KB |',
  '|---|---|---:|---:|',
  ...rows.map((r) => `| ${r.file}${r.wasm ? ' (WASM core)' : ''} | ${r.loaded} | ${kb(r.bytes)} | ${kb(r.gzip)} |`),
  '',
].join('\n');
writeFileSync(join(APP, 'BUILD_SIZE.md'), md);
process.stdout.write(md);

#!/usr/bin/env node
// Compares two builds of the package: runs the full analysis of every fixture through two copies of dist/ (a
// baseline, e.g. a copy of dist/ made before a change, and a candidate) and checks that the serialized results are
// byte-identical. For changes meant to leave every output as it was (size and speed work: bench/RESULTS.md
// "size-s10", "size-s11"); not part of `npm test` or `npm run bench`.
//
//   node bench/compare_dists.mjs <baselineDist> <candidateDist>
//
// Env:
//   IDENTITY_CORE      node | browser | single | both (= node,browser, default) | all (= node,browser,single),
//                      or a comma list of node, browser, single
//   IDENTITY_FIXTURES  the project's tests/fixtures (default: this checkout's)
//   IDENTITY_WILD      an extra dir of <org>__<name>/config.json (default: none)
//   IDENTITY_ONLY      substring filter on case names (debugging)
//   IDENTITY_DUMP      a directory: write every baseline/candidate serialization of differing cases there
//   IDENTITY_OPTIONS   a JSON object added to every analysis's options on both sides, e.g. '{"toolOutputs":true}'
//                      (a baseline from before an option ignores it)
//   IDENTITY_DROP      comma list of result keys left out of both sides' results, to compare a lighter result with
//                      a baseline's, e.g. outputs,catalogEntry,perfModelConfig,perfGapReports,definitionSkeletons
//   IDENTITY_SNAPSHOT  1 (default): copy each dist to <tmpdir>/hfmi-compare-dists-<pid>/ first (checked unchanged while copied,
//                      removed at exit), so a rebuild of the dist during the run cannot mix two builds; 0: run in place
//
// Cores: "node"    -> <dist>/js/index.node.js         (wasm/hfmi_core.node.cjs, the package's Node default)
//        "browser" -> <dist>/js/index.browser.js      (wasm/hfmi_core.web.mjs + .wasm, hfmi_core_gguf.web.mjs
//                                                      + .wasm for GGUF repos, loaded in Node through a global
//                                                      fetch that serves file: URLs from disk)
//        "single"  -> <dist>/js/index.single_file.js  (wasm/hfmi_core.browser.mjs, WASM inlined)
// Exit code: 0 all equal, 1 any difference, 2 harness error.
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [baseArg, candArg] = process.argv.slice(2);
if (!baseArg || !candArg) {
  console.error('usage: node bench/compare_dists.mjs <baselineDist> <candidateDist>');
  process.exit(2);
}
const SOURCES = { baseline: resolve(baseArg), candidate: resolve(candArg) };
const DISTS = { ...SOURCES }; // replaced by the snapshots (IDENTITY_SNAPSHOT, default on)
const SNAPSHOT = process.env.IDENTITY_SNAPSHOT !== '0';
const SNAP_DIR = join(tmpdir(), `hfmi-compare-dists-${process.pid}`);
for (const [k, d] of Object.entries(SOURCES)) {
  if (!existsSync(join(d, 'js/index.node.js'))) {
    console.error(`${k} ${d}: no js/index.node.js (not a dist directory?)`);
    process.exit(2);
  }
}
const FIXTURES = resolve(process.env.IDENTITY_FIXTURES ?? join(dirname(fileURLToPath(import.meta.url)), '../tests/fixtures'));
const WILD_EXTRA = process.env.IDENTITY_WILD ? resolve(process.env.IDENTITY_WILD) : '';
const ONLY = process.env.IDENTITY_ONLY;
const DUMP = process.env.IDENTITY_DUMP;
const TOKEN = 'hf_fixture_token';
const EXTRA_OPTIONS = process.env.IDENTITY_OPTIONS ? JSON.parse(process.env.IDENTITY_OPTIONS) : {};
const DROP = (process.env.IDENTITY_DROP ?? '').split(',').filter(Boolean);
/** A result without the IDENTITY_DROP keys (an error or anything not an object as it is). */
function dropped(r) {
  if (DROP.length === 0 || r === null || typeof r !== 'object') return r;
  const o = { ...r };
  for (const k of DROP) delete o[k];
  return o;
}

const CORE_ENTRIES = { node: 'js/index.node.js', browser: 'js/index.browser.js', single: 'js/index.single_file.js' };
const coreSpec = (process.env.IDENTITY_CORE ?? 'both').toLowerCase();
const CORES =
  coreSpec === 'both' ? ['node', 'browser'] : coreSpec === 'all' ? ['node', 'browser', 'single'] : coreSpec.split(',').map((s) => s.trim());
for (const c of CORES) {
  if (!(c in CORE_ENTRIES)) {
    console.error(`IDENTITY_CORE: unknown core "${c}" (node, browser, single, both, all)`);
    process.exit(2);
  }
}

// Browser and single-file entries do not raise the AbortSignal listener threshold as index.node.js does
// (warnings only; no effect on results).
setMaxListeners(1024);

// ------------------------------------------------------------------ snapshots
async function treeHash(dir) {
  const h = createHash('sha256');
  const walk = async (d, rel) => {
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p, `${rel}${e.name}/`);
      else {
        const bytes = await readFile(p);
        h.update(`${rel}${e.name}\0${bytes.length}\0`).update(bytes);
      }
    }
  };
  await walk(dir, '');
  return h.digest('hex');
}

/** Copies `src` to `dst` and returns its tree hash; retries while `src` changes under the copy. */
async function snapshot(src, dst) {
  for (let attempt = 1; attempt <= 15; attempt++) {
    const before = await treeHash(src);
    await rm(dst, { recursive: true, force: true });
    await cp(src, dst, { recursive: true });
    const after = await treeHash(src);
    const copy = await treeHash(dst);
    if (before === after && after === copy) return copy;
    console.log(`${src} changed while being copied; retrying in 2 s`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  throw new Error(`${src} keeps changing (a build running?)`);
}

// ------------------------------------------------------------------ file: URLs for the browser glue
// The Emscripten web glue fetches new URL('hfmi_core*.web.wasm', import.meta.url); Node's fetch refuses file:.
const realFetch = globalThis.fetch;
const fileFetches = [];
globalThis.fetch = async function fetchWithFiles(input, init) {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input?.url;
  if (typeof url === 'string' && url.startsWith('file:')) {
    const path = fileURLToPath(url);
    const bytes = await readFile(path);
    fileFetches.push(path);
    const type = path.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
    return new Response(bytes, { status: 200, headers: { 'content-type': type, 'content-length': String(bytes.length) } });
  }
  return realFetch(input, init);
};

// ------------------------------------------------------------------ serialization
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Canonical text of any value: own string keys in their order (getters read, so lazy outputs are forced). */
function ser(v, seen = new Set()) {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'undefined':
      return '{"$undefined":true}';
    case 'boolean':
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (Number.isFinite(v)) return Object.is(v, -0) ? '{"$number":"-0"}' : JSON.stringify(v);
      return JSON.stringify({ $number: String(v) });
    case 'bigint':
      return JSON.stringify({ $bigint: v.toString() });
    case 'function':
      return JSON.stringify({ $function: v.name });
    case 'symbol':
      return JSON.stringify({ $symbol: String(v) });
  }
  if (seen.has(v)) return '{"$cycle":true}';
  if (ArrayBuffer.isView(v)) {
    const u8 = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return JSON.stringify({ $bytes: v.constructor.name, length: u8.length, sha256: sha256(u8) });
  }
  if (v instanceof Error) return ser(errorObject(v), seen);
  seen.add(v);
  try {
    if (Array.isArray(v)) return '[' + Array.from(v, (x) => ser(x, seen)).join(',') + ']';
    if (v instanceof Map) return ser({ $map: [...v.entries()] }, seen);
    if (v instanceof Set) return ser({ $set: [...v.values()] }, seen);
    // Every own string key, enumerable or not (a getter defined non-enumerable would still be read).
    const parts = [];
    for (const k of Object.getOwnPropertyNames(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      const tag = d.enumerable ? '' : '$nonenum:';
      parts.push(JSON.stringify(tag + k) + ':' + ser(v[k], seen));
    }
    const proto = Object.getPrototypeOf(v);
    const head = proto === Object.prototype || proto === null ? '' : JSON.stringify('$class') + ':' + JSON.stringify(proto.constructor?.name ?? '?') + (parts.length ? ',' : '');
    return '{' + head + parts.join(',') + '}';
  } finally {
    seen.delete(v);
  }
}

function errorObject(e) {
  if (e && typeof e === 'object') {
    const o = { $error: e.constructor?.name ?? 'Error', code: e.code, message: e.message, path: e.path };
    if (e.status !== undefined) o.status = e.status;
    if (e.url !== undefined) o.url = e.url;
    return o;
  }
  return { $thrown: String(e) };
}

// ------------------------------------------------------------------ cases
// Per repo: one fetch (handle), analysed under each option set; plus a deferred-decode fetch.
const REPO_OPTION_SETS = [
  ['default', {}],
  ['tp2', { tp: 2 }],
  ['tp4-ep2-pages-name', { tp: 4, ep: 2, pageSizes: [1, 16], name: 'X', description: 'd', gemmTp: 'split' }],
  ['ctx32k-legacy-gpu', { contextLength: 32768, legacyNames: true, gpuMemory: '24GiB' }],
];
const DEFERRED_OPTIONS = { tp: 2, ep: 2, pageSizes: [16] };
// Per config (no network): analyzeFiles({modelId, config, index?}, options).
const CONFIG_OPTION_SETS = [
  ['default', () => ({})],
  [
    'tp8-ep8-split-legacy-emptycatalog',
    () => ({
      tp: 8,
      ep: 8,
      pageSizes: [1, 16, 64],
      gemmTp: 'split',
      legacyNames: true,
      contextLength: 8192,
      id: 'cfg-x',
      name: 'Cfg X',
      description: 'desc',
      definitions: new TextEncoder().encode('[]'),
    }),
  ],
];

async function listRepos(root) {
  const ids = [];
  for (const org of (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const name of (await readdir(join(root, org))).sort()) {
      if (existsSync(join(root, org, name, 'repo.json'))) ids.push(`${org}/${name}`);
    }
  }
  return ids;
}

/** Config-only inputs: tests/fixtures/hf/*.config.json, <hf-wild>/*\/config.json (+ index), model_types, the shared hf-wild. */
async function listConfigs() {
  const out = [];
  const seen = new Set();
  let dupes = 0;
  const add = async (label, modelId, configPath, indexPath) => {
    const config = await readFile(configPath);
    const index = indexPath ? await readFile(indexPath) : undefined;
    const key = sha256(Buffer.concat([Buffer.from(modelId + '\0'), config, Buffer.from('\0'), index ?? Buffer.alloc(0)]));
    if (seen.has(key)) {
      dupes++;
      return;
    }
    seen.add(key);
    out.push({ label, modelId, config, index });
  };
  const hf = join(FIXTURES, 'hf');
  for (const f of (await readdir(hf)).filter((f) => f.endsWith('.config.json')).sort()) {
    await add(`hf/${f}`, f.replace('.config.json', '').replace('__', '/'), join(hf, f));
  }
  for (const [tag, dir] of [
    ['hf-wild', join(FIXTURES, 'hf-wild')],
    ['model_types', join(FIXTURES, 'model_types')],
    ['shared-hf-wild', WILD_EXTRA],
  ]) {
    if (!existsSync(dir)) continue;
    for (const d of (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      const cfg = join(dir, d, 'config.json');
      if (!existsSync(cfg)) continue;
      const idx = (await readdir(join(dir, d))).find((f) => f.endsWith('.index.json'));
      await add(`${tag}/${d}`, d.replace('__', '/'), cfg, idx ? join(dir, d, idx) : undefined);
    }
  }
  return { configs: out, dupes };
}

/** Every case of one repo, in order: [name, text]. Never throws: errors are results. */
async function repoCases(api, hubUrl, id) {
  const cases = [];
  let handle;
  try {
    handle = await api.fetchModel(id, { hubUrl, accessToken: TOKEN });
    cases.push([`repo ${id} :: handle`, ser(handleView(handle))]);
  } catch (e) {
    cases.push([`repo ${id} :: handle`, ser(errorObject(e))]);
  }
  for (const [label, options] of REPO_OPTION_SETS) {
    if (!handle) {
      cases.push([`repo ${id} :: ${label}`, ser({ $skipped: 'fetch failed' })]);
      if (options.tp !== undefined || options.ep !== undefined) cases.push([`repo ${id} :: ${label} [tp/ep dropped]`, ser({ $skipped: 'fetch failed' })]);
    }
    else cases.push(...(await withFallback(`repo ${id} :: ${label}`, options, (o) => handle.analyze(o))));
  }
  // Second analyze of the same options after others (session reuse must not change the result).
  if (handle) {
    try {
      cases.push([`repo ${id} :: default (again)`, ser(dropped(await handle.analyze({ ...EXTRA_OPTIONS })))]);
    } catch (e) {
      cases.push([`repo ${id} :: default (again)`, ser(errorObject(e))]);
    }
    handle.dispose();
  }
  // The deferred-decode path (what a batch uses): a fresh fetch that keeps only bytes.
  try {
    const h2 = await api.fetchModel(id, { hubUrl, accessToken: TOKEN, decodeWhileFetching: false });
    cases.push(...(await withFallback(`repo ${id} :: deferred tp2-ep2`, DEFERRED_OPTIONS, (o) => h2.analyze(o))));
    h2.dispose();
  } catch (e) {
    cases.push([`repo ${id} :: deferred tp2-ep2`, ser(errorObject(e))]);
    cases.push([`repo ${id} :: deferred tp2-ep2 [tp/ep dropped]`, ser({ $skipped: 'fetch failed' })]);
  }
  return cases;
}

/**
 * The case `name` (the result or the error), and for a set with tp/ep, a second case `name [tp/ep dropped]`: when the
 * first is E_USAGE (tp does not divide the heads...), the same options without tp/ep, so the others stay covered;
 * else {"$notRun":true}. Always two cases, so the case lists of both sides line up whatever each one throws.
 */
async function withFallback(name, given, run) {
  const options = { ...given, ...EXTRA_OPTIONS };
  let text;
  let usage = false;
  try {
    text = ser(dropped(await run(options)));
  } catch (e) {
    text = ser(errorObject(e));
    usage = e?.code === 'E_USAGE';
  }
  const out = [[name, text]];
  if (options.tp !== undefined || options.ep !== undefined) {
    let fb = '{"$notRun":true}';
    if (usage) {
      const { tp, ep, ...rest } = options;
      try {
        fb = ser(dropped(await run(rest)));
      } catch (e) {
        fb = ser(errorObject(e));
      }
    }
    out.push([`${name} [tp/ep dropped]`, fb]);
  }
  return out;
}

/** A handle's data fields (the methods aside). */
function handleView(h) {
  const o = {};
  for (const k of Object.getOwnPropertyNames(h)) if (typeof h[k] !== 'function') o[k] = h[k];
  return o;
}

async function configCases(api, c) {
  const cases = [];
  const local = { modelId: c.modelId, config: c.config, ...(c.index !== undefined && { index: c.index }) };
  for (const [label, make] of CONFIG_OPTION_SETS) {
    cases.push(...(await withFallback(`config ${c.label} :: ${label}`, make(), (o) => api.analyzeFiles(local, o))));
  }
  return cases;
}

// ------------------------------------------------------------------ compare
function firstDiff(a, b) {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
const ctx = (s, at) => s.slice(Math.max(0, at - 100), at + 100);

/** The JSON path of the first difference between two serializations, and for strings the offset inside them. */
function firstDiffPath(a, b) {
  let x;
  let y;
  try {
    x = JSON.parse(a);
    y = JSON.parse(b);
  } catch {
    return { path: '$' };
  }
  const walk = (u, v, path) => {
    if (typeof u === 'string' && typeof v === 'string') {
      if (u === v) return null;
      const at = firstDiff(u, v);
      const show = (s) => JSON.stringify(s.slice(Math.max(0, at - 100), at + 100));
      return { path, at, a: show(u), b: show(v) };
    }
    if (u === null || v === null || typeof u !== 'object' || typeof v !== 'object' || Array.isArray(u) !== Array.isArray(v)) {
      return JSON.stringify(u) === JSON.stringify(v) ? null : { path, a: JSON.stringify(u)?.slice(0, 200), b: JSON.stringify(v)?.slice(0, 200) };
    }
    const ku = Object.keys(u);
    const kv = Object.keys(v);
    for (let i = 0; i < Math.max(ku.length, kv.length); i++) {
      if (ku[i] !== kv[i]) return { path: `${path} (key #${i}: ${ku[i]} vs ${kv[i]})` };
      const d = walk(u[ku[i]], v[kv[i]], Array.isArray(u) ? `${path}[${ku[i]}]` : `${path}[${JSON.stringify(ku[i])}]`);
      if (d) return d;
    }
    return null;
  };
  return walk(x, y, '$') ?? { path: '$ (same values, different text)' };
}

async function main() {
  const t0 = performance.now();
  const hashes = {};
  if (SNAPSHOT) {
    for (const side of ['baseline', 'candidate']) {
      DISTS[side] = join(SNAP_DIR, side);
      hashes[side] = await snapshot(SOURCES[side], DISTS[side]);
    }
  } else {
    for (const side of ['baseline', 'candidate']) hashes[side] = await treeHash(SOURCES[side]);
  }
  const { startFixtureHub } = await import(pathToFileURL(join(DISTS.baseline, 'js/fixture-hub/server.js')).href);
  const repoRoot = join(FIXTURES, 'repos');
  const hub = await startFixtureHub({ root: repoRoot, token: TOKEN });
  const repos = (await listRepos(repoRoot)).filter((id) => !ONLY || `repo ${id}`.includes(ONLY));
  const { configs: allConfigs, dupes } = await listConfigs();
  const configs = allConfigs.filter((c) => !ONLY || `config ${c.label}`.includes(ONLY));
  for (const side of ['baseline', 'candidate']) {
    console.log(`${side.padEnd(9)} ${SOURCES[side]}  (tree sha256 ${hashes[side].slice(0, 16)}${SNAPSHOT ? `, run from snapshot ${DISTS[side]}` : ''})`);
  }
  if (hashes.baseline === hashes.candidate) console.log('note: the two dist trees are byte-identical');
  console.log(`fixture hub ${hub.url} (baseline's server.js, root ${repoRoot}): ${repos.length} repos`);
  console.log(`configs: ${configs.length} (${dupes} duplicate inputs skipped); cores: ${CORES.join(', ')}\n`);

  const summary = [];
  const diffs = [];
  const baseHashes = {}; // core -> case -> sha of the baseline text (cross-core information only)
  try {
    for (const core of CORES) {
      const tc = performance.now();
      fileFetches.length = 0;
      const apis = {};
      for (const side of ['baseline', 'candidate']) {
        apis[side] = await import(pathToFileURL(join(DISTS[side], CORE_ENTRIES[core])).href);
        await apis[side].coreVersion(); // the core warm before the first fetch, on both sides alike
      }
      const time = { baseline: 0, candidate: 0 };
      const runBoth = async (fn) => {
        const out = {};
        for (const side of ['baseline', 'candidate']) {
          const t = performance.now();
          out[side] = await fn(apis[side]);
          time[side] += performance.now() - t;
        }
        return out;
      };
      let cases = 0;
      let equal = 0;
      let repoCaseCount = 0;
      let bytes = 0;
      const errors = new Map(); // baseline error code -> count
      baseHashes[core] = new Map();
      const compare = async (out) => {
        // Aligned by name (a case only one side has is a difference against {"$missing":true}).
        const bMap = new Map(out.candidate);
        const names = [...new Set([...out.baseline.map(([n]) => n), ...out.candidate.map(([n]) => n)])];
        const aMap = new Map(out.baseline);
        for (const name of names) {
          const a = aMap.get(name) ?? '{"$missing":true}';
          const b = bMap.get(name) ?? '{"$missing":true}';
          cases++;
          bytes += a.length;
          baseHashes[core].set(name, sha256(a));
          if (a.startsWith('{"$error"')) {
            const code = JSON.parse(a).code ?? JSON.parse(a).$error;
            errors.set(code, (errors.get(code) ?? 0) + 1);
          }
          if (a === b) equal++;
          else {
            const at = firstDiff(a, b);
            diffs.push({ core, name, at, lenA: a.length, lenB: b.length, a: ctx(a, at), b: ctx(b, at), where: firstDiffPath(a, b) });
            if (DUMP) {
              await mkdir(DUMP, { recursive: true });
              const f = `${core}__${name}`.replace(/[^A-Za-z0-9._-]+/g, '_');
              await writeFile(join(DUMP, `${f}.baseline.json`), a);
              await writeFile(join(DUMP, `${f}.candidate.json`), b);
            }
          }
        }
      };
      const tr = performance.now();
      for (const id of repos) await compare(await runBoth((api) => repoCases(api, hub.url, id)));
      const repoMs = performance.now() - tr;
      repoCaseCount = cases;
      const tf = performance.now();
      for (const c of configs) await compare(await runBoth((api) => configCases(api, c)));
      const cfgMs = performance.now() - tf;
      const wasm = [...new Set(fileFetches)];
      for (const side of ['baseline', 'candidate']) {
        if (core === 'browser' && !wasm.some((p) => p.startsWith(DISTS[side] + '/'))) console.log(`warning: browser core: no .wasm fetched from ${DISTS[side]} (loaded otherwise?)`);
      }
      summary.push({
        core,
        cases,
        equal,
        different: cases - equal,
        mb: bytes / 1e6,
        ms: performance.now() - tc,
        repoMs,
        cfgMs,
        time: { ...time },
        wasm,
        errors,
        repoCases: repoCaseCount,
        configCases: cases - repoCaseCount,
      });
    }
  } finally {
    await hub.close();
    if (SNAPSHOT) await rm(SNAP_DIR, { recursive: true, force: true });
  }

  console.log('core     cases  equal  different   baseline text   time (repos / configs; baseline / candidate)');
  for (const s of summary) {
    console.log(
      `${s.core.padEnd(8)} ${String(s.cases).padStart(5)}  ${String(s.equal).padStart(5)}  ${String(s.different).padStart(9)}   ${s.mb.toFixed(1).padStart(8)} MB     ` +
        `${(s.ms / 1000).toFixed(1)} s (${(s.repoMs / 1000).toFixed(1)} / ${(s.cfgMs / 1000).toFixed(1)}; ${(s.time.baseline / 1000).toFixed(1)} / ${(s.time.candidate / 1000).toFixed(1)})`,
    );
    if (s.errors.size) console.log(`         baseline cases that are errors: ${[...s.errors].map(([c, n]) => `${c} x${n}`).join(', ')}`);
    if (s.wasm.length) for (const p of s.wasm) console.log(`         wasm fetched: ${p}`);
  }
  if (summary[0]) console.log(`         (per core: ${summary[0].repoCases} repo cases from ${repos.length} repos + ${summary[0].configCases} config-only cases from ${configs.length} configs)`);
  if (baseHashes.node && baseHashes.browser) {
    let same = 0;
    let other = [];
    for (const [name, h] of baseHashes.node) (baseHashes.browser.get(name) === h ? same++ : other.push(name));
    console.log(`\ninfo (not checked): baseline node vs browser core: ${same} equal, ${other.length} different${other.length ? ` (e.g. ${other.slice(0, 3).join('; ')})` : ''}`);
  }
  if (diffs.length) {
    console.log(`\n${diffs.length} difference(s); the first ${Math.min(5, diffs.length)}:`);
    for (const d of diffs.slice(0, 5)) {
      const w = d.where;
      console.log(`\n[${d.core}] ${d.name}\n  first difference at char ${d.at} of the serialized result (lengths ${d.lenA} vs ${d.lenB})`);
      console.log(`  baseline : ${d.a}\n  candidate: ${d.b}`);
      console.log(`  field: ${w.path}${w.at !== undefined ? `, char ${w.at} of the string` : ''}`);
      if (w.a !== undefined) console.log(`  baseline : ${w.a}\n  candidate: ${w.b}`);
    }
    const byField = new Map();
    for (const d of diffs) {
      const k = `[${d.core}] ${d.where.path.replace(/\[\d+\]/g, '[i]')}`;
      byField.set(k, (byField.get(k) ?? 0) + 1);
    }
    console.log(`\nfirst differing field, over all ${diffs.length} differences:`);
    for (const [k, n] of [...byField].sort((p, q) => q[1] - p[1]).slice(0, 15)) console.log(`  ${String(n).padStart(5)}  ${k}`);
  }
  console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s: ${diffs.length ? 'DIFFERENT' : 'IDENTICAL'}`);
  return diffs.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    console.error('harness error:', e?.stack ?? e);
    if (SNAPSHOT) await rm(SNAP_DIR, { recursive: true, force: true }).catch(() => {});
    process.exit(2);
  },
);

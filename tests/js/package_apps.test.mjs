// Real bundler builds of a tiny app (tests/apps/bundlers) that imports the package from its packed
// tarball with no bundler settings, then imports a model from the fixture hub in headless Chromium:
// Vite and webpack 5 (and a webpack Node bundle), and a minimal Next 16 app built with `next build --webpack`
// (tests/apps/next-webpack; Next 16 with Turbopack is the web demo: tests/js/web_e2e.test.mjs). The Next app has no
// install of its own: it links web-demo/node_modules, where scripts/build_web.sh installed Next 16 and the tarball.
// The light browser build must be what loads: glue + its own .wasm (application/wasm, so
// instantiateStreaming), no base64-inlined core; an import fetches one .wasm, and the file updaters' module
// (a second .wasm) loads only when the app calls an updater (?apply=1).
// One shared tarball (scripts/pack.sh), the app's committed lockfile installed only when it changed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { ROOT, startHub } from './helpers.mjs';
import { launchChromium, startStaticServer } from './web_support.mjs';

const run = promisify(execFile);
const APP = join(ROOT, 'tests/apps/bundlers');
const NEXT_APP = join(ROOT, 'tests/apps/next-webpack');
const WEB_DEMO_MODULES = join(ROOT, 'web-demo/node_modules');
const LLAMA_TOTAL = 8030261248; // Meta's published parameter count for Llama-3.1-8B
const GGUF_REPO = 'hfmi-gguf/Llama-3.1-8B-Instruct-GGUF';

let hub;
let browser;
before(async () => {
  const { stdout } = await run('bash', [join(ROOT, 'scripts/pack.sh')], { cwd: ROOT });
  const tarball = join(ROOT, stdout.trim());
  const stamp = join(APP, 'node_modules/.hfmi-lock-stamp');
  const lock = await readFile(join(APP, 'package-lock.json'), 'utf8');
  if (!existsSync(stamp) || (await readFile(stamp, 'utf8')) !== lock) {
    // Not `npm ci`: Vite 8 names an optional dependency the registry does not have (napi-windows-process-start-time,
    // 404), which the lockfile therefore lacks and `npm ci` refuses; `npm install --no-save` installs the lockfile's tree.
    await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: APP });
    await writeFile(stamp, lock);
  }
  await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball], { cwd: APP });
  assert.equal(await readFile(join(APP, 'package-lock.json'), 'utf8'), lock, 'installing the tarball changed the lockfile');
  hub = await startHub();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await hub?.close();
});

/** Opens the built app, waits for its import, and returns the result and what the page loaded. */
async function importInChromium(dir, query = '') {
  const server = await startStaticServer(dir);
  const page = await browser.context.newPage();
  const wasm = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push({ url: r.url(), type: r.headers()['content-type'] });
  });
  try {
    await page.goto(`${server.url}/index.html?hub=${encodeURIComponent(hub.url)}${query}`);
    await page.waitForSelector('#result[data-state]', { timeout: 120_000 });
    const text = await page.textContent('#result');
    assert.equal(await page.getAttribute('#result', 'data-state'), 'done', text);
    return { result: JSON.parse(text), wasm };
  } finally {
    await page.close();
    await server.close();
  }
}

/**
 * The same built app with ?apply=1: after the import it inserts the entry into a models.ts text, which loads the
 * file updaters' module (a second .wasm) then, and only then: the import above fetched one .wasm.
 */
async function applyInChromium(dir) {
  const { result, wasm } = await importInChromium(dir, '&apply=1');
  assert.equal(result.total, LLAMA_TOTAL);
  assert.equal(result.action, 'inserted');
  // The entry id is the repo name, lower-cased (FlashInfer-Bench's ids).
  assert.match(result.modelsTs, /^ {4}id: "llama-3\.1-8b",$/m);
  assert.equal(wasm.length, 2, JSON.stringify(wasm));
  assert.ok(wasm.every((w) => w.type === 'application/wasm'), JSON.stringify(wasm));
}

/**
 * The same built app with ?tools=1: one fetch, the light analysis, then the tool outputs of the same handle. The
 * light import module loads first, the full one (a second .wasm) only for the tool outputs, and the hub gets no
 * request more than a plain import's.
 */
async function toolOutputsInChromium(dir) {
  const requests = async (query) => {
    const before = hub.stats().requests;
    const loaded = await importInChromium(dir, query);
    return { ...loaded, requests: hub.stats().requests - before };
  };
  const plain = await requests('');
  const { result, wasm, requests: made } = await requests('&tools=1');
  assert.equal(made, plain.requests, 'the tool outputs made requests to the hub');
  assert.equal(result.total, LLAMA_TOTAL);
  assert.equal(result.fullTotal, LLAMA_TOTAL);
  for (const key of ['outputs', 'catalogEntry', 'perfModelConfig', 'perfGapReports', 'definitionSkeletons']) {
    assert.ok(!result.lightKeys.includes(key), `the light result holds ${key}`);
  }
  // One row per tensor of the fixture's headers (tensors.json), and the catalogue entry names the repo.
  const tensors = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/repos/meta-llama/Llama-3.1-8B/tensors.json'), 'utf8'));
  assert.equal(result.tensorRows, Object.values(tensors.shards).reduce((n, rows) => n + rows.length, 0));
  assert.equal(result.catalogId, 'meta-llama/Llama-3.1-8B');
  assert.equal(wasm.length, 2, JSON.stringify(wasm));
  assert.match(wasm[0].url, /hfmi_core\.web[^/]*\.wasm$/, JSON.stringify(wasm));
  assert.match(wasm[1].url, /hfmi_core_gguf\.web[^/]*\.wasm$/, JSON.stringify(wasm));
}

/** Every built JS file: none may carry the base64-inlined core. */
async function assertNoInlinedCore(dir) {
  for (const f of await readdir(dir, { recursive: true })) {
    if (!/\.m?js$/.test(f)) continue;
    const text = await readFile(join(dir, f), 'utf8');
    // The glue always holds the bare prefix (its isDataURI check); an inlined core follows it with megabytes of base64.
    assert.ok(!/data:application\/octet-stream;base64,[A-Za-z0-9+/]{1000}/.test(text), `${f} inlines the WASM core`);
  }
}

describe('bundlers, no settings, the packed tarball', () => {
  test('Vite: builds, loads the .wasm as its own file, and imports Llama-3.1-8B (safetensors, then GGUF)', async () => {
    const out = join(APP, 'dist/vite');
    await run(process.execPath, [join(APP, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { cwd: APP });
    await assertNoInlinedCore(out);
    const { result, wasm } = await importInChromium(out);
    assert.equal(result.total, LLAMA_TOTAL);
    assert.equal(wasm.length, 1, JSON.stringify(wasm));
    assert.equal(wasm[0].type, 'application/wasm');
    assert.match(wasm[0].url, /hfmi_core\.web[^/]*\.wasm$/, 'the import fetched another module than the GGUF-free core');
    await applyInChromium(out);
    await toolOutputsInChromium(out);
    // A repo read from GGUF loads the core with GGUF instead (and only it); its files and published count come from
    // the fixture's gguf.json.
    const spec = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/repos', GGUF_REPO, 'gguf.json'), 'utf8'));
    const gguf = await importInChromium(out, `&model=${encodeURIComponent(GGUF_REPO)}`);
    assert.equal(gguf.result.total, spec.source_parameters);
    assert.deepEqual(gguf.result.ggufFiles.sort(), Object.keys(spec.files).sort());
    assert.equal(gguf.wasm.length, 1, JSON.stringify(gguf.wasm));
    assert.match(gguf.wasm[0].url, /hfmi_core_gguf\.web[^/]*\.wasm$/, 'a GGUF import fetched another module than the GGUF core');
  });

  test('webpack 5: builds, loads the .wasm as its own file, and imports Llama-3.1-8B', async () => {
    const out = join(APP, 'dist/webpack');
    await run(process.execPath, [join(APP, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production', '--output-path', out], { cwd: APP });
    await cp(join(APP, 'index.html'), join(out, 'index.html'));
    const html = (await readFile(join(out, 'index.html'), 'utf8')).replace('<script type="module" src="/src/index.js"></script>', '<script src="main.js"></script>');
    await writeFile(join(out, 'index.html'), html);
    await assertNoInlinedCore(out);
    const { result, wasm } = await importInChromium(out);
    assert.equal(result.total, LLAMA_TOTAL);
    assert.equal(wasm.length, 1, JSON.stringify(wasm));
    assert.equal(wasm[0].type, 'application/wasm');
    await applyInChromium(out);
  });

  test('webpack 5 Node bundle (--target node): runs away from node_modules and imports Llama-3.1-8B', async () => {
    const out = join(APP, 'dist/webpack-node');
    await run(process.execPath, [join(APP, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production', '--target', 'node',
      '--entry', './src/node.js', '--output-path', out], { cwd: APP });
    const away = await mkdtemp(join(tmpdir(), 'hfmi-webpack-node-'));
    await cp(out, away, { recursive: true });
    const { stdout } = await run(process.execPath, [join(away, 'main.js'), hub.url], { cwd: away });
    assert.equal(stdout.trim(), String(LLAMA_TOTAL));
  });

  test('Next 16 webpack (next build --webpack, static export): loads the .wasm as its own file, and imports Llama-3.1-8B', async (t) => {
    const installed = join(WEB_DEMO_MODULES, 'hf-model-import/dist/wasm/hfmi_core.web.wasm');
    assert.ok(existsSync(installed), 'web-demo/node_modules has no packed hf-model-import: run scripts/build.sh web first');
    assert.ok((await readFile(installed)).equals(await readFile(join(ROOT, 'dist/wasm/hfmi_core.web.wasm'))),
      'web-demo/node_modules holds an older tarball than dist/: run scripts/build.sh web');
    if (!existsSync(join(NEXT_APP, 'node_modules'))) await symlink('../../../web-demo/node_modules', join(NEXT_APP, 'node_modules'), 'dir');
    await rm(join(NEXT_APP, 'out'), { recursive: true, force: true });
    const t0 = performance.now();
    await run(process.execPath, [join(WEB_DEMO_MODULES, 'next/dist/bin/next'), 'build', '--webpack'], {
      cwd: NEXT_APP,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    t.diagnostic(`next build --webpack: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const out = join(NEXT_APP, 'out');
    await assertNoInlinedCore(out);
    const { result, wasm } = await importInChromium(out);
    assert.equal(result.total, LLAMA_TOTAL);
    assert.equal(wasm.length, 1, JSON.stringify(wasm));
    assert.equal(wasm[0].type, 'application/wasm');
    await applyInChromium(out);
  });
});

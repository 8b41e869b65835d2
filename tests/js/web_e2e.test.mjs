// The web demo in a real browser: Debian's headless Chromium (playwright-core) loads the static export
// (web-demo/out, built by scripts/build_web.sh) from a loopback file server, and the page imports models
// from the loopback fixture hub. Its results are compared with the CLI's for the same inputs.
// This test builds nothing: without web-demo/out it fails (run scripts/build_web.sh).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { FIXTURES, FIXTURE_TOKEN, ROOT, runCli, tempDir } from './helpers.mjs';
import {
  WEB_OUT,
  fixtureGating,
  openLinkAndConfirm,
  runAndWait,
  shownError,
  startWebSession,
  typeEndpoint,
  waitForRun,
} from './web_support.mjs';

const run = promisify(execFile);
const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');
const DOCS_SCREENSHOT = join(ROOT, 'docs', 'screenshot-add-model.png');
const REPOS = join(FIXTURES, 'repos');
const LLAMA = 'meta-llama/Llama-3.1-8B';
const DEEPSEEK = 'deepseek-ai/DeepSeek-V3';
/** PROVENANCE.md: Llama-3.1-8B has 8,030,261,248 parameters (CALC, cross-checked). */
const LLAMA_PARAMS = 8_030_261_248;

let hub;
let site;
let gating;
/** Every request any page made: {url, method, headers}. */
let requests = [];

async function repoConfig(id) {
  return JSON.parse(await readFile(join(REPOS, id, 'config.json'), 'utf8'));
}

async function repoShardCount(id) {
  const repo = JSON.parse(await readFile(join(REPOS, id, 'repo.json'), 'utf8'));
  return repo.files.filter((f) => f.endsWith('.safetensors')).length;
}

/** num_hidden_layers, read from the config as published (top level or text_config). */
function configLayers(config) {
  return config.num_hidden_layers ?? config.text_config?.num_hidden_layers ?? config.n_layer;
}

/** The CLI on the same inputs: model_architecture.json (--json) and the output folder (--out). */
async function cliImport(model, extraArgs = []) {
  const out = await tempDir('hfmi-web-cli-');
  const args = ['--model', model, '--endpoint', hub.url, '--json', '--quiet', '--out', out, ...extraArgs];
  if (gating[model]) args.push('--token', FIXTURE_TOKEN);
  const r = await runCli(args, { timeoutMs: 240_000 });
  assert.equal(r.code, 0, `CLI failed for ${model}: ${r.stderr}`);
  return {
    jsonText: r.stdout,
    architecture: JSON.parse(r.stdout),
    entryFile: await readFile(join(out, 'models_ts_entry.ts')),
    outDir: out,
  };
}

/** Uncaught exceptions in any page: each test ends by asserting there were none. */
let pageErrors = [];

const openPage = () => session.openPage();

async function closePage(page) {
  await page.close();
  assert.deepEqual(pageErrors, [], 'the page threw');
}

/** Opens a shareable link; if the repo is gated, the token is typed in and the import run again. */
async function importViaLink(page, params, { timeout = 240_000 } = {}) {
  const query = new URLSearchParams({ ...params, endpoint: hub.url });
  // The fixture hub is not huggingface.co: the page shows the link's endpoint and asks first.
  assert.equal(await openLinkAndConfirm(page, `${site.url}/?${query}`), hub.url);
  let state = await waitForRun(page, { timeout });
  if (state === 'error' && gating[params.model]) {
    assert.equal((await shownError(page))?.code, 'E_GATED');
    // A token goes only to an endpoint the user typed: type it, then the token.
    await typeEndpoint(page, hub.url);
    await page.getByTestId('token-input').fill(FIXTURE_TOKEN);
    state = await runAndWait(page, () => page.getByTestId('run-button').click(), { timeout });
  }
  assert.equal(state, 'done', `import of ${params.model} failed: ${JSON.stringify(await shownError(page))}`);
}

async function shownNumbers(page) {
  return {
    totalText: (await page.getByTestId('total-params').textContent()).trim(),
    total: Number(await page.getByTestId('total-params').getAttribute('data-value')),
    layersText: (await page.getByTestId('num-layers').textContent()).trim(),
    layers: Number(await page.getByTestId('num-layers').getAttribute('data-value')),
  };
}

/** The memory table shows every dtype's parameters and bytes, and each precision's bytes; the KV panel its numbers. */
async function assertMemoryAndKv(page, architecture) {
  const table = page.getByTestId('memory-table');
  const byDtype = Object.entries(architecture.parameters.by_dtype);
  assert.ok(byDtype.length > 0);
  for (const [dtype, n] of byDtype) {
    assert.equal(Number(await table.locator(`tr[data-dtype="${dtype}"]`).getAttribute('data-params')), n, dtype);
  }
  for (const [dtype, bytes] of Object.entries(architecture.memory?.stored_bytes_by_dtype ?? {})) {
    assert.equal(Number(await table.locator(`tr[data-dtype="${dtype}"]`).getAttribute('data-bytes')), bytes, dtype);
  }
  for (const key of ['weight_bytes_stored', 'fp32_bytes', 'bf16_bytes', 'fp8_bytes', 'int4_bytes']) {
    if (typeof architecture.memory?.[key] !== 'number') continue;
    assert.equal(Number(await table.locator(`tr[data-precision="${key}"]`).getAttribute('data-bytes')), architecture.memory[key], key);
  }
  const kv = architecture.kv_cache;
  assert.ok(kv, 'model_architecture.json has no kv_cache');
  assert.equal(Number(await page.getByTestId('kv-bytes-per-token').getAttribute('data-value')), kv.bytes_per_token);
  assert.equal(await page.getByTestId('context-length-input').inputValue(), String(kv.context_length));
  assert.equal(Number(await page.getByTestId('kv-bytes-for-context').getAttribute('data-value')), kv.bytes_for_context);
}

async function downloadBytes(page, testId) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path), path };
}

async function screenshot(page, name, options = {}) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, ...options });
  return path;
}

let session;
before(async () => {
  gating = await fixtureGating(REPOS);
  session = await startWebSession();
  ({ hub, site, requests, pageErrors } = session);
});

after(async () => {
  await session?.close();
});

describe('web demo in headless Chromium', { timeout: 900_000 }, () => {
  test('dense model from a shareable link: Llama-3.1-8B, equal to the CLI', { timeout: 180_000 }, async () => {
    const page = await openPage();
    await importViaLink(page, { model: LLAMA });
    const shown = await shownNumbers(page);
    const config = await repoConfig(LLAMA);
    assert.equal(shown.total, LLAMA_PARAMS);
    assert.equal(shown.totalText, '8,030,261,248');
    assert.equal(shown.layers, 32);
    assert.equal(shown.layers, config.num_hidden_layers);
    assert.equal(shown.layersText, String(config.num_hidden_layers));
    // progress: every shard header, as many as the repo has
    const shards = await repoShardCount(LLAMA);
    assert.match(await page.getByTestId('progress-header').textContent(), new RegExp(`${shards}/${shards}`));

    const cli = await cliImport(LLAMA);
    const reportText = await page.getByTestId('report-json').textContent();
    assert.deepEqual(JSON.parse(reportText), cli.architecture);
    assert.equal(reportText + '\n', cli.jsonText);
    assert.equal(cli.architecture.parameters.total, LLAMA_PARAMS);

    const entryText = await page.getByTestId('models-ts').textContent();
    assert.equal(entryText + '\n', cli.entryFile.toString('utf8'));
    const download = await downloadBytes(page, 'download-models-ts');
    assert.equal(download.name, 'models_ts_entry.ts');
    assert.ok(download.bytes.equals(cli.entryFile), 'downloaded models.ts entry differs from the CLI\'s models_ts_entry.ts');

    // the regions a person reads are there and hold this model's numbers
    assert.equal(await page.getByTestId('param-chart').locator('svg rect').count() > 0, true);
    const components = Object.entries(cli.architecture.parameters.by_component).filter(([, v]) => v > 0);
    assert.equal(await page.getByTestId('param-chart').locator('svg g[data-component]').count(), components.length);
    assert.ok((await page.getByTestId('module-tree').locator('[data-module]').count()) > 0);
    await assertMemoryAndKv(page, cli.architecture);
    await screenshot(page, 'llama-3.1-8b-full', { fullPage: true });
    await closePage(page);
  });

  test('sharded MoE model: DeepSeek-V3 with TP 8 / EP 8, equal to the CLI, zip of the output folder', { timeout: 480_000 }, async () => {
    const page = await openPage();
    await importViaLink(page, { model: DEEPSEEK, tp: '8', ep: '8' });
    assert.equal(await page.getByTestId('tp-input').inputValue(), '8');
    assert.equal(await page.getByTestId('ep-input').inputValue(), '8');
    const config = await repoConfig(DEEPSEEK);
    const shown = await shownNumbers(page);
    assert.equal(shown.layers, 61);
    assert.equal(shown.layers, config.num_hidden_layers);
    const shards = await repoShardCount(DEEPSEEK);
    assert.equal(shards, 163);
    assert.match(await page.getByTestId('progress-header').textContent(), /163\/163/);

    const cli = await cliImport(DEEPSEEK, ['--tp', '8', '--ep', '8']);
    assert.equal(shown.total, cli.architecture.parameters.total);
    assert.equal(shown.totalText, cli.architecture.parameters.total.toLocaleString('en-US'));
    assert.equal(cli.architecture.parameters.source, 'safetensors');
    const reportText = await page.getByTestId('report-json').textContent();
    assert.deepEqual(JSON.parse(reportText), cli.architecture);
    assert.equal(reportText + '\n', cli.jsonText);
    if (cli.architecture.parameters.active !== cli.architecture.parameters.total) {
      assert.equal(Number(await page.getByTestId('active-params').getAttribute('data-value')), cli.architecture.parameters.active);
    }
    await assertMemoryAndKv(page, cli.architecture);
    // The README's picture: the page down to the memory and KV-cache panels (before any click scrolls it).
    await page.evaluate(() => window.scrollTo(0, 0));
    const kvBox = await page.getByTestId('kv-cache').boundingBox();
    const overview = await screenshot(page, 'deepseek-v3-overview', {
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.ceil(kvBox.y + kvBox.height + 24) },
    });
    const docsMissing = await access(DOCS_SCREENSHOT).then(() => false, () => true);
    if (docsMissing || process.env.HFMI_UPDATE_SCREENSHOT === '1') {
      await mkdir(join(ROOT, 'docs'), { recursive: true });
      await copyFile(overview, DOCS_SCREENSHOT);
    }
    // dense and MoE decoder blocks are siblings whose counts come from the config (3 + 58)
    const tree = page.getByTestId('module-tree');
    const dense = config.first_k_dense_replace;
    assert.ok((await tree.locator(`[data-module][data-count="${dense}"]`).count()) > 0, `no module with count ${dense}`);
    assert.ok((await tree.locator(`[data-module][data-count="${config.num_hidden_layers - dense}"]`).count()) > 0);

    const entryText = await page.getByTestId('models-ts').textContent();
    assert.equal(entryText + '\n', cli.entryFile.toString('utf8'));
    const download = await downloadBytes(page, 'download-models-ts');
    assert.ok(download.bytes.equals(cli.entryFile), 'downloaded models.ts entry differs from the CLI\'s models_ts_entry.ts');

    // The zip holds the same files as the CLI's --out folder, byte for byte (checked with Info-ZIP's unzip).
    const zip = await downloadBytes(page, 'download-zip');
    assert.match(zip.name, /\.zip$/);
    await run('unzip', ['-tq', zip.path]);
    const { stdout: listing } = await run('unzip', ['-Z1', zip.path]);
    const entries = listing.trim().split('\n');
    const { readdir } = await import('node:fs/promises');
    const cliFiles = (await readdir(cli.outDir)).sort();
    assert.deepEqual(entries.map((e) => e.split('/').pop()).sort(), cliFiles);
    for (const entry of entries) {
      const { stdout } = await run('unzip', ['-p', zip.path, entry], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
      const expected = await readFile(join(cli.outDir, entry.split('/').pop()));
      assert.ok(stdout.equals(expected), `${entry} in the zip differs from the CLI's file`);
    }

    await screenshot(page, 'deepseek-v3-full', { fullPage: true });
    await closePage(page);
  });

  test('KV cache for a chosen context length equals the CLI\'s --context (sliding-window model)', { timeout: 240_000 }, async () => {
    const model = 'google/gemma-2-9b-it';
    const config = await repoConfig(model);
    assert.ok(config.sliding_window > 0, 'the fixture should have sliding-window layers');
    const page = await openPage();
    await importViaLink(page, { model });
    const cli = await cliImport(model);
    await assertMemoryAndKv(page, cli.architecture);
    // one context inside the window, one far past it
    for (const context of [Math.floor(config.sliding_window / 4), config.sliding_window * 8]) {
      const args = ['--model', model, '--endpoint', hub.url, '--json', '--quiet', '--context', String(context)];
      if (gating[model]) args.push('--token', FIXTURE_TOKEN);
      const r = await runCli(args, { timeoutMs: 240_000 });
      assert.equal(r.code, 0, r.stderr);
      const expected = JSON.parse(r.stdout).kv_cache.bytes_for_context;
      await page.getByTestId('context-length-input').fill(String(context));
      if ((await page.getByTestId('kv-recompute').count()) > 0) {
        assert.equal(await runAndWait(page, () => page.getByTestId('kv-recompute').click()), 'done');
        assert.equal(JSON.parse(await page.getByTestId('report-json').textContent()).kv_cache.context_length, context);
      }
      assert.equal(Number(await page.getByTestId('kv-bytes-for-context').getAttribute('data-value')), expected, `context ${context}`);
    }
    await closePage(page);
  });

  test('gated repo: the gated error, then success with a token that never reaches the URL or storage', { timeout: 180_000 }, async () => {
    const gatedRepos = Object.keys(gating).filter((id) => gating[id]).sort();
    assert.ok(gatedRepos.length > 0, 'the fixture hub has no gated repo');
    const model = gatedRepos.includes(LLAMA) ? LLAMA : gatedRepos[0];
    const page = await openPage();
    await openLinkAndConfirm(page, `${site.url}/?${new URLSearchParams({ model, endpoint: hub.url })}`);
    assert.equal(await waitForRun(page), 'error');
    const err = await shownError(page);
    assert.equal(err.code, 'E_GATED');
    assert.ok(err.message.includes(model), err.message);
    const action = await page.getByTestId('error-action').textContent();
    assert.match(action, /request access/i);
    assert.match(action, /token/i);
    await screenshot(page, 'gated-error', { fullPage: true });

    const before = requests.length;
    await typeEndpoint(page, hub.url);
    await page.getByTestId('token-input').fill(FIXTURE_TOKEN);
    assert.equal(await runAndWait(page, () => page.getByTestId('run-button').click()), 'done');
    assert.equal(Number(await page.getByTestId('num-layers').getAttribute('data-value')), configLayers(await repoConfig(model)));

    // the token went to the hub in the Authorization header only
    const hubRequests = requests.slice(before).filter((r) => r.url.startsWith(hub.url));
    assert.ok(hubRequests.length > 0);
    assert.ok(hubRequests.some((r) => r.headers.authorization === `Bearer ${FIXTURE_TOKEN}`));
    assert.ok(requests.every((r) => !r.url.includes(FIXTURE_TOKEN)), 'a request URL carries the token');
    assert.ok(!page.url().includes(FIXTURE_TOKEN), page.url());
    assert.ok(page.url().includes(`model=${encodeURIComponent(model)}`), page.url());
    const stored = await page.evaluate(() => JSON.stringify({
      local: Object.entries(localStorage),
      session: Object.entries(sessionStorage),
      cookie: document.cookie,
      history: JSON.stringify(history.state),
    }));
    assert.ok(!stored.includes(FIXTURE_TOKEN), `token found in browser storage: ${stored}`);
    assert.ok(!(await page.getByTestId('share-link').getAttribute('href')).includes(FIXTURE_TOKEN));
    await screenshot(page, 'gated-after-token');
    await closePage(page);
  });

  test('a missing repo shows not-found', { timeout: 120_000 }, async () => {
    const page = await openPage();
    const model = 'hfmi-tests/no-such-model';
    await openLinkAndConfirm(page, `${site.url}/?${new URLSearchParams({ model, endpoint: hub.url })}`);
    assert.equal(await waitForRun(page), 'error');
    const err = await shownError(page);
    assert.equal(err.code, 'E_NOT_FOUND');
    assert.ok(err.message.includes(model), err.message);
    assert.match(await page.locator('.card.error h2').textContent(), /not found/i);
    await screenshot(page, 'not-found', { fullPage: true });
    await closePage(page);
  });

  test('offline: a dropped config.json is analysed with no network', { timeout: 120_000 }, async () => {
    const page = await openPage();
    await page.goto(`${site.url}/`);
    const before = requests.length;
    const configPath = join(FIXTURES, 'hf', 'Qwen__Qwen3-8B.config.json');
    const config = JSON.parse(await readFile(configPath, 'utf8'));
    await page.getByTestId('offline-file-input').setInputFiles(configPath);
    assert.equal(await waitForRun(page), 'done');
    assert.equal(Number(await page.getByTestId('num-layers').getAttribute('data-value')), 36);
    assert.equal(Number(await page.getByTestId('num-layers').getAttribute('data-value')), config.num_hidden_layers);
    const report = JSON.parse(await page.getByTestId('report-json').textContent());
    assert.equal(report.parameters.source, 'config');
    assert.equal(report.hidden_size, config.hidden_size);
    const hubRequests = requests.slice(before).filter((r) => r.url.startsWith(hub.url));
    assert.deepEqual(hubRequests, [], 'offline mode must not touch the hub');
    await screenshot(page, 'offline-config', { fullPage: true });
    await closePage(page);
  });

  test('offline: config.json + a safetensors header file give the same counts as the hub import', { timeout: 120_000 }, async () => {
    const model = 'Qwen/Qwen3-0.6B';
    // The header file: the first 8 + N bytes of model.safetensors, as a user could cut them from a download.
    const url = `${hub.url}/${model}/resolve/main/model.safetensors`;
    const first8 = Buffer.from(await (await fetch(url, { headers: { Range: 'bytes=0-7' } })).arrayBuffer());
    const n = Number(first8.readBigUInt64LE(0));
    const header = Buffer.from(await (await fetch(url, { headers: { Range: `bytes=0-${8 + n - 1}` } })).arrayBuffer());
    assert.equal(header.length, 8 + n);
    const dir = await tempDir('hfmi-web-offline-');
    await writeFile(join(dir, 'model.safetensors'), header);
    await copyFile(join(REPOS, model, 'config.json'), join(dir, 'config.json'));

    const cli = await cliImport(model);
    const page = await openPage();
    await page.goto(`${site.url}/`);
    const before = requests.length;
    await page.getByTestId('offline-file-input').setInputFiles([join(dir, 'config.json'), join(dir, 'model.safetensors')]);
    assert.equal(await waitForRun(page), 'done');
    const report = JSON.parse(await page.getByTestId('report-json').textContent());
    assert.equal(report.parameters.source, 'safetensors');
    assert.equal(report.parameters.total, cli.architecture.parameters.total);
    assert.deepEqual(report.parameters.by_dtype, cli.architecture.parameters.by_dtype);
    assert.equal(Number(await page.getByTestId('total-params').getAttribute('data-value')), cli.architecture.parameters.total);
    assert.deepEqual(requests.slice(before).filter((r) => r.url.startsWith(hub.url)), []);
    await closePage(page);
  });

  test('network log: only the fixture hub and the static server were contacted', async () => {
    assert.ok(requests.length > 0);
    const origins = new Set(requests.map((r) => (/^(data|blob):/.test(r.url) ? 'local' : new URL(r.url).origin)));
    origins.delete('local');
    assert.deepEqual([...origins].sort(), [hub.url, site.url].sort());
    // The page's JS all came from the static export, and the size report lists every chunk it loaded.
    const report = JSON.parse(await readFile(join(WEB_OUT, 'build-size.json'), 'utf8'));
    const reported = new Set(report.files.map((f) => `/${f.file}`));
    const loadedJs = [...new Set(requests.filter((r) => r.url.startsWith(site.url) && /\.js(\?|$)/.test(r.url))
      .map((r) => new URL(r.url).pathname))];
    assert.ok(loadedJs.length > 0);
    for (const js of loadedJs) assert.ok(reported.has(js), `${js} was loaded but is not in BUILD_SIZE.md`);
    assert.ok(report.files.some((f) => f.wasm && loadedJs.includes(`/${f.file}`)), 'the WASM chunk was not loaded');
  });
});

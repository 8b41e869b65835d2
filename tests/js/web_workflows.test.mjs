// The "Add model" page as a maintainer's tool, in headless Chromium: re-analysis with no request,
// "Apply to my models.ts" equal to the CLI's update, Cancel, phone width, a deflated zip, the
// comparison of two models, and the token rule for links that name another endpoint.
// Expected values come from the fixture configs and from the CLI run on the same inputs.
// This test builds nothing: without web-demo/out it fails (run scripts/build_web.sh).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { FIXTURES, FIXTURE_TOKEN, ROOT, runCli, tempDir } from './helpers.mjs';
import { dropFile, openLinkAndConfirm, runAndWait, shownError, startWebSession, typeEndpoint, waitForRun, widerThanViewport } from './web_support.mjs';

const run = promisify(execFile);
const REPOS = join(FIXTURES, 'repos');
const QWEN = 'Qwen/Qwen3-0.6B';
const GPT2 = 'openai-community/gpt2';
const GATED = 'google/gemma-2-9b-it';
const PHONE_SCREENSHOT = join(ROOT, 'docs', 'screenshot-390.png');
// The consumers' real files (copied from /work/shared/consumers, provenance beside them).
const COVERAGE_MDX = join(FIXTURES, 'consumers/flashinfer-bench/model_coverage.mdx');
const CATALOG_JSON = join(FIXTURES, 'consumers/llm-sizer/models.json');
// A GGUF repo of 6 quantizations: header-only files of the real sizes, from the generator's data (gguf.json).
const GGUF_REPO = 'hfmi-gguf/Llama-3.1-8B-Instruct-GGUF';
const GGUF_SPLIT_REPO = 'hfmi-gguf/Llama-3.1-8B-Instruct-Q8_0-split-GGUF';

let session;
let hub;
let site;
let requests = [];
let pageErrors = [];

const repoConfig = async (id) => JSON.parse(await readFile(join(REPOS, id, 'config.json'), 'utf8'));
const hubRequests = (from = 0) => requests.slice(from).filter((r) => r.url.startsWith(hub.url));

before(async () => {
  session = await startWebSession();
  ({ hub, site, requests, pageErrors } = session);
});

after(async () => {
  await session?.close();
});

const openPage = (viewport) => session.openPage(viewport);

async function closePage(page) {
  await page.close();
  assert.deepEqual(pageErrors, [], 'the page threw');
}

async function importLink(page, params) {
  await openLinkAndConfirm(page, `${site.url}/?${new URLSearchParams({ ...params, endpoint: hub.url })}`);
  const state = await waitForRun(page, { timeout: 240_000 });
  assert.equal(state, 'done', JSON.stringify(await shownError(page)));
}

async function downloadBytes(page, locator) {
  const [download] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path), path };
}

describe('the Add model page as a maintainer\'s tool', { timeout: 900_000 }, () => {
  test('a link naming another endpoint shows it and requests nothing until confirmed; the token goes only to a typed endpoint', { timeout: 180_000 }, async () => {
    const page = await openPage();
    const before = requests.length;
    await page.goto(`${site.url}/?${new URLSearchParams({ model: GATED, endpoint: hub.url })}`);
    assert.equal((await page.getByTestId('link-endpoint').textContent()).trim(), hub.url);
    await page.waitForTimeout(500);
    assert.deepEqual(hubRequests(before), [], 'a request reached the linked endpoint before the user agreed');
    await page.getByTestId('confirm-endpoint').click();
    assert.equal(await waitForRun(page), 'error');
    assert.equal((await shownError(page)).code, 'E_GATED');
    // The endpoint came from the link: a token typed now is not sent there.
    const beforeToken = requests.length;
    await page.getByTestId('token-input').fill(FIXTURE_TOKEN);
    assert.equal(await runAndWait(page, () => page.getByTestId('run-button').click()), 'idle');
    assert.match(await page.getByTestId('field-error-token').textContent(), /type the endpoint/i);
    assert.ok(hubRequests(beforeToken).every((r) => !r.headers.authorization), 'the token was sent to a linked endpoint');
    // Changing the endpoint clears the token field.
    await typeEndpoint(page, hub.url);
    assert.equal(await page.getByTestId('token-input').inputValue(), '');
    await page.getByTestId('token-input').fill(FIXTURE_TOKEN);
    assert.equal(await runAndWait(page, () => page.getByTestId('run-button').click()), 'done');
    assert.ok(hubRequests(beforeToken).some((r) => r.headers.authorization === `Bearer ${FIXTURE_TOKEN}`));
    await closePage(page);
  });

  test('after an import, a TP change and a name edit re-analyse with no new request to the hub', { timeout: 240_000 }, async () => {
    const page = await openPage();
    await importLink(page, { model: QWEN });
    const before = requests.length;
    await page.getByTestId('tp-input').fill('2');
    await page.getByTestId('entry-name-input').fill('Qwen3 0.6B (edited)');
    assert.match(await page.getByTestId('run-button').textContent(), /no download/i);
    assert.equal(await runAndWait(page, () => page.getByTestId('run-button').click()), 'done');
    assert.deepEqual(hubRequests(before), [], 'the re-analysis fetched from the hub');
    // The same as the CLI with --tp 2 --name.
    const out = await tempDir('hfmi-web-cli-');
    const r = await runCli([QWEN, '--endpoint', hub.url, '--tp', '2', '--name', 'Qwen3 0.6B (edited)', '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const entry = await readFile(join(out, 'models_ts_entry.ts'), 'utf8');
    assert.equal((await page.getByTestId('models-ts').textContent()) + '\n', entry);
    assert.match(entry, /name: "Qwen3 0\.6B \(edited\)"/);
    await closePage(page);
  });

  test('"Apply to my models.ts" on a chosen file downloads a file equal to the CLI\'s update', { timeout: 240_000 }, async () => {
    const dir = await tempDir('hfmi-web-apply-');
    const cliCopy = join(dir, 'cli', 'models.ts');
    const pageCopy = join(dir, 'page', 'models.ts');
    await mkdir(join(dir, 'cli'));
    await mkdir(join(dir, 'page'));
    await copyFile(join(FIXTURES, 'models_ts/models.ts'), cliCopy);
    await copyFile(join(FIXTURES, 'models_ts/models.ts'), pageCopy);
    const r = await runCli([QWEN, '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', cliCopy, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const page = await openPage();
    await importLink(page, { model: QWEN });
    await page.getByTestId('apply-file-input').setInputFiles(pageCopy);
    await page.getByTestId('apply-diff').waitFor();
    assert.match(await page.getByTestId('apply-diff').textContent(), /^\+ {4}id: "qwen3-0\.6b",/m);
    const download = await downloadBytes(page, page.getByTestId('download-updated'));
    assert.equal(download.name, 'models.ts');
    assert.ok(download.bytes.equals(await readFile(cliCopy)), 'the page\'s updated models.ts differs from the CLI\'s');
    await closePage(page);
  });

  test('"Apply" on a dropped model_coverage.mdx and a dropped models.json downloads files equal to the CLI\'s update', { timeout: 240_000 }, async () => {
    const dir = await tempDir('hfmi-web-apply-files-');
    for (const side of ['cli', 'page']) {
      await mkdir(join(dir, side));
      await copyFile(COVERAGE_MDX, join(dir, side, 'model_coverage.mdx'));
      await copyFile(CATALOG_JSON, join(dir, side, 'models.json'));
    }
    // Qwen3-0.6B is in the catalogue (replaced, its curated name kept) and not in the coverage page (inserted).
    const curated = JSON.parse(await readFile(CATALOG_JSON, 'utf8')).models.find((m) => m.hf_model_id === QWEN);
    assert.ok(curated, 'the real catalogue lists Qwen3-0.6B');
    const r = await runCli([QWEN, '--endpoint', hub.url, '--coverage', join(dir, 'cli', 'model_coverage.mdx'), '--catalog', join(dir, 'cli', 'models.json'), '--replace', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const page = await openPage();
    await importLink(page, { model: QWEN });
    await page.getByTestId('apply-replace').check();
    const section = page.getByTestId('apply-section');
    const downloads = {};
    for (const name of ['model_coverage.mdx', 'models.json']) {
      const original = await readFile(join(dir, 'page', name));
      const expected = await readFile(join(dir, 'cli', name));
      assert.ok(!expected.equals(original), `the CLI left ${name} unchanged`);
      await dropFile(page, section, join(dir, 'page', name));
      await page.getByTestId('apply-summary').filter({ hasText: name }).waitFor();
      const download = await downloadBytes(page, page.getByTestId('download-updated'));
      assert.equal(download.name, name);
      assert.ok(download.bytes.equals(expected), `the page's updated ${name} differs from the CLI's`);
      const notes = page.getByTestId('apply-notes');
      downloads[name] = { diff: await page.getByTestId('apply-diff').textContent(), notes: (await notes.count()) > 0 ? await notes.textContent() : '' };
    }
    assert.match(downloads['model_coverage.mdx'].notes, /dataset flashinfer-ai\/flashinfer-trace/);
    assert.match(downloads['model_coverage.mdx'].diff, /^\+## /m);
    const entry = JSON.parse(await readFile(join(dir, 'cli', 'models.json'), 'utf8')).models.filter((m) => m.hf_model_id === QWEN);
    assert.equal(entry.length, 1);
    assert.equal(entry[0].name, curated.name);
    assert.match(downloads['models.json'].diff, /^\+ {6}"kv_bytes_per_token": /m);
    await closePage(page);
  });

  test('a GGUF repo shows its quantization table: one row per file (split parts grouped), sorted by size, with the fit re-checked with no request', { timeout: 240_000 }, async () => {
    const spec = JSON.parse(await readFile(join(REPOS, GGUF_REPO, 'gguf.json'), 'utf8'));
    const source = await repoConfig(spec.source);
    // f16 K and V for every layer and KV head, at the model's context length (the GGUF's llama.context_length).
    const headDim = source.head_dim ?? source.hidden_size / source.num_attention_heads;
    const kvBytes = 2 * source.num_hidden_layers * source.num_key_value_heads * headDim * 2 * source.max_position_embeddings;
    const GiB = 2 ** 30;
    const expected = Object.entries(spec.files).sort((a, b) => a[1].size - b[1].size);
    assert.equal(expected.length, 6);
    const page = await openPage();
    await importLink(page, { model: GGUF_REPO, gpu_memory: '21GiB' });
    const rows = async () =>
      page.getByTestId('gguf-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({ ...tr.dataset })));
    const checkRows = async (gpuGiB) => {
      const shown = await rows();
      assert.deepEqual(shown.map((r) => r.file), expected.map(([f]) => f), 'one row per file, smallest first');
      shown.forEach((r, i) => {
        const [file, f] = expected[i];
        assert.equal(Number(r.size), f.size, file);
        assert.equal(Number(r.parts), f.parts, file);
        assert.equal(r.quantization, f.quantization, file);
        assert.equal(Number(r.params), f.parameters, file);
        assert.equal(Number(r.tensorBytes), f.tensor_bytes, file);
        assert.ok(Math.abs(Number(r.bits) - (f.tensor_bytes * 8) / f.parameters) < 1e-9, `${file}: ${r.bits} bits per weight`);
        assert.equal(Number(r.memory), f.tensor_bytes + kvBytes, file);
        assert.equal(r.fits, String(f.tensor_bytes + kvBytes <= gpuGiB * GiB), `${file} in ${gpuGiB} GiB`);
      });
      return shown;
    };
    const at21 = await checkRows(21);
    assert.equal(at21.filter((r) => r.fits === 'true').length, 3);
    // Another GPU memory: the rows are re-checked from the kept headers, with no request to the hub.
    const before = requests.length;
    await page.getByTestId('gpu-memory-input').fill('20GiB');
    assert.equal(await runAndWait(page, () => page.getByTestId('run-button').click()), 'done');
    assert.deepEqual(hubRequests(before), [], 'the fit check fetched from the hub');
    assert.equal((await checkRows(20)).filter((r) => r.fits === 'true').length, 2);
    // At phone width the table is one block per file, inside the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('gguf-table').waitFor();
    const wide = await widerThanViewport(page);
    assert.deepEqual(wide.out, [], `elements wider than the viewport: ${wide.out.join('; ')}`);
    // A split file is one row: its parts together (the generator's per-part sizes and counts, summed).
    const split = JSON.parse(await readFile(join(REPOS, GGUF_SPLIT_REPO, 'gguf.json'), 'utf8'));
    const parts = Object.entries(split.files).sort((x, y) => x[1].part - y[1].part);
    await page.getByTestId('gpu-memory-input').fill('');
    await page.getByTestId('model-input').fill(GGUF_SPLIT_REPO);
    assert.equal(await runAndWait(page, () => page.getByTestId('run-button').click()), 'done');
    const [one, ...more] = await rows();
    assert.deepEqual(more, []);
    assert.equal(one.file, parts[0][0]);
    assert.equal(Number(one.parts), parts.length);
    assert.equal(Number(one.size), parts.reduce((n, [, f]) => n + f.size, 0));
    assert.equal(Number(one.params), parts.reduce((n, [, f]) => n + f.parameters, 0));
    assert.equal(one.fits, '', 'no GPU memory given, no fit');
    // A size the package cannot read is shown at the field, in the page's words.
    await page.getByTestId('gpu-memory-input').fill('lots');
    assert.equal(await runAndWait(page, () => page.getByTestId('run-button').click()), 'idle');
    assert.match(await page.getByTestId('field-error-gpuMemory').textContent(), /^GPU memory must be a size such as 24GiB/);
    await closePage(page);
  });

  test('Cancel stops the requests', { timeout: 240_000 }, async () => {
    hub.setFaults([{ match: /\.safetensors$/, latencyMs: 400 }]);
    try {
      const page = await openPage();
      await openLinkAndConfirm(page, `${site.url}/?${new URLSearchParams({ model: 'deepseek-ai/DeepSeek-V3', endpoint: hub.url })}`);
      await page.getByTestId('cancel-button').waitFor();
      await page.waitForFunction(() => /\d+\/163/.test(document.body.textContent ?? ''), null, { timeout: 60_000 }).catch(() => {});
      await page.getByTestId('cancel-button').click();
      assert.equal(await waitForRun(page), 'cancelled');
      const atCancel = hubRequests().length;
      await page.waitForTimeout(2000);
      assert.equal(hubRequests().length, atCancel, 'requests continued after Cancel');
      await page.getByTestId('cancelled').waitFor();
      await closePage(page);
    } finally {
      hub.setFaults([]);
    }
  });

  test('at 390 x 844, no element is wider than the viewport (screenshot for the README)', { timeout: 240_000 }, async () => {
    const page = await openPage({ width: 390, height: 844 });
    await importLink(page, { model: 'deepseek-ai/DeepSeek-V3' });
    const wide = await widerThanViewport(page);
    assert.equal(wide.vw, 390);
    assert.deepEqual(wide.out, [], `elements wider than the viewport: ${wide.out.join('; ')}`);
    assert.ok(wide.scrollWidth <= 390, `page scrolls sideways: ${wide.scrollWidth}px`);
    // one column: the TP field sits below the model field, not beside it
    const model = await page.getByTestId('model-input').boundingBox();
    const revision = await page.getByTestId('revision-input').boundingBox();
    assert.ok(revision.y > model.y + model.height - 1, 'the form is not one column');
    await mkdir(join(ROOT, 'docs'), { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: PHONE_SCREENSHOT });
    await closePage(page);
  });

  test('the zip is deflated, and its files equal the CLI\'s --out folder', { timeout: 240_000 }, async () => {
    const page = await openPage();
    await importLink(page, { model: GPT2 });
    const zip = await downloadBytes(page, page.getByTestId('download-zip'));
    await run('unzip', ['-tq', zip.path]);
    const { stdout: verbose } = await run('unzip', ['-v', zip.path]);
    const rows = verbose.split('\n').filter((l) => /^\s*\d+\s+(Defl|Stored)/.test(l));
    assert.equal(rows.length, 6);
    const deflated = rows.filter((l) => /\bDefl:/.test(l));
    assert.ok(deflated.length >= 5, verbose);
    const [total, compressed] = /^\s*(\d+)\s+(\d+)\s+\d+%\s+\d+ files/m.exec(verbose).slice(1).map(Number);
    assert.ok(compressed < total / 2, `zip not compressed: ${compressed} of ${total} bytes`);
    const out = await tempDir('hfmi-web-cli-');
    const r = await runCli([GPT2, '--endpoint', hub.url, '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const { stdout: listing } = await run('unzip', ['-Z1', zip.path]);
    for (const entry of listing.trim().split('\n')) {
      const { stdout } = await run('unzip', ['-p', zip.path, entry], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
      assert.ok(stdout.equals(await readFile(join(out, entry.split('/').pop()))), `${entry} differs from the CLI's file`);
    }
    await closePage(page);
  });

  test('the comparison view shows two imports side by side', { timeout: 240_000 }, async () => {
    const page = await openPage();
    await importLink(page, { model: QWEN });
    await page.getByTestId('model-input').fill(GPT2);
    assert.equal(await runAndWait(page, () => page.getByTestId('run-button').click(), { timeout: 240_000 }), 'done');
    const table = page.getByTestId('compare-table');
    await table.waitFor();
    await page.getByTestId('compare-a').selectOption({ label: QWEN });
    await page.getByTestId('compare-b').selectOption({ label: GPT2 });
    const cell = async (row, side) => Number(await table.locator(`tr[data-row="${row}"] td[data-side="${side}"]`).getAttribute('data-value'));
    assert.equal(await cell('num_layers', 'a'), (await repoConfig(QWEN)).num_hidden_layers);
    assert.equal(await cell('num_layers', 'b'), (await repoConfig(GPT2)).n_layer);
    assert.equal(await cell('hidden_size', 'b'), (await repoConfig(GPT2)).n_embd);
    for (const [model, side] of [[QWEN, 'a'], [GPT2, 'b']]) {
      const r = await runCli([model, '--endpoint', hub.url, '--json', '--quiet']);
      const a = JSON.parse(r.stdout);
      assert.equal(await cell('kv_bytes_per_token', side), a.kv_cache.bytes_per_token, model);
      assert.equal(await cell('total', side), a.parameters.total, model);
      for (const [component, n] of Object.entries(a.parameters.by_component)) {
        assert.equal(await cell(`component:${component}`, side), n, `${model} ${component}`);
      }
    }
    await closePage(page);
  });

  test('MLA is described as latent attention (DeepSeek-V3 config numbers)', { timeout: 240_000 }, async () => {
    const page = await openPage();
    await importLink(page, { model: 'deepseek-ai/DeepSeek-V3' });
    const config = await repoConfig('deepseek-ai/DeepSeek-V3');
    const text = await page.getByTestId('attention').textContent();
    assert.match(text, /latent attention/i);
    assert.match(text, new RegExp(`kv_lora_rank ${config.kv_lora_rank}`));
    assert.match(text, new RegExp(`rope dim ${config.qk_rope_head_dim}`));
    assert.doesNotMatch(text, /KV heads/);
    await closePage(page);
  });
});



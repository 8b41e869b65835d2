// --coverage on a copy of FlashInfer-Bench's real docs/model_coverage.mdx (tests/fixtures/consumers/
// flashinfer-bench), through the CLI against the fixture hub, whose dataset tree
// (flashinfer-ai/flashinfer-trace) is built from the snapshot. Expected text comes from the real file.
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, runCli, startHub, tempDir } from './helpers.mjs';

const REAL = join(FIXTURES, 'consumers/flashinfer-bench/model_coverage.mdx');

async function copyMdx() {
  const dir = await tempDir('hfmi-coverage-');
  const path = join(dir, 'model_coverage.mdx');
  await copyFile(REAL, path);
  return path;
}

describe('--coverage model_coverage.mdx', () => {
  let hub;
  before(async () => {
    hub = await startHub();
  });
  after(async () => hub.close());

  test('replacing Llama 3.1 8B: its section and row are what the project wrote, so the file is unchanged', async () => {
    const path = await copyMdx();
    const r = await runCli(['--model', 'meta-llama/Llama-3.1-8B', '--endpoint', hub.url, '--coverage', path, '--replace', '--name', 'Llama 3.1 8B']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /coverage statuses from the Hub dataset flashinfer-ai\/flashinfer-trace/);
    assert.match(r.stderr, /replaced "Llama 3.1 8B"/);
    assert.equal(await readFile(path, 'utf8'), await readFile(REAL, 'utf8'));
    assert.ok(hub.stats().timeline.some((e) => e.path.startsWith('/api/datasets/flashinfer-ai/flashinfer-trace/tree/main/')));
  });

  test('inserting a new model adds only its section and one Summary row', async () => {
    const path = await copyMdx();
    const before = await readFile(path, 'utf8');
    const r = await runCli(['--model', 'Qwen/Qwen3-0.6B', '--endpoint', hub.url, '--coverage', path, '--name', 'Qwen3 0.6B']);
    assert.equal(r.code, 0, r.stderr);
    const after = (await readFile(path, 'utf8')).split('\n');
    const old = before.split('\n');
    // every original line is still there, in order; the added lines are one row and one section
    let j = 0;
    const added = [];
    for (const line of after) {
      if (j < old.length && line === old[j]) j++;
      else added.push(line);
    }
    assert.equal(j, old.length);
    const rows = added.filter((l) => l.startsWith('| Qwen3 0.6B |'));
    assert.equal(rows.length, 1);
    assert.equal(added.filter((l) => l.startsWith('## ')).length, 1);
    assert.ok(added.includes('## Qwen3 0.6B'));
    assert.ok(added.some((l) => l.startsWith('**Coverage**: ')));
    // the row sits right after the last Summary row; the file still ends with the separator
    const lastRow = after.indexOf('| NemotronH 47B | GQA + Mamba2 Hybrid | ❌ Not covered |');
    assert.ok(after[lastRow + 1].startsWith('| Qwen3 0.6B | GQA + Dense |'));
    assert.equal(after.at(-2), '---');
    // a second run without --replace is refused and writes nothing
    const again = await runCli(['--model', 'Qwen/Qwen3-0.6B', '--endpoint', hub.url, '--coverage', path, '--name', 'Qwen3 0.6B']);
    assert.equal(again.code, 7);
    assert.match(again.stderr, /^E_BAD_MODELS_TS: .*--replace/m);
  });

  test('without the dataset tree the bundled snapshot decides, and the run says so', async () => {
    const path = await copyMdx();
    hub.setFaults({ match: '/api/datasets/', status: 404 });
    try {
      const r = await runCli(['--model', 'meta-llama/Llama-3.1-8B', '--endpoint', hub.url, '--coverage', path, '--replace', '--name', 'Llama 3.1 8B']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /coverage statuses from the bundled snapshot \(dataset not read: E_NOT_FOUND/);
      assert.equal(await readFile(path, 'utf8'), await readFile(REAL, 'utf8'));
    } finally {
      hub.setFaults(null);
    }
  });
});

// npm run batch-import against the fixture hub: stop at the first failure unless --continue-on-error,
// a JSON-lines log, a summary, exit 0 only if all succeeded, one folder per whole id, one atomic
// models.ts write for the batch. Expected values come from the fixture configs and repos/README.md.
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { FIXTURES, ROOT, readJson, runCli, startHub, tempDir } from './helpers.mjs';

const BATCH_CLI = join(ROOT, 'dist/js/cli/batch_import.js');
const GOOD = ['Qwen/Qwen3-0.6B', 'openai-community/gpt2', 'google/gemma-2b-it'];
const MISSING = 'nobody/no-such-model';

function runBatch(args, { cwd = ROOT } = {}) {
  return runCli(args, { cwd, script: BATCH_CLI, timeoutMs: 120_000 });
}

let hub;
before(async () => {
  hub = await startHub();
});
after(async () => {
  await hub.close();
});

async function listFile(lines) {
  const dir = await tempDir();
  const path = join(dir, 'models.txt');
  await writeFile(path, ['# models to import', ...lines, ''].join('\n'));
  return { dir, path };
}

const repoConfigBytes = (id) => readFile(join(FIXTURES, 'repos', id, 'config.json'));
const readLog = async (path) => (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));

describe('batch-import: failures', () => {
  const list = [GOOD[0], MISSING, GOOD[1], GOOD[2]];

  test('without --continue-on-error it stops at the missing model; the log says which', async () => {
    const { dir, path } = await listFile(list);
    const log = join(dir, 'log.jsonl');
    const out = join(dir, 'out');
    const r = await runBatch(['--file', path, '--endpoint', hub.url, '--log', log, '--out', out, '--jobs', '1']);
    assert.notEqual(r.code, 0);
    assert.equal(r.code, 3, r.stderr); // E_NOT_FOUND's exit code
    const lines = await readLog(log);
    assert.deepEqual(lines.map((l) => [l.id, l.status]), [
      [GOOD[0], 'ok'],
      [MISSING, 'failed'],
      [GOOD[1], 'skipped'],
      [GOOD[2], 'skipped'],
    ]);
    const failed = lines[1];
    assert.equal(failed.code, 'E_NOT_FOUND');
    assert.match(failed.message, /no-such-model/);
    assert.equal(typeof failed.duration_ms, 'number');
    assert.equal(lines[0].outputs.length, 6); // the six add-model files
    assert.deepEqual(await readdir(out), ['Qwen__Qwen3-0.6B']);
    assert.match(r.stderr, /^batch: 1 ok, 1 failed, 2 not run \(of 4\)$/m);
  });

  test('with --continue-on-error: all 3 good written, the summary names the failure, exit != 0, --json lists all', async () => {
    const { dir, path } = await listFile(list);
    const out = join(dir, 'out');
    const r = await runBatch(['--file', path, '--endpoint', hub.url, '--out', out, '--continue-on-error', '--json']);
    assert.notEqual(r.code, 0);
    assert.deepEqual((await readdir(out)).sort(), GOOD.map((id) => id.replace('/', '__')).sort());
    for (const id of GOOD) {
      // model_config.json is the repo's config.json, byte for byte.
      const written = await readFile(join(out, id.replace('/', '__'), 'model_config.json'));
      assert.deepEqual(written, await repoConfigBytes(id));
    }
    assert.match(r.stderr, /^batch: 3 ok, 1 failed \(of 4\)$/m);
    assert.match(r.stderr, /^ {2}failed: nobody\/no-such-model E_NOT_FOUND: /m);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.map((d) => [d.model_id, d.status]), list.map((id) => [id, id === MISSING ? 'failed' : 'ok']));
    assert.equal(doc[1].code, 'E_NOT_FOUND');
    // gpt2: the config's n_layer.
    assert.equal(doc[2].architecture.num_layers, JSON.parse(await repoConfigBytes(GOOD[1])).n_layer);
  });

  test('all good: exit 0, --batch is an alias of --file', async () => {
    const { path } = await listFile(GOOD.slice(0, 2));
    const r = await runBatch(['--batch', path, '--endpoint', hub.url, '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).map((d) => d.status), ['ok', 'ok']);
  });
});

describe('batch-import: outputs', () => {
  test('orgA/x and orgB/x write two folders', async () => {
    const root = await tempDir();
    for (const org of ['orgA', 'orgB']) {
      await mkdir(join(root, org), { recursive: true });
      await cp(join(FIXTURES, 'repos/Qwen/Qwen3-0.6B'), join(root, org, 'x'), { recursive: true });
    }
    const local = await startHub({ root });
    try {
      const { dir, path } = await listFile(['orgA/x', 'orgB/x']);
      const out = join(dir, 'out');
      const r = await runBatch(['--file', path, '--endpoint', local.url, '--out', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual((await readdir(out)).sort(), ['orgA__x', 'orgB__x']);
      assert.equal((await readJson(join(out, 'orgA__x', 'model_architecture.json'))).model_id, 'orgA/x');
      assert.equal((await readJson(join(out, 'orgB__x', 'model_architecture.json'))).model_id, 'orgB/x');
    } finally {
      await local.close();
    }
  });

  test('models.ts for a batch: one write with every entry; one refused entry means nothing is written', async () => {
    const dir = await tempDir();
    const modelsTs = join(dir, 'models.ts');
    const original = await readFile(join(FIXTURES, 'models_ts/models.ts'), 'utf8');
    await writeFile(modelsTs, original);
    const { path } = await listFile(GOOD.slice(0, 2));
    const r = await runBatch(['--file', path, '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', modelsTs]);
    assert.equal(r.code, 0, r.stderr);
    const text = await readFile(modelsTs, 'utf8');
    assert.match(text, /id: "qwen3-0\.6b"/);
    assert.match(text, /id: "gpt2"/);
    assert.equal((await readdir(dir)).filter((f) => f.startsWith('models.ts.bak-')).length, 1); // one write, one backup
    // llama-3.1-8b is already in the file: without --replace the batch's update is refused as a whole.
    await writeFile(modelsTs, original);
    const { path: withExisting } = await listFile(['Qwen/Qwen3-0.6B', 'meta-llama/Llama-3.1-8B']);
    const refused = await runBatch(['--file', withExisting, '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', modelsTs]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /E_BAD_MODELS_TS/);
    assert.equal(await readFile(modelsTs, 'utf8'), original);
  });
});

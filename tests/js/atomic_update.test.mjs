// A models.ts update killed between the temp-file write and the rename leaves the original intact.
// The CLI honours HFMI_TEST_PAUSE_BEFORE_RENAME_MS (js/targets/file_writes.ts, a test hook): it sleeps
// that long after writing the temp file and before renaming it over models.ts. The test waits until
// the temp file holds the whole new text, SIGKILLs the CLI, and compares bytes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, FIXTURES, ROOT, runCli, startHub, tempDir } from './helpers.mjs';

const MODEL = 'Qwen/Qwen3-0.6B';
const ENTRY_ID = 'qwen3-0.6b-atomic-test';
const ORIGINAL = join(FIXTURES, 'models_ts/models.ts');

let hub;
before(async () => {
  hub = await startHub();
});
after(async () => {
  await hub?.close();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Files in dir whose names look like writeFileAtomic's temp files for models.ts. */
async function tempFiles(dir) {
  return (await readdir(dir)).filter((f) => /^\.models\.ts\..*\.tmp$/.test(f));
}

function cliArgs(modelsTs) {
  return ['--model', MODEL, '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', modelsTs, '--id', ENTRY_ID, '--quiet'];
}

describe('models.ts update interrupted by SIGKILL between the temp write and the rename', () => {
  test('the original models.ts is byte-identical, and so is the backup', { timeout: 90_000 }, async () => {
    const dir = await tempDir('hfmi-atomic-');
    const target = join(dir, 'models.ts');
    await copyFile(ORIGINAL, target);
    const before = await readFile(target);

    const env = { ...process.env, HFMI_TEST_PAUSE_BEFORE_RENAME_MS: '60000' };
    delete env.HF_TOKEN;
    delete env.HF_ENDPOINT;
    const child = spawn(process.execPath, [CLI, ...cliArgs(target)], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let tempName;
    try {
      // Wait until the temp file holds the complete new text: it is the old text plus one entry, so it
      // is longer than the original and stops growing (writeFile has returned; the CLI now sleeps).
      let lastSize = -1;
      for (let i = 0; i < 2400; i++) {
        assert.equal(child.exitCode, null, `the CLI exited before the rename point: ${stderr}`);
        const names = await tempFiles(dir);
        if (names.length === 1) {
          const size = (await stat(join(dir, names[0]))).size;
          if (size > before.length && size === lastSize) {
            tempName = names[0];
            break;
          }
          lastSize = size;
        }
        await sleep(25);
      }
      assert.ok(tempName, `no complete temp file appeared in ${dir}: ${stderr}`);
      const temp = await readFile(join(dir, tempName), 'utf8');
      assert.ok(temp.includes(`id: "${ENTRY_ID}"`), 'the temp file holds the updated models.ts');
    } finally {
      child.kill('SIGKILL');
    }
    const { signal } = await exited;
    assert.equal(signal, 'SIGKILL', 'the CLI was killed, not finished');

    const afterKill = await readFile(target);
    assert.ok(afterKill.equals(before), 'models.ts is byte-identical to the original after the kill');
    const backups = (await readdir(dir)).filter((f) => f.startsWith('models.ts.bak-'));
    assert.ok(backups.length <= 1, `at most one backup: ${backups}`);
    for (const b of backups) {
      assert.ok((await readFile(join(dir, b))).equals(before), `the backup ${b} equals the original`);
    }
    // The leftover is the temp file, never models.ts itself.
    assert.deepEqual(await tempFiles(dir), [tempName]);
  });

  test('control: the same update without the kill renames the temp file over models.ts', { timeout: 60_000 }, async () => {
    const dir = await tempDir('hfmi-atomic-');
    const target = join(dir, 'models.ts');
    await copyFile(ORIGINAL, target);
    const before = await readFile(target, 'utf8');
    const r = await runCli(cliArgs(target), { env: { HFMI_TEST_PAUSE_BEFORE_RENAME_MS: '50' } });
    assert.equal(r.code, 0, r.stderr);
    const updated = await readFile(target, 'utf8');
    assert.ok(updated.includes(`id: "${ENTRY_ID}"`), 'the entry was inserted');
    assert.ok(updated.length > before.length);
    assert.deepEqual(await tempFiles(dir), [], 'no temp file is left behind');
    const backups = (await readdir(dir)).filter((f) => f.startsWith('models.ts.bak-'));
    assert.equal(backups.length, 1);
    assert.equal(await readFile(join(dir, backups[0]), 'utf8'), before, 'the backup is the original');
  });
});

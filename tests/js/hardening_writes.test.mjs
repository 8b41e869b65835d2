// Issue 15 (writes) and issue 12 (one backup): updates of a user's file take a lock and re-read under
// it, write through symlinks keeping the mode, refuse read-only targets, wait for (or refuse) a second
// writer, keep at most one backup, and --out says which files it replaces. Real CLI runs.
import assert from 'node:assert/strict';
import { chmod, copyFile, lstat, mkdir, readFile, readdir, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, runCli, startHub, tempDir } from './helpers.mjs';

const ORIGINAL = join(FIXTURES, 'models_ts/models.ts');
const A = { model: 'Qwen/Qwen3-0.6B', id: 'qwen3-0.6b-lock-a' };
const B = { model: 'openai-community/gpt2', id: 'gpt2-lock-b' };
const RUNS = Number(process.env.HFMI_CONCURRENT_RUNS ?? 20);

let hub;
before(async () => {
  hub = await startHub();
});
after(async () => {
  await hub?.close();
});

const insert = (m, path, extra = [], env = {}) =>
  runCli(['--model', m.model, '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', path, '--id', m.id, '--quiet', ...extra], {
    env,
    timeoutMs: 180_000,
  });

const backupsOf = async (dir, base = 'models.ts') => (await readdir(dir)).filter((f) => f.startsWith(`${base}.bak-`));

describe('two concurrent CLIs inserting different models into one models.ts', () => {
  test(`both entries land, ${RUNS} of ${RUNS} runs`, { timeout: RUNS * 120_000 }, async () => {
    let landed = 0;
    for (let run = 0; run < RUNS; run++) {
      const dir = await tempDir('hfmi-lock-');
      const path = join(dir, 'models.ts');
      await copyFile(ORIGINAL, path);
      const [ra, rb] = await Promise.all([insert(A, path), insert(B, path)]);
      assert.equal(ra.code, 0, ra.stderr);
      assert.equal(rb.code, 0, rb.stderr);
      const text = await readFile(path, 'utf8');
      const both = text.includes(`id: "${A.id}"`) && text.includes(`id: "${B.id}"`);
      if (both) landed++;
      assert.ok(both, `run ${run + 1}: an entry was lost`);
      assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.lock') || f.endsWith('.tmp')), [], 'no lock or temp file left');
    }
    assert.equal(landed, RUNS);
  });
});

describe('writing through symlinks, keeping the mode', () => {
  test('a symlinked 0600 models.ts: the link stays a link, its target is updated, the mode stays 0600', { timeout: 120_000 }, async () => {
    const dir = await tempDir('hfmi-link-');
    await mkdir(join(dir, 'real'));
    const target = join(dir, 'real', 'models.ts');
    await copyFile(ORIGINAL, target);
    await chmod(target, 0o600);
    const link = join(dir, 'models.ts');
    await symlink(target, link);
    const r = await insert(A, link);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((await lstat(link)).isSymbolicLink(), 'the link is still a link');
    assert.equal(await readlink(link), target);
    assert.ok((await readFile(target, 'utf8')).includes(`id: "${A.id}"`), 'the target holds the new entry');
    assert.equal((await stat(target)).mode & 0o777, 0o600);
  });

  test('a read-only (0444) models.ts is refused with E_IO, exit 8, and left unchanged', { timeout: 120_000 }, async () => {
    const dir = await tempDir('hfmi-ro-');
    const path = join(dir, 'models.ts');
    await copyFile(ORIGINAL, path);
    await chmod(path, 0o444);
    const before = await readFile(path);
    const r = await insert(A, path);
    assert.equal(r.code, 8, r.stderr);
    assert.match(r.stderr, /^E_IO: .*read-only/m);
    assert.ok((await readFile(path)).equals(before));
    assert.equal((await stat(path)).mode & 0o777, 0o444);
  });
});

describe('the lock', () => {
  test('a lock held by a live process: the second writer waits (bounded), then E_LOCKED, exit 9, nothing written', { timeout: 120_000 }, async () => {
    const dir = await tempDir('hfmi-locked-');
    const path = join(dir, 'models.ts');
    await copyFile(ORIGINAL, path);
    const before = await readFile(path);
    // This test process is alive: its lock is not stale.
    await writeFile(join(dir, '.models.ts.lock'), JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now(), nonce: 'test' }));
    const t0 = Date.now();
    const r = await insert(A, path, [], { HFMI_LOCK_TIMEOUT_MS: '1500' });
    assert.equal(r.code, 9, r.stderr);
    assert.match(r.stderr, /^E_LOCKED: /m);
    assert.ok(Date.now() - t0 >= 1500, 'it waited before giving up');
    assert.ok((await readFile(path)).equals(before));
  });

  test('a stale lock (its process is gone) is taken over', { timeout: 120_000 }, async () => {
    const dir = await tempDir('hfmi-stale-');
    const path = join(dir, 'models.ts');
    await copyFile(ORIGINAL, path);
    // pid 2^22 + 1 is above Linux's pid_max: no such process.
    await writeFile(join(dir, '.models.ts.lock'), JSON.stringify({ pid: 4_194_305, host: hostname(), time: Date.now(), nonce: 'gone' }));
    const r = await insert(A, path, [], { HFMI_LOCK_TIMEOUT_MS: '5000' });
    assert.equal(r.code, 0, r.stderr);
    assert.ok((await readFile(path, 'utf8')).includes(`id: "${A.id}"`));
  });
});

describe('backups (issue 12): one per file, rewritten only when the content changes', () => {
  test('three updates leave one backup, holding the text before the last change; --keep-backups keeps each', { timeout: 240_000 }, async () => {
    const dir = await tempDir('hfmi-bak-');
    const path = join(dir, 'models.ts');
    await copyFile(ORIGINAL, path);
    assert.equal((await insert(A, path)).code, 0);
    const afterA = await readFile(path, 'utf8');
    assert.equal((await insert(B, path)).code, 0);
    let backups = await backupsOf(dir);
    assert.equal(backups.length, 1, String(backups));
    assert.equal(await readFile(join(dir, backups[0]), 'utf8'), afterA, 'the backup is the text before the last change');
    // An update that changes nothing (the same entry replaced by itself) writes no backup and no file.
    const r = await insert(B, path, ['--replace']);
    assert.equal(r.code, 0, r.stderr);
    backups = await backupsOf(dir);
    assert.equal(backups.length, 1, String(backups));
    // --keep-backups: a new timestamped backup per changing update.
    assert.equal((await insert({ ...A, id: 'qwen3-keep' }, path, ['--keep-backups'])).code, 0);
    assert.equal((await backupsOf(dir)).length, 2);
  });
});

describe('--out into a folder that holds other files', () => {
  test('it says which files it replaces; --dry-run lists them and writes nothing', { timeout: 120_000 }, async () => {
    const dir = await tempDir('hfmi-out-');
    await writeFile(join(dir, 'tensors.csv'), 'old\n');
    await writeFile(join(dir, 'notes.txt'), 'mine\n');
    const dry = await runCli(['--model', A.model, '--endpoint', hub.url, '--out', dir, '--dry-run', '--quiet']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, /would replace tensors\.csv/);
    assert.match(dry.stderr, /notes\.txt/);
    assert.equal(await readFile(join(dir, 'tensors.csv'), 'utf8'), 'old\n', 'dry run wrote nothing');
    const real = await runCli(['--model', A.model, '--endpoint', hub.url, '--out', dir, '--quiet']);
    assert.equal(real.code, 0, real.stderr);
    assert.match(real.stderr, /replacing tensors\.csv/);
    assert.equal(await readFile(join(dir, 'notes.txt'), 'utf8'), 'mine\n');
    assert.notEqual(await readFile(join(dir, 'tensors.csv'), 'utf8'), 'old\n');
  });

  test('--out naming an existing file: E_IO, exit 8, with a hint', { timeout: 120_000 }, async () => {
    const dir = await tempDir('hfmi-outfile-');
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const r = await runCli(['--model', A.model, '--endpoint', hub.url, '--out', file, '--quiet']);
    assert.equal(r.code, 8, r.stderr);
    assert.match(r.stderr, /^E_IO: .*--out names an existing file/m);
  });
});

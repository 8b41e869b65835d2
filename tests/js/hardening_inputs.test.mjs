// Issue 15, bounds and special files: an endless --definitions body stops at its cap (E_TOO_LARGE) with
// the CLI's RSS under 200 MB; FIFOs, directories and dangling symlinks in --local get coded errors at
// once; a config.json over the limits table's cap is E_TOO_LARGE; E_INTERNAL is never a user mistake.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LIMITS } from '../../dist/js/core/generated/limits.js';
import { CLI, FIXTURES, ROOT, runCli, startHub, tempDir } from './helpers.mjs';

const QWEN = 'Qwen/Qwen3-0.6B';

let hub;
before(async () => {
  hub = await startHub();
});
after(async () => {
  await hub?.close();
});

/** Runs the CLI, sampling its resident set (VmRSS) every 20 ms; resolves {code, stderr, maxRssBytes, ms}. */
function runCliMeasured(args) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const env = { ...process.env };
    delete env.HF_TOKEN;
    delete env.HF_ENDPOINT;
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env });
    let stderr = '';
    let maxRss = 0;
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setInterval(() => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) maxRss = Math.max(maxRss, Number(m[1]) * 1024);
      } catch {
        // exited
      }
    }, 20);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stderr, maxRssBytes: maxRss, ms: Date.now() - t0 });
    });
  });
}

describe('an endless --definitions body', () => {
  test('stops at the definitionsBytes cap with E_TOO_LARGE (exit 10), RSS < 200 MB', { timeout: 120_000 }, async (t) => {
    let sent = 0;
    const chunk = Buffer.alloc(1 << 16, 0x20); // spaces: valid JSON whitespace, forever
    const server = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const pump = () => {
        for (let ok = true; ok && !res.destroyed; ) {
          ok = res.write(chunk);
          sent += chunk.length;
        }
        if (!res.destroyed) res.once('drain', pump);
      };
      res.write('[');
      pump();
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${server.address().port}/definitions.json`;
      const r = await runCliMeasured(['--model', QWEN, '--endpoint', hub.url, '--definitions', url, '--quiet']);
      assert.equal(r.code, 10, r.stderr);
      assert.match(r.stderr, /^E_TOO_LARGE: .*definitionsBytes/m);
      assert.ok(r.maxRssBytes > 0, 'RSS was sampled');
      t.diagnostic(`peak RSS ${(r.maxRssBytes / 2 ** 20).toFixed(0)} MB, ${sent} bytes sent, ${r.ms} ms`);
      assert.ok(r.maxRssBytes < 200 * 1024 * 1024, `RSS peaked at ${(r.maxRssBytes / 2 ** 20).toFixed(0)} MB`);
      assert.ok(sent < LIMITS.definitionsBytes * 4, `the transfer stopped (${sent} bytes sent)`);
    } finally {
      server.closeAllConnections?.();
      server.close();
    }
  });
});

describe('--local reads only regular files, within the caps', () => {
  async function localCopy() {
    const dir = await tempDir('hfmi-local-');
    await copyFile(join(FIXTURES, 'hf/Qwen__Qwen3-0.6B.config.json'), join(dir, 'config.json'));
    return dir;
  }

  for (const [what, make, pattern] of [
    ['a FIFO named config.json', async (dir) => {
      execFileSync('rm', [join(dir, 'config.json')]);
      execFileSync('mkfifo', [join(dir, 'config.json')]);
    }, /FIFO/],
    ['a FIFO named model.safetensors', async (dir) => execFileSync('mkfifo', [join(dir, 'model.safetensors')]), /FIFO/],
    ['a directory named model.safetensors', async (dir) => mkdir(join(dir, 'model.safetensors')), /directory/],
    ['a dangling symlink named model.safetensors', async (dir) => symlink(join(dir, 'nowhere'), join(dir, 'model.safetensors')), /ENOENT/],
  ]) {
    test(`${what}: E_IO (exit 8) within 1 s of reading it`, { timeout: 60_000 }, async () => {
      const dir = await localCopy();
      await make(dir);
      const r = await runCliMeasured(['--local', dir, '--quiet']);
      assert.equal(r.code, 8, r.stderr);
      assert.match(r.stderr, /^E_IO: /m);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /E_INTERNAL/);
      // The whole CLI (Node start-up and the WASM load included) ends quickly: nothing waited on the FIFO.
      assert.ok(r.ms < 10_000, `${r.ms} ms`);
    });
  }

  test('a config.json over the configBytes cap: E_TOO_LARGE before reading it', { timeout: 60_000 }, async () => {
    const dir = await tempDir('hfmi-big-');
    await writeFile(join(dir, 'config.json'), Buffer.alloc(LIMITS.configBytes + 1, 0x20));
    const r = await runCliMeasured(['--local', dir, '--quiet']);
    assert.equal(r.code, 10, r.stderr);
    assert.match(r.stderr, /^E_TOO_LARGE: .*configBytes/m);
    assert.ok(r.maxRssBytes < 200 * 1024 * 1024);
  });
});

describe('the FIFO is refused at once (library level, timed)', () => {
  test('readLocalFolder on a FIFO config.json answers within 1 s', { timeout: 10_000 }, async (t) => {
    const { readLocalFolder } = await import('../../dist/js/cli/local_folder.js');
    const dir = await tempDir('hfmi-fifo-');
    execFileSync('mkfifo', [join(dir, 'config.json')]);
    const t0 = Date.now();
    const err = await readLocalFolder(dir, 'x/y').then(
      () => assert.fail('a FIFO must be refused'),
      (e) => e,
    );
    const ms = Date.now() - t0;
    t.diagnostic(`answered in ${ms} ms`);
    assert.ok(ms < 1000, `${ms} ms`);
    assert.equal(err.code, 'E_IO');
  });
});

describe('file-system failures are E_IO (exit 8) with the path and a hint, never E_INTERNAL', () => {
  const cases = [
    ['--models-ts naming a directory', (d) => ['--target', 'flashinfer', '--models-ts', join(d, 'dir')], /dir: EISDIR: names a directory/],
    ['--catalog naming a dangling symlink', (d) => ['--catalog', join(d, 'dangling')], /dangling: ENOENT: a dangling symlink/],
    ['--perf-config naming a directory', (d) => ['--perf-config', join(d, 'dir')], /dir: EISDIR/],
    ['--out naming an existing file', (d) => ['--out', join(d, 'file')], /--out names an existing file/],
    ['--definitions naming a directory', (d) => ['--definitions', join(d, 'dir')], /a directory, not a regular file/],
  ];
  for (const [what, args, pattern] of cases) {
    test(what, { timeout: 60_000 }, async () => {
      const d = await tempDir('hfmi-eio-');
      await mkdir(join(d, 'dir'));
      await symlink(join(d, 'nowhere'), join(d, 'dangling'));
      await writeFile(join(d, 'file'), 'x');
      const r = await runCli(['--model', QWEN, '--endpoint', hub.url, '--quiet', ...args(d)]);
      assert.equal(r.code, 8, r.stderr);
      assert.match(r.stderr, /^E_IO: /m);
      assert.match(r.stderr, pattern);
    });
  }
});

// Shared test support: run the CLI as a subprocess, start the loopback fixture hub, temp dirs.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist/js/cli/import_model.js');
export const FIXTURES = join(ROOT, 'tests/fixtures');
export const FIXTURE_TOKEN = 'hf_fixture_token';

export async function startHub(options = {}) {
  const { startFixtureHub } = await import(join(ROOT, 'dist/js/fixture-hub/server.js'));
  return startFixtureHub({ root: join(FIXTURES, 'repos'), ...options });
}

/** Runs the CLI (or `script`, another built CLI); resolves {code, stdout, stderr}. Never inherits HF_TOKEN/HF_ENDPOINT. */
export function runCli(args, { env = {}, timeoutMs = 60_000, cwd = ROOT, script = CLI } = {}) {
  return new Promise((resolvePromise, reject) => {
    const cleanEnv = { ...process.env };
    delete cleanEnv.HF_TOKEN;
    delete cleanEnv.HF_ENDPOINT;
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...cleanEnv, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI timed out after ${timeoutMs} ms: ${args.join(' ')}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

export async function tempDir(prefix = 'hfmi-') {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function readJson(path) {
  return JSON.parse(await readFile(path, 'utf8'));
}

export async function hfConfig(orgName) {
  return readFile(join(FIXTURES, 'hf', `${orgName}.config.json`));
}

// ------------------------------------------------------------------ safetensors test data (one helper)
// The dtype widths come from the core's table (generated into dist/js/core/generated/dtypes.js); the
// header bytes from the fixture hub's one builder (js/fixture-hub/repo_store.ts), which serves them.
const { DTYPE_BITS } = await import(join(ROOT, 'dist/js/core/generated/dtypes.js'));
const { buildSafetensorsHeader: fixtureHeader } = await import(join(ROOT, 'dist/js/fixture-hub/repo_store.js'));

/** Bytes per element of each whole-byte dtype. */
export const DTYPE_BYTES = Object.fromEntries(
  Object.entries(DTYPE_BITS)
    .filter(([, bits]) => bits % 8 === 0)
    .map(([name, bits]) => [name, bits / 8]),
);

/** Data bytes of [name, dtype, shape] rows. */
export const dataBytes = (rows) => rows.reduce((s, [, dt, shape]) => s + shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[dt], 0);

/** 8-byte LE length + JSON (padded with spaces to a multiple of 8), offsets contiguous from 0. */
export function buildSafetensorsHeader(rows, metadata = { format: 'pt' }) {
  const { header, dataBytes: data } = fixtureHeader(metadata, rows);
  return { bytes: Buffer.from(header.buffer, header.byteOffset, header.byteLength), fileSize: header.length + data, tensors: rows.length };
}

// ------------------------------------------------------------------ fixture-hub fault runs (one helper)
const { HfmiError: DistHfmiError } = await import(join(ROOT, 'dist/js/core/errors.js'));

/** Fresh stats and the given faults on `hub` for the duration of fn, then none. */
export async function withFaultsOn(hub, faults, fn) {
  hub.setFaults(faults);
  hub.resetStats();
  try {
    return await fn();
  } finally {
    hub.setFaults(null);
  }
}

/** Awaits a promise that must reject with an HfmiError of `code`; returns the error. */
export async function rejectsWithCode(promise, code) {
  const { strict: assert } = await import('node:assert');
  const err = await promise.then(
    (r) => assert.fail(`expected ${code}, got a result${r?.modelId ? ` for ${r.modelId}` : ''}`),
    (e) => e,
  );
  assert.ok(err instanceof DistHfmiError, `expected an HfmiError, got ${err?.stack ?? err}`);
  assert.equal(err.code, code, err.message);
  return err;
}

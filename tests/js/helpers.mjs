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

/** Runs the CLI; resolves {code, stdout, stderr}. Never inherits HF_TOKEN/HF_ENDPOINT from the caller. */
export function runCli(args, { env = {}, timeoutMs = 60_000, cwd = ROOT } = {}) {
  return new Promise((resolvePromise, reject) => {
    const cleanEnv = { ...process.env };
    delete cleanEnv.HF_TOKEN;
    delete cleanEnv.HF_ENDPOINT;
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...cleanEnv, ...env } });
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

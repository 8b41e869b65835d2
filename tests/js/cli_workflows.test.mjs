// The import-model CLI as people use it: overrides, the y/N prompt (in a pseudo-terminal), URL rules,
// one JSON document on stdout, progress and warnings, positional ids, --version, --local ".".
// Expected values come from the fixture configs and tests/fixtures/repos/README.md.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { CLI, FIXTURES, ROOT, hfConfig, readJson, runCli, startHub, tempDir } from './helpers.mjs';

let hub;
before(async () => {
  hub = await startHub();
});
after(async () => {
  await hub.close();
});

const QWEN = 'Qwen/Qwen3-0.6B';

async function copyModelsTs() {
  const dir = await tempDir();
  const path = join(dir, 'models.ts');
  await writeFile(path, await readFile(join(FIXTURES, 'models_ts/models.ts')));
  return path;
}

const shellQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/**
 * Runs the CLI inside a pseudo-terminal with util-linux `script` (bsdutils: present on every Debian),
 * typing `input` once the prompt shows. Resolves {code, output} (the terminal's transcript).
 */
function runInPty(args, input) {
  return new Promise((resolvePromise, reject) => {
    const env = { ...process.env, TERM: 'dumb' };
    delete env.HF_TOKEN;
    delete env.HF_ENDPOINT;
    const command = [process.execPath, CLI, ...args].map(shellQuote).join(' ');
    const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: ROOT, env });
    let output = '';
    let typed = false;
    child.stdout.on('data', (d) => {
      output += d;
      if (!typed && input !== undefined && /\[y\/N\]/.test(output)) {
        typed = true;
        child.stdin.write(input);
      }
    });
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pty run timed out:\n${output}`));
    }, 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

describe('overrides', () => {
  test('--params 70 lands in the catalogue entry; the report shows the override and the computed count', async () => {
    const dir = await tempDir();
    const catalog = join(dir, 'models.json');
    const out = join(dir, 'out');
    const r = await runCli([QWEN, '--endpoint', hub.url, '--catalog', catalog, '--out', out, '--params', '70', '--context', '8192']);
    assert.equal(r.code, 0, r.stderr);
    const entries = await readJson(catalog);
    const entry = (Array.isArray(entries) ? entries : entries.models).find((e) => e.hf_model_id === QWEN);
    assert.equal(entry.parameters_billions, 70);
    assert.equal(entry.default_context_length, 8192);
    const summary = await readFile(join(out, 'model_addition_summary.md'), 'utf8');
    // repos/README.md: Qwen3-0.6B has 596,049,920 parameters in total.
    assert.match(summary, /\| parameters \| 70,000,000,000 \| 596,049,920 \|/);
    // Context: the config's max_position_embeddings.
    const cfg = JSON.parse(await hfConfig('Qwen__Qwen3-0.6B'));
    assert.match(summary, new RegExp(`\\| context length \\| 8,192 \\| ${cfg.max_position_embeddings.toLocaleString('en-US')} \\|`));
    assert.match(r.stderr, /override: parameters 70,000,000,000 \(computed 596,049,920\)/);
  });

  test('--params must be a positive number', async () => {
    const r = await runCli([QWEN, '--endpoint', hub.url, '--params', 'lots']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^E_USAGE: --params/m);
  });
});

describe('confirmation before changing a user file', () => {
  const args = (path, ...more) => [QWEN, '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', path, ...more];

  test('on a terminal: the diff and a y/N prompt; "n" leaves the file alone', async () => {
    const path = await copyModelsTs();
    const before = await readFile(path, 'utf8');
    const r = await runInPty(args(path), 'n\n');
    assert.match(r.output, /\+ {4}id: "qwen3-0\.6b",/); // the diff is shown
    assert.match(r.output, /Apply this change to .*models\.ts\? \[y\/N\]/);
    assert.match(r.output, /left unchanged/);
    assert.equal(await readFile(path, 'utf8'), before);
  });

  test('on a terminal: "y" writes the entry', async () => {
    const path = await copyModelsTs();
    const r = await runInPty(args(path), 'y\n');
    assert.equal(r.code, 0, r.output);
    assert.match(await readFile(path, 'utf8'), /id: "qwen3-0\.6b"/);
  });

  test('on a terminal, --force: no prompt, the file is written', async () => {
    const path = await copyModelsTs();
    const r = await runInPty(args(path, '--force'));
    assert.equal(r.code, 0, r.output);
    assert.doesNotMatch(r.output, /\[y\/N\]/);
    assert.match(await readFile(path, 'utf8'), /id: "qwen3-0\.6b"/);
  });

  test('no terminal: no prompt, the file is written', async () => {
    const path = await copyModelsTs();
    const r = await runCli(args(path));
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr + r.stdout, /\[y\/N\]/);
    assert.match(await readFile(path, 'utf8'), /id: "qwen3-0\.6b"/);
  });
});

describe('sources and URLs', () => {
  test('a github.com URL: E_USAGE, and no request reaches the hub', async () => {
    const before = hub.stats().requests;
    const r = await runCli(['--url', 'https://github.com/Qwen/Qwen3-0.6B', '--endpoint', hub.url, '--json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^E_USAGE: --url: github\.com is not the Hub/m);
    assert.equal(hub.stats().requests, before);
  });

  test('URL forms: /tree/REV and /blob/REV/file are accepted; /commits is not; the endpoint host is accepted', async () => {
    for (const url of [`https://huggingface.co/${QWEN}/tree/main`, `https://hf.co/${QWEN}/blob/main/config.json`, `${hub.url}/${QWEN}`]) {
      const r = await runCli(['--url', url, '--endpoint', hub.url, '--json', '--quiet']);
      assert.equal(r.code, 0, `${url}: ${r.stderr}`);
      assert.equal(JSON.parse(r.stdout).model_id, QWEN);
    }
    const bad = await runCli(['--url', `https://huggingface.co/${QWEN}/commits/main`, '--endpoint', hub.url]);
    assert.equal(bad.code, 2);
  });

  test('a revision in the URL and a different --revision: E_USAGE', async () => {
    const r = await runCli(['--url', `https://huggingface.co/${QWEN}/tree/v1`, '--revision', 'main', '--endpoint', hub.url]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^E_USAGE: --revision main disagrees with the URL's revision v1/m);
  });

  test('a positional model id, --version, and "did you mean" for a misspelt flag', async () => {
    const r = await runCli([QWEN, '--endpoint', hub.url, '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).num_layers, JSON.parse(await hfConfig('Qwen__Qwen3-0.6B')).num_hidden_layers);
    const v = await runCli(['--version']);
    assert.equal(v.code, 0);
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(v.stdout.trim(), `${pkg.name} ${pkg.version}`);
    const typo = await runCli(['--modle', QWEN]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /^E_USAGE: unknown flag --modle \(did you mean --model\?\)/m);
  });

  test('--local . and a trailing slash both work', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'config.json'), await hfConfig('Qwen__Qwen3-0.6B'));
    const dot = await runCli(['--local', '.', '--json', '--quiet'], { cwd: dir });
    assert.equal(dot.code, 0, dot.stderr);
    assert.equal(JSON.parse(dot.stdout).num_layers, 28); // config: num_hidden_layers 28
    const slash = await runCli(['--local', `${dir}/`, '--json', '--quiet']);
    assert.equal(slash.code, 0, slash.stderr);
  });
});

describe('output discipline', () => {
  test('--dry-run --json: stdout is one JSON document, the diff goes to stderr', async () => {
    const path = await copyModelsTs();
    const r = await runCli([QWEN, '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', path, '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.model_id, QWEN);
    assert.match(r.stderr, /^--- a\/models\.ts/m);
    assert.match(r.stderr, /^\+ {4}id: "qwen3-0\.6b",/m);
  });

  test('progress without a terminal: one line per phase, not per shard (DeepSeek-V3, 163 shards)', async () => {
    const r = await runCli(['deepseek-ai/DeepSeek-V3', '--endpoint', hub.url, '--json'], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    const progress = r.stderr.split('\n').filter((l) => l.startsWith('[deepseek-ai/DeepSeek-V3]'));
    assert.ok(progress.length >= 3 && progress.length <= 6, progress.join('\n'));
    assert.ok(progress.some((l) => /shard headers \(163\)/.test(l)), progress.join('\n'));
  });

  test('a retry is reported with its wait and cause', async () => {
    hub.setFaults([{ match: `/${QWEN}/resolve/main/config.json`, fail500: 1 }]);
    try {
      const r = await runCli([QWEN, '--endpoint', hub.url, '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /retrying in [\d.]+ s: HTTP 500/);
    } finally {
      hub.setFaults([]);
    }
  });

  test('each distinct warning is printed once (gpt-oss-20b)', async () => {
    const r = await runCli(['openai/gpt-oss-20b', '--endpoint', hub.url, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    assert.equal(new Set(warnings).size, warnings.length, warnings.join('\n'));
    // The same missing definition used by several modules is one line, with a count.
    const named = warnings.map((l) => /definition "([^"]+)"/.exec(l)?.[1]).filter(Boolean);
    assert.equal(new Set(named).size, named.length, warnings.join('\n'));
    assert.ok(warnings.some((l) => / \(x\d+\)$/.test(l)), warnings.join('\n'));
  });
});


// The import-model CLI as a subprocess against the loopback fixture hub (real fetch, no mocks).
// Expected numbers come from the config files and PROVENANCE.md, never from the code's output.
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { FIXTURE_TOKEN, FIXTURES, hfConfig, readJson, runCli, startHub, tempDir } from './helpers.mjs';

const GATED = 'google/gemma-2-9b-it'; // gated on the real Hub, and on the fixture hub
let hub;
before(async () => {
  hub = await startHub();
});
after(async () => {
  await hub.close();
});

/** Exactly one line on stderr starts with the code (progress lines may precede it). */
function assertCodedError(result, code, exitCode) {
  assert.equal(result.code, exitCode, `exit code for ${code}: ${result.stderr}`);
  const lines = result.stderr.trim().split('\n');
  const last = lines[lines.length - 1];
  assert.match(last, new RegExp(`^${code}: `), `last stderr line: ${last}`);
  return last;
}

describe('import-model against the fixture hub', () => {
  test('Llama-3.1-8B --json: the architecture the issue lists', async () => {
    // The exact command: no token needed (the fixture Llama is not gated; see tests/fixtures/repos/README.md).
    const r = await runCli(['--model', 'meta-llama/Llama-3.1-8B', '--endpoint', hub.url, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout); // stdout is exactly one JSON document
    assert.equal(a.model_id, 'meta-llama/Llama-3.1-8B');
    assert.equal(a.architecture_type, 'LlamaForCausalLM');
    assert.equal(a.model_type, 'llama');
    assert.equal(a.num_layers, 32);
    assert.equal(a.hidden_size, 4096);
    assert.equal(a.vocab_size, 128256);
    assert.deepEqual(
      { type: a.attention.type, num_heads: a.attention.num_heads, num_kv_heads: a.attention.num_kv_heads, head_dim: a.attention.head_dim },
      { type: 'gqa', num_heads: 32, num_kv_heads: 8, head_dim: 128 },
    );
    assert.equal(a.mlp.type, 'dense');
    assert.equal(a.mlp.intermediate_size, 14336);
    assert.equal(a.mlp.activation, 'silu');
    assert.deepEqual(a.normalization, { type: 'rmsnorm', epsilon: 1e-5 });
    assert.equal(a.multimodal, false);
    // PROVENANCE.md: 8,030,261,248 (also the index's total_size 16,060,522,496 bytes / 2 in BF16).
    assert.equal(a.parameters.total, 8_030_261_248);
    assert.equal(a.parameters.source, 'safetensors');
    assert.equal(a.parameters.config_estimate.total, 8_030_261_248);
    assert.equal(a.parameters.by_dtype.BF16, 8_030_261_248);
  });

  test('a Hub URL works like --model', async () => {
    const r = await runCli(['--url', 'https://huggingface.co/Qwen/Qwen3-0.6B', '--endpoint', hub.url, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout);
    assert.equal(a.model_id, 'Qwen/Qwen3-0.6B');
    assert.equal(a.attention.head_dim, 128); // explicit head_dim in the config, not 1024/16
    assert.equal(a.tie_word_embeddings, true);
  });

  test('404: E_NOT_FOUND, exit 3, one coded line', async () => {
    const r = await runCli(['--model', 'nobody/no-such-model', '--endpoint', hub.url, '--json']);
    const line = assertCodedError(r, 'E_NOT_FOUND', 3);
    assert.match(line, /no-such-model/);
    assert.equal(r.stdout, '');
  });

  test('gated without a token: E_GATED says to request access and set HF_TOKEN', async () => {
    const r = await runCli(['--model', GATED, '--endpoint', hub.url, '--json']);
    const line = assertCodedError(r, 'E_GATED', 4);
    assert.match(line, /HF_TOKEN/);
    assert.match(line, /access/i);
  });

  test('gated with a token from HF_TOKEN: success, and the token appears nowhere', async () => {
    const out = await tempDir();
    const r = await runCli(['--model', GATED, '--endpoint', hub.url, '--out', out], {
      env: { HF_TOKEN: FIXTURE_TOKEN },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes(FIXTURE_TOKEN) && !r.stderr.includes(FIXTURE_TOKEN));
    for (const f of await readdir(out)) {
      assert.ok(!(await readFile(join(out, f), 'utf8')).includes(FIXTURE_TOKEN), `${f} contains the token`);
    }
  });

  test('gated with a wrong token: E_GATED, and the wrong token is not echoed', async () => {
    const r = await runCli(['--model', GATED, '--endpoint', hub.url, '--token', 'hf_wrong_secret', '--json']);
    assertCodedError(r, 'E_GATED', 4);
    assert.ok(!r.stderr.includes('hf_wrong_secret'));
  });

  test('malformed config (zero heads): E_BAD_CONFIG with the JSON path, exit 5', async () => {
    const r = await runCli(['--model', 'hfmi-tests/bad-config-zero-heads', '--endpoint', hub.url, '--json']);
    const line = assertCodedError(r, 'E_BAD_CONFIG', 5);
    assert.match(line, /num_attention_heads/);
  });

  test('config that is not JSON: E_BAD_CONFIG, exit 5', async () => {
    const r = await runCli(['--model', 'hfmi-tests/not-json-config', '--endpoint', hub.url, '--json']);
    assertCodedError(r, 'E_BAD_CONFIG', 5);
  });

  test('--out writes model_config.json byte-identical to the Hub file, and model_architecture.json', async () => {
    const out = await tempDir();
    const r = await runCli(['--model', 'Qwen/Qwen3-0.6B', '--endpoint', hub.url, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const written = await readFile(join(out, 'model_config.json'));
    assert.deepEqual(written, await hfConfig('Qwen__Qwen3-0.6B'));
    const a = await readJson(join(out, 'model_architecture.json'));
    assert.equal(a.num_layers, 28); // config: num_hidden_layers 28
  });

  test('--dry-run writes nothing', async () => {
    const out = join(await tempDir(), 'never');
    const r = await runCli(['--model', 'Qwen/Qwen3-0.6B', '--endpoint', hub.url, '--out', out, '--dry-run']);
    assert.equal(r.code, 0, r.stderr);
    await assert.rejects(readdir(out));
  });

  test('--local: a downloaded folder (config + sparse shard files), no network', async () => {
    const dir = await tempDir();
    const model = 'meta-llama/Llama-3.1-8B';
    const cfg = await hfConfig('meta-llama__Llama-3.1-8B');
    await writeFile(join(dir, 'config.json'), cfg);
    const headers = {};
    const info = await (await fetch(`${hub.url}/api/models/${model}`)).json();
    const shards = info.siblings.map((s) => s.rfilename).filter((n) => n.endsWith('.safetensors'));
    assert.equal(shards.length, 4); // the real checkpoint's 4 shards
    for (const name of shards) {
      const url = `${hub.url}/${model}/resolve/main/${name}`;
      const first = await fetch(url, { headers: { ...headers, range: 'bytes=0-7' } });
      const total = Number((first.headers.get('content-range') ?? '').split('/')[1]);
      const n = Number(Buffer.from(await first.arrayBuffer()).readBigUInt64LE(0));
      const head = await fetch(url, { headers: { ...headers, range: `bytes=0-${8 + n - 1}` } });
      await writeFile(join(dir, name), Buffer.from(await head.arrayBuffer()));
      await truncate(join(dir, name), total); // sparse: the weights are zeros we never read
    }
    const r = await runCli(['--local', dir, '--model', model, '--json', '--endpoint', 'http://127.0.0.1:9']);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout);
    assert.equal(a.parameters.total, 8_030_261_248);
    assert.equal(a.parameters.source, 'safetensors');
  });

  test('--local on a folder without config.json: coded error', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'sub'));
    const r = await runCli(['--local', dir, '--json']);
    assertCodedError(r, 'E_NOT_FOUND', 3);
  });
});

describe('import-model argument errors', () => {
  const cases = [
    { args: [], why: 'no model' },
    { args: ['--model', 'a/b', '--tp', 'abc'], why: 'non-numeric --tp' },
    { args: ['--model', 'a/b', '--tp', '0'], why: 'zero --tp' },
    { args: ['--model', 'a/b', '--page-sizes', '1,,64'], why: 'bad page sizes' },
    { args: ['--model', 'a/b', '--frobnicate'], why: 'unknown flag' },
    { args: ['--model', 'a/b', '--target', 'vllm'], why: 'unknown target' },
    { args: ['--model', 'a/b', '--target', 'flashinfer'], why: '--target without --models-ts' },
    { args: ['--url', 'ftp://example.com/x'], why: 'not a Hub URL' },
  ];
  for (const c of cases) {
    test(`E_USAGE for ${c.why}`, async () => {
      const r = await runCli([...c.args, '--endpoint', 'http://127.0.0.1:9', '--quiet']);
      assertCodedError(r, 'E_USAGE', 2);
    });
  }

  test('--help prints the usage and exits 0', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--models-ts PATH/);
  });
});

describe('import-model --target flashinfer (models.ts)', () => {
  const MODELS_TS = join(FIXTURES, 'models_ts/models.ts'); // built from the dataset's models.ts entries

  async function copyModelsTs() {
    const dir = await tempDir();
    const path = join(dir, 'models.ts');
    await writeFile(path, await readFile(MODELS_TS));
    return { dir, path };
  }

  test('inserts a new entry, keeps every other line, and backs up the original', async () => {
    const { dir, path } = await copyModelsTs();
    const before = await readFile(path, 'utf8');
    const r = await runCli(['--model', 'Qwen/Qwen3-0.6B', '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', path]);
    assert.equal(r.code, 0, r.stderr);
    const after = await readFile(path, 'utf8');
    assert.match(after, /id: "qwen3-0.6b"/);
    const beforeLines = before.split('\n');
    const afterLines = after.split('\n');
    // Every original line is still there, in order (the insertion adds lines, changes none).
    let j = 0;
    for (const line of afterLines) if (j < beforeLines.length && line === beforeLines[j]) j++;
    assert.equal(j, beforeLines.length);
    const backups = (await readdir(dir)).filter((f) => f.startsWith('models.ts.bak-'));
    assert.equal(backups.length, 1);
    assert.equal(await readFile(join(dir, backups[0]), 'utf8'), before);
  });

  test('an existing id without --replace: E_BAD_MODELS_TS, exit 7, file untouched', async () => {
    const { path } = await copyModelsTs();
    const before = await readFile(path, 'utf8');
    const r = await runCli(['--model', 'meta-llama/Llama-3.1-8B', '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', path]);
    const line = assertCodedError(r, 'E_BAD_MODELS_TS', 7);
    assert.match(line, /--replace/);
    assert.equal(await readFile(path, 'utf8'), before);
  });

  test('--replace twice leaves exactly one llama-3.1-8b entry; --dry-run prints a diff and writes nothing', async () => {
    const { path } = await copyModelsTs();
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['--model', 'meta-llama/Llama-3.1-8B', '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', path, '--replace', '--description', 'Meta "Llama" 3.1 ${8B}\nline two']);
      assert.equal(r.code, 0, r.stderr);
    }
    const text = await readFile(path, 'utf8');
    assert.equal(text.match(/id: "llama-3\.1-8b"/g).length, 1);
    const before = text;
    const dry = await runCli(['--model', 'Qwen/Qwen3-0.6B', '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', path, '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^--- a\/models\.ts/m);
    assert.match(dry.stdout, /^\+ {4}id: "qwen3-0\.6b",/m);
    assert.equal(await readFile(path, 'utf8'), before);
  });
});

// Mantile perf-model configs written by the CLI into a Mantile-shaped checkout: {org}_{Name}.json in
// backend/data/model_configs, gap reports in model_builder/gaps/ and a row each in the gaps README.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { FIXTURES, runCli, startHub, tempDir } from './helpers.mjs';

let hub;
let root;
before(async () => {
  hub = await startHub();
  root = await tempDir('hfmi-mantile-');
});
after(async () => {
  await hub?.close();
});

const SECTIONS = ['## 1. Example tensors from the dry run', '## 2. Documentation references', '## 3. Parallelism strategies',
  '## 4. Test-suite specification'];

test('DeepSeek-V3 writes its config, an MLA gap report from the real headers and a README row', async () => {
  const configs = join(root, 'backend/data/model_configs');
  const r = await runCli(['--model', 'deepseek-ai/DeepSeek-V3', '--endpoint', hub.url, '--perf-config-dir', configs, '--quiet'],
    { timeoutMs: 180_000 });
  assert.equal(r.code, 0, r.stderr);
  const config = JSON.parse(await readFile(join(configs, 'deepseek-ai_DeepSeek-V3.json'), 'utf8'));
  assert.equal(config.model_id, 'deepseek-ai_DeepSeek-V3');
  const mla = config.layer_types.find((l) => l.name === 'mla_attention');
  assert.equal(mla.supported, false);
  assert.equal(mla.gap_report, 'model_builder/gaps/deepseek-ai_DeepSeek-V3_mla_attention.md');
  const md = await readFile(join(root, mla.gap_report), 'utf8');
  for (const s of SECTIONS) assert.ok(md.includes(s), s);
  // The example tensors are the fixture repo's (real-shaped) headers for layer 0.
  const tensors = JSON.parse(await readFile(join(FIXTURES, 'repos/deepseek-ai/DeepSeek-V3/tensors.json'), 'utf8'));
  const kv = tensors.shards['model-00001-of-000163.safetensors'].find(([n]) => n === 'model.layers.0.self_attn.kv_a_proj_with_mqa.weight');
  assert.ok(md.includes(`| \`${kv[0]}\` | ${kv[1]} | [${kv[2].join(', ')}] |`));
  const readme = await readFile(join(root, 'model_builder/gaps/README.md'), 'utf8');
  assert.match(readme, /\| Gap \| Model \| Layers \| Severity \| Report \|/);
  assert.equal(readme.split('deepseek-ai_DeepSeek-V3_mla_attention.md](').length - 1, 1);
  // A second run updates the README row in place.
  const again = await runCli(['--model', 'deepseek-ai/DeepSeek-V3', '--endpoint', hub.url, '--perf-config-dir', configs, '--quiet'],
    { timeoutMs: 180_000 });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(await readFile(join(root, 'model_builder/gaps/README.md'), 'utf8'), readme);
});

test('Nemotron-H (Mamba hybrid) writes a Mamba2 gap report next to a hand-kept README', async () => {
  const local = join(root, 'local/nemotron');
  await mkdir(local, { recursive: true });
  await copyFile(join(FIXTURES, 'hf/nvidia__Nemotron-H-56B-Base-8K.config.json'), join(local, 'config.json'));
  const configs = join(root, 'backend/data/model_configs');
  const r = await runCli(['--local', local, '--model', 'nvidia/Nemotron-H-56B-Base-8K', '--perf-config-dir', configs, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const config = JSON.parse(await readFile(join(configs, 'nvidia_Nemotron-H-56B-Base-8K.json'), 'utf8'));
  const mamba = config.layer_types.find((l) => l.name === 'mamba2');
  assert.equal(mamba.supported, false);
  const md = await readFile(join(root, mamba.gap_report), 'utf8');
  for (const s of SECTIONS) assert.ok(md.includes(s), s);
  const readme = await readFile(join(root, 'model_builder/gaps/README.md'), 'utf8');
  assert.ok(readme.includes('deepseek-ai_DeepSeek-V3_mla_attention.md'), 'the earlier row is kept');
  assert.ok(readme.includes('nvidia_Nemotron-H-56B-Base-8K_mamba2.md'));
});

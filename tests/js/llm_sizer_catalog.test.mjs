// llm-sizer models.json through the CLI, on a copy of the real catalogue
// (tests/fixtures/consumers/llm-sizer, AMD-melliott/llm-sizer@83714cfa): three inserts and one replace
// change only those entries' lines; every entry we wrote passes the real schema (ajv) and the
// project's validator rules; refusals are coded and write nothing.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import Ajv from 'ajv';

import { FIXTURES, runCli, startHub, tempDir } from './helpers.mjs';

const REAL = join(FIXTURES, 'consumers/llm-sizer/models.json');
const SCHEMA = JSON.parse(await readFile(join(FIXTURES, 'consumers/llm-sizer/model.schema.json'), 'utf8'));
const validateSchema = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);

// The project's validator rules (consumers README), written out here independently of the core.
function validatorErrors(e) {
  const errors = [];
  if (e.num_kv_heads !== undefined && e.num_kv_heads > e.num_heads) errors.push('num_kv_heads > num_heads');
  if (e.modality === 'multimodal') {
    if (!e.vision_config?.model_type) errors.push('vision_config.model_type missing');
    if (!e.vision_config?.image_size) errors.push('vision_config.image_size missing');
  }
  return errors;
}

let hub;
let dir;
before(async () => {
  hub = await startHub();
  dir = await tempDir('hfmi-llm-sizer-');
});
after(async () => {
  await hub?.close();
});

/** A --local folder holding only a fixture config (config-only import). */
async function localConfig(orgName) {
  const d = join(dir, 'local', orgName);
  await mkdir(d, { recursive: true });
  await copyFile(join(FIXTURES, 'hf', `${orgName}.config.json`), join(d, 'config.json'));
  return d;
}

function lines(text) {
  return text.split('\n');
}

/** The changed region of a line diff: {removed, added} lines between the common prefix and suffix. */
function lineChange(beforeText, afterText) {
  const a = lines(beforeText);
  const b = lines(afterText);
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  return { removed: a.slice(p, a.length - s), added: b.slice(p, b.length - s) };
}

function parseAddedEntry(added) {
  for (let k = 0; k < added.length; k++) {
    const rotated = [...added.slice(added.length - k), ...added.slice(0, added.length - k)];
    try {
      const v = JSON.parse(rotated.join('\n').trim().replace(/^,/, '').replace(/,$/, ''));
      if (v && typeof v === 'object' && !Array.isArray(v)) return v;
    } catch {
      // not this rotation
    }
  }
  assert.fail(`the added lines are not one entry:\n${added.join('\n')}`);
}

function checkNeighbours(models, id) {
  const i = models.findIndex((m) => m.id === id);
  assert.ok(i >= 0, `${id} is in the catalogue`);
  const p = models[i].parameters_billions;
  if (i > 0) assert.ok(models[i - 1].parameters_billions <= p, `${models[i - 1].id} <= ${id}`);
  if (i + 1 < models.length && models[i + 1].id !== 'custom') assert.ok(p <= models[i + 1].parameters_billions);
  assert.equal(models.at(-1).id, 'custom');
}

function checkWritten(entry) {
  assert.ok(validateSchema(entry), JSON.stringify(validateSchema.errors));
  assert.deepEqual(validatorErrors(entry), []);
}

test('three inserts and one replace on the real models.json touch only those entries', async () => {
  const catalog = join(dir, 'models.json');
  await copyFile(REAL, catalog);
  const original = JSON.parse(await readFile(REAL, 'utf8')).models;
  const inserts = [
    { args: ['--model', 'meta-llama/Llama-3.1-8B', '--endpoint', hub.url], id: 'llama-3-1-8b' },
    { args: ['--model', 'openai-community/gpt2', '--endpoint', hub.url], id: 'gpt2' },
    { args: ['--local', await localConfig('Qwen__Qwen2.5-VL-7B-Instruct'), '--model', 'Qwen/Qwen2.5-VL-7B-Instruct'], id: 'qwen2-5-vl-7b-instruct' },
  ];
  for (const { args, id } of inserts) {
    const beforeText = await readFile(catalog, 'utf8');
    const r = await runCli([...args, '--catalog', catalog, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const afterText = await readFile(catalog, 'utf8');
    const { removed, added } = lineChange(beforeText, afterText);
    assert.deepEqual(removed, [], `${id}: nothing removed`);
    // The added lines are exactly one entry (with the comma that separates it from its neighbour). A line
    // diff may show them rotated (the new entry's "{" line equals its neighbour's), so try each rotation.
    const entry = parseAddedEntry(added);
    assert.equal(entry.id, id);
    checkWritten(entry);
    const models = JSON.parse(afterText).models;
    checkNeighbours(models, id);
  }
  // Replace Qwen3-0.6B: only its lines change; its curated name, key order and modality stay.
  const beforeText = await readFile(catalog, 'utf8');
  const r = await runCli(['--model', 'Qwen/Qwen3-0.6B', '--endpoint', hub.url, '--catalog', catalog, '--replace']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /replaced "qwen3-0-6b"/);
  const afterText = await readFile(catalog, 'utf8');
  const { removed, added } = lineChange(beforeText, afterText);
  const oldEntry = original.find((m) => m.id === 'qwen3-0-6b');
  // Only the old entry's lines go, only the new entry's lines come.
  assert.ok(removed.length <= lines(JSON.stringify(oldEntry, null, 2)).length);
  assert.ok(added.length <= lines(JSON.stringify(JSON.parse(afterText).models.find((m) => m.id === 'qwen3-0-6b'), null, 2)).length);
  const newEntry = JSON.parse(afterText).models.find((m) => m.id === 'qwen3-0-6b');
  assert.equal(newEntry.name, oldEntry.name);
  assert.equal(newEntry.modality, oldEntry.modality);
  assert.deepEqual(Object.keys(newEntry).slice(0, Object.keys(oldEntry).length), Object.keys(oldEntry));
  // Full precision from the fixture repo's headers (tied embeddings, no stored lm_head copy: 596,049,920).
  const qwenTensors = JSON.parse(await readFile(join(FIXTURES, 'repos/Qwen/Qwen3-0.6B/tensors.json'), 'utf8'));
  const qwenTotal = Object.values(qwenTensors.shards).flat().reduce((a, [, , shape]) => a + shape.reduce((x, y) => x * y, 1), 0);
  assert.equal(newEntry.parameters_billions, qwenTotal / 1e9);
  checkWritten(newEntry);
  const models = JSON.parse(afterText).models;
  assert.equal(models.length, original.length + 3);
  // Every other entry is byte-for-byte the original's.
  for (const m of original) if (m.id !== 'qwen3-0-6b') assert.deepEqual(models.find((x) => x.id === m.id), m);
  // Qwen2.5-VL got the multimodal fields.
  const vl = models.find((m) => m.id === 'qwen2-5-vl-7b-instruct');
  assert.equal(vl.modality, 'multimodal');
  for (const k of ['model_type', 'image_size', 'patch_size', 'hidden_size', 'num_layers', 'num_heads']) assert.ok(k in vl.vision_config, k);
  for (const k of ['image_token_count', 'projector_type']) assert.ok(k in vl.multimodal_config, k);
  // Llama-3.1-8B: full precision from the headers (8,030,261,248 parameters).
  assert.equal(models.find((m) => m.id === 'llama-3-1-8b').parameters_billions, 8.030261248);
});

test('a 1,026B model is refused without --force and nothing is written; --force writes and warns', async () => {
  const catalog = join(dir, 'kimi.json');
  await copyFile(REAL, catalog);
  const original = await readFile(catalog, 'utf8');
  const local = await localConfig('moonshotai__Kimi-K2-Instruct');
  const args = ['--local', local, '--model', 'moonshotai/Kimi-K2-Instruct', '--catalog', catalog, '--replace', '--quiet'];
  const refused = await runCli(args);
  assert.equal(refused.code, 7);
  assert.match(refused.stderr, /^E_CATALOG_SCHEMA: .*parameters_billions is 1026\.\d+, above the schema's maximum 1000 \(nothing was written\)/m);
  assert.equal(await readFile(catalog, 'utf8'), original);
  const forced = await runCli([...args, '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stderr, /warning: .*maximum 1000.*--force/);
  const models = JSON.parse(await readFile(catalog, 'utf8')).models;
  assert.ok(models.find((m) => m.id === 'Kimi-K2-Instruct').parameters_billions > 1026);
});

test('a second id for an hf_model_id already in the catalogue is refused', async () => {
  const catalog = join(dir, 'dup.json');
  await copyFile(REAL, catalog);
  const original = await readFile(catalog, 'utf8');
  const local = await localConfig('mistralai__Mixtral-8x7B-v0.1');
  const r = await runCli(['--local', local, '--model', 'mistralai/Mixtral-8x7B-v0.1', '--catalog', catalog, '--quiet']);
  assert.equal(r.code, 7);
  assert.match(r.stderr, /^E_BAD_CATALOG: .*hf_model_id "mistralai\/Mixtral-8x7B-v0.1" \(as id "Mixtral-8x7B-v0.1"\)/m);
  assert.equal(await readFile(catalog, 'utf8'), original);
});

test('--catalog-schema replaces the bundled schema', async () => {
  const catalog = join(dir, 'schema.json');
  await copyFile(REAL, catalog);
  const strict = { ...SCHEMA, properties: { ...SCHEMA.properties, num_layers: { type: 'number', maximum: 10 } } };
  const schemaPath = join(dir, 'strict.schema.json');
  await writeFile(schemaPath, JSON.stringify(strict));
  const r = await runCli(['--model', 'meta-llama/Llama-3.1-8B', '--endpoint', hub.url, '--catalog', catalog,
    '--catalog-schema', schemaPath, '--quiet']);
  assert.equal(r.code, 7);
  assert.match(r.stderr, /E_CATALOG_SCHEMA: .*num_layers is 32, above the schema's maximum 10/);
});

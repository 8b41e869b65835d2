// fetchModel with decodeWhileFetching false (what a batch uses, so that the core sessions of the models in
// flight never coexist in the WASM memory): the handle keeps only the bytes, and its analyses equal those of
// a handle that decoded while fetching. Expected heads come from Qwen3-30B-A3B's config.json; the shard
// count from its model.safetensors.index.json.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { FIXTURES, ROOT, startHub } from './helpers.mjs';

const api = await import(join(ROOT, 'dist/js/index.node.js'));
const QWEN = 'Qwen/Qwen3-30B-A3B';
const config = JSON.parse(await readFile(join(FIXTURES, 'hf/Qwen__Qwen3-30B-A3B.config.json'), 'utf8'));
const index = JSON.parse(await readFile(join(FIXTURES, 'repos/Qwen/Qwen3-30B-A3B/model.safetensors.index.json'), 'utf8'));

let hub;
before(async () => {
  hub = await startHub();
});
after(() => hub?.close());

const comparable = ({ stats: _stats, ...rest }) => rest;

test('decodeWhileFetching false: same analyses as decoding while fetching, no request after the fetch', async () => {
  const eager = await api.fetchModel(QWEN, { hubUrl: hub.url });
  hub.resetStats();
  const deferred = await api.fetchModel(QWEN, { hubUrl: hub.url, decodeWhileFetching: false });
  const fetched = hub.stats().requests;
  assert.equal(deferred.shards.length, new Set(Object.values(index.weight_map)).size);
  for (const tp of [1, 4]) {
    const d = await deferred.analyze({ tp });
    const e = await eager.analyze({ tp });
    assert.match(d.modelsTsEntry, new RegExp(`gqa_paged_decode_h${config.num_attention_heads / tp}_kv${config.num_key_value_heads / tp}_d${config.head_dim}_ps1`));
    assert.deepEqual(comparable(d), comparable(e), `TP ${tp}`);
  }
  assert.equal(hub.stats().requests, fetched, 'analyses made no request');
  eager.dispose();
  deferred.dispose();
});

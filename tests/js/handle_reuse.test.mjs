// Fetch once, analyse many: one fetchModel handle re-analysed with other options makes no request, and
// gives what separate imports give. Also the HF JS conventions of the fetch options: hubUrl/accessToken,
// an injected fetch, and a typed E_ABORTED on abort.
// Expected names come from Qwen3-30B-A3B's config.json (32 query heads, 4 KV heads, head_dim 128).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { FIXTURES, FIXTURE_TOKEN, ROOT, runCli, startHub } from './helpers.mjs';

const api = await import(join(ROOT, 'dist/js/index.node.js'));
const QWEN = 'Qwen/Qwen3-30B-A3B';
const config = JSON.parse(await readFile(join(FIXTURES, 'hf/Qwen__Qwen3-30B-A3B.config.json'), 'utf8'));

let hub;
before(async () => {
  hub = await startHub();
});
after(() => hub?.close());

/** A result without what legitimately differs between one fetch and another (the fetch's own stats). */
function comparable(r) {
  const { stats: _stats, ...rest } = r;
  return rest;
}

describe('fetchModel: one fetch, many analyses', () => {
  test('TP changed four times and the entry name changed: no request after the fetch, same results as separate imports', async () => {
    hub.resetStats();
    const handle = await api.fetchModel(QWEN, { hubUrl: hub.url });
    const fetched = hub.stats().requests;
    // config.json + model info + one Range per shard (16); a header longer than its range may cost one more.
    assert.ok(fetched >= 18 && fetched <= 18 + 16, `requests for the fetch: ${fetched}`);
    assert.equal(handle.shards.length, 16);
    assert.equal(handle.modelInfo?.files?.filter((f) => f.endsWith('.safetensors')).length, 16);

    const tps = [1, 2, 4, 8];
    const viaHandle = [];
    for (const tp of tps) viaHandle.push(await handle.analyze({ tp, name: `Qwen3 30B A3B (TP ${tp})` }));
    const renamed = await handle.analyze({ tp: 8, name: 'Renamed', description: 'one handle' });
    assert.equal(hub.stats().requests, fetched, 'no request reached the hub after the first fetch');

    for (const [i, tp] of tps.entries()) {
      const r = viaHandle[i];
      const heads = config.num_attention_heads / tp;
      const kv = Math.max(1, config.num_key_value_heads / tp);
      assert.match(r.modelsTsEntry, new RegExp(`gqa_paged_decode_h${heads}_kv${kv}_d${config.head_dim}_ps1`), `TP ${tp}`);
      assert.equal(r.entryName, `Qwen3 30B A3B (TP ${tp})`);
      assert.match(r.modelsTsEntry, new RegExp(`name: "Qwen3 30B A3B \\(TP ${tp}\\)"`));
    }
    assert.equal(renamed.entryName, 'Renamed');
    assert.equal(renamed.entryDescription, 'one handle');
    assert.equal(renamed.architecture.parameters.total, viaHandle[0].architecture.parameters.total);

    for (const [i, tp] of tps.entries()) {
      const separate = await api.importModel(QWEN, { endpoint: hub.url, tp, name: `Qwen3 30B A3B (TP ${tp})` });
      assert.deepEqual(comparable(viaHandle[i]), comparable(separate), `TP ${tp}: handle.analyze equals a separate import`);
    }
    handle.dispose();
    // A disposed handle still analyses (from its bytes), still without the network.
    const before = hub.stats().requests;
    const again = await handle.analyze({ tp: 2, name: `Qwen3 30B A3B (TP 2)` });
    assert.deepEqual(comparable(again), comparable(viaHandle[1]));
    assert.equal(hub.stats().requests, before);
  });

  test('tensors.csv, made when first read, is the first analysis\'s even when read after others and after dispose', async () => {
    const tensors = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/repos', QWEN, 'tensors.json'), 'utf8'));
    const names = Object.keys(tensors.shards).sort().flatMap((shard) => tensors.shards[shard].map(([name]) => name));
    assert.equal(names.length, 18867); // the published tensor count of Qwen3-30B-A3B
    const handle = await api.fetchModel(QWEN, { hubUrl: hub.url });
    const first = await handle.analyze({ tp: 1, toolOutputs: true });
    const other = await handle.analyze({ tp: 4, ep: 2, toolOutputs: true });
    handle.dispose();
    const rows = first.outputs['tensors.csv'].trimEnd().split('\n');
    assert.equal(rows[0], 'kind,name,shape,dtype');
    assert.deepEqual(rows.slice(1).map((r) => r.split(',')[1]), names);
    assert.equal(other.outputs['tensors.csv'], first.outputs['tensors.csv']);
    // An ordinary property once read, or when set first.
    first.outputs['tensors.csv'] = 'replaced';
    assert.equal(first.outputs['tensors.csv'], 'replaced');
    other.outputs['module_mapping.json'] = 'set before read';
    assert.equal(other.outputs['module_mapping.json'], 'set before read');
    assert.deepEqual(Object.keys(first.outputs), [
      'model_config.json',
      'model_architecture.json',
      'module_mapping.json',
      'model_addition_summary.md',
      'tensors.csv',
      'models_ts_entry.ts',
    ]);
  });

  test('a Definitions catalog given to one analysis does not stick to the next', async () => {
    const handle = await api.fetchModel('meta-llama/Llama-3.1-8B', { hubUrl: hub.url });
    const plain = await handle.analyze({});
    const custom = await handle.analyze({ definitions: new TextEncoder().encode('[]') });
    const plainAgain = await handle.analyze({});
    handle.dispose();
    assert.ok(custom.missingDefinitions.length > plain.missingDefinitions.length, 'an empty catalog misses every name');
    assert.deepEqual(comparable(plainAgain), comparable(plain));
  });

  test('the index read by the fetch still cross-checks total_size after a catalog change, and in the tool outputs', async () => {
    // Phi-3's fixture repo lists no siblings: the fetch reads model.safetensors.index.json for the shard list. A
    // session remade after a catalog change (or in another module, in a browser) is fed the index bytes again.
    const PHI = 'microsoft/Phi-3-mini-128k-instruct';
    const index = JSON.parse(await readFile(join(FIXTURES, 'repos', PHI, 'model.safetensors.index.json'), 'utf8'));
    const handle = await api.fetchModel(PHI, { hubUrl: hub.url });
    const plain = await handle.analyze({});
    await handle.analyze({ definitions: new TextEncoder().encode('[]') });
    const plainAgain = await handle.analyze({});
    const tools = await handle.analyze({ toolOutputs: true });
    handle.dispose();
    assert.equal(plain.architecture.parameters.index?.total_size, index.metadata.total_size);
    assert.deepEqual(comparable(plainAgain), comparable(plain));
    assert.equal(JSON.parse(tools.outputs['model_architecture.json']).parameters.index?.total_size, index.metadata.total_size);
  });

  test('openFiles: a handle over local bytes analyses TP sweeps the same way', async () => {
    const bytes = await readFile(join(FIXTURES, 'hf/deepseek-ai__DeepSeek-V3.config.json'));
    const handle = await api.openFiles({ modelId: 'deepseek-ai/DeepSeek-V3', config: bytes });
    const tp1 = await handle.analyze({ tp: 1 });
    const tp8 = await handle.analyze({ tp: 8, ep: 8 });
    handle.dispose();
    assert.equal(tp1.architecture.parameters.total, tp8.architecture.parameters.total);
    assert.notEqual(tp1.modelsTsEntry, tp8.modelsTsEntry);
    assert.deepEqual(comparable(tp8), comparable(await api.analyzeFiles({ modelId: 'deepseek-ai/DeepSeek-V3', config: bytes }, { tp: 8, ep: 8 })));
  });
});

describe('import-model --tp 1,2,4,8: one fetch, four analyses', () => {
  test('the hub sees one fetch; each document is the one a single --tp gives', async () => {
    hub.resetStats();
    const one = await runCli(['--model', QWEN, '--endpoint', hub.url, '--tp', '4', '--json', '--quiet']);
    assert.equal(one.code, 0, one.stderr);
    const single = hub.stats().requests;
    hub.resetStats();
    const sweep = await runCli(['--model', QWEN, '--endpoint', hub.url, '--tp', '1,2,4,8', '--json', '--quiet']);
    assert.equal(sweep.code, 0, sweep.stderr);
    assert.equal(hub.stats().requests, single, 'four analyses, the requests of one fetch');
    const docs = JSON.parse(sweep.stdout);
    assert.equal(docs.length, 4);
    assert.deepEqual(docs[2], JSON.parse(one.stdout));
    const bad = await runCli(['--model', QWEN, '--endpoint', 'http://127.0.0.1:9', '--tp', '1,x']);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /^E_USAGE: --tp/);
  });
});

describe('fetch options follow @huggingface/hub', () => {
  test('accessToken opens the gated fixture; token is its alias; conflicting aliases are E_USAGE', async () => {
    const h = await api.fetchModel('google/gemma-2-9b-it', { hubUrl: hub.url, accessToken: FIXTURE_TOKEN });
    assert.ok(h.shards.length > 0);
    h.dispose();
    await assert.rejects(api.fetchModel('google/gemma-2-9b-it', { hubUrl: hub.url }), (e) => api.isHfmiError(e) && e.code === 'E_GATED');
    await assert.rejects(
      api.fetchModel('google/gemma-2-9b-it', { hubUrl: hub.url, endpoint: 'http://127.0.0.1:9' }),
      (e) => api.isHfmiError(e) && e.code === 'E_USAGE',
    );
  });

  test('an injected fetch makes every request', async () => {
    hub.resetStats();
    const seen = [];
    const counting = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    const r = await api.importModel('meta-llama/Llama-3.1-8B', { hubUrl: hub.url, fetch: counting });
    assert.equal(r.architecture.parameters.total, 8030261248); // the published count (README, model card)
    assert.equal(seen.length, hub.stats().requests);
    assert.ok(seen.some((u) => u.includes('/api/models/meta-llama/Llama-3.1-8B')));
  });

  test('an abort rejects with HfmiError E_ABORTED, before and during the fetch', async () => {
    const early = new AbortController();
    early.abort();
    await assert.rejects(api.fetchModel(QWEN, { hubUrl: hub.url, signal: early.signal }), (e) => e instanceof api.HfmiError && e.code === 'E_ABORTED');
    const slow = await startHub({ latencyMs: 300 });
    try {
      const c = new AbortController();
      const p = api.importModel(QWEN, { hubUrl: slow.url, signal: c.signal });
      setTimeout(() => c.abort(), 100);
      await assert.rejects(p, (e) => api.isHfmiError(e) && e.code === 'E_ABORTED' && api.EXIT_CODES[e.code] === 130);
    } finally {
      await slow.close();
    }
  });

  test('ERROR_CODES and EXIT_CODES are exported; every exit code is for a known error code', () => {
    assert.ok(api.ERROR_CODES.includes('E_ABORTED'));
    for (const code of Object.keys(api.EXIT_CODES)) assert.ok(api.ERROR_CODES.includes(code), code);
    assert.equal(api.EXIT_CODES.E_GATED, 4);
    assert.equal(api.exitCodeFor('E_INTERNAL'), 1);
  });
});

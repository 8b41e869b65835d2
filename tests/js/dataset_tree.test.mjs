// The dataset tree API (/api/datasets/{id}/tree/{rev}/{path}, paged by Link) on the fixture hub, which
// serves flashinfer-ai/flashinfer-trace built from the bundled snapshot. Expected names come from the
// snapshot files (definitions_index.json, workloads_index.json), never from the client.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fetchDatasetDefinitions, listDatasetTree } from '../../dist/js/hub/hub_client.js';
import { nextLink } from '../../dist/js/hub/dataset_tree.js';
import { DATASET_TREE_PAGE_SIZE } from '../../dist/js/fixture-hub/dataset_tree.js';
import { FIXTURES, startHub } from './helpers.mjs';

const snapshot = JSON.parse(readFileSync(join(FIXTURES, 'flashinfer-bench/definitions_index.json'), 'utf8'));
const workloads = JSON.parse(readFileSync(join(FIXTURES, 'flashinfer-bench/workloads_index.json'), 'utf8'));

describe('dataset tree on the fixture hub', () => {
  let hub;
  before(async () => {
    hub = await startHub();
  });
  after(async () => hub.close());

  test('reads every Definition and every workload, following the Link pages', async () => {
    hub.resetStats();
    const r = await fetchDatasetDefinitions({ endpoint: hub.url });
    assert.equal(r.source, 'dataset');
    assert.equal(r.datasetId, 'flashinfer-ai/flashinfer-trace');
    const names = snapshot.definitions.map((d) => d.name).sort();
    assert.equal(snapshot.count, 156);
    assert.deepEqual(r.definitions, names);
    assert.deepEqual(r.workloads, [...workloads.workloads].sort());
    assert.ok(r.workloads.includes('gqa_paged_decode_h32_kv8_d128_ps1'));
    // the listings crossed pages: definitions/ holds 156 files plus one folder per op_type
    const opTypes = new Set(snapshot.definitions.map((d) => d.op_type)).size;
    const defPages = Math.ceil((156 + opTypes) / DATASET_TREE_PAGE_SIZE);
    const treeRequests = hub.stats().timeline.filter((e) => e.path.startsWith('/api/datasets/'));
    assert.ok(defPages >= 4);
    assert.ok(treeRequests.length >= defPages + 1, `${treeRequests.length} tree requests`);
    assert.equal(r.requests, treeRequests.length);
  });

  test('a listing has files and folders with their paths', async () => {
    const { entries } = await listDatasetTree('definitions/gemm', { endpoint: hub.url });
    const gemm = snapshot.definitions.filter((d) => d.op_type === 'gemm');
    assert.equal(entries.length, gemm.length);
    assert.ok(entries.every((e) => e.type === 'file' && e.path.startsWith('definitions/gemm/') && e.path.endsWith('.json')));
  });

  test('an unknown dataset or revision is E_NOT_FOUND', async () => {
    await assert.rejects(listDatasetTree('definitions', { endpoint: hub.url, datasetId: 'nobody/nothing', retries: 0 }), {
      code: 'E_NOT_FOUND',
    });
    await assert.rejects(listDatasetTree('definitions', { endpoint: hub.url, revision: 'v9', retries: 0 }), { code: 'E_NOT_FOUND' });
  });
});

test('Link header parsing: rel="next" only, resolved against the page URL', () => {
  const base = 'http://127.0.0.1:1/api/datasets/a/b/tree/main/definitions?recursive=true';
  assert.equal(nextLink('</api/x?cursor=2>; rel="next"', base), 'http://127.0.0.1:1/api/x?cursor=2');
  assert.equal(nextLink('<http://127.0.0.1:1/p?c=1>; rel="prev", <http://127.0.0.1:1/p?c=3>; rel="next"', base), 'http://127.0.0.1:1/p?c=3');
  assert.equal(nextLink('<http://127.0.0.1:1/p?c=1>; rel="last"', base), undefined);
  assert.equal(nextLink(null, base), undefined);
});

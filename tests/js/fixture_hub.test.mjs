// The loopback fixture hub: Hub URL layout, Range semantics on virtual shards, CORS, gating, 404s,
// stats and fault injection. Real fetch against a real server on 127.0.0.1; nothing is mocked.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sequentialRoundTrips, startFixtureHub } from '../../dist/js/fixture-hub/server.js';
import { DTYPE_BYTES, dataBytes } from './helpers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REPOS = join(ROOT, 'tests/fixtures/repos');
const HF = join(ROOT, 'tests/fixtures/hf');
const TOKEN = 'hf_fixture_token';
const AUTH = { Authorization: `Bearer ${TOKEN}` };

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const tensorsOf = (repo) => readJson(join(REPOS, repo, 'tensors.json'));
const u64 = (bytes) => Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));

let hub;
before(async () => {
  hub = await startFixtureHub({});
});
after(async () => {
  await hub.close();
});

const get = (path, headers = {}, method = 'GET') => fetch(hub.url + path, { method, headers });
const bytesOf = async (res) => new Uint8Array(await res.arrayBuffer());
const LLAMA = '/meta-llama/Llama-3.1-8B/resolve/main';
const GATED = '/google/gemma-2-9b-it/resolve/main'; // gated on the real Hub and here

describe('Range semantics on virtual shards', () => {
  test('bytes=0-7 gives the header length; Content-Range total = 8 + N + data bytes of tensors.json', async () => {
    const t = tensorsOf('meta-llama/Llama-3.1-8B');
    let sumData = 0;
    for (const [shard, rows] of Object.entries(t.shards)) {
      const res = await get(`${LLAMA}/${shard}`, { ...AUTH, Range: 'bytes=0-7' });
      assert.equal(res.status, 206);
      assert.equal(res.headers.get('accept-ranges'), 'bytes');
      assert.equal(res.headers.get('content-length'), '8');
      const n = u64(await bytesOf(res));
      assert.equal(n % 8, 0, 'header padded to a multiple of 8');
      const total = 8 + n + dataBytes(rows);
      assert.equal(res.headers.get('content-range'), `bytes 0-7/${total}`);
      sumData += total - 8 - n;
    }
    // The model's BF16 bytes: 16,060,522,496 = 2 x 8,030,261,248 params (PROVENANCE.md).
    assert.equal(sumData, 16_060_522_496);
  });

  test('the header JSON lists tensors.json in order with contiguous data_offsets, padded with spaces', async () => {
    const shard = 'model-00004-of-00004.safetensors';
    const rows = tensorsOf('meta-llama/Llama-3.1-8B').shards[shard];
    const first = await bytesOf(await get(`${LLAMA}/${shard}`, { ...AUTH, Range: 'bytes=0-7' }));
    const n = u64(first);
    const res = await get(`${LLAMA}/${shard}`, { ...AUTH, Range: `bytes=8-${8 + n - 1}` });
    assert.equal(res.status, 206);
    const text = new TextDecoder().decode(await bytesOf(res));
    assert.equal(text.length, n);
    assert.match(text, /^\{.*\} *$/s);
    const header = JSON.parse(text);
    assert.deepEqual(header.__metadata__, { format: 'pt' });
    const names = Object.keys(header).filter((k) => k !== '__metadata__');
    assert.deepEqual(names, rows.map((r) => r[0]));
    let at = 0;
    for (const [name, dtype, shape] of rows) {
      const e = header[name];
      assert.equal(e.dtype, dtype);
      assert.deepEqual(e.shape, shape);
      const size = shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[dtype];
      assert.deepEqual(e.data_offsets, [at, at + size]);
      at += size;
    }
    assert.ok(header['lm_head.weight'], 'the last Llama shard holds lm_head');
  });

  test('ranges across the header/data boundary, suffix and open ranges, zeros after the header', async () => {
    const shard = 'model-00004-of-00004.safetensors';
    const head = await bytesOf(await get(`${LLAMA}/${shard}`, { ...AUTH, Range: 'bytes=0-4095' }));
    const n = u64(head);
    const a = 8 + n - 4;
    const cross = await get(`${LLAMA}/${shard}`, { ...AUTH, Range: `bytes=${a}-${a + 7}` });
    const total = Number(cross.headers.get('content-range').split('/')[1]);
    assert.equal(cross.headers.get('content-range'), `bytes ${a}-${a + 7}/${total}`);
    const cb = await bytesOf(cross);
    assert.deepEqual([...cb.subarray(0, 4)], [...head.subarray(a, a + 4)]);
    assert.deepEqual([...cb.subarray(4)], [0, 0, 0, 0]);
    assert.ok(head.subarray(8 + n).every((b) => b === 0), 'data region is zeros');

    const suffix = await get(`${LLAMA}/${shard}`, { ...AUTH, Range: 'bytes=-10' });
    assert.equal(suffix.status, 206);
    assert.equal(suffix.headers.get('content-range'), `bytes ${total - 10}-${total - 1}/${total}`);
    assert.equal((await bytesOf(suffix)).length, 10);

    const open = await get(`${LLAMA}/${shard}`, { ...AUTH, Range: `bytes=${total - 5}-` });
    assert.equal(open.headers.get('content-range'), `bytes ${total - 5}-${total - 1}/${total}`);
    assert.equal((await bytesOf(open)).length, 5);

    const clamped = await get(`${LLAMA}/${shard}`, { ...AUTH, Range: `bytes=${total - 3}-${total + 100}` });
    assert.equal(clamped.headers.get('content-range'), `bytes ${total - 3}-${total - 1}/${total}`);
    assert.equal((await bytesOf(clamped)).length, 3);
  });

  test('416 for an unsatisfiable range, with bytes */size', async () => {
    const shard = 'model-00004-of-00004.safetensors';
    const h = await get(`${LLAMA}/${shard}`, AUTH, 'HEAD');
    const size = Number(h.headers.get('content-length'));
    const res = await get(`${LLAMA}/${shard}`, { ...AUTH, Range: `bytes=${size}-${size + 10}` });
    assert.equal(res.status, 416);
    assert.equal(res.headers.get('content-range'), `bytes */${size}`);
    await res.arrayBuffer();
  });

  test('HEAD and full GET without Range: 200 with the full length; a full GET can be abandoned', async () => {
    const shard = 'model-00004-of-00004.safetensors';
    const head = await get(`${LLAMA}/${shard}`, AUTH, 'HEAD');
    assert.equal(head.status, 200);
    const size = Number(head.headers.get('content-length'));
    assert.ok(size > 1e9);
    hub.resetStats();
    const ac = new AbortController();
    const res = await fetch(`${hub.url}${LLAMA}/${shard}`, { headers: AUTH, signal: ac.signal });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), String(size));
    const reader = res.body.getReader();
    let got = 0;
    while (got < 100_000) got += (await reader.read()).value.length;
    ac.abort();
    await reader.cancel().catch(() => {});
    await waitFor(() => hub.stats().requests === 1);
    const s = hub.stats();
    assert.equal(s.timeline[0].aborted, true);
    assert.ok(s.bytesSent < 64 * 1024 * 1024, `streamed ${s.bytesSent} bytes of ${size}: must stop when the client goes away`);
  });

  test('config.json is served byte for byte from the fixture (a copy of tests/fixtures/hf)', async () => {
    const res = await get(`${LLAMA}/config.json`, AUTH);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json');
    const body = await bytesOf(res);
    assert.deepEqual(Buffer.from(body), readFileSync(join(HF, 'meta-llama__Llama-3.1-8B.config.json')));
    const ranged = await get(`${LLAMA}/config.json`, { ...AUTH, Range: 'bytes=2-11' });
    assert.equal(ranged.status, 206);
    assert.equal(ranged.headers.get('content-range'), `bytes 2-11/${body.length}`);
  });
});

describe('index files agree with the virtual shards', () => {
  for (const repo of [
    'llava-hf/llava-1.5-7b-hf',
    'microsoft/Phi-3-mini-128k-instruct',
    'google/gemma-2b-it',
    'google/gemma-2-9b-it',
    'mistralai/Devstral-Small-2507',
    'google/medgemma-27b-it',
  ]) {
    test(`${repo}: sum over shards of (file size - 8 - N) = the real index total_size`, async () => {
      const index = readJson(join(HF, `${repo.replace('/', '__')}.safetensors.index.json`));
      const auth = repo === 'google/gemma-2-9b-it' ? AUTH : {}; // the gated fixture
      const served = await (await get(`/${repo}/resolve/main/model.safetensors.index.json`, auth)).json();
      assert.deepEqual(served, index);
      let sum = 0;
      for (const shard of new Set(Object.values(index.weight_map))) {
        const res = await get(`/${repo}/resolve/main/${shard}`, { ...auth, Range: 'bytes=0-7' });
        const total = Number(res.headers.get('content-range').split('/')[1]);
        sum += total - 8 - u64(await bytesOf(res));
      }
      assert.equal(sum, index.metadata.total_size);
    });
  }

  test('DeepSeek-V3: the synthesized index names 163 shards and 91,991 tensors; total_size matches the shards', async () => {
    const res = await get('/deepseek-ai/DeepSeek-V3/resolve/main/model.safetensors.index.json');
    assert.equal(res.status, 200);
    const index = await res.json();
    const shards = [...new Set(Object.values(index.weight_map))].sort();
    assert.equal(shards.length, 163);
    assert.equal(shards[0], 'model-00001-of-000163.safetensors');
    assert.equal(shards[162], 'model-00163-of-000163.safetensors');
    const t = tensorsOf('deepseek-ai/DeepSeek-V3');
    const rows = Object.values(t.shards).flat();
    assert.equal(Object.keys(index.weight_map).length, rows.length);
    assert.equal(index.metadata.total_size, dataBytes(rows));
    assert.equal(index.weight_map['model.layers.61.shared_head.head.weight'] !== undefined, true, 'MTP layer 61 present');
  });
});

describe('model info', () => {
  test('id, sha, siblings = repo.json files; safetensors parameters by dtype; /revision/{sha} too', async () => {
    const repoJson = readJson(join(REPOS, 'openai/gpt-oss-20b/repo.json'));
    const res = await get('/api/models/openai/gpt-oss-20b');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-repo-commit'), repoJson.sha);
    const info = await res.json();
    assert.equal(info.id, 'openai/gpt-oss-20b');
    assert.equal(info.modelId, 'openai/gpt-oss-20b');
    assert.equal(info.sha, repoJson.sha);
    assert.equal(info.private, false);
    assert.equal(info.gated, false);
    assert.deepEqual(info.siblings.map((s) => s.rfilename), repoJson.files);
    assert.ok(info.siblings.some((s) => s.rfilename === 'model-00000-of-00002.safetensors'), 'gpt-oss shards count from 0');
    // Issue 4: gpt-oss-20b has 1,804,459,584 BF16 params; MXFP4 blocks are U8 (two FP4 values per byte).
    assert.equal(info.safetensors.parameters.BF16, 1_804_459_584);
    const byRev = await (await get(`/api/models/openai/gpt-oss-20b/revision/${repoJson.sha}`)).json();
    assert.equal(byRev.sha, repoJson.sha);
    const badRev = await get('/api/models/openai/gpt-oss-20b/revision/nope');
    assert.equal(badRev.status, 404);
    assert.equal(badRev.headers.get('x-error-code'), 'RevisionNotFound');
    await badRev.arrayBuffer();
  });

  test('a gated repo\'s model info is public and says gated', async () => {
    const info = await (await get('/api/models/google/gemma-2-9b-it')).json();
    assert.equal(info.gated, 'manual');
    assert.equal(info.siblings.length, 6);
  });

  test('model_info: false answers 404 while files still resolve', async () => {
    const res = await get('/api/models/microsoft/Phi-3-mini-128k-instruct');
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'Repository not found' });
    const cfg = await get('/microsoft/Phi-3-mini-128k-instruct/resolve/main/config.json');
    assert.equal(cfg.status, 200);
    await cfg.arrayBuffer();
  });
});

describe('gating, 404 and revisions', () => {
  test('gated: 401 without a token, 403 with a wrong one, 206 with the configured token', async () => {
    const url = `${GATED}/model-00001-of-00004.safetensors`;
    const none = await get(url, { Range: 'bytes=0-7' });
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('x-error-code'), 'GatedRepo');
    assert.match((await none.json()).error, /restricted/);
    const wrong = await get(url, { Range: 'bytes=0-7', Authorization: 'Bearer hf_wrong' });
    assert.equal(wrong.status, 403);
    await wrong.arrayBuffer();
    const ok = await get(url, { Range: 'bytes=0-7', ...AUTH });
    assert.equal(ok.status, 206);
    await ok.arrayBuffer();
  });

  test('a hub started with another token accepts that one only', async () => {
    const other = await startFixtureHub({ token: 'hf_other' });
    try {
      const a = await fetch(`${other.url}${GATED}/config.json`, { headers: { Authorization: 'Bearer hf_other' } });
      assert.equal(a.status, 200);
      await a.arrayBuffer();
      const b = await fetch(`${other.url}${GATED}/config.json`, { headers: AUTH });
      assert.equal(b.status, 403);
      await b.arrayBuffer();
    } finally {
      await other.close();
    }
  });

  test('404 for an unknown repo (Hub body and X-Error-Code), an unknown file, an unknown revision', async () => {
    const repo = await get('/nobody/no-such-model/resolve/main/config.json');
    assert.equal(repo.status, 404);
    assert.equal(repo.headers.get('x-error-code'), 'RepoNotFound');
    assert.deepEqual(await repo.json(), { error: 'Repository not found' });
    const info = await get('/api/models/nobody/no-such-model');
    assert.equal(info.status, 404);
    await info.arrayBuffer();
    const file = await get('/Qwen/Qwen3-0.6B/resolve/main/nope.json');
    assert.equal(file.status, 404);
    assert.equal(file.headers.get('x-error-code'), 'EntryNotFound');
    await file.arrayBuffer();
    const bin = await get('/tiiuae/falcon-7b-instruct/resolve/main/pytorch_model-00001-of-00002.bin');
    assert.equal(bin.status, 404, 'listed .bin weights are not served');
    await bin.arrayBuffer();
    const rev = await get('/Qwen/Qwen3-0.6B/resolve/v9/config.json');
    assert.equal(rev.status, 404);
    assert.equal(rev.headers.get('x-error-code'), 'RevisionNotFound');
    await rev.arrayBuffer();
    const traversal = await get('/Qwen/Qwen3-0.6B/resolve/main/..%2F..%2Frepo.json');
    assert.equal(traversal.status, 404);
    await traversal.arrayBuffer();
  });

  test('the repo sha works as a revision', async () => {
    const { sha } = readJson(join(REPOS, 'Qwen/Qwen3-0.6B/repo.json'));
    const res = await get(`/Qwen/Qwen3-0.6B/resolve/${sha}/config.json`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-repo-commit'), sha);
    await res.arrayBuffer();
  });
});

describe('CORS', () => {
  test('OPTIONS preflight allows Range and Authorization from any origin', async () => {
    const res = await fetch(`${hub.url}${LLAMA}/model-00001-of-00004.safetensors`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range, authorization' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const allowed = res.headers.get('access-control-allow-headers').toLowerCase();
    assert.match(allowed, /\brange\b/);
    assert.match(allowed, /\bauthorization\b/);
    assert.match(res.headers.get('access-control-allow-methods'), /GET/);
  });

  test('responses expose Content-Range, Content-Length and X-Repo-Commit', async () => {
    const res = await get(`/Qwen/Qwen3-0.6B/resolve/main/model.safetensors`, { Range: 'bytes=0-7' });
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const exposed = res.headers.get('access-control-expose-headers');
    for (const h of ['Content-Range', 'Content-Length', 'X-Repo-Commit']) assert.ok(exposed.includes(h), h);
    await res.arrayBuffer();
  });
});

describe('stats', () => {
  test('requests and bytes per path and in total; resetStats clears them', async () => {
    hub.resetStats();
    await (await get('/Qwen/Qwen3-0.6B/resolve/main/config.json')).arrayBuffer();
    await (await get('/Qwen/Qwen3-0.6B/resolve/main/model.safetensors', { Range: 'bytes=0-99' })).arrayBuffer();
    await (await get('/Qwen/Qwen3-0.6B/resolve/main/model.safetensors', { Range: 'bytes=100-149' })).arrayBuffer();
    await waitFor(() => hub.stats().requests === 3);
    const s = hub.stats();
    const configLen = readFileSync(join(REPOS, 'Qwen/Qwen3-0.6B/config.json')).length;
    assert.equal(s.byPath['/Qwen/Qwen3-0.6B/resolve/main/config.json'].bytes, configLen);
    assert.deepEqual(s.byPath['/Qwen/Qwen3-0.6B/resolve/main/model.safetensors'], { requests: 2, bytes: 150 });
    assert.equal(s.bytesSent, configLen + 150);
    assert.equal(s.timeline.length, 3);
    assert.equal(s.timeline[1].range, 'bytes=0-99');
    assert.ok(s.timeline.every((e) => e.end >= e.start));
    assert.equal(s.roundTrips, 3, 'three awaited requests in a row are three round trips');
    hub.resetStats();
    assert.equal(hub.stats().requests, 0);
  });

  test('sequentialRoundTrips: longest chain of non-overlapping requests', () => {
    assert.equal(sequentialRoundTrips([]), 0);
    assert.equal(sequentialRoundTrips([{ start: 0, end: 10 }, { start: 1, end: 9 }]), 1);
    assert.equal(
      sequentialRoundTrips([
        { start: 0, end: 10 },
        { start: 0, end: 12 },
        { start: 13, end: 20 },
        { start: 13, end: 25 },
        { start: 21, end: 30 },
      ]),
      3,
    );
    // A request that starts before its predecessor ends is parallel to it.
    assert.equal(sequentialRoundTrips([{ start: 0, end: 10 }, { start: 9, end: 20 }, { start: 21, end: 22 }]), 2);
  });

  test('parallel requests with injected latency count as one round trip', async () => {
    const slow = await startFixtureHub({ latencyMs: 60 });
    try {
      await Promise.all(
        [1, 2, 3].map(async (i) => (await fetch(`${slow.url}/Qwen/Qwen3-0.6B/resolve/main/config.json?i=${i}`)).arrayBuffer()),
      );
      await (await fetch(`${slow.url}/Qwen/Qwen3-0.6B/resolve/main/config.json`)).arrayBuffer();
      await waitFor(() => slow.stats().requests === 4);
      assert.equal(slow.stats().roundTrips, 2);
    } finally {
      await slow.close();
    }
  });
});

describe('fault injection', () => {
  const SHARD = '/Qwen/Qwen3-0.6B/resolve/main/model.safetensors';

  test('429 for the first N requests (with Retry-After), then success', async () => {
    hub.setFaults([{ match: 'model.safetensors', fail429: 2, retryAfterSeconds: 1 }]);
    try {
      for (let i = 0; i < 2; i++) {
        const r = await get(SHARD, { Range: 'bytes=0-7' });
        assert.equal(r.status, 429);
        assert.equal(r.headers.get('retry-after'), '1');
        await r.arrayBuffer();
      }
      const ok = await get(SHARD, { Range: 'bytes=0-7' });
      assert.equal(ok.status, 206);
      await ok.arrayBuffer();
      const other = await get('/Qwen/Qwen3-0.6B/resolve/main/config.json');
      assert.equal(other.status, 200, 'other paths are not affected');
      await other.arrayBuffer();
    } finally {
      hub.setFaults([]);
    }
  });

  test('500 streaks, fixed statuses, RegExp matches', async () => {
    hub.setFaults([{ match: /config\.json$/, fail500: 1 }, { match: '/api/models/', status: 503 }]);
    try {
      assert.equal((await get('/Qwen/Qwen3-0.6B/resolve/main/config.json').then(drain)).status, 500);
      assert.equal((await get('/Qwen/Qwen3-0.6B/resolve/main/config.json').then(drain)).status, 200);
      assert.equal((await get('/api/models/Qwen/Qwen3-0.6B').then(drain)).status, 503);
      assert.equal((await get('/api/models/Qwen/Qwen3-0.6B').then(drain)).status, 503);
    } finally {
      hub.setFaults(null);
    }
  });

  test('ignoreRange answers 200 with the whole virtual file', async () => {
    hub.setFaults({ match: 'model.safetensors', ignoreRange: true });
    try {
      const ac = new AbortController();
      const r = await fetch(hub.url + SHARD, { headers: { Range: 'bytes=0-7' }, signal: ac.signal });
      assert.equal(r.status, 200);
      const size = Number(r.headers.get('content-length'));
      // Qwen3-0.6B: 596,049,920 BF16 params = 1,192,099,840 data bytes, plus the header.
      assert.ok(size > 1_192_099_840);
      ac.abort();
    } finally {
      hub.setFaults(null);
    }
  });

  test('wrongContentRange and unknownTotal corrupt the Content-Range header', async () => {
    hub.setFaults({ match: 'model.safetensors', wrongContentRange: true });
    const r = await get(SHARD, { Range: 'bytes=0-7' });
    assert.match(r.headers.get('content-range'), /^bytes 8-15\//);
    await r.arrayBuffer();
    hub.setFaults({ match: 'model.safetensors', unknownTotal: true });
    const u = await get(SHARD, { Range: 'bytes=0-7' });
    assert.equal(u.headers.get('content-range'), 'bytes 0-7/*');
    await u.arrayBuffer();
    hub.setFaults(null);
  });

  test('truncateAfterBytes closes the connection mid-body', async () => {
    hub.setFaults({ match: 'config.json', truncateAfterBytes: 10 });
    try {
      const r = await get('/Qwen/Qwen3-0.6B/resolve/main/config.json');
      assert.equal(r.status, 200);
      await assert.rejects(r.arrayBuffer());
    } finally {
      hub.setFaults(null);
    }
  });

  test('trickle sends the body in small slow pieces', async () => {
    hub.setFaults({ match: 'config.json', trickle: { bytes: 200, intervalMs: 25 } });
    try {
      const r = await get('/Qwen/Qwen3-0.6B/resolve/main/config.json');
      const reader = r.body.getReader();
      const sizes = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        sizes.push(value.length);
      }
      const total = readFileSync(join(REPOS, 'Qwen/Qwen3-0.6B/config.json')).length;
      assert.equal(sizes.reduce((a, b) => a + b, 0), total);
      // 200-byte writes 25 ms apart; a reader starved by a loaded machine may get two writes in one read.
      assert.ok(sizes.length >= Math.floor(total / 400), `${sizes.length} pieces`);
      assert.ok(sizes.every((n) => n <= 400), `pieces ${sizes.join(',')}`);
    } finally {
      hub.setFaults(null);
    }
  });

  test('latency applies per request and per path', async () => {
    hub.setFaults({ match: 'gpt2/resolve/main/config.json', latencyMs: 80 });
    try {
      hub.resetStats();
      await get('/openai-community/gpt2/resolve/main/config.json').then(drain);
      const isConfig = (e) => e.path === '/openai-community/gpt2/resolve/main/config.json';

      await waitFor(() => hub.stats().timeline.some(isConfig));
      const e = hub.stats().timeline.find(isConfig);
      assert.ok(e.end - e.start >= 79, `took ${e.end - e.start} ms`);
    } finally {
      hub.setFaults(null);
    }
  });

  test('redirectTo sends a 302 to another origin, which serves the file', async () => {
    const cdn = await startFixtureHub({});
    hub.setFaults({ match: '/resolve/', redirectTo: cdn.url });
    try {
      const raw = await fetch(hub.url + SHARD, { redirect: 'manual' });
      assert.equal(raw.status, 302);
      assert.equal(raw.headers.get('location'), cdn.url + SHARD);
      const r = await get(SHARD, { Range: 'bytes=0-7' });
      assert.equal(r.status, 206);
      assert.equal(r.url, cdn.url + SHARD);
      await r.arrayBuffer();
      assert.equal(cdn.stats().byPath[SHARD].requests, 1);
    } finally {
      hub.setFaults(null);
      await cdn.close();
    }
  });
});

async function drain(res) {
  await res.arrayBuffer().catch(() => {});
  return res;
}

/** The server records a request when its response closes, which can trail the client by a tick. */
async function waitFor(cond, ms = 2000) {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

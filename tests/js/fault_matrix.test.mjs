// Hostile and faulty network behaviour, end to end: importModel (dist/js/index.node.js) against the
// real fixture hub over real fetch. tests/js/hub_client.test.mjs covers each fault on one request of the
// hub client; these tests take the whole pipeline through multi-shard models, faults on one request
// among many in flight, the model-info fallback, the exact second Range, and credentials on redirects.
// Each case has an expected outcome (a coded error or the fault-free result) and a bounded time.
//
// Expected parameter counts come from the data: tests/fixtures/hf/PROVENANCE.md (Llama-3.1-8B
// 8,030,261,248 CALC; gemma-2b-it total_size 5,012,344,832 / 2 = 2,506,172,416).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { importModel } from '../../dist/js/index.node.js';
import { FIXTURES, FIXTURE_TOKEN, rejectsWithCode, startHub, withFaultsOn } from './helpers.mjs';

const LLAMA = 'meta-llama/Llama-3.1-8B'; // 4 shards
const LLAMA_PARAMS = 8_030_261_248;
const GEMMA = 'google/gemma-2b-it'; // public, 2 shards
const GEMMA_PARAMS = 2_506_172_416;
const GPTQ = 'TheBloke/Llama-2-7B-GPTQ'; // one file, ~108 KB header
const DEEPSEEK = 'deepseek-ai/DeepSeek-V3'; // 163 shards
const SECRET = 'hf_FaUlT_mAtRiX_never_print_0123456789';
/** A gated fixture repo with safetensors shards (repo.json says which repos are gated). */
const GATED = (() => {
  const root = join(FIXTURES, 'repos');
  for (const org of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    for (const name of readdirSync(join(root, org))) {
      const dir = join(root, org, name);
      if (!existsSync(join(dir, 'repo.json')) || !existsSync(join(dir, 'tensors.json'))) continue;
      if (JSON.parse(readFileSync(join(dir, 'repo.json'), 'utf8')).gated === true) return `${org}/${name}`;
    }
  }
  return undefined;
})();
/** Generous bound on any one case: a hang fails the test instead of the run. */
const CASE_TIMEOUT = 30_000;

let hub;
before(async () => {
  hub = await startHub();
});
after(async () => {
  await hub?.close();
});

const shardPath = (repo, file) => `/${repo}/resolve/main/${file}`;

/** Fresh stats, the given faults for the duration of fn, then none. */
const withFaults = (faults, fn) => withFaultsOn(hub, faults, fn);

/** The server logs a request when its response closes, which can trail the client a little. */
async function settled(h, predicate = () => true) {
  let s = h.stats();
  for (let i = 0; i < 400 && !predicate(s); i++) {
    await new Promise((r) => setTimeout(r, 5));
    s = h.stats();
  }
  return s;
}

const rejectsWith = rejectsWithCode;

function assertNoSecret(err) {
  const text = [err.message, err.url ?? '', JSON.stringify(err), String(err.stack ?? '')].join('\n');
  assert.ok(!text.includes(SECRET), 'the token must never appear in an error');
}

const statuses = (s, path) => s.timeline.filter((e) => e.path === path).map((e) => e.status);

/** Waits until the hub has logged no new request for 150 ms (requests still in flight after a failure). */
async function quiet(h) {
  let n = -1;
  for (let i = 0; i < 100; i++) {
    const now = h.stats().requests;
    if (now === n) return h.stats();
    n = now;
    await new Promise((r) => setTimeout(r, 150));
  }
  return h.stats();
}

describe('transient failures are retried, and the result is the fault-free one', () => {
  test('429 on the first request of every file (config, model info, 4 shards), then success', { timeout: CASE_TIMEOUT }, async () => {
    const files = ['config.json', ...[1, 2, 3, 4].map((i) => `model-0000${i}-of-00004.safetensors`)];
    const faults = [
      ...files.map((f) => ({ match: shardPath(LLAMA, f), fail429: 1, retryAfterSeconds: 0 })),
      { match: `/api/models/${LLAMA}`, fail429: 1, retryAfterSeconds: 0 },
    ];
    await withFaults(faults, async () => {
      const r = await importModel(LLAMA, { endpoint: hub.url, token: FIXTURE_TOKEN, retries: 2 });
      assert.equal(r.architecture.parameters.total, LLAMA_PARAMS);
      assert.equal(r.architecture.parameters.source, 'safetensors');
      assert.equal(r.shardSource, 'model-info', 'the model info was retried, not given up for the index');
      const s = await settled(hub, (x) => x.requests >= 12);
      for (const f of files) {
        const st = statuses(s, shardPath(LLAMA, f));
        assert.equal(st[0], 429, f);
        assert.equal(st.length, 2, `${f}: one 429, one retry (${st})`);
        assert.ok(st[1] === 200 || st[1] === 206, `${f}: ${st}`);
      }
      assert.deepEqual(statuses(s, `/api/models/${LLAMA}`), [429, 200]);
      // N + 2 requests of the plan, plus one retry per file.
      assert.equal(s.requests, 6 + 6);
      assert.equal(r.stats.requests, 12);
    });
  });

  test('429 with Retry-After: 1 on a shard: the retry waits for it', { timeout: CASE_TIMEOUT }, async () => {
    const path = shardPath(GEMMA, 'model-00002-of-00002.safetensors');
    await withFaults([{ match: path, fail429: 1, retryAfterSeconds: 1 }], async () => {
      const r = await importModel(GEMMA, { endpoint: hub.url });
      assert.equal(r.architecture.parameters.total, GEMMA_PARAMS);
      const s = await settled(hub, (x) => x.timeline.filter((e) => e.path === path).length >= 2);
      const [first, retry] = s.timeline.filter((e) => e.path === path);
      assert.equal(first.status, 429);
      assert.equal(retry.status, 206);
      assert.ok(retry.start - first.end >= 990, `retried ${Math.round(retry.start - first.end)} ms after the 429`);
    });
  });

  test('a 500 streak within the retry budget on one shard of four: success', { timeout: CASE_TIMEOUT }, async () => {
    const path = shardPath(LLAMA, 'model-00003-of-00004.safetensors');
    await withFaults([{ match: path, fail500: 2 }], async () => {
      const r = await importModel(LLAMA, { endpoint: hub.url, token: FIXTURE_TOKEN, retries: 2 });
      assert.equal(r.architecture.parameters.total, LLAMA_PARAMS);
      const s = await settled(hub, (x) => x.requests >= 8);
      assert.deepEqual(statuses(s, path), [500, 500, 206]);
    });
  });
});

describe('failures beyond the budget end in a coded error, without a hang', () => {
  test('a 500 streak beyond the retry budget on one shard of four: E_NETWORK after retries + 1 attempts', { timeout: CASE_TIMEOUT }, async () => {
    const path = shardPath(LLAMA, 'model-00003-of-00004.safetensors');
    await withFaults([{ match: path, fail500: Infinity }], async () => {
      const t0 = Date.now();
      const err = await rejectsWith(importModel(LLAMA, { endpoint: hub.url, token: FIXTURE_TOKEN, retries: 2 }), 'E_NETWORK');
      assert.equal(err.status, 500);
      assert.match(err.message, /HTTP 500/);
      assert.match(err.url, /model-00003-of-00004\.safetensors$/);
      // Backoff 500 ms, doubled, jitter <= 1.25x: about 1.9 s at most for 2 retries.
      assert.ok(Date.now() - t0 < 10_000, `gave up after ${Date.now() - t0} ms`);
      const s = await settled(hub, (x) => statuses(x, path).length >= 3);
      assert.deepEqual(statuses(s, path), [500, 500, 500]);
      // The other shards were fetched once each: a failure does not multiply requests elsewhere.
      for (const i of [1, 2, 4]) {
        assert.ok(statuses(s, shardPath(LLAMA, `model-0000${i}-of-00004.safetensors`)).length <= 1);
      }
    });
  });

  test('a 500 streak with retries: 0 fails on the first answer', { timeout: CASE_TIMEOUT }, async () => {
    await withFaults([{ match: `${GEMMA}/resolve/main/config.json`, fail500: Infinity }], async () => {
      const err = await rejectsWith(importModel(GEMMA, { endpoint: hub.url, retries: 0 }), 'E_NETWORK');
      assert.equal(err.status, 500);
      const s = await settled(hub, (x) => x.requests >= 1);
      assert.equal(statuses(s, shardPath(GEMMA, 'config.json')).length, 1);
    });
  });

  test('a shard trickling slower than the timeout: E_TIMEOUT within (retries + 1) x timeoutMs + backoff', { timeout: CASE_TIMEOUT }, async () => {
    const path = shardPath(LLAMA, 'model-00002-of-00004.safetensors');
    await withFaults([{ match: path, trickle: { bytes: 16, intervalMs: 50 } }], async () => {
      const t0 = Date.now();
      const err = await rejectsWith(
        importModel(LLAMA, { endpoint: hub.url, token: FIXTURE_TOKEN, timeoutMs: 400, retries: 1 }),
        'E_TIMEOUT',
      );
      assert.match(err.message, /timed out after 400 ms/);
      assert.match(err.url, /model-00002-of-00004\.safetensors$/);
      const took = Date.now() - t0;
      assert.ok(took >= 800, `two attempts of 400 ms each, took ${took} ms`);
      assert.ok(took < 8_000, `took ${took} ms`);
      const s = await settled(hub, (x) => statuses(x, path).length >= 2);
      const attempts = s.timeline.filter((e) => e.path === path);
      assert.equal(attempts.length, 2);
      // The header is ~12 KB; at 16 bytes per 50 ms each attempt got a few hundred bytes at most.
      for (const a of attempts) assert.ok(a.aborted && a.bytes < 4_000, `attempt sent ${a.bytes} bytes, aborted=${a.aborted}`);
    });
  });

  test('the model info answering later than the timeout: the import falls back to the index and succeeds', { timeout: CASE_TIMEOUT }, async () => {
    await withFaults([{ match: `/api/models/${GEMMA}`, latencyMs: 5_000 }], async () => {
      const r = await importModel(GEMMA, { endpoint: hub.url, timeoutMs: 500, retries: 0 });
      assert.equal(r.architecture.parameters.total, GEMMA_PARAMS);
      assert.equal(r.shardSource, 'index');
      assert.ok(r.warnings.some((w) => /model info/.test(w) && /index/.test(w)), r.warnings.join('; '));
      const s = await settled(hub, (x) => x.byPath[shardPath(GEMMA, 'model.safetensors.index.json')] !== undefined);
      assert.equal(s.byPath[shardPath(GEMMA, 'model.safetensors.index.json')].requests, 1);
    });
  });

  test('a header cut off inside its JSON: E_BAD_RESPONSE (a transport error), never a half header for the decoder', { timeout: CASE_TIMEOUT }, async () => {
    const path = shardPath(LLAMA, 'model-00002-of-00004.safetensors');
    await withFaults([{ match: path, truncateAfterBytes: 1_000 }], async () => {
      const err = await rejectsWith(importModel(LLAMA, { endpoint: hub.url, token: FIXTURE_TOKEN, retries: 1 }), 'E_BAD_RESPONSE');
      assert.match(err.url, /model-00002-of-00004\.safetensors$/);
      const s = await settled(hub, (x) => statuses(x, path).length >= 2);
      assert.equal(statuses(s, path).length, 2, 'retried once, as asked');
    });
  });

  test('the exact second Range of a long header truncated: E_BAD_RESPONSE after the retries', { timeout: CASE_TIMEOUT }, async () => {
    // A 4 KiB first guess for a ~108 KB header: the first response is whole, the second is cut at 5000 bytes.
    const path = shardPath(GPTQ, 'model.safetensors');
    await withFaults([{ match: path, truncateAfterBytes: 5_000 }], async () => {
      const err = await rejectsWith(importModel(GPTQ, { endpoint: hub.url, initialRangeBytes: 4096, retries: 1 }), 'E_BAD_RESPONSE');
      assert.match(err.url, /model\.safetensors$/);
      const s = await settled(hub, (x) => statuses(x, path).length >= 3);
      const ranges = s.timeline.filter((e) => e.path === path).map((e) => e.range);
      assert.equal(ranges[0], 'bytes=0-4095');
      assert.equal(ranges.length, 3, `one speculative range, then the exact rest twice: ${ranges}`);
      assert.equal(ranges[1], ranges[2]);
      assert.match(ranges[1], /^bytes=4096-\d+$/);
    });
  });

  test('without the fault the same GPTQ import with a 4 KiB first guess succeeds (control)', { timeout: CASE_TIMEOUT }, async () => {
    await withFaults([], async () => {
      const r = await importModel(GPTQ, { endpoint: hub.url, initialRangeBytes: 4096 });
      assert.equal(r.stats.requests, 4, 'config, model info, speculative range, exact rest');
      assert.equal(r.architecture.parameters.source, 'safetensors');
    });
  });
});

describe('servers that break the Range contract', () => {
  test('Range ignored on every shard of a 4-shard model: success, and every 5 GB transfer is cut short', { timeout: CASE_TIMEOUT }, async () => {
    await withFaults([{ match: '.safetensors', ignoreRange: true }], async () => {
      const r = await importModel(LLAMA, { endpoint: hub.url, token: FIXTURE_TOKEN });
      assert.equal(r.architecture.parameters.total, LLAMA_PARAMS);
      const done = (x) => x.timeline.filter((e) => e.path.endsWith('.safetensors') && e.aborted).length >= 4;
      const s = await settled(hub, done);
      const shards = s.timeline.filter((e) => e.path.endsWith('.safetensors'));
      assert.equal(shards.length, 4);
      for (const e of shards) {
        assert.equal(e.status, 200);
        assert.equal(e.aborted, true, `${e.path}: transfer cut`);
        assert.ok(e.bytes < 64 * 1024 * 1024, `${e.path}: the server sent ${e.bytes} bytes`);
      }
      // The client keeps only what it needs: config + model info + 4 headers (~35 KB) plus chunk slack.
      assert.ok(r.stats.bytesFetched < 2_000_000, `client read ${r.stats.bytesFetched} bytes`);
    });
  });

  test('a wrong Content-Range on shard 42 of 163: E_BAD_RESPONSE, not retried, and the import stops early', { timeout: CASE_TIMEOUT }, async () => {
    const path = shardPath(DEEPSEEK, 'model-00042-of-000163.safetensors');
    await withFaults([{ match: path, wrongContentRange: true }], async () => {
      const err = await rejectsWith(importModel(DEEPSEEK, { endpoint: hub.url, concurrency: 4 }), 'E_BAD_RESPONSE');
      assert.match(err.message, /Content-Range/);
      assert.equal(err.url, `${hub.url}${path}`);
      const s = await settled(hub, (x) => statuses(x, path).length >= 1);
      assert.equal(statuses(s, path).length, 1, 'a wrong answer is not a transient one');
      const all = await quiet(hub);
      const shardRequests = all.timeline.filter((e) => e.path.endsWith('.safetensors')).length;
      assert.ok(shardRequests < 163, `stopped launching shard requests after the failure (${shardRequests} sent)`);
    });
  });
});

describe('redirects to another origin', () => {
  let cdn;
  before(async () => {
    cdn = await startHub();
  });
  after(async () => {
    await cdn?.close();
  });

  test('every file (config and shards) redirected to another origin: followed, same result', { timeout: CASE_TIMEOUT }, async () => {
    cdn.resetStats();
    await withFaults([{ match: '/resolve/', redirectTo: cdn.url }], async () => {
      const r = await importModel(GEMMA, { endpoint: hub.url });
      assert.equal(r.architecture.parameters.total, GEMMA_PARAMS);
      const s = await settled(hub, (x) => x.requests >= 4);
      const resolveHere = s.timeline.filter((e) => e.path.startsWith(`/${GEMMA}/resolve/`));
      assert.equal(resolveHere.length, 3, 'config.json and 2 shards');
      assert.ok(resolveHere.every((e) => e.status === 302));
      const there = await settled(cdn, (x) => x.requests >= 3);
      assert.deepEqual(there.timeline.map((e) => `${e.path.split('/').pop()} ${e.status}`).sort(), [
        'config.json 200',
        'model-00001-of-00002.safetensors 206',
        'model-00002-of-00002.safetensors 206',
      ]);
    });
  });

  test('a gated repo redirected to another origin: the token is not forwarded there (401 at the other origin), E_GATED', { timeout: CASE_TIMEOUT }, async () => {
    assert.ok(GATED, 'a gated fixture repo with shards exists');
    // Control: without the redirect the token opens the repo.
    const ok = await importModel(GATED, { endpoint: hub.url, token: FIXTURE_TOKEN });
    assert.equal(ok.architecture.parameters.source, 'safetensors');
    // Both hubs accept the same token, so the other origin would answer 200 had the token reached it.
    cdn.resetStats();
    await withFaults([{ match: '/resolve/', redirectTo: cdn.url }], async () => {
      const err = await rejectsWith(importModel(GATED, { endpoint: hub.url, token: FIXTURE_TOKEN, retries: 0 }), 'E_GATED');
      assert.ok(!err.message.includes(FIXTURE_TOKEN));
      const there = await settled(cdn, (x) => x.requests >= 1);
      assert.ok(there.requests >= 1);
      for (const e of there.timeline) assert.equal(e.status, 401, `${e.path}: 401 = no Authorization header arrived`);
    });
  });

  test('a secret token stays out of every error along a redirect chain that fails', { timeout: CASE_TIMEOUT }, async () => {
    await withFaults([{ match: '/resolve/', redirectTo: 'http://127.0.0.1:1' }], async () => {
      const err = await rejectsWith(importModel(GEMMA, { endpoint: hub.url, token: SECRET, retries: 0 }), 'E_NETWORK');
      assertNoSecret(err);
    });
  });
});

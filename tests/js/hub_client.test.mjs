// The Hub client's fetch plan against the real fixture hub (real fetch, loopback, nothing mocked).
// Expected numbers come from the fixtures (tensors.json, index files, config files), the published
// counts in tests/fixtures/hf/PROVENANCE.md, or the server's own request log, never from the client.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { HfmiError } from '../../dist/js/core/errors.js';
import { startFixtureHub } from '../../dist/js/fixture-hub/server.js';
import { chooseShardsFromFiles, RangeSizer } from '../../dist/js/hub/fetch_plan.js';
import { fetchModelFiles, parseModelRef } from '../../dist/js/hub/hub_client.js';
import { loadCore } from '../../dist/js/core/load_core.node.js';
import { dataBytes, rejectsWithCode, withFaultsOn } from './helpers.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REPOS = join(ROOT, 'tests/fixtures/repos');
const HF = join(ROOT, 'tests/fixtures/hf');
const TOKEN = 'hf_fixture_token';
const SECRET = 'hf_SeCrEt_never_print_me_0123456789';

const readJson = (p) => JSON.parse(readFileSync(p, 'utf8'));
const repoJson = (repo) => readJson(join(REPOS, repo, 'repo.json'));
const tensorsOf = (repo) => readJson(join(REPOS, repo, 'tensors.json'));
const u64 = (bytes) => Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
const resolvePath = (repo, file) => `/${repo}/resolve/main/${file}`;
/** Fast retries for tests (the default backoff starts at 500 ms). */
const FAST = { retryBaseDelayMs: 1, maxRetryDelayMs: 20 };

let hub;
before(async () => {
  hub = await startFixtureHub({});
});
after(async () => {
  await hub.close();
});

/** Runs fn against the shared hub with fresh stats and the given faults; clears faults afterwards. */
const withFaults = (faults, fn) => withFaultsOn(hub, faults, fn);

/** The server logs a request when its response closes, which can trail the client slightly. */
async function settledStats(h, expectedRequests) {
  for (let i = 0; i < 400; i++) {
    const s = h.stats();
    if (s.requests >= expectedRequests) return s;
    await new Promise((r) => setTimeout(r, 5));
  }
  return h.stats();
}

function assertNoToken(err, token = SECRET) {
  const text = [err.message, err.url ?? '', JSON.stringify(err), String(err.stack ?? '')].join('\n');
  assert.ok(!text.includes(token), 'the token must never appear in an error');
}

const rejectsWith = rejectsWithCode;

describe('Llama-3.1-8B (4 shards): the 3-round-trip plan', () => {
  const REPO = 'meta-llama/Llama-3.1-8B';
  const t = tensorsOf(REPO);
  const shardNames = Object.keys(t.shards);

  test('exactly the 4 shard headers, each 8 + N bytes, file sizes from Content-Range; <= N+3 requests', async () => {
    hub.resetStats();
    const events = [];
    const r = await fetchModelFiles(REPO, { endpoint: hub.url, token: TOKEN, onProgress: (e) => events.push(e) });
    assert.equal(r.modelId, REPO);
    assert.equal(r.revision, 'main');
    assert.equal(r.sha, repoJson(REPO).sha);
    assert.equal(r.shardSource, 'model-info');
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(Buffer.from(r.configBytes), readFileSync(join(HF, 'meta-llama__Llama-3.1-8B.config.json')));
    assert.deepEqual(r.shards.map((s) => s.name), shardNames);
    let data = 0;
    for (const s of r.shards) {
      const n = u64(s.headerBytes);
      assert.equal(s.headerBytes.length, 8 + n);
      const header = JSON.parse(new TextDecoder().decode(s.headerBytes.subarray(8)));
      assert.deepEqual(Object.keys(header).filter((k) => k !== '__metadata__'), t.shards[s.name].map((row) => row[0]));
      assert.equal(s.fileSize, 8 + n + dataBytes(t.shards[s.name]));
      data += s.fileSize - 8 - n;
    }
    assert.equal(data, 16_060_522_496, 'BF16 bytes of 8,030,261,248 params (PROVENANCE.md)');
    const s = await settledStats(hub, r.stats.requests);
    assert.equal(s.requests, r.stats.requests);
    assert.ok(s.requests <= shardNames.length + 3, `${s.requests} requests`);
    assert.equal(s.requests, 2 + shardNames.length, 'config + model info + one range per shard');
    assert.equal(s.byPath[resolvePath(REPO, 'model.safetensors.index.json')], undefined, 'the index is not downloaded');
    // Progress: config, model info, one event per shard, done.
    assert.deepEqual(events.map((e) => e.phase), ['config', 'model-info', 'header', 'header', 'header', 'header', 'done']);
    assert.deepEqual(events.filter((e) => e.phase === 'header').map((e) => e.done), [1, 2, 3, 4]);
    assert.deepEqual(new Set(events.filter((e) => e.phase === 'header').map((e) => e.shard)), new Set(shardNames));
    assert.ok(events.every((e, i) => i === 0 || e.bytes >= events[i - 1].bytes));
  });

  test('sequential round trips <= 3, from the server timeline with 100 ms injected latency', async () => {
    const slow = await startFixtureHub({ latencyMs: 100 });
    try {
      const r = await fetchModelFiles(REPO, { endpoint: slow.url, token: TOKEN });
      const s = await settledStats(slow, r.stats.requests);
      assert.ok(s.roundTrips <= 3, `server saw ${s.roundTrips} sequential round trips`);
      assert.equal(s.roundTrips, 2, 'headers fit the first range: config+info, then the shard ranges');
      assert.equal(r.stats.roundTrips, 2, 'the client counts the same dependency depth');
    } finally {
      await slow.close();
    }
  });

  test('bytes: the client reads within 10% of config + model info + headers; the server sends at most one range per shard', async () => {
    hub.resetStats();
    const r = await fetchModelFiles(REPO, { endpoint: hub.url, token: TOKEN });
    const s = await settledStats(hub, r.stats.requests);
    const config = s.byPath[resolvePath(REPO, 'config.json')].bytes;
    const info = s.byPath[`/api/models/${REPO}`].bytes;
    const headers = r.shards.reduce((a, x) => a + x.headerBytes.length, 0);
    const needed = config + info + headers;
    assert.ok(r.stats.bytesFetched >= needed);
    assert.ok(r.stats.bytesFetched <= needed * 1.1, `client read ${r.stats.bytesFetched} bytes for ${needed} needed`);
    // On the wire the speculative ranges are bounded by their size (100,000 bytes each here).
    const shardBytes = shardNames.reduce((a, n) => a + s.byPath[resolvePath(REPO, n)].bytes, 0);
    assert.ok(shardBytes <= shardNames.length * 100_000, `server sent ${shardBytes} shard bytes`);
  });

  test('gated: no token -> E_GATED (how to get access), wrong token -> E_GATED; the token never leaks', async () => {
    const GATED_REPO = 'google/gemma-2-9b-it'; // gated on the real Hub and on the fixture hub
    const noToken = await rejectsWith(fetchModelFiles(GATED_REPO, { endpoint: hub.url }), 'E_GATED');
    assert.match(noToken.message, new RegExp(`request access at ${hub.url}/${GATED_REPO}`));
    assert.match(noToken.message, /HF_TOKEN/);
    assert.equal(noToken.status, 401);
    const wrong = await rejectsWith(fetchModelFiles(GATED_REPO, { endpoint: hub.url, token: SECRET }), 'E_GATED');
    assert.equal(wrong.status, 403);
    assertNoToken(wrong);
  });
});

describe('sharding shapes', () => {
  test('DeepSeek-V3: 163 shards in <= 166 requests; data bytes sum to the index total_size', async () => {
    const REPO = 'deepseek-ai/DeepSeek-V3';
    hub.resetStats();
    const r = await fetchModelFiles(REPO, { endpoint: hub.url });
    assert.equal(r.shards.length, 163);
    assert.equal(r.shards[0].name, 'model-00001-of-000163.safetensors');
    const s = await settledStats(hub, r.stats.requests);
    assert.ok(s.requests <= 166, `${s.requests} requests`);
    assert.equal(s.requests, r.stats.requests);
    const index = await (await fetch(`${hub.url}${resolvePath(REPO, 'model.safetensors.index.json')}`)).json();
    const data = r.shards.reduce((a, x) => a + x.fileSize - x.headerBytes.length, 0);
    assert.equal(data, index.metadata.total_size);
    assert.ok(r.stats.roundTrips <= 3);
  });

  /** The Range requests of each shard of `r`, in order, from the hub's log. */
  const rangesByShard = (s, r) => {
    const byShard = new Map(r.shards.map((x) => [x.name, []]));
    for (const e of s.timeline) {
      const name = e.path.split('/').pop();
      if (byShard.has(name)) byShard.get(name).push(e.range);
    }
    return byShard;
  };

  test('Qwen3-30B-A3B, no size estimate: one exact extra Range per shard whose header exceeds the first guess, none once the size adapts', async () => {
    const REPO = 'Qwen/Qwen3-30B-A3B';
    const initialRangeBytes = 100_000;
    const concurrency = 4;
    hub.resetStats();
    const r = await fetchModelFiles(REPO, { endpoint: hub.url, initialRangeBytes, concurrency });
    assert.equal(r.shards.length, 16);
    const s = await settledStats(hub, r.stats.requests);
    const byShard = rangesByShard(s, r);
    const firstGuess = `bytes=0-${initialRangeBytes - 1}`;
    const firstWave = [...byShard].filter(([, ranges]) => ranges[0] === firstGuess).map(([n]) => n);
    // The first `concurrency` shards go out before any header length is known; the rest are sized from them.
    assert.equal(firstWave.length, concurrency, 'the first wave goes out with the first guess');
    for (const x of r.shards) {
      const ranges = byShard.get(x.name);
      const exceeds = x.headerBytes.length > Number(ranges[0].split('-')[1]) + 1;
      if (firstWave.includes(x.name)) {
        // Every Qwen3-30B-A3B shard header is > 100,000 bytes (123,584..149,208): each needs the rest.
        assert.ok(x.headerBytes.length > initialRangeBytes);
        assert.deepEqual(ranges, [firstGuess, `bytes=${initialRangeBytes}-${x.headerBytes.length - 1}`]);
      } else {
        assert.equal(exceeds, false, `${x.name}: adapted range ${ranges[0]} covers ${x.headerBytes.length}`);
        assert.equal(ranges.length, 1, `${x.name}: no second range after the size adapted`);
      }
    }
    assert.equal(s.requests, 2 + 16 + concurrency);
  });

  test('Qwen3-30B-A3B with the core\'s estimate from config.json: every header in its first Range, N + 2 requests, 2 round trips', async () => {
    const REPO = 'Qwen/Qwen3-30B-A3B';
    const core = await loadCore();
    const estimate = (config) => {
      const e = JSON.parse(core.estimateHeaderSize(config));
      assert.equal(e.ok, true);
      return e.bytes;
    };
    hub.resetStats();
    const r = await fetchModelFiles(REPO, { endpoint: hub.url, headerBytesEstimate: estimate });
    assert.equal(r.shards.length, 16);
    const s = await settledStats(hub, r.stats.requests);
    for (const [name, ranges] of rangesByShard(s, r)) assert.equal(ranges.length, 1, `${name}: ${ranges.join(' ')}`);
    assert.equal(s.requests, 2 + 16);
    assert.equal(r.stats.roundTrips, 2);
    // The headers' real sizes (123,584..149,208 bytes) are each covered, by less than 1.5x the largest.
    const largest = Math.max(...r.shards.map((x) => x.headerBytes.length));
    const requested = Number([...rangesByShard(s, r).values()][0][0].split('-')[1]) + 1;
    assert.ok(requested >= largest && requested < 1.5 * largest, `first range ${requested} for headers up to ${largest}`);
  });

  test('gpt-oss-20b: shards numbered from zero (model-00000-of-00002 ...) are all found', async () => {
    const r = await fetchModelFiles('openai/gpt-oss-20b', { endpoint: hub.url });
    assert.deepEqual(r.shards.map((s) => s.name), Object.keys(tensorsOf('openai/gpt-oss-20b').shards));
    assert.equal(r.shards.length, 3);
  });

  test('GPTQ single file with a 108 KB header: one speculative range plus one exact rest', async () => {
    const REPO = 'TheBloke/Llama-2-7B-GPTQ';
    hub.resetStats();
    const r = await fetchModelFiles(REPO, { endpoint: hub.url });
    assert.deepEqual(r.shards.map((s) => s.name), ['model.safetensors']);
    const s = await settledStats(hub, 4);
    const ranges = s.timeline.filter((e) => e.path.endsWith('model.safetensors')).map((e) => e.range);
    assert.deepEqual(ranges, ['bytes=0-99999', `bytes=100000-${r.shards[0].headerBytes.length - 1}`]);
    assert.equal(r.stats.roundTrips, 3);
  });

  for (const [repo, key] of [
    ['llava-hf/llava-1.5-7b-hf', 'llava-hf__llava-1.5-7b-hf'],
    ['alpindale/WizardLM-2-8x22B', 'alpindale__WizardLM-2-8x22B'],
    ['google/medgemma-27b-it', 'google__medgemma-27b-it'],
    ['tiiuae/falcon-180B-chat', 'tiiuae__falcon-180B-chat'],
  ]) {
    test(`${repo}: the shards of the real index, and their data bytes sum to its total_size`, async () => {
      const index = readJson(join(HF, `${key}.safetensors.index.json`));
      const r = await fetchModelFiles(repo, { endpoint: hub.url });
      assert.deepEqual(r.shards.map((s) => s.name), [...new Set(Object.values(index.weight_map))].sort());
      const data = r.shards.reduce((a, x) => a + x.fileSize - x.headerBytes.length, 0);
      assert.equal(data, index.metadata.total_size);
    });
  }
});

describe('fallbacks', () => {
  test('model info unavailable (404): the index is streamed into the sink; shards from the real index', async () => {
    const REPO = 'microsoft/Phi-3-mini-128k-instruct';
    const indexBytes = readFileSync(join(HF, 'microsoft__Phi-3-mini-128k-instruct.safetensors.index.json'));
    const chunks = [];
    let finished = 0;
    const sink = () => ({
      feed: (c) => chunks.push(Buffer.from(c)),
      finish: () => {
        finished++;
        const index = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        return { shards: [...new Set(Object.values(index.weight_map))] };
      },
    });
    hub.resetStats();
    const r = await fetchModelFiles(REPO, { endpoint: hub.url, indexSink: sink });
    assert.equal(r.shardSource, 'index');
    assert.equal(finished, 1);
    assert.deepEqual(Buffer.concat(chunks), indexBytes, 'the sink received the whole index, in order');
    assert.deepEqual(r.shards.map((s) => s.name), ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors']);
    assert.ok(r.warnings.some((w) => /model info/.test(w) && /index/.test(w)), r.warnings.join('; '));
    const s = await settledStats(hub, r.stats.requests);
    assert.equal(s.byPath[`/api/models/${REPO}`].requests, 1);
    assert.equal(s.byPath[resolvePath(REPO, 'model.safetensors.index.json')].requests, 1);
    // config+info, then index (+ a speculative model.safetensors probe, 404 here), then the shards.
    assert.equal(r.stats.roundTrips, 3);
    assert.ok(s.requests <= 2 + 2 + 2, `${s.requests} requests`);
  });

  test('without a sink the index is parsed whole (same shards)', async () => {
    const r = await fetchModelFiles('microsoft/Phi-3-mini-128k-instruct', { endpoint: hub.url });
    assert.equal(r.shardSource, 'index');
    assert.equal(r.shards.length, 2);
  });

  test('single file via model info: Qwen3-0.6B model.safetensors (tied embeddings: no lm_head)', async () => {
    const r = await fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url });
    assert.equal(r.shardSource, 'model-info');
    assert.deepEqual(r.shards.map((s) => s.name), ['model.safetensors']);
    const header = JSON.parse(new TextDecoder().decode(r.shards[0].headerBytes.subarray(8)));
    assert.equal(header['lm_head.weight'], undefined);
    assert.equal(Object.keys(header).length - 1, tensorsOf('Qwen/Qwen3-0.6B').shards['model.safetensors'].length);
  });

  test('single file without model info or index: shardSource single-file, read in round trip 2', async () => {
    const REPO = 'Qwen/Qwen3-0.6B';
    await withFaults([{ match: '/api/models/', status: 500 }], async () => {
      const r = await fetchModelFiles(REPO, { endpoint: hub.url, retries: 0 });
      assert.equal(r.shardSource, 'single-file');
      assert.deepEqual(r.shards.map((s) => s.name), ['model.safetensors']);
      assert.equal(r.stats.roundTrips, 2);
      const s = await settledStats(hub, r.stats.requests);
      assert.equal(s.byPath[resolvePath(REPO, 'model.safetensors.index.json')].requests, 1);
    });
  });

  test('no safetensors (falcon-7b-instruct, .bin only): no shards, shardSource none, a warning', async () => {
    hub.resetStats();
    const r = await fetchModelFiles('tiiuae/falcon-7b-instruct', { endpoint: hub.url });
    assert.deepEqual(r.shards, []);
    assert.equal(r.shardSource, 'none');
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /no safetensors/);
    assert.match(r.warnings[0], /pytorch_model/);
    assert.match(r.warnings[0], /config-only/);
    assert.deepEqual(Buffer.from(r.configBytes), readFileSync(join(HF, 'tiiuae__falcon-7b-instruct.config.json')));
    const s = await settledStats(hub, 2);
    assert.equal(s.requests, 2);
  });
});

describe('errors', () => {
  test('404 -> E_NOT_FOUND with a hint to check the id', async () => {
    const err = await rejectsWith(fetchModelFiles('nobody/no-such-model', { endpoint: hub.url, token: SECRET }), 'E_NOT_FOUND');
    assert.match(err.message, /not found: check the model id \(and revision\)/);
    assert.equal(err.status, 404);
    assertNoToken(err);
  });

  test('an unknown revision -> E_NOT_FOUND', async () => {
    await rejectsWith(fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url, revision: 'v999' }), 'E_NOT_FOUND');
  });

  test('the revision may be the commit sha, also through a Hub URL', async () => {
    const { sha } = repoJson('Qwen/Qwen3-0.6B');
    const r = await fetchModelFiles(`https://huggingface.co/Qwen/Qwen3-0.6B/tree/${sha}`, { endpoint: hub.url });
    assert.equal(r.revision, sha);
    assert.equal(r.sha, sha);
    assert.equal(r.shards.length, 1);
  });

  test('429 then success: retried (honoring Retry-After: 0)', async () => {
    await withFaults([{ match: 'model-00002-of-00004', fail429: 2, retryAfterSeconds: 0 }], async () => {
      const r = await fetchModelFiles('meta-llama/Llama-3.1-8B', { endpoint: hub.url, token: TOKEN, ...FAST });
      assert.equal(r.shards.length, 4);
      const s = await settledStats(hub, r.stats.requests);
      const shard2 = s.timeline.filter((e) => e.path.endsWith('model-00002-of-00004.safetensors'));
      assert.deepEqual(shard2.map((e) => e.status), [429, 429, 206]);
      assert.equal(r.stats.requests, 6 + 2);
    });
  });

  test('500 beyond the retries -> E_NETWORK (a server failure, not a malformed answer), after retries + 1 attempts', async () => {
    await withFaults([{ match: 'config.json', fail500: Infinity }], async () => {
      const err = await rejectsWith(
        fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url, retries: 2, token: SECRET, ...FAST }),
        'E_NETWORK',
      );
      assert.equal(err.status, 500);
      assertNoToken(err);
      const s = await settledStats(hub, 3);
      assert.equal(s.byPath[resolvePath('Qwen/Qwen3-0.6B', 'config.json')].requests, 3);
    });
  });

  test('a server that ignores Range: the client stops after the header bytes', async () => {
    const REPO = 'Qwen/Qwen3-0.6B';
    await withFaults([{ match: 'model.safetensors', ignoreRange: true }], async () => {
      const r = await fetchModelFiles(REPO, { endpoint: hub.url });
      const shard = r.shards[0];
      assert.equal(shard.headerBytes.length, 8 + u64(shard.headerBytes));
      // Qwen3-0.6B: 1,192,099,840 data bytes (596,049,920 BF16 params) after the header.
      assert.equal(shard.fileSize, shard.headerBytes.length + 1_192_099_840);
      const s = await settledStats(hub, r.stats.requests);
      const e = s.timeline.find((x) => x.path.endsWith('/model.safetensors') && x.status === 200);
      for (let i = 0; i < 200 && !s.timeline.find((x) => x === e)?.aborted; i++) await new Promise((res) => setTimeout(res, 5));
      assert.equal(e.aborted, true, 'the transfer was cut');
      assert.ok(e.bytes < 64 * 1024 * 1024, `server sent ${e.bytes} of ${shard.fileSize} bytes`);
      assert.ok(r.stats.bytesFetched < 200_000, `client read ${r.stats.bytesFetched}`);
    });
  });

  test('a truncated header body -> E_BAD_RESPONSE after the retries, no hang', async () => {
    await withFaults([{ match: 'model.safetensors', truncateAfterBytes: 4 }], async () => {
      const err = await rejectsWith(fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url, retries: 1, ...FAST }), 'E_BAD_RESPONSE');
      assert.match(err.url, /model\.safetensors$/);
    });
  });

  test('a truncated config.json -> E_BAD_RESPONSE', async () => {
    await withFaults([{ match: 'config.json', truncateAfterBytes: 10 }], async () => {
      await rejectsWith(fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url, retries: 0 }), 'E_BAD_RESPONSE');
    });
  });

  test('a wrong Content-Range -> E_BAD_RESPONSE with the (token-free) URL; a missing total too', async () => {
    await withFaults([{ match: 'model.safetensors', wrongContentRange: true }], async () => {
      const err = await rejectsWith(fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url, token: SECRET }), 'E_BAD_RESPONSE');
      assert.equal(err.url, `${hub.url}/Qwen/Qwen3-0.6B/resolve/main/model.safetensors`);
      assertNoToken(err);
    });
    await withFaults([{ match: 'model.safetensors', unknownTotal: true }], async () => {
      await rejectsWith(fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url }), 'E_BAD_RESPONSE');
    });
  });

  test('hostile header lengths -> E_BAD_HEADER over the 25 MB cap, not retried', async () => {
    for (const headerLength of [25_000_001, 2n ** 63n, 2n ** 64n - 1n]) {
      await withFaults([{ match: 'model.safetensors', headerLength }], async () => {
        const err = await rejectsWith(fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url }), 'E_BAD_HEADER');
        assert.match(err.message, /over the 25000000-byte cap/);
        const s = await settledStats(hub, 3);
        assert.equal(s.byPath[resolvePath('Qwen/Qwen3-0.6B', 'model.safetensors')].requests, 1, 'not retried');
      });
    }
    // A 25,000,000-byte header is allowed: one exact second range fetches it.
    await withFaults([{ match: 'model.safetensors', headerLength: 25_000_000 }], async () => {
      const r = await fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url });
      assert.equal(r.shards[0].headerBytes.length, 25_000_008);
      assert.equal(r.stats.roundTrips, 3);
    });
  });

  test('a stalled server -> E_TIMEOUT after timeoutMs per attempt, no hang', async () => {
    await withFaults([{ match: 'config.json', latencyMs: 5_000 }], async () => {
      const t0 = Date.now();
      const err = await rejectsWith(fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url, timeoutMs: 150, retries: 1, ...FAST }), 'E_TIMEOUT');
      assert.match(err.message, /timed out after 150 ms/);
      assert.ok(Date.now() - t0 < 4_000, 'gave up well before the server answered');
    });
  });

  test('a body that trickles too slowly -> E_TIMEOUT (the timeout covers the body)', async () => {
    await withFaults([{ match: 'model.safetensors', trickle: { bytes: 1, intervalMs: 50 } }], async () => {
      await rejectsWith(fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url, timeoutMs: 200, retries: 0 }), 'E_TIMEOUT');
    });
  });

  test('connection refused -> E_NETWORK', async () => {
    const closed = await startFixtureHub({});
    const url = closed.url;
    await closed.close();
    await rejectsWith(fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: url, retries: 1, ...FAST }), 'E_NETWORK');
  });

  test('a redirect to another origin (as the Hub does for LFS files) is followed', async () => {
    const cdn = await startFixtureHub({});
    try {
      await withFaults([{ match: '.safetensors', redirectTo: cdn.url }], async () => {
        const r = await fetchModelFiles('google/gemma-2b-it', { endpoint: hub.url });
        assert.equal(r.shards.length, 2);
        assert.equal(cdn.stats().requests, 2);
      });
    } finally {
      await cdn.close();
    }
  });

  test('the caller\'s AbortSignal stops everything with its reason', async () => {
    await withFaults([{ match: '.safetensors', latencyMs: 2_000 }], async () => {
      const ac = new AbortController();
      const p = fetchModelFiles('google/gemma-2b-it', { endpoint: hub.url, signal: ac.signal });
      setTimeout(() => ac.abort(new Error('user cancelled')), 100);
      await assert.rejects(p, /user cancelled/);
    });
  });

  test('usage errors: bad options and junk ids -> E_USAGE', async () => {
    await rejectsWith(fetchModelFiles('not a model', { endpoint: hub.url }), 'E_USAGE');
    await rejectsWith(fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: 'ftp://x' }), 'E_USAGE');
    await rejectsWith(fetchModelFiles('Qwen/Qwen3-0.6B', { endpoint: hub.url, concurrency: 0 }), 'E_USAGE');
  });
});

describe('parseModelRef', () => {
  test('ids and Hub URLs', () => {
    assert.deepEqual(parseModelRef('meta-llama/Llama-3.1-8B'), { modelId: 'meta-llama/Llama-3.1-8B' });
    assert.deepEqual(parseModelRef('gpt2'), { modelId: 'gpt2' });
    assert.deepEqual(parseModelRef(' Qwen/Qwen3-0.6B '), { modelId: 'Qwen/Qwen3-0.6B' });
    assert.deepEqual(parseModelRef('https://huggingface.co/meta-llama/Llama-3.1-8B'), { modelId: 'meta-llama/Llama-3.1-8B' });
    assert.deepEqual(parseModelRef('https://huggingface.co/Qwen/Qwen3-0.6B/'), { modelId: 'Qwen/Qwen3-0.6B' });
    assert.deepEqual(parseModelRef('https://huggingface.co/Qwen/Qwen3-0.6B/tree/v1.0'), { modelId: 'Qwen/Qwen3-0.6B', revision: 'v1.0' });
    assert.deepEqual(parseModelRef('https://huggingface.co/Qwen/Qwen3-0.6B/blob/main/config.json'), {
      modelId: 'Qwen/Qwen3-0.6B',
      revision: 'main',
    });
    assert.deepEqual(parseModelRef('https://huggingface.co/org/m/tree/refs%2Fpr%2F3'), { modelId: 'org/m', revision: 'refs/pr/3' });
  });

  test('junk -> E_USAGE', () => {
    for (const junk of ['', '   ', 'a/b/c', '../etc', 'org/../x', 'org/na me', 'https://huggingface.co/', 'https://huggingface.co/datasets/x/y', 'https://huggingface.co/org', 'http://[bad', 'org/', '/name']) {
      assert.throws(() => parseModelRef(junk), (e) => e instanceof HfmiError && e.code === 'E_USAGE', JSON.stringify(junk));
    }
  });
});

describe('fetch plan pieces', () => {
  test('chooseShardsFromFiles', () => {
    assert.deepEqual(
      chooseShardsFromFiles(['config.json', 'model-00002-of-00002.safetensors', 'model-00001-of-00002.safetensors', 'consolidated.safetensors', 'model.safetensors.index.json']).shards,
      ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'],
    );
    assert.deepEqual(chooseShardsFromFiles(['model.safetensors', 'onnx/model.safetensors']).shards, ['model.safetensors']);
    assert.deepEqual(chooseShardsFromFiles(['gptq_model-4bit-128g.safetensors']).shards, ['gptq_model-4bit-128g.safetensors']);
    const mistral = chooseShardsFromFiles(['consolidated.safetensors', 'params.json']);
    assert.deepEqual(mistral.shards, ['consolidated.safetensors']);
    assert.equal(mistral.warnings.length, 1);
    assert.deepEqual(chooseShardsFromFiles(['pytorch_model.bin', 'text_encoder/model.safetensors']).shards, []);
  });

  test('RangeSizer: first guess until 3 lengths are known, then max seen + 10% rounded up to 4 KiB', () => {
    const s = new RangeSizer(100_000, 10);
    assert.equal(s.next(), 100_000);
    s.observe(16_528);
    assert.equal(s.next(), 100_000, 'one small sample does not shrink the guess');
    s.observe(73_560);
    s.observe(74_224);
    assert.equal(s.next(), Math.ceil((74_224 * 1.1) / 4096) * 4096);
    s.observe(149_208);
    assert.equal(s.next(), 167_936);
  });
});

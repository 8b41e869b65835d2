// Issue 15, network kinds, end to end through importModel against the fixture hub (real fetch, nothing
// mocked): retries start with fresh parser state (every streamed body broken once mid-way), hostile
// sibling names, a gzipped full-body shard, a short 206, Accept-Encoding: identity on Range requests,
// and the token: validated where it enters, redacted from every error (undici's header error included).
// Expected counts come from the data: PROVENANCE.md (Llama-3.1-8B 8,030,261,248) and tensors.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HfmiError, importModel } from '../../dist/js/index.node.js';
import { HubHttp } from '../../dist/js/hub/http.js';
import { FIXTURES, FIXTURE_TOKEN, rejectsWithCode, runCli, startHub, withFaultsOn } from './helpers.mjs';

const LLAMA = 'meta-llama/Llama-3.1-8B';
const LLAMA_PARAMS = 8_030_261_248; // PROVENANCE.md
const GPT2 = 'openai-community/gpt2';
const CASE_TIMEOUT = 60_000;
const FAST = { retryBaseDelayMs: 1, maxRetryDelayMs: 20 };

/** Total elements of a fixture repo's tensors.json (every GPT-2 tensor but the attn.bias buffers is a parameter). */
function gpt2Params() {
  const t = JSON.parse(readFileSync(join(FIXTURES, 'repos', GPT2, 'tensors.json'), 'utf8'));
  let n = 0;
  for (const rows of Object.values(t.shards))
    for (const [name, , shape] of rows) if (!/\.attn\.(masked_)?bias$/.test(name)) n += shape.reduce((a, b) => a * b, 1);
  return n;
}

let hub;
before(async () => {
  hub = await startHub();
});
after(async () => {
  await hub?.close();
});

const withFaults = (faults, fn) => withFaultsOn(hub, faults, fn);
const rejectsWith = rejectsWithCode;

/** The server logs a request when its response closes, which can trail the client a little. */
async function settled(predicate) {
  let s = hub.stats();
  for (let i = 0; i < 400 && !predicate(s); i++) {
    await new Promise((r) => setTimeout(r, 5));
    s = hub.stats();
  }
  return s;
}

const resolvePath = (repo, file) => `/${repo}/resolve/main/${file}`;

describe('retries start clean: every streamed body broken once mid-way, then good', () => {
  const bodies = [
    ['config.json', resolvePath(LLAMA, 'config.json'), 200],
    ['model info', `/api/models/${LLAMA}`, 300],
    ['shard header (first range)', resolvePath(LLAMA, 'model-00002-of-00004.safetensors'), 1_000],
  ];
  for (const [what, path, cut] of bodies) {
    test(`${what}: cut after ${cut} bytes once; the import equals the fault-free one`, { timeout: CASE_TIMEOUT }, async () => {
      await withFaults([{ match: path, truncateAfterBytes: cut, truncateFirst: 1 }], async () => {
        const r = await importModel(LLAMA, { endpoint: hub.url, ...FAST });
        assert.equal(r.architecture.parameters.total, LLAMA_PARAMS);
        const hits = (await settled((s) => s.timeline.filter((e) => e.path === path).length >= 2)).timeline.filter((e) => e.path === path);
        assert.ok(hits.length >= 2, `the broken body was retried: ${hits.length} request(s)`);
      });
    });
  }

  test('the exact second Range broken once: GPTQ with a 4 KiB first guess still succeeds', { timeout: CASE_TIMEOUT }, async () => {
    const path = resolvePath('TheBloke/Llama-2-7B-GPTQ', 'model.safetensors');
    // The first (4 KiB) response is whole; the second (the rest, ~100 KB) is cut once at 5,000 bytes.
    await withFaults([{ match: path, truncateAfterBytes: 5_000, truncateFirst: 2 }], async () => {
      const r = await importModel('TheBloke/Llama-2-7B-GPTQ', { endpoint: hub.url, initialRangeBytes: 4096, ...FAST });
      assert.equal(r.architecture.parameters.source, 'safetensors');
    });
  });

  test('a broken-then-good index stream (model info unavailable): the shards and the count are right', { timeout: CASE_TIMEOUT }, async () => {
    const index = resolvePath(LLAMA, 'model.safetensors.index.json');
    await withFaults(
      [
        { match: `/api/models/${LLAMA}`, status: 404 },
        // Cut inside the weight_map: the broken attempt has fed half an index to the streaming parser.
        { match: index, truncateAfterBytes: 7_000, truncateFirst: 1 },
      ],
      async () => {
        const r = await importModel(LLAMA, { endpoint: hub.url, ...FAST });
        assert.equal(r.shardSource, 'index');
        assert.equal(r.architecture.parameters.total, LLAMA_PARAMS);
        const s = await settled((x) => x.timeline.filter((e) => e.path === index).length >= 2);
        assert.equal(s.timeline.filter((e) => e.path === index).length, 2, 'one broken attempt, one good');
      },
    );
  });
});

describe('names from the server', () => {
  const hostile = [
    'x\u001b[2J\u001b[31m-00001-of-00001.safetensors', // terminal escapes
    'evil\nE_GATED: forged line-00001-of-00001.safetensors', // a forged error line
    '..\\..\\evil-00001-of-00001.safetensors', // Windows traversal
    'nul\u0000-00001-of-00001.safetensors',
  ];
  for (const name of hostile) {
    test(`a hostile sibling ${JSON.stringify(name)} is refused before any request for it`, { timeout: CASE_TIMEOUT }, async () => {
      await withFaults([{ match: `/api/models/${GPT2}`, extraSiblings: [name] }], async () => {
        const err = await rejectsWith(importModel(GPT2, { endpoint: hub.url, ...FAST }), 'E_BAD_RESPONSE');
        assert.match(err.message, /unsafe shard file/);
        assert.ok(!/[\u0000-\u001f]/.test(err.message), `control characters are escaped: ${JSON.stringify(err.message)}`);
        const asked = hub.stats().timeline.filter((e) => e.path.includes('-00001-of-00001'));
        assert.deepEqual(asked, [], 'the hostile name was never requested');
      });
    });
  }

  test('the CLI prints the refusal on one line, escaped: no escape sequence, no forged E_GATED line', { timeout: CASE_TIMEOUT }, async () => {
    await withFaults([{ match: `/api/models/${GPT2}`, extraSiblings: [hostile[1], hostile[0]] }], async () => {
      const r = await runCli(['--model', GPT2, '--endpoint', hub.url]);
      assert.equal(r.code, 6, r.stderr);
      assert.ok(!r.stderr.includes('\u001b'), 'no raw ESC reaches stderr');
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('E_'));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^E_BAD_RESPONSE: /);
    });
  });
});

describe('diagnoses', () => {
  test('a server that ignores Range and gzips the whole shard: the header is decoded right', { timeout: CASE_TIMEOUT }, async () => {
    await withFaults([{ match: resolvePath(GPT2, 'model.safetensors'), gzipBody: true }], async () => {
      const r = await importModel(GPT2, { endpoint: hub.url, ...FAST });
      assert.equal(r.architecture.parameters.source, 'safetensors');
      assert.equal(r.architecture.parameters.total, gpt2Params());
    });
  });

  test('a short 206 (fewer bytes than its Content-Range) is a short response, not a short file', { timeout: CASE_TIMEOUT }, async () => {
    await withFaults([{ match: resolvePath(GPT2, 'model.safetensors'), shortBody: 100 }], async () => {
      const err = await rejectsWith(importModel(GPT2, { endpoint: hub.url, retries: 1, ...FAST }), 'E_BAD_RESPONSE');
      assert.match(err.message, /short response/);
      assert.doesNotMatch(err.message, /past the end of the/);
    });
  });

  test('Range requests ask for Accept-Encoding: identity', { timeout: CASE_TIMEOUT }, async () => {
    // A recording proxy in front of the fixture hub: every request's headers are kept.
    const seen = [];
    const proxy = createServer(async (req, res) => {
      seen.push({ url: req.url, range: req.headers.range, encoding: req.headers['accept-encoding'] });
      const upstream = await fetch(hub.url + req.url, { headers: req.headers.range ? { Range: req.headers.range } : {} });
      const headers = Object.fromEntries([...upstream.headers].filter(([k]) => !['content-encoding', 'transfer-encoding'].includes(k)));
      res.writeHead(upstream.status, headers);
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const r = await importModel(GPT2, { endpoint: `http://127.0.0.1:${proxy.address().port}`, ...FAST });
      assert.equal(r.architecture.parameters.total, gpt2Params());
      const ranged = seen.filter((s) => s.range !== undefined);
      assert.ok(ranged.length >= 1);
      for (const s of ranged) assert.equal(s.encoding, 'identity', JSON.stringify(s));
    } finally {
      proxy.close();
    }
  });
});

describe('the token', () => {
  const SECRET_LINES = 'hf_FirstLineOfAToken123\nhf_SecondLineOfAToken456';

  test('a token with \\n: E_BAD_TOKEN from the library, before any request, and the value is nowhere', { timeout: CASE_TIMEOUT }, async () => {
    await withFaults([], async () => {
      const err = await rejectsWith(importModel(LLAMA, { endpoint: hub.url, token: SECRET_LINES }), 'E_BAD_TOKEN');
      const text = [err.message, JSON.stringify(err), String(err.stack), err.toLine()].join('\n');
      for (const part of SECRET_LINES.split('\n')) assert.ok(!text.includes(part), 'no part of the token is shown');
      assert.equal(hub.stats().requests, 0, 'nothing was sent');
    });
  });

  test('non-ASCII in a token: E_BAD_TOKEN', async () => {
    await rejectsWith(importModel(LLAMA, { endpoint: hub.url, token: 'hf_t\u00f6ken_abcdef' }), 'E_BAD_TOKEN');
  });

  for (const [how, args, env] of [
    ['--token', ['--token', SECRET_LINES], {}],
    ['HF_TOKEN from a CRLF file', [], { HF_TOKEN: 'hf_CrLfTokenValue789\r\n' }],
  ]) {
    test(`the CLI with a bad ${how}: exit 2, E_BAD_TOKEN, the token in no output`, { timeout: CASE_TIMEOUT }, async () => {
      const r = await runCli(['--model', LLAMA, '--endpoint', hub.url, ...args], { env });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^E_BAD_TOKEN: /m);
      const secret = env.HF_TOKEN ?? SECRET_LINES;
      for (const part of secret.split(/\r?\n/).filter(Boolean)) {
        assert.ok(!r.stderr.includes(part) && !r.stdout.includes(part), `"${part}" must not be printed`);
      }
    });
  }

  test("undici's invalid-header error (a token that skipped validation) carries no token", { timeout: CASE_TIMEOUT }, async () => {
    // The HTTP layer alone, as a caller that bypasses the entry check would use it.
    const { registerSecret } = await import('../../dist/js/core/redact.js');
    registerSecret(SECRET_LINES);
    const http = new HubHttp({ token: SECRET_LINES, timeoutMs: 5_000, retries: 1, retryBaseDelayMs: 1, maxRetryDelayMs: 5 });
    const err = await http
      .exchange({ url: `${hub.url}/${LLAMA}/resolve/main/config.json`, after: 0, describe: () => new HfmiError('E_NOT_FOUND', 'x') }, async () => 1)
      .then(
        () => assert.fail('expected a failure'),
        (e) => e,
      );
    assert.ok(err instanceof HfmiError);
    const cause = err.cause instanceof Error ? `${err.cause.message}\n${err.cause.stack}` : String(err.cause);
    const text = [err.message, JSON.stringify(err), String(err.stack), cause].join('\n');
    for (const part of SECRET_LINES.split('\n')) assert.ok(!text.includes(part), `no "${part}" in ${text}`);
  });

  test('a redirect chain to another origin: the token is not sent there, and no error carries it', { timeout: CASE_TIMEOUT }, async () => {
    const received = [];
    const other = createServer((req, res) => {
      received.push(req.headers.authorization);
      res.writeHead(302, { Location: `http://127.0.0.1:${other.address().port}/loop${req.url}` });
      res.end();
    });
    await new Promise((r) => other.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${other.address().port}`;
      await withFaults([{ match: 'config.json', redirectTo: base }], async () => {
        const err = await importModel('google/gemma-2-9b-it', { endpoint: hub.url, token: FIXTURE_TOKEN, retries: 0 }).then(
          () => assert.fail('a redirect loop must fail'),
          (e) => e,
        );
        assert.ok(err instanceof HfmiError, String(err));
        const text = [err.message, JSON.stringify(err), String(err.stack), String(err.cause?.message)].join('\n');
        assert.ok(!text.includes(FIXTURE_TOKEN), text);
      });
      assert.ok(received.length > 0);
      assert.ok(received.every((a) => a === undefined), `Authorization reached the other origin: ${received}`);
    } finally {
      other.close();
    }
  });
});

// GGUF imports over the fixture hub (tests/fixtures/repos/hfmi-gguf): the multi-quantization repo and the
// split repo. Expected values are computed HERE from the fixture headers themselves (a small tensor-info
// walker below, with the ggml block sizes of ggml's own type table), cross-checked with the generator's
// gguf.json, and from the source config.json for the KV cache; never from the import's output.
import assert from 'node:assert/strict';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { FIXTURES, ROOT, runCli, startHub, tempDir } from './helpers.mjs';

const api = await import(join(ROOT, 'dist/js/index.node.js'));
const GGUF = join(FIXTURES, 'repos/hfmi-gguf');
const MULTI = 'Llama-3.1-8B-Instruct-GGUF';
const SPLIT = 'Llama-3.1-8B-Instruct-Q8_0-split-GGUF';

// ggml type id -> [name, block size, bytes per block] (ggml.c type_traits), for the types the fixtures use.
const GGML = {
  0: ['F32', 1, 4], 1: ['F16', 1, 2], 8: ['Q8_0', 32, 34], 10: ['Q2_K', 256, 84], 11: ['Q3_K', 256, 110],
  12: ['Q4_K', 256, 144], 13: ['Q5_K', 256, 176], 14: ['Q6_K', 256, 210],
};

/** Walks a GGUF header (v3, little-endian): metadata skipped by type, tensor infos summed per ggml type. */
function tensorTotals(buf) {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 8;
  const u64 = () => { const x = Number(v.getBigUint64(at, true)); at += 8; return x; };
  const u32 = () => { const x = v.getUint32(at, true); at += 4; return x; };
  const str = () => { const n = u64(); const s = buf.subarray(at, at + n).toString('utf8'); at += n; return s; };
  const SIZE = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
  const skip = (type) => {
    if (type === 8) return void str();
    if (type === 9) { const et = u32(); const n = u64(); for (let i = 0; i < n; i++) skip(et); return; }
    at += SIZE[type];
  };
  const tensors = u64();
  const kvs = u64();
  for (let i = 0; i < kvs; i++) { str(); skip(u32()); }
  const kvEnd = at;
  const byType = {};
  let parameters = 0;
  let bytes = 0;
  for (let i = 0; i < tensors; i++) {
    str();
    const nd = u32();
    let n = 1;
    for (let d = 0; d < nd; d++) n *= u64();
    const [name, block, size] = GGML[u32()];
    u64();
    const b = (n / block) * size;
    const t = (byType[name] ??= { tensors: 0, parameters: 0, bytes: 0 });
    t.tensors++; t.parameters += n; t.bytes += b;
    parameters += n; bytes += b;
  }
  return { parameters, bytes, byType, headerBytes: at, kvEnd };
}

async function expectedFiles(repo) {
  const spec = JSON.parse(await readFile(join(GGUF, repo, 'gguf.json'), 'utf8'));
  const out = {};
  for (const [file, f] of Object.entries(spec.files)) {
    const t = tensorTotals(await readFile(join(GGUF, repo, `${file}.head`)));
    assert.equal(t.headerBytes, f.header_bytes, `${file}: the walker reads the whole header`);
    assert.equal(t.parameters, f.parameters, `${file}: walker and generator agree on parameters`);
    out[file] = { ...t, size: f.size, quantization: f.quantization };
  }
  return out;
}

// The KV cache per token from the source model's config.json (f16 K and V for every layer).
const source = JSON.parse(await readFile(join(FIXTURES, 'repos/meta-llama/Llama-3.1-8B/config.json'), 'utf8'));
const KV_PER_TOKEN = 2 * source.num_hidden_layers * source.num_key_value_heads * (source.hidden_size / source.num_attention_heads) * 2;

let hub;
before(async () => {
  hub = await startHub();
});
after(() => hub?.close());

const ggufRequests = (stats) => stats.timeline.filter((e) => e.path.endsWith('.gguf'));

describe(`hfmi-gguf/${MULTI}`, () => {
  let expected;
  let handle;
  let stats;
  before(async () => {
    expected = await expectedFiles(MULTI);
    // 100 ms per request, so requests sent together overlap in the server's timeline (round trips).
    const slow = await startHub({ latencyMs: 100 });
    try {
      handle = await api.fetchModel(`hfmi-gguf/${MULTI}`, { hubUrl: slow.url });
      stats = slow.stats();
    } finally {
      await slow.close();
    }
  });
  after(() => handle?.dispose());

  test('every quantization: exact parameters, bytes per type = sum over the tensor infos, bpw = bytes x 8 / parameters', async () => {
    const r = await handle.analyze({ toolOutputs: true });
    assert.equal(r.gguf.length, 6);
    for (const [file, e] of Object.entries(expected)) {
      const row = r.gguf.find((g) => g.file === file);
      assert.ok(row, file);
      assert.equal(row.parts, 1);
      assert.equal(row.quantization, e.quantization);
      assert.equal(row.parameters, e.parameters);
      assert.equal(row.tensor_bytes, e.bytes);
      assert.equal(row.file_bytes, e.size);
      assert.ok(Math.abs(row.bits_per_weight - (e.bytes * 8) / e.parameters) < 1e-9, `${file} bpw ${row.bits_per_weight}`);
      assert.deepEqual(
        Object.fromEntries(Object.entries(row.by_type).map(([k, t]) => [k, { tensors: t.tensors, parameters: t.parameters, bytes: t.bytes }])),
        e.byType,
      );
      assert.equal(row.fits_gpu, null);
    }
    // Sorted by size; the same rows in model_architecture.json; one catalogue entry listing the quantizations.
    assert.deepEqual(r.gguf.map((g) => g.tensor_bytes), Object.values(expected).map((e) => e.bytes).sort((a, b) => a - b));
    assert.deepEqual(JSON.parse(r.outputs['model_architecture.json']).gguf, r.gguf);
    assert.deepEqual(r.catalogEntry.quantizations.map((q) => q.file).sort(), Object.keys(expected).sort());
    assert.equal(r.catalogEntry.parameters_billions, expected[`${MULTI.replace('-GGUF', '')}-Q8_0.gguf`].parameters / 1e9);
    assert.equal(r.architecture.num_layers, source.num_hidden_layers);
    // The entry with its quantizations list passes the real catalogue's schema and rules.
    const u = await api.updateCatalog(await readFile(join(FIXTURES, 'consumers/llm-sizer/models.json')), r.catalogEntry);
    assert.equal(u.action, 'inserted');
    assert.deepEqual(u.issues.filter((i) => i.severity === 'error'), []);
    assert.equal(JSON.parse(u.text).models.find((m) => m.id === u.id).quantizations.length, 6);
  });

  test('architecture.parameters is exact, from the lead file\'s tensor infos, with the safetensors component rules', async () => {
    // The real meta-llama/Llama-3.1-8B index: total_size bytes of BF16, 2 bytes a parameter (8,030,261,248).
    const index = JSON.parse(await readFile(join(FIXTURES, 'repos/meta-llama/Llama-3.1-8B/model.safetensors.index.json'), 'utf8'));
    const published = index.metadata.total_size / 2;
    const r = await handle.analyze({ toolOutputs: true });
    const p = r.architecture.parameters;
    assert.equal(p.total, published);
    assert.equal(p.source, 'gguf');
    assert.ok(!r.issues.some((i) => i.code === 'W_CONFIG_ONLY'));
    // The lead file (the first by name among those with the most parameters): its parameters per ggml type.
    const lead = expected[Object.keys(expected).sort()[0]];
    assert.deepEqual(p.by_dtype, Object.fromEntries(Object.entries(lead.byType).map(([k, t]) => [k, t.parameters])));
    assert.equal(p.tensors, Object.values(lead.byType).reduce((s, t) => s + t.tensors, 0));
    // Components: from the source config (untied lm_head, 32 layers of q/k/v/o and gate/up/down, 65 norms).
    const h = source.hidden_size;
    const kv = (h / source.num_attention_heads) * source.num_key_value_heads;
    assert.equal(p.by_component.lm_head, source.vocab_size * h);
    assert.equal(p.by_component.embeddings, source.vocab_size * h);
    assert.equal(p.by_component.attention, source.num_hidden_layers * (2 * h * h + 2 * h * kv));
    assert.equal(p.by_component.dense_mlp, source.num_hidden_layers * 3 * h * source.intermediate_size);
    assert.equal(p.by_component.norms, (2 * source.num_hidden_layers + 1) * h);
    assert.equal(JSON.parse(r.outputs['model_architecture.json']).parameters.total, published);
  });

  test('the headers only, over Range, in 3 sequential round trips; the shared metadata save bytes', (t) => {
    const reqs = ggufRequests(stats);
    assert.ok(reqs.every((e) => e.range !== undefined && e.status === 206), 'every GGUF request is a Range request');
    const headers = Object.fromEntries(Object.entries(expected).map(([f, e]) => [f, e.headerBytes]));
    const byFile = {};
    for (const e of reqs) {
      const file = decodeURIComponent(e.path.slice(e.path.lastIndexOf('/') + 1));
      const end = Number(/bytes=\d+-(\d+)/.exec(e.range)[1]);
      (byFile[file] ??= []).push({ end, bytes: e.bytes });
    }
    assert.deepEqual(Object.keys(byFile).sort(), Object.keys(headers).sort());
    // The lead (the first file) is read with the 32 KiB first range; every other file up to its header + 1 KiB.
    const lead = Object.keys(headers).sort()[0];
    for (const [file, rs] of Object.entries(byFile)) {
      const limit = file === lead ? 32 * 1024 : headers[file] + 1024;
      for (const r of rs) assert.ok(r.end < limit, `${file}: a range ends at ${r.end}, past ${limit}`);
    }
    const fetched = reqs.reduce((s, e) => s + e.bytes, 0);
    const sumHeaders = Object.values(headers).reduce((a, b) => a + b, 0);
    const independent = 6 * 32 * 1024;
    t.diagnostic(`GGUF header bytes fetched ${fetched} for ${sumHeaders} header bytes; ${independent} reading each file with the first range (${((1 - fetched / independent) * 100).toFixed(0)}% saved); ${stats.roundTrips} round trips, ${stats.requests} requests`);
    assert.ok(fetched < independent);
    assert.ok(stats.roundTrips <= 3, `${stats.roundTrips} round trips`);
  });

  test('analyze() again makes no request; --gpu-memory and the context give fits per file', async () => {
    hub.resetStats();
    const ctx = 8192;
    const gpu = 6 * 2 ** 30;
    const r = await handle.analyze({ gpuMemory: '6GiB', contextLength: ctx });
    assert.equal(hub.stats().requests, 0);
    for (const [file, e] of Object.entries(expected)) {
      const row = r.gguf.find((g) => g.file === file);
      assert.equal(row.kv_cache_bytes, KV_PER_TOKEN * ctx, file);
      assert.equal(row.memory_bytes, e.bytes + KV_PER_TOKEN * ctx, file);
      assert.equal(row.fits_gpu, e.bytes + KV_PER_TOKEN * ctx <= gpu, file);
    }
    assert.ok(r.gguf.some((g) => g.fits_gpu) && r.gguf.some((g) => !g.fits_gpu));
  });
});

describe(`hfmi-gguf/${SPLIT}`, () => {
  test('the two parts are one file: parameters and bytes summed over both headers', async () => {
    const expected = await expectedFiles(SPLIT);
    hub.resetStats();
    const r = await api.importModel(`hfmi-gguf/${SPLIT}`, { hubUrl: hub.url });
    assert.equal(r.gguf.length, 1);
    const row = r.gguf[0];
    const parts = Object.values(expected);
    const sum = (k) => parts.reduce((s, p) => s + p[k], 0);
    assert.equal(row.parts, 2);
    assert.equal(row.file, Object.keys(expected).sort()[0]);
    assert.equal(row.parameters, sum('parameters'));
    assert.equal(row.tensor_bytes, sum('bytes'));
    assert.equal(row.file_bytes, sum('size'));
    // output.weight sits in part 2: the config the metadata imply is untied, so its count is the exact one.
    assert.equal(r.architecture.parameters.total, sum('parameters'));
    // The session read each part once: its tensors are both parts' tensor infos.
    assert.equal(r.architecture.parameters.source, 'gguf');
    assert.equal(r.architecture.parameters.shards, 2);
    assert.equal(r.architecture.parameters.tensors, parts.reduce((s, p) => s + Object.values(p.byType).reduce((a, t) => a + t.tensors, 0), 0));
    assert.ok(Math.abs(row.bits_per_weight - (sum('bytes') * 8) / sum('parameters')) < 1e-9);
    for (const [type, t] of Object.entries(row.by_type)) {
      assert.equal(t.bytes, parts.reduce((s, p) => s + (p.byType[type]?.bytes ?? 0), 0), type);
    }
    const reqs = ggufRequests(hub.stats());
    for (const e of reqs) {
      const file = decodeURIComponent(e.path.slice(e.path.lastIndexOf('/') + 1));
      assert.ok(Number(/bytes=\d+-(\d+)/.exec(e.range)[1]) < Math.max(32 * 1024, expected[file].headerBytes + 1024), file);
    }
  });
});

describe('a MoE and an MLA repo', () => {
  for (const repo of ['Qwen3-30B-A3B-GGUF', 'DeepSeek-V3-GGUF']) {
    test(`${repo}: architecture.parameters equals the sum over its tensor infos`, async () => {
      const expected = await expectedFiles(repo);
      const r = await api.importModel(`hfmi-gguf/${repo}`, { hubUrl: hub.url });
      const [e] = Object.values(expected);
      assert.equal(r.architecture.parameters.total, e.parameters);
      assert.equal(r.architecture.parameters.source, 'gguf');
      assert.ok(r.architecture.parameters.by_component.routed_experts > 0);
    });
  }
});

describe('CLI', () => {
  test('--gguf picks files, --gpu-memory says which fit; the table lists each file', async () => {
    const expected = await expectedFiles(MULTI);
    hub.resetStats();
    const r = await runCli([`hfmi-gguf/${MULTI}`, '--endpoint', hub.url, '--gguf', '*Q[45]_K_M*', '--gpu-memory', '6GiB', '--context', '8192', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const files = new Set(ggufRequests(hub.stats()).map((e) => decodeURIComponent(e.path.slice(e.path.lastIndexOf('/') + 1))));
    const picked = Object.keys(expected).filter((f) => /Q[45]_K_M/.test(f));
    assert.deepEqual([...files].sort(), picked.sort());
    for (const f of picked) {
      const line = r.stdout.split('\n').find((l) => l.includes(f));
      assert.ok(line, `${f} listed:\n${r.stdout}`);
      const fits = expected[f].bytes + KV_PER_TOKEN * 8192 <= 6 * 2 ** 30;
      assert.match(line, new RegExp(`${expected[f].parameters.toLocaleString('en-US')}.*${fits ? 'yes' : 'no'}$`));
    }
  });

  test('--local takes a .gguf file (header + sparse data at the real size)', async () => {
    const expected = await expectedFiles(MULTI);
    const dir = await tempDir('hfmi-gguf-');
    const file = `${MULTI.replace('-GGUF', '')}-Q6_K.gguf`;
    const fh = await open(join(dir, file), 'w');
    await fh.write(await readFile(join(GGUF, MULTI, `${file}.head`)), 0);
    await fh.truncate(expected[file].size);
    await fh.close();
    const r = await runCli(['--local', join(dir, file), '--json', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const arch = JSON.parse(r.stdout);
    assert.equal(arch.gguf.length, 1);
    assert.equal(arch.gguf[0].parameters, expected[file].parameters);
    assert.equal(arch.gguf[0].tensor_bytes, expected[file].bytes);
  });
});

// Real headers carry the tokenizer's arrays (megabytes), identical across a repo's quantizations. Three of
// the fixture's files get a 4,000-token vocabulary (tokens + token types) at the end of their metadata; in the
// Q8_0 one a token is longer, so its arrays differ: the splice must fail its check and the file be read whole.
describe('shared tokenizer arrays', () => {
  const FILES = ['Q2_K', 'Q4_K_M', 'Q8_0'].map((q) => `${MULTI.replace('-GGUF', '')}-${q}.gguf`);
  const gstr = (s) => { const b = Buffer.from(s); const n = Buffer.alloc(8); n.writeBigUInt64LE(BigInt(b.length)); return Buffer.concat([n, b]); };
  const u32b = (x) => { const b = Buffer.alloc(4); b.writeUInt32LE(x); return b; };
  const u64b = (x) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(x)); return b; };
  function withVocab(head, odd) {
    const { kvEnd } = tensorTotals(head);
    const tokens = Array.from({ length: 4000 }, (_, i) => (odd && i === 7 ? `tokenXX${i}` : `token${i}`));
    const kv = Buffer.concat([
      gstr('tokenizer.ggml.tokens'), u32b(9), u32b(8), u64b(tokens.length), ...tokens.map(gstr),
      gstr('tokenizer.ggml.token_type'), u32b(9), u32b(5), u64b(tokens.length), Buffer.alloc(4 * tokens.length, 1),
    ]);
    const out = Buffer.concat([head.subarray(0, kvEnd), kv, head.subarray(kvEnd)]);
    out.writeBigUInt64LE(out.readBigUInt64LE(16) + 2n, 16);
    return out;
  }
  const align = (n) => Math.ceil(n / 32) * 32;

  test('the other quantizations read their own bytes around the lead\'s arrays, verified; a differing one whole', async (t) => {
    const spec = JSON.parse(await readFile(join(GGUF, MULTI, 'gguf.json'), 'utf8'));
    const root = await tempDir('hfmi-gguf-root-');
    const repoDir = join(root, 'hfmi-gguf', 'Vocab-GGUF');
    await mkdir(repoDir, { recursive: true });
    const sizes = {};
    const expected = {};
    for (const f of FILES) {
      const old = await readFile(join(GGUF, MULTI, `${f}.head`));
      const head = withVocab(old, f.includes('Q8_0'));
      await writeFile(join(repoDir, `${f}.head`), head);
      sizes[f] = { size: align(head.length) + (spec.files[f].size - align(old.length)) };
      expected[f] = tensorTotals(head);
    }
    await writeFile(join(repoDir, 'gguf.json'), JSON.stringify({ files: sizes }));
    await writeFile(join(repoDir, 'repo.json'), JSON.stringify({ gated: false, sha: 'ab'.repeat(20), files: FILES }));
    const local = await startHub({ root, latencyMs: 50 });
    try {
      const r = await api.importModel('hfmi-gguf/Vocab-GGUF', { hubUrl: local.url });
      for (const f of FILES) {
        const row = r.gguf.find((g) => g.file === f);
        assert.equal(row.parameters, expected[f].parameters, f);
        assert.equal(row.tensor_bytes, expected[f].bytes, f);
        assert.equal(row.file_bytes, sizes[f].size, f);
      }
      const reqs = ggufRequests(local.stats());
      const of = (f) => reqs.filter((e) => e.path.endsWith(`/${f}`));
      const bytesOf = (f) => of(f).reduce((s, e) => s + e.bytes, 0);
      // Q4_K_M: its own small keys and tensor infos only, far less than its header.
      const shared = FILES[1];
      assert.ok(of(shared).some((e) => !e.range.startsWith('bytes=0-')), 'a range past the arrays');
      assert.ok(bytesOf(shared) < expected[shared].headerBytes / 2, `${bytesOf(shared)} of ${expected[shared].headerBytes}`);
      // Q8_0: its arrays differ, so it is read from 0 to the end of its header.
      const odd = FILES[2];
      assert.ok(of(odd).some((e) => e.range.startsWith('bytes=0-') && Number(/-(\d+)/.exec(e.range)[1]) >= expected[odd].headerBytes - 1), 'read whole');
      const total = FILES.reduce((s, f) => s + bytesOf(f), 0);
      const headers = FILES.reduce((s, f) => s + expected[f].headerBytes, 0);
      t.diagnostic(`headers ${headers} bytes (${FILES.map((f) => expected[f].headerBytes).join(', ')}); fetched ${total} (${FILES.map(bytesOf).join(', ')}); ${local.stats().roundTrips} round trips`);
    } finally {
      await local.close();
    }
  });
});

describe('config.json beside the .gguf files', () => {
  test('the two are reconciled: a disagreement is a warning naming both values', async () => {
    const spec = JSON.parse(await readFile(join(GGUF, MULTI, 'gguf.json'), 'utf8'));
    const file = `${MULTI.replace('-GGUF', '')}-Q4_K_M.gguf`;
    const root = await tempDir('hfmi-gguf-cfg-');
    for (const [name, layers] of [['Agree-GGUF', source.num_hidden_layers], ['Disagree-GGUF', source.num_hidden_layers - 2]]) {
      const dir = join(root, 'hfmi-gguf', name);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${file}.head`), await readFile(join(GGUF, MULTI, `${file}.head`)));
      await writeFile(join(dir, 'gguf.json'), JSON.stringify({ files: { [file]: { size: spec.files[file].size } } }));
      await writeFile(join(dir, 'config.json'), JSON.stringify({ ...source, num_hidden_layers: layers }));
      await writeFile(join(dir, 'repo.json'), JSON.stringify({ gated: false, sha: 'cd'.repeat(20), files: ['config.json', file] }));
    }
    const local = await startHub({ root });
    try {
      const agree = await api.importModel('hfmi-gguf/Agree-GGUF', { hubUrl: local.url });
      assert.equal(agree.gguf[0].parameters, spec.files[file].parameters);
      assert.ok(!agree.warnings.some((w) => /disagree/.test(w)), agree.warnings.join('\n'));
      const disagree = await api.importModel('hfmi-gguf/Disagree-GGUF', { hubUrl: local.url });
      assert.ok(
        disagree.warnings.some((w) => w.includes(`num_hidden_layers: GGUF ${source.num_hidden_layers}, config.json ${source.num_hidden_layers - 2}`)),
        disagree.warnings.join('\n'),
      );
    } finally {
      await local.close();
    }
  });
});

describe('the raw core', () => {
  test('GgufRepo.analyze refuses a GPU memory no byte count holds: E_USAGE at gpu_memory_bytes, before any file is read', async () => {
    const { loadCore } = await import(join(ROOT, 'dist/js/core/load_core.node.js'));
    const core = await loadCore();
    for (const bad of [1e300, -1, 0]) {
      const repo = new core.GgufRepo();
      try {
        const out = JSON.parse(repo.analyze(JSON.stringify({ gpu_memory_bytes: bad })));
        assert.equal(out.ok, false, String(bad));
        assert.equal(out.error.code, 'E_USAGE', String(bad));
        assert.equal(out.error.path, 'gpu_memory_bytes', String(bad));
      } finally {
        repo.delete();
      }
    }
  });
});

// The GGUF bench's "real-size vocabulary" case: the fixture's 6-quantization Llama-3.1-8B repo with, in every
// header, the tokenizer arrays a real Llama-3 GGUF carries (tokenizer.ggml.tokens, token_type, merges; llama.cpp's
// "gpt2"/llama-bpe layout), built in a temporary directory at bench time (megabytes per header: never committed).
//
// Where the sizes and strings come from (data, not guesses):
// - token count: the source model's config.json vocab_size (tests/fixtures/repos/meta-llama/Llama-3.1-8B), 128,256;
// - merge count: 280,147, the length of the `merges` list of Meta-Llama-3's tokenizer.json, which
//   convert_hf_to_gguf.py copies to tokenizer.ggml.merges (no stored file holds it: a published constant);
// - token strings: the real ones present in llama.cpp's ggml-vocab-dbrx.gguf head (cl100k_base, whose first
//   100,000 tokens Llama 3's vocabulary starts with), /work/shared/fixtures/real/gguf; the head is cut at 1 MiB,
//   so the tokens after the cut repeat the real strings in order (same length distribution);
// - merge strings: the real ones present in llama.cpp's ggml-vocab-gpt2.gguf head (same byte-level BPE alphabet),
//   repeated in order the same way (the stored heads carry no Llama-3 merges);
// - token types: int32, 1 (normal) for all; their bytes do not depend on the values.
// The arrays go at the end of each header's metadata (as in tests/js/gguf_import.test.mjs), identical in the six
// files, and each file's size grows by its header's growth (aligned to 32), so the data extent still adds up.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOS } from './common.mjs';

const REAL = '/work/shared/fixtures/real/gguf';
const SOURCE_REPO = 'hfmi-gguf/Llama-3.1-8B-Instruct-GGUF';
const SOURCE_CONFIG = join(REPOS, 'meta-llama/Llama-3.1-8B/config.json');
/** len(tokenizer.json["model"]["merges"]) of meta-llama/Meta-Llama-3-8B (= tokenizer.ggml.merges of its GGUFs). */
export const LLAMA3_MERGES = 280_147;
export const VOCAB_REPO = 'hfmi-gguf/Llama-3.1-8B-Instruct-vocab-GGUF';

const SCALAR = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

/** Walks a GGUF v3 prefix (possibly cut); collects the strings of `wanted` string arrays that are whole in it. */
function realStrings(buf, wanted) {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 16;
  const need = (n) => {
    if (at + n > buf.length) throw new RangeError('cut');
  };
  const u64 = () => (need(8), (at += 8), Number(v.getBigUint64(at - 8, true)));
  const u32 = () => (need(4), (at += 4), v.getUint32(at - 4, true));
  const str = () => {
    const n = u64();
    need(n);
    at += n;
    return buf.subarray(at - n, at);
  };
  const out = {};
  const kvs = Number(v.getBigUint64(16, true));
  at = 24;
  try {
    for (let i = 0; i < kvs; i++) {
      const key = Buffer.from(str()).toString('utf8');
      const type = u32();
      if (type === 8) str();
      else if (type === 9) {
        const et = u32();
        const n = u64();
        const keep = wanted.includes(key) && et === 8 ? (out[key] = []) : undefined;
        for (let k = 0; k < n; k++) {
          if (et === 8) {
            const s = str();
            keep?.push(s);
          } else if (et === 9) throw new Error('nested array');
          else (need(SCALAR[et]), (at += SCALAR[et]));
        }
      } else (need(SCALAR[type]), (at += SCALAR[type]));
    }
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  return out;
}

/** Fixed header, KV count and where the metadata end (the tensor infos start), of a complete fixture header. */
function kvEnd(buf) {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 24;
  const u64 = () => ((at += 8), Number(v.getBigUint64(at - 8, true)));
  const u32 = () => ((at += 4), v.getUint32(at - 4, true));
  const skip = (type) => {
    if (type === 8) {
      const n = u64();
      at += n;
      return;
    }
    if (type === 9) {
      const et = u32();
      const n = u64();
      for (let i = 0; i < n; i++) skip(et);
      return;
    }
    at += SCALAR[type];
  };
  const kvs = Number(v.getBigUint64(16, true));
  for (let i = 0; i < kvs; i++) {
    const n = u64();
    at += n;
    skip(u32());
  }
  return at;
}

const u32b = (x) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(x);
  return b;
};
const u64b = (x) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(x));
  return b;
};
const gstr = (s) => Buffer.concat([u64b(Buffer.byteLength(s)), Buffer.from(s)]);

/** A GGUF string array of `count` elements, the `real` strings repeated in order. */
function stringArray(key, real, count) {
  const parts = [gstr(key), u32b(9), u32b(8), u64b(count)];
  for (let i = 0; i < count; i++) {
    const s = real[i % real.length];
    parts.push(u64b(s.length), s);
  }
  return Buffer.concat(parts);
}

const align = (n) => Math.ceil(n / 32) * 32;

/**
 * Builds the repo under a new temporary root; returns the repo descriptor the bench measures (same shape as
 * GGUF_REPOS' entries) plus `root` (serve it with the fixture hub), `vocab` (what was built, for the report) and
 * `cleanup()`.
 */
export function buildVocabRepo() {
  const tokensCount = JSON.parse(readFileSync(SOURCE_CONFIG, 'utf8')).vocab_size;
  const tok = realStrings(readFileSync(join(REAL, 'ggerganov__llama.cpp__ggml-vocab-dbrx.gguf.head')), ['tokenizer.ggml.tokens'])['tokenizer.ggml.tokens'] ?? [];
  const mer = realStrings(readFileSync(join(REAL, 'ggerganov__llama.cpp__ggml-vocab-gpt2.gguf.head')), ['tokenizer.ggml.merges'])['tokenizer.ggml.merges'] ?? [];
  if (tok.length < 1000 || mer.length < 1000) throw new Error(`gguf vocab case: too few real strings in the stored heads (${tok.length} tokens, ${mer.length} merges)`);
  const kv = Buffer.concat([
    gstr('tokenizer.ggml.model'), u32b(8), gstr('gpt2'),
    gstr('tokenizer.ggml.pre'), u32b(8), gstr('llama-bpe'),
    stringArray('tokenizer.ggml.tokens', tok, tokensCount),
    gstr('tokenizer.ggml.token_type'), u32b(9), u32b(5), u64b(tokensCount), Buffer.alloc(4 * tokensCount, 0).fill(u32b(1)),
    stringArray('tokenizer.ggml.merges', mer, LLAMA3_MERGES),
  ]);
  const src = join(REPOS, SOURCE_REPO);
  const repo = JSON.parse(readFileSync(join(src, 'repo.json'), 'utf8'));
  const spec = JSON.parse(readFileSync(join(src, 'gguf.json'), 'utf8'));
  const root = mkdtempSync(join(tmpdir(), 'hfmi-gguf-vocab-'));
  const dir = join(root, VOCAB_REPO);
  mkdirSync(dir, { recursive: true });
  const files = repo.files.filter((f) => f.endsWith('.gguf'));
  const outSpec = { source: spec.source, note: 'bench/gguf_vocab.mjs: the fixture headers with real-size Llama-3 tokenizer arrays', files: {} };
  const headerBytes = [];
  for (const f of files) {
    const old = readFileSync(join(src, `${f}.head`));
    const end = kvEnd(old);
    const head = Buffer.concat([old.subarray(0, end), kv, old.subarray(end)]);
    head.writeBigUInt64LE(head.readBigUInt64LE(16) + 5n, 16);
    writeFileSync(join(dir, `${f}.head`), head);
    headerBytes.push(head.length);
    outSpec.files[f] = { ...spec.files[f], size: align(head.length) + (spec.files[f].size - align(old.length)), header_bytes: head.length };
  }
  writeFileSync(join(dir, 'gguf.json'), JSON.stringify(outSpec, null, 1));
  writeFileSync(join(dir, 'repo.json'), JSON.stringify({ ...repo, sha: '76'.repeat(20) }, null, 1));
  const expectedParams = files.reduce((a, f) => a + spec.files[f].parameters, 0);
  const vocab = {
    tokens: tokensCount,
    merges: LLAMA3_MERGES,
    realTokenStrings: tok.length,
    realMergeStrings: mer.length,
    arrayBytes: kv.length,
    headerBytes: Math.min(...headerBytes),
    note:
      `each of the 6 headers carries tokenizer.ggml.tokens (${tokensCount.toLocaleString('en-US')}, config.json vocab_size), token_type and merges ` +
      `(${LLAMA3_MERGES.toLocaleString('en-US')}, Meta-Llama-3's tokenizer.json): ${(kv.length / 1e6).toFixed(2)} MB of arrays, headers ${(Math.min(...headerBytes) / 1e6).toFixed(2)}–${(Math.max(...headerBytes) / 1e6).toFixed(2)} MB. ` +
      `Strings: the ${tok.length.toLocaleString('en-US')} real token strings and ${mer.length.toLocaleString('en-US')} real merge strings present in llama.cpp's ` +
      `ggml-vocab-dbrx.gguf / ggml-vocab-gpt2.gguf heads (cut at 1 MiB, /work/shared/fixtures/real/gguf), repeated in order for the rest (the real length distribution); built at bench time in a temporary directory`,
  };
  return {
    id: VOCAB_REPO,
    files,
    quantizations: files.length,
    expectedParams,
    label: `Llama-3.1-8B-Instruct-GGUF, real-size vocabulary (${files.length} quantizations, ${(Math.min(...headerBytes) / 1e6).toFixed(1)} MB headers)`,
    root,
    vocab,
    cleanup: () => existsSync(root) && rmSync(root, { recursive: true, force: true }),
  };
}

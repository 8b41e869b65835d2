// The fetch plan's pure parts: which files are shards, how large a speculative Range should be,
// and how to read a safetensors header out of a (possibly longer, possibly unranged) response.
import { HfmiError } from '../core/errors.js';
import { LIMITS } from '../core/generated/limits.js';
import { TransientBodyError, chunkSource, isEncoded, type Exchange } from './http.js';
import { escapeControls } from './printable.js';
import { shardNameProblem } from './shard_names.js';

/** The header cap of the core's limits table (HF's JS uses 25 MB; safetensors' own cap is 100 MB). */
export const MAX_HEADER_BYTES = LIMITS.headerBytes;

/** After the header is in hand, at most this many remaining bytes of a range are read rather than cancelled. */
export const DRAIN_LIMIT_BYTES = 32 * 1024;

/**
 * The remainder of a range that is read rather than cancelled, once the header is in hand: up to
 * DRAIN_LIMIT_BYTES, or up to half the range when the range was sized from the config's estimate
 * (its margin, so at most a third of what the header needed). Cancelling an HTTP/1.1 body destroys its
 * connection: Node's fetch then closes the socket (about 1 ms of CPU each, 15 ms for a 16-shard model,
 * bench/cpu_profile.mjs) and the next requests pay a new connection. A range far longer than the header
 * (the 100 KB first guess, or a server that ignores Range) is still cancelled.
 */
export function drainLimit(requested: number): number {
  return Math.max(DRAIN_LIMIT_BYTES, Math.floor(requested / 2));
}

const SHARDED = /^(.+)-(\d+)-of-(\d+)\.safetensors$/;

export interface ShardChoice {
  shards: string[];
  warnings: string[];
}

/** Safe shard file name, by the core's one shard-name policy (see shard_names.ts). */
export function isSafeShardName(name: string): boolean {
  return shardNameProblem(name) === '';
}

/**
 * Picks the shard files from a repo's file list (model info `siblings`): top-level files only.
 * - a `<prefix>-XXXXX-of-YYYYY.safetensors` set (prefix "model" preferred, else the largest set);
 * - else `model.safetensors`;
 * - else other top-level *.safetensors (e.g. GPTQ `gptq_model-4bit-128g.safetensors`), with Mistral's
 *   `consolidated*.safetensors` used only when nothing else exists (with a warning);
 * - else none (the caller falls back to config-only analysis).
 */
export function chooseShardsFromFiles(files: readonly string[]): ShardChoice {
  const top = files.filter((f) => !f.includes('/') && f.endsWith('.safetensors'));
  const sets = new Map<string, string[]>();
  for (const f of top) {
    const m = SHARDED.exec(f);
    if (m) {
      const key = m[1]!;
      const list = sets.get(key) ?? [];
      list.push(f);
      sets.set(key, list);
    }
  }
  if (sets.size > 0) {
    const preferred = sets.get('model') ?? [...sets.values()].sort((a, b) => b.length - a.length)[0]!;
    const warnings: string[] = [];
    if (sets.size > 1) {
      warnings.push(`several sharded safetensors sets in the repo (${[...sets.keys()].join(', ')}); using ${SHARDED.exec(preferred[0]!)![1]}`);
    }
    return { shards: [...preferred].sort(), warnings };
  }
  if (top.includes('model.safetensors')) return { shards: ['model.safetensors'], warnings: [] };
  const others = top.filter((f) => !/^consolidated.*\.safetensors$/.test(f) && !f.startsWith('adapter_model'));
  if (others.length > 0) return { shards: others.sort(), warnings: [] };
  const consolidated = top.filter((f) => /^consolidated.*\.safetensors$/.test(f));
  if (consolidated.length > 0) {
    return {
      shards: consolidated.sort(),
      warnings: ['only Mistral-format consolidated*.safetensors files found: tensor names follow Mistral\'s layout, not transformers\''],
    };
  }
  return { shards: [], warnings: [] };
}

/** Shard names from a parsed model.safetensors.index.json (unique weight_map values, in order). */
export function shardsFromIndexJson(index: unknown, where: string): string[] {
  const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
  if (typeof weightMap !== 'object' || weightMap === null || Array.isArray(weightMap)) {
    throw new HfmiError('E_BAD_INDEX', `the index has no weight_map object: ${where}`, { path: '$.weight_map', url: where });
  }
  const seen = new Set<string>();
  for (const [tensor, shard] of Object.entries(weightMap as Record<string, unknown>)) {
    if (typeof shard !== 'string') {
      throw new HfmiError('E_BAD_INDEX', `weight_map value for ${JSON.stringify(tensor)} is not a file name: ${where}`, {
        path: `$.weight_map[${JSON.stringify(tensor)}]`,
        url: where,
      });
    }
    seen.add(shard);
  }
  return validateShardNames([...seen].sort(), where);
}

/** Refuses the list when any name breaks the shard-name policy; the name is shown escaped. */
export function validateShardNames(names: string[], where: string, source: 'index' | 'model-info' = 'index'): string[] {
  if (names.length > LIMITS.shardsPerModel) {
    throw new HfmiError('E_TOO_LARGE', `the ${source === 'index' ? 'index' : 'model info'} names ${names.length} shard files, over the limit of ${LIMITS.shardsPerModel} (shardsPerModel): ${where}`, {
      url: where,
    });
  }
  for (const name of names) {
    const problem = shardNameProblem(name);
    if (problem !== '') {
      const shown = escapeControls(JSON.stringify(name.slice(0, 120)));
      throw new HfmiError(
        source === 'index' ? 'E_BAD_INDEX' : 'E_BAD_RESPONSE',
        `the ${source === 'index' ? 'index' : "model info's siblings list"} names an unsafe shard file ${shown} (${problem}): ${where}`,
        { path: source === 'index' ? '$.weight_map' : '$.siblings', url: where },
      );
    }
  }
  return names;
}

/** Headers are never longer than this (the safetensors cap the core enforces), plus the 8 length bytes. */
const MAX_HEADER_RANGE = LIMITS.headerBytes + 8;

/**
 * The first speculative Range per shard, from the header bytes config.json implies for the whole model
 * (`estimatedBytes`, all shards together): the mean per shard + 25%, because shards differ, rounded up
 * to 4 KiB. No fixed floor from three shards on: a 100 KB floor made a 4-shard dense model fetch 5.6x
 * its header bytes (issue 13); a shard whose header is longer than its range costs one exact second
 * range. With one or two shards the whole model's estimate (capped by `floor`) is used: two-shard splits
 * are often lopsided (gemma-2b-it: 18,584 and 464 header bytes), and the whole estimate costs at most
 * twice the bytes there. Without an estimate: `floor`.
 */
export function firstRangeFromEstimate(estimatedBytes: number | undefined, shardCount: number, floor: number): number {
  if (estimatedBytes === undefined || !Number.isFinite(estimatedBytes) || estimatedBytes <= 0 || shardCount < 1) return floor;
  const perShard = Math.ceil((estimatedBytes / shardCount) * 1.25 / 4096) * 4096 + 8;
  const whole = Math.ceil((estimatedBytes * 1.25 + 8) / 4096) * 4096;
  return Math.min(MAX_HEADER_RANGE, shardCount <= 2 ? Math.max(perShard, Math.min(floor, whole)) : perShard);
}

/**
 * The speculative Range size. The first guess is `initial`; once a few header lengths are known, the
 * largest seen so far + 10%, rounded up to 4 KiB (so it can shrink below the first guess). Until
 * `warmup` lengths are known it never goes below the first guess: the first shard (embeddings) and
 * the last (lm_head) often have atypically small headers, and one such sample must not set the size.
 */
export class RangeSizer {
  private maxSeen = 0;
  private seen = 0;
  private readonly warmup: number;

  constructor(private readonly initial: number, shardCount = 1) {
    this.warmup = Math.max(1, Math.min(3, shardCount));
  }

  /** Called as soon as a header length is known (8 + N bytes). */
  observe(headerTotal: number): void {
    this.seen++;
    if (headerTotal > this.maxSeen) this.maxSeen = headerTotal;
  }

  next(): number {
    if (this.seen === 0) return this.initial;
    const adaptive = Math.ceil((this.maxSeen * 1.1) / 4096) * 4096;
    return this.seen < this.warmup ? Math.max(this.initial, adaptive) : adaptive;
  }
}

/** "bytes a-b/total" -> numbers; total undefined when "*". */
export function parseContentRange(v: string | null): { start: number; end: number; total?: number } | null {
  if (v === null) return null;
  const m = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i.exec(v.trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (end < start) return null;
  return m[3] === '*' ? { start, end } : { start, end, total: Number(m[3]) };
}

export interface HeaderRead {
  /** The bytes in hand, from file offset 0 (may be fewer than 8 + N when the range was too short). */
  bytes: Uint8Array;
  /** 8 + N. */
  needed: number;
  fileSize: number;
}

/** N, the little-endian u64 the first 8 bytes of a safetensors file hold: `taken` (fewer than 8) then `chunk`. */
function headerLength(taken: Uint8Array, chunk: Uint8Array): bigint {
  let first = chunk;
  if (taken.length > 0) {
    first = new Uint8Array(8);
    first.set(taken);
    first.set(chunk.subarray(0, 8 - taken.length), taken.length);
  }
  return new DataView(first.buffer, first.byteOffset, 8).getBigUint64(0, true);
}

/**
 * Reads the start of a shard from a response to `Range: bytes=0-(requested-1)`. Stops reading (and
 * cancels the transfer) as soon as 8 + N bytes are in hand, so an over-long range or a server that
 * ignores Range costs no more than needed. `onLength` fires when N is known.
 */
export async function readHeaderStart(
  x: Exchange,
  requested: number,
  onLength: (headerTotal: number) => void,
): Promise<HeaderRead> {
  const res = x.response;
  let fileSize: number;
  let expected: number; // bytes this response should carry
  if (res.status === 206) {
    const cr = parseContentRange(res.headers.get('content-range'));
    if (!cr || cr.start !== 0 || cr.end > requested - 1) {
      throw new HfmiError('E_BAD_RESPONSE', `bad Content-Range ${JSON.stringify(res.headers.get('content-range'))} for bytes=0-${requested - 1}: ${x.url}`, {
        url: x.url,
        status: 206,
      });
    }
    if (cr.total === undefined) {
      throw new HfmiError('E_BAD_RESPONSE', `Content-Range has no file size (${JSON.stringify(res.headers.get('content-range'))}): ${x.url}`, {
        url: x.url,
        status: 206,
      });
    }
    fileSize = cr.total;
    // An encoded 206 body has a different length than the range it decodes to: no byte count to check.
    expected = isEncoded(res) ? Number.NaN : cr.end + 1;
  } else if (res.status === 200) {
    // With a Content-Encoding (a server that ignores Range and gzips), Content-Length counts the
    // encoded bytes: it is not the file size, which then stays unknown (the core accepts 0).
    const len = res.headers.get('content-length');
    fileSize = !isEncoded(res) && len !== null && /^\d+$/.test(len) ? Number(len) : Number.NaN;
    expected = fileSize;
  } else {
    throw new HfmiError('E_BAD_RESPONSE', `unexpected HTTP ${res.status} for a Range request: ${x.url}`, { url: x.url, status: res.status });
  }
  const body = res.body;
  if (!body) throw new HfmiError('E_BAD_RESPONSE', `empty response body: ${x.url}`, { url: x.url });
  const src = chunkSource(body, x);
  // The header is the response's first chunk (a view of it) when that chunk holds it whole; else the chunks are
  // copied into one buffer of its exact length, bounded by the range asked for (it grows only when a server that
  // ignored Range sends more than that). Only the header's bytes are taken from the chunks.
  let head: Uint8Array = new Uint8Array(0);
  let owned = false; // head is a buffer of ours (not a view of a chunk)
  let got = 0;
  let needed: number | undefined;
  let ended = false;
  for (;;) {
    if (needed !== undefined && got >= needed) break;
    const chunk = await src.peek();
    if (chunk === null) {
      ended = true;
      break;
    }
    if (needed === undefined && got + chunk.length >= 8) {
      const n = headerLength(head.subarray(0, got), chunk);
      if (n > BigInt(MAX_HEADER_BYTES)) {
        await src.cancel();
        x.stop();
        throw new HfmiError('E_BAD_HEADER', `safetensors header length ${n} is over the ${MAX_HEADER_BYTES}-byte cap: ${x.url}`, { url: x.url });
      }
      needed = 8 + Number(n);
      if (Number.isFinite(fileSize) && needed > fileSize) {
        await src.cancel();
        x.stop();
        throw new HfmiError('E_BAD_HEADER', `safetensors header length ${n} runs past the end of the ${fileSize}-byte file: ${x.url}`, { url: x.url });
      }
      onLength(needed);
    }
    const target = needed ?? 8;
    const part = src.take(Math.min(chunk.length, target - got));
    if (got === 0) {
      head = part;
    } else {
      if (!owned || got + part.length > head.length) {
        const grown = new Uint8Array(Math.min(target, Math.max(owned ? head.length * 2 : 0, requested, got + part.length)));
        grown.set(head.subarray(0, got));
        head = grown;
        owned = true;
      }
      head.set(part, got);
    }
    got += part.length;
  }
  if (needed !== undefined && got >= needed) {
    // Enough. A short remainder is drained so the connection stays reusable (a new TLS connection
    // costs more round trips than a few KiB); a long or unknown one (a generous first guess, or a
    // whole file from a server that ignores Range) is cancelled.
    if (!(got >= expected)) {
      if (res.status === 206 && expected - got <= drainLimit(requested)) {
        // Drained bytes are counted as fetched (taken), not kept.
        for (let c = await src.peek(); c !== null; c = await src.peek()) src.take(c.length);
      } else {
        await src.cancel();
        x.stop();
      }
    }
  } else if (Number.isFinite(expected) && got < expected) {
    throw new TransientBodyError(
      res.status === 206
        ? `short response: the HTTP 206 body ended after ${got} of the ${expected} bytes its Content-Range promised`
        : `short response: the body ended after ${got} of ${expected} bytes`,
    );
  }
  if (!Number.isFinite(fileSize) && isEncoded(res) && needed !== undefined && got >= needed) {
    return { bytes: head.subarray(0, needed), needed, fileSize: 0 }; // size unknown: only Content-Range tells it
  }
  if (!Number.isFinite(fileSize)) {
    // A 200 without Content-Length: only a body read to its end tells the file size.
    if (!ended) {
      throw new HfmiError('E_BAD_RESPONSE', `the server ignored Range and sent no Content-Length, so the file size is unknown: ${x.url}`, {
        url: x.url,
        status: res.status,
      });
    }
    fileSize = got;
  }
  if (needed === undefined) {
    throw new HfmiError('E_BAD_HEADER', `the file is ${fileSize} bytes, too short for a safetensors header: ${x.url}`, { url: x.url });
  }
  if (got < needed && (res.status === 200 || got >= fileSize)) {
    throw new HfmiError('E_BAD_HEADER', `safetensors header length ${needed - 8} runs past the end of the ${fileSize}-byte file: ${x.url}`, { url: x.url });
  }
  return { bytes: head.subarray(0, Math.min(got, needed)), needed, fileSize };
}

/** Reads the rest of a header from a response to the exact second Range `bytes=from-(to)`. */
export async function readHeaderRest(x: Exchange, from: number, to: number): Promise<Uint8Array> {
  const res = x.response;
  const want = to - from + 1;
  if (res.status === 206) {
    const cr = parseContentRange(res.headers.get('content-range'));
    if (!cr || cr.start !== from || cr.end !== to) {
      throw new HfmiError('E_BAD_RESPONSE', `bad Content-Range ${JSON.stringify(res.headers.get('content-range'))} for bytes=${from}-${to}: ${x.url}`, {
        url: x.url,
        status: 206,
      });
    }
  } else if (res.status !== 200) {
    throw new HfmiError('E_BAD_RESPONSE', `unexpected HTTP ${res.status} for a Range request: ${x.url}`, { url: x.url, status: res.status });
  }
  // A 200 is the whole file from offset 0: skip `from` bytes, then keep `want`.
  let skip = res.status === 200 ? from : 0;
  const body = res.body;
  if (!body) throw new HfmiError('E_BAD_RESPONSE', `empty response body: ${x.url}`, { url: x.url });
  const src = chunkSource(body, x);
  const out = new Uint8Array(want);
  let got = 0;
  while (got < want) {
    const chunk = await src.peek();
    if (chunk === null) break;
    if (skip > 0) {
      skip -= src.take(Math.min(skip, chunk.length)).length;
      continue;
    }
    const part = src.take(Math.min(chunk.length, want - got));
    out.set(part, got);
    got += part.length;
  }
  if (got < want) throw new TransientBodyError(`short response: the body ended after ${got} of ${want} header bytes`);
  if (res.status === 200) {
    await src.cancel();
    x.stop();
  }
  return out;
}

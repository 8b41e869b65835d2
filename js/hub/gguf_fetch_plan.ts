// The GGUF fetch plan: which .gguf files a repo lists (split parts grouped), and how their headers are read
// with Range requests, in few round trips and few bytes. The core decodes (the injected `decode`, the
// embind GgufRepo.addPart); this file only decides which bytes to ask for.
//
// Round trip A: the lead file (the first quantization, part 1): `Range: bytes=0-(S-1)`, S sized from what
//   is known (the vocabulary and tensor count config.json implies, else GGUF_FIRST_RANGE). When the
//   header is longer, the decoder's estimate from that prefix sizes one more range (repeated only if the
//   estimate was short).
// Round trip B: every other file at once. The quantizations of one repo share their metadata, save the
//   tensor infos and general.file_type; the long arrays (the tokenizer's tokens, scores, token types,
//   merges: megabytes, most of a real header) are byte-for-byte the same. So for another quantization we
//   read its own bytes up to the first long array's header (the small keys, general.file_type among them,
//   and the array's key, type and length, checked equal to the lead's), and its own bytes from the end of
//   the last long array (the keys after it and the tensor infos), and take the long arrays' bytes from the
//   lead. The splice is only kept when it VERIFIES: it decodes as a complete header whose data extent
//   (data_start + data_bytes) equals the file's size from Content-Range; otherwise the file is read whole
//   (round trip C). With no long arrays, another quantization is read whole with a range sized exactly
//   from the lead's header (plus GGUF_SLACK_BYTES). Split parts after the first have their own small
//   metadata: their range is sized from the lead's tensor-info bytes.
import { HfmiError } from '../core/errors.js';
import { parseContentRange, readHeaderRest } from './fetch_plan.js';
import { isEncoded, type HubHttp } from './http.js';
import { escapeControls } from './printable.js';
import { shardNameProblem } from './shard_names.js';

/** First range for the lead file when nothing sizes it: the fixed header and the small keys, up to the
 *  tokenizer arrays' lengths, which then let the decoder estimate the rest. */
export const GGUF_FIRST_RANGE = 32 * 1024;
/** Bytes asked for beyond the lead's header length when reading another quantization: its keys may be a
 *  little longer (llama-quantize's quantize.imatrix.* keys name files and datasets). */
export const GGUF_SLACK_BYTES = 1024;
/** At most this many ranges per header before giving up. The decoder's estimate can only count the arrays it
 *  has reached: a BPE header's merges (280k strings for Llama 3, most of its bytes) come after the tokens, so
 *  the estimate made from a short prefix is short; every range at least doubles what was read, so even then a
 *  header up to GGUF_MAX_HEADER_BYTES is reached well within this count. */
const MAX_RANGES_PER_HEADER = 16;
/** A GGUF header longer than this is refused before it is fetched (real ones with 256k vocabularies are ~10 MB). */
export const GGUF_MAX_HEADER_BYTES = 256 * 1024 * 1024;

/** What the core's GgufRepo.addPart says about a prefix of one file. */
export interface GgufPartDecode {
  complete: boolean;
  /** complete: the header's length; else a lower bound. */
  header_bytes: number;
  /** !complete: a guess at the header's length from what was read. */
  estimated_header_bytes: number;
  tensor_count: number;
  kv_count: number;
  /** complete only: where the tensor infos start. */
  metadata_end?: number;
  /** complete only: the arrays walked but not kept (the tokenizer's), with their byte spans. */
  long_arrays?: { key: string; offset: number; end: number; length: number }[];
  /** complete only: the data section's start and extent. */
  data_start?: number;
  data_bytes?: number;
}

/** Decodes a prefix of `file` (throws an HfmiError for a hostile header). */
export type GgufDecoder = (file: string, bytes: Uint8Array, fileSize: number) => GgufPartDecode;

/** One .gguf file's header as fetched. */
export interface FetchedGgufFile {
  /** The file name (a split part keeps its -0000k-of-0000N suffix). */
  name: string;
  /** The header bytes (for a shared-metadata read, the lead's long arrays spliced into this file's own bytes). */
  headerBytes: Uint8Array;
  /** The whole file's size, from Content-Range. */
  fileSize: number;
  /** How it was read: whole, or its own bytes around the lead's long arrays. */
  via: 'whole' | 'shared-metadata';
  /** Bytes fetched for this file. */
  bytesFetched: number;
}

const SPLIT = /-(\d{5})-of-(\d{5})\.gguf$/;

/** "m-Q8_0-00002-of-00003.gguf" -> {group "m-Q8_0", part 2}; a single file -> {group: name, part 1}. */
export function ggufSplitName(name: string): { group: string; part: number; count: number } {
  const m = SPLIT.exec(name);
  if (!m) return { group: name, part: 1, count: 1 };
  return { group: name.slice(0, m.index), part: Number(m[1]), count: Number(m[2]) };
}

/** `*`, `?` and `[...]` globs, case-insensitive, on the whole name or its base name; without a wildcard, a substring. */
export function ggufPatternMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  const n = name.toLowerCase();
  const base = n.slice(n.lastIndexOf('/') + 1);
  if (!/[*?]/.test(p)) return n.includes(p);
  let re: RegExp;
  try {
    // `[...]` classes pass through; every other regular-expression character is literal.
    re = new RegExp('^' + p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  } catch {
    return n.includes(p);
  }
  return re.test(n) || re.test(base);
}

/**
 * The .gguf files of a repo's file list to read, in order (groups sorted, parts in part order). A split
 * group is taken whole when any of its parts matches `pattern`. Vision projectors (mmproj*.gguf) are left
 * out unless the pattern names them. Unsafe names are refused (the shard-name policy).
 */
export function listGgufFiles(files: readonly string[], pattern?: string): { files: string[]; warnings: string[] } {
  const gguf = files.filter((f) => f.toLowerCase().endsWith('.gguf'));
  for (const f of gguf) {
    const problem = shardNameProblem(f.slice(0, -5) + '.bin');
    if (problem !== '') {
      throw new HfmiError('E_BAD_RESPONSE', `the model info names an unsafe GGUF file ${escapeControls(JSON.stringify(f.slice(0, 120)))} (${problem.replace('shard', 'file')})`, {
        path: '$.siblings',
      });
    }
  }
  const warnings: string[] = [];
  const groups = new Map<string, string[]>();
  for (const f of gguf) {
    const g = ggufSplitName(f).group;
    groups.set(g, [...(groups.get(g) ?? []), f]);
  }
  const chosen: string[] = [];
  const projectors: string[] = [];
  for (const g of [...groups.keys()].sort()) {
    const parts = groups.get(g)!.sort();
    const matched = pattern === undefined ? true : parts.some((p) => ggufPatternMatches(pattern, p));
    if (!matched) continue;
    if (pattern === undefined && /(^|\/)mmproj[^/]*$/i.test(g)) {
      projectors.push(g);
      continue;
    }
    chosen.push(...parts);
  }
  if (projectors.length > 0) warnings.push(`left out the vision projector file(s) ${escapeControls(projectors.join(', '))}`);
  if (pattern !== undefined && chosen.length === 0 && gguf.length > 0) {
    throw new HfmiError('E_USAGE', `--gguf ${escapeControls(JSON.stringify(pattern))} matches none of the repo's ${gguf.length} .gguf files`, { path: 'gguf' });
  }
  return { files: chosen, warnings };
}

/** The lead's first range: the small keys (~4 KiB), the tokenizer (~48 bytes per token), the tensor infos
 *  (~0.75 of the safetensors header bytes config.json implies); GGUF_FIRST_RANGE when nothing is known. */
export function ggufFirstRange(vocabSize: number | undefined, safetensorsHeaderEstimate: number | undefined): number {
  if (!vocabSize && !safetensorsHeaderEstimate) return GGUF_FIRST_RANGE;
  const guess = 4096 + (vocabSize ?? 0) * 48 + (safetensorsHeaderEstimate ?? 0) * 0.75;
  return Math.max(GGUF_FIRST_RANGE, Math.ceil(guess / 4096) * 4096);
}

/** The vocabulary config.json names (top level or text_config), to size the lead's first range; undefined when none. */
export function vocabFromConfig(configBytes: Uint8Array): number | undefined {
  if (configBytes.length === 0) return undefined;
  try {
    const c = JSON.parse(new TextDecoder().decode(configBytes)) as { vocab_size?: unknown; text_config?: { vocab_size?: unknown } };
    const v = c.vocab_size ?? c.text_config?.vocab_size;
    return typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 10_000_000 ? v : undefined;
  } catch {
    return undefined;
  }
}

/** How the plan reaches the Hub. */
export interface GgufFetchEnv {
  http: HubHttp;
  url(file: string): string;
  describe(file: string): (status: number, response: Response) => HfmiError;
  decode: GgufDecoder;
  onFile?: (file: string, done: number, total: number) => void;
}

interface Ranged {
  bytes: Uint8Array;
  fileSize: number;
  depth: number;
}

/** Reads `bytes=start-end` (clamped by the server at the file's end); a 200 (Range ignored) is read only
 *  as far as needed and then cancelled. The file size comes from Content-Range (or Content-Length). */
async function readRange(env: GgufFetchEnv, file: string, start: number, end: number, after: number): Promise<Ranged> {
  const url = env.url(file);
  const r = await env.http.exchange({ url, range: { start, end }, after, describe: env.describe(file) }, async (x) => {
    const res = x.response;
    let fileSize: number;
    let last: number; // the last byte this response carries (a server clamps the range at the file's end)
    if (res.status === 206) {
      const cr = parseContentRange(res.headers.get('content-range'));
      if (!cr || cr.start !== start || cr.end > end || cr.total === undefined) {
        throw new HfmiError('E_BAD_RESPONSE', `bad Content-Range ${JSON.stringify(res.headers.get('content-range'))} for bytes=${start}-${end}: ${x.url}`, {
          url: x.url,
          status: 206,
        });
      }
      fileSize = cr.total;
      last = cr.end;
    } else if (res.status === 200) {
      const len = res.headers.get('content-length');
      if (isEncoded(res) || len === null || !/^\d+$/.test(len)) {
        throw new HfmiError('E_BAD_RESPONSE', `the server ignored Range and gave no file size: ${x.url}`, { url: x.url, status: 200 });
      }
      fileSize = Number(len);
      last = Math.min(end, fileSize - 1);
    } else {
      throw new HfmiError('E_BAD_RESPONSE', `unexpected HTTP ${res.status} for a Range request: ${x.url}`, { url: x.url, status: res.status });
    }
    // The exact range's reader (a 200 is skipped to `start`, read as far as needed, then cancelled).
    return { bytes: await readHeaderRest(x, start, last), fileSize };
  });
  return { ...r.value, depth: r.depth };
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

interface Read {
  file: FetchedGgufFile;
  decoded: GgufPartDecode;
  depth: number;
}

/** Extends `prefix` (file offset 0, made of `parts` joined) until the decoder says the header is complete. */
async function complete(
  env: GgufFetchEnv,
  name: string,
  first: Ranged,
  fetched: number,
  via: FetchedGgufFile['via'],
  assemble: (ownTail: Uint8Array) => Uint8Array,
  tailStart: number,
): Promise<Read> {
  let tail = first.bytes;
  let depth = first.depth;
  let bytesFetched = fetched;
  for (let round = 1; ; round++) {
    const bytes = assemble(tail);
    const d = env.decode(name, bytes, first.fileSize);
    if (d.complete) {
      return { file: { name, headerBytes: bytes.subarray(0, d.header_bytes), fileSize: first.fileSize, via, bytesFetched }, decoded: d, depth };
    }
    const reachable = tailStart + tail.length;
    if (round >= MAX_RANGES_PER_HEADER || reachable >= first.fileSize) {
      throw new HfmiError('E_BAD_HEADER', `${name}: the GGUF header is still incomplete after ${reachable} bytes`, { path: name });
    }
    // The decoder's estimate, plus a margin for its guess of the string lengths still unread (the average
    // length of the strings read so far: real vocabularies' later tokens and merges run a few % longer).
    const want = Math.max(d.header_bytes, d.estimated_header_bytes) + 4096 + Math.ceil(d.estimated_header_bytes / 16);
    if (want > GGUF_MAX_HEADER_BYTES) {
      throw new HfmiError('E_TOO_LARGE', `${name}: the GGUF header would be ${want} bytes, over the ${GGUF_MAX_HEADER_BYTES}-byte cap`, { path: name });
    }
    // At least double what was read: an estimate that has not reached the later arrays is short by them.
    const end = Math.min(first.fileSize, Math.max(reachable + 1, Math.min(GGUF_MAX_HEADER_BYTES, Math.max(want, 2 * reachable)))) - 1;
    const more = await readRange(env, name, reachable, end, depth);
    depth = more.depth;
    bytesFetched += more.bytes.length;
    tail = join(tail, more.bytes);
  }
}

/** The whole header of `name`, from offset 0, the first range `first` bytes. */
async function readWhole(env: GgufFetchEnv, name: string, first: number, after: number): Promise<Read> {
  const r = await readRange(env, name, 0, first - 1, after);
  return complete(env, name, r, r.bytes.length, 'whole', (t) => t, 0);
}

/** The data extent the header declares equals the file's size (a header misread would not add up). */
function addsUp(d: GgufPartDecode, fileSize: number): boolean {
  return d.complete && d.data_start !== undefined && d.data_bytes !== undefined && d.data_start + d.data_bytes === fileSize;
}

/** Another quantization's header: its own bytes around the lead's long arrays, verified, else whole. */
async function readShared(env: GgufFetchEnv, name: string, lead: Read, after: number): Promise<Read> {
  const arrays = lead.decoded.long_arrays ?? [];
  const leadBytes = lead.file.headerBytes;
  const leadLength = leadBytes.length;
  const whole = () => readWhole(env, name, leadLength + GGUF_SLACK_BYTES, after);
  if (arrays.length === 0) return whole();
  // Own bytes up to and including the first long array's key, value type, element type and length.
  const firstArray = arrays[0]!;
  const keyBytes = new TextEncoder().encode(firstArray.key).length;
  const headEnd = firstArray.offset + 8 + keyBytes + 4 + 4 + 8;
  const gapEnd = arrays[arrays.length - 1]!.end;
  const [head, tail] = await Promise.all([
    readRange(env, name, 0, headEnd - 1, after),
    readRange(env, name, gapEnd, leadLength + GGUF_SLACK_BYTES - 1, after),
  ]);
  let fetched = head.bytes.length + tail.bytes.length;
  const sameArray =
    head.bytes.length === headEnd &&
    head.bytes.subarray(firstArray.offset).every((b, i) => b === leadBytes[firstArray.offset + i]);
  if (sameArray) {
    const middle = leadBytes.subarray(headEnd, gapEnd);
    try {
      const r = await complete(
        env,
        name,
        { bytes: tail.bytes, fileSize: tail.fileSize, depth: Math.max(head.depth, tail.depth) },
        fetched,
        'shared-metadata',
        (t) => {
          const out = new Uint8Array(headEnd + middle.length + t.length);
          out.set(head.bytes, 0);
          out.set(middle, headEnd);
          out.set(t, gapEnd);
          return out;
        },
        gapEnd,
      );
      if (addsUp(r.decoded, r.file.fileSize)) return r;
      fetched = r.file.bytesFetched;
    } catch (e) {
      if (!(e instanceof HfmiError) || e.code === 'E_ABORTED') throw e;
      // the splice did not decode: this file's metadata differ; read it whole
    }
  }
  const w = await readWhole(env, name, leadLength + GGUF_SLACK_BYTES, Math.max(head.depth, tail.depth));
  return { ...w, file: { ...w.file, bytesFetched: w.file.bytesFetched + fetched } };
}

/**
 * Reads the headers of `files` (from listGgufFiles), the lead first, then every other file at once.
 * `after` is the round-trip depth the plan starts from; `firstRange` the lead's first range.
 */
export async function fetchGgufHeaders(
  env: GgufFetchEnv,
  files: readonly string[],
  firstRange: number,
  after: number,
): Promise<{ files: FetchedGgufFile[]; warnings: string[] }> {
  if (files.length === 0) return { files: [], warnings: [] };
  const warnings: string[] = [];
  let done = 0;
  const told = (name: string) => env.onFile?.(name, ++done, files.length);
  const leadName = files.find((f) => ggufSplitName(f).part === 1) ?? files[0]!;
  const lead = await readWhole(env, leadName, firstRange, after);
  told(leadName);
  const tensorInfoBytes = lead.decoded.header_bytes - (lead.decoded.metadata_end ?? 0);
  const others = files.filter((f) => f !== leadName);
  const reads = await Promise.all(
    others.map(async (name) => {
      // A later part holds split.* keys and its share of the tensor infos; a first part or single file is
      // another quantization (or the first part of one) sharing the lead's metadata.
      const r =
        ggufSplitName(name).part > 1
          ? await readWhole(env, name, Math.ceil((tensorInfoBytes * 1.25 + 4096) / 1024) * 1024, lead.depth)
          : await readShared(env, name, lead, lead.depth);
      told(name);
      return r;
    }),
  );
  const all = [lead, ...reads];
  for (const r of all) {
    if (!addsUp(r.decoded, r.file.fileSize)) {
      warnings.push(
        `${escapeControls(r.file.name)}: the header's data end at byte ${(r.decoded.data_start ?? 0) + (r.decoded.data_bytes ?? 0)}, the file has ${r.file.fileSize} bytes`,
      );
    }
  }
  const byName = new Map(all.map((r) => [r.file.name, r.file]));
  return { files: files.map((f) => byName.get(f)!), warnings };
}

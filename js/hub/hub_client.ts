// Fetches what the core needs from the Hub: config.json and every safetensors header, in few round trips.
//
// Round trip 1: config.json and api/models/{id}[/revision/{rev}] together. The model info's file list
//   names the shards, so the index (tens of MB for a large model) is not downloaded.
//   Fallback when there is no usable file list: model.safetensors.index.json (streamed into the
//   caller's index sink) and, at the same time, a speculative Range on model.safetensors.
// Round trip 2: one speculative `Range: bytes=0-(S-1)` per shard, every shard at once (up to the
//   concurrency), S sized from config.json by the caller's headerBytesEstimate (the core's estimate of
//   the model's header bytes), else the first guess; shards beyond the concurrency adapt S to the
//   headers already seen. Each header goes to onShard as it completes, in shard order.
// Round trip 3 (only for headers longer than S): one exact Range for the rest.
import { HfmiError } from '../core/errors.js';
import {
  RangeSizer,
  firstRangeFromEstimate,
  chooseShardsFromFiles,
  readHeaderRest,
  readHeaderStart,
  shardsFromIndexJson,
  validateShardNames,
} from './fetch_plan.js';
import { HubHttp, readAll, safeUrl, streamBody, type Exchange } from './http.js';
import { isValidModelId, parseModelRef } from './model_ref.js';
import { LIMITS } from '../core/generated/limits.js';
import { escapeControls } from './printable.js';
import { validateToken } from './token.js';
import type { FetchedGgufFile, GgufDecoder } from './gguf_fetch_plan.js';

/** The GGUF fetch plan, loaded only for a repo that lists .gguf files: its own chunk in a browser bundle, so a
 *  safetensors import does not download it (like the GGUF core, js/core/load_core_gguf.browser.ts). */
const loadGgufPlan = () => import('./gguf_fetch_plan.js');

export { parseModelRef } from './model_ref.js';
export type { ModelRef } from './model_ref.js';

export interface IndexSink {
  feed(chunk: Uint8Array): void;
  /** The result; also ends the parser's state (the core's finish always does), so a sink that broke
   *  mid-body is finished before a retry starts a fresh one. */
  finish(): { shards: string[] };
}

export interface ProgressEvent {
  phase: 'config' | 'model-info' | 'index' | 'header' | 'done';
  shard?: string;
  done: number;
  total: number;
  /** Bytes fetched so far. */
  bytes: number;
}

export interface HubOptions {
  /** Default: process.env.HF_ENDPOINT when set, else https://huggingface.co. */
  endpoint?: string;
  /** Sent as `Authorization: Bearer`; never logged, never in errors or URLs. */
  token?: string;
  /** Default "main". */
  revision?: string;
  signal?: AbortSignal;
  /** Header requests in flight at once (default 192). */
  concurrency?: number;
  /** Per request, headers and body (default 30000). */
  timeoutMs?: number;
  /** Retries for 429, 5xx, network errors, timeouts and broken bodies (default 3). */
  retries?: number;
  /**
   * First speculative Range size. Default: from `headerBytesEstimate` when given (see
   * firstRangeFromEstimate), else 100000. When set, it is used as is.
   */
  initialRangeBytes?: number;
  /**
   * The header bytes config.json implies for the whole model (the core's estimateHeaderSize), or
   * undefined (or a throw) when it cannot tell: then the first guess is used. Sizes the first Range per
   * shard, so the headers take one round trip.
   */
  headerBytesEstimate?: (configBytes: Uint8Array) => number | undefined;
  /**
   * Called with config.json's bytes as soon as they are in (empty for a GGUF-only repo without one), before the
   * model info is awaited: a caller can start its work on the config while the model info may still be on the
   * wire. An exception thrown here aborts the fetch.
   */
  onConfig?: (configBytes: Uint8Array) => void;
  onProgress?: (e: ProgressEvent) => void;
  /** A streaming index parser (the core's); without one the index is JSON.parse'd whole. */
  indexSink?: () => IndexSink;
  /**
   * Called with each shard's header as soon as it and every shard before it (in shard-list order) are
   * in, so a caller can decode headers while the rest are still on the wire. An exception thrown here
   * aborts the fetch and is what fetchModelFiles rejects with.
   */
  onShard?: (shard: FetchedShard) => void;
  /** First retry delay (default 500 ms; doubled per retry, with jitter). */
  retryBaseDelayMs?: number;
  /** Cap on any retry delay, including a server's Retry-After (default 10000 ms). */
  maxRetryDelayMs?: number;
  /** The fetch to use for every request (default: the global fetch). */
  fetch?: typeof fetch;
  /** Told before each retry's wait, with the error that caused it. */
  onRetry?: (delayMs: number, error: HfmiError) => void;
  /**
   * Read the headers of the repo's .gguf files too (gguf_fetch_plan.ts), decoded by `decode` (the core's
   * GgufRepo.addPart); `pattern` picks files (default all). With it, a repo without config.json imports
   * when it lists .gguf files.
   */
  gguf?: { decode: GgufDecoder; pattern?: string };
  /**
   * Awaited once the model info says which files will be read (`gguf`: the .gguf files, empty for a safetensors
   * read), before any callback above is called and any header or index is requested: the browser loads the core
   * that format needs here.
   */
  beforeHeaders?: (plan: { gguf: readonly string[] }) => Promise<void>;
}

export interface FetchedShard {
  name: string;
  /** Exactly 8 + N bytes from the start of the file. */
  headerBytes: Uint8Array;
  fileSize: number;
}

export interface FetchedModel {
  modelId: string;
  revision: string;
  sha?: string;
  configBytes: Uint8Array;
  shards: FetchedShard[];
  shardSource: 'model-info' | 'index' | 'single-file' | 'none';
  warnings: string[];
  stats: { requests: number; bytesFetched: number; roundTrips: number };
  /** The model info (api/models/{id}) as read: sha, gated, file list; undefined when unavailable. */
  modelInfo?: ModelInfo;
  /** The .gguf headers read (HubOptions.gguf), in file order; configBytes is empty when the repo has no config.json. */
  gguf?: FetchedGgufFile[];
}

export const DEFAULT_ENDPOINT = 'https://huggingface.co';
const CONFIG_MAX_BYTES = LIMITS.configBytes;
const MODEL_INFO_MAX_BYTES = LIMITS.modelInfoBytes;
const INDEX_MAX_BYTES = LIMITS.indexBytes;

function defaultEndpoint(): string {
  const env = typeof process !== 'undefined' ? process.env?.['HF_ENDPOINT'] : undefined;
  return env && env.trim() !== '' ? env.trim() : DEFAULT_ENDPOINT;
}

function positiveInt(name: string, v: number | undefined, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < min) {
    throw new HfmiError('E_USAGE', `${name} must be an integer >= ${min}, got ${String(v)}`, { path: name });
  }
  return v;
}

interface Ctx {
  modelId: string;
  revision: string;
  endpoint: string;
  http: HubHttp;
  hasToken: boolean;
  progress: (e: Omit<ProgressEvent, 'bytes'>) => void;
  onShard?: (shard: FetchedShard) => void;
}

const encRev = (rev: string) => encodeURIComponent(rev);
const encId = (id: string) => id.split('/').map(encodeURIComponent).join('/');
const resolveUrl = (c: Pick<Ctx, 'endpoint' | 'modelId' | 'revision'>, file: string) =>
  `${c.endpoint}/${encId(c.modelId)}/resolve/${encRev(c.revision)}/${file.split('/').map(encodeURIComponent).join('/')}`;

/** The HfmiError for a 401/403/404 on a repo file. */
function repoError(c: Ctx, status: number, res: Response, file: string): HfmiError {
  const errorCode = res.headers.get('x-error-code') ?? '';
  const where = safeUrl(res.url || resolveUrl(c, file));
  const page = `${safeUrl(c.endpoint).replace(/\/$/, '')}/${c.modelId}`;
  const notFound = () =>
    new HfmiError('E_NOT_FOUND', `${c.modelId} (revision ${c.revision}) not found: check the model id (and revision)`, { status, url: where });
  if (errorCode === 'RepoNotFound' || errorCode === 'RevisionNotFound') return notFound();
  if (status === 401 || status === 403) {
    const refused = c.hasToken ? ` (the token was refused: HTTP ${status})` : '';
    return new HfmiError(
      'E_GATED',
      `${c.modelId} is gated${refused}: request access at ${page} and set HF_TOKEN (or --token)`,
      { status, url: where },
    );
  }
  if (status === 404) {
    if (errorCode === 'EntryNotFound') {
      return new HfmiError('E_NOT_FOUND', `${c.modelId} has no ${file} at revision ${c.revision}: not found: check the model id (and revision)`, {
        status,
        url: where,
      });
    }
    return notFound();
  }
  return new HfmiError('E_BAD_RESPONSE', `unexpected HTTP ${status} for ${where}`, { status, url: where });
}

export interface ModelInfo {
  sha?: string;
  gated: boolean;
  files?: string[];
}

function parseModelInfo(bytes: Uint8Array): ModelInfo | undefined {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const j = json as { sha?: unknown; gated?: unknown; siblings?: unknown };
  const files = Array.isArray(j.siblings)
    ? j.siblings
        .map((s) => (typeof s === 'object' && s !== null ? (s as { rfilename?: unknown }).rfilename : undefined))
        .filter((f): f is string => typeof f === 'string')
    : undefined;
  return {
    ...(typeof j.sha === 'string' && /^[0-9a-f]{40}$/.test(j.sha) && { sha: j.sha }),
    gated: j.gated !== undefined && j.gated !== false,
    ...(files !== undefined && files.length > 0 && { files }),
  };
}

/** Fetches config.json and every safetensors header of `modelId` (an id or a Hub URL). */
export async function fetchModelFiles(modelId: string, opts: HubOptions = {}): Promise<FetchedModel> {
  const token = validateToken(opts.token, 'token'); // checked where it enters: E_BAD_TOKEN, never shown
  const ref = parseModelRef(modelId);
  if (!isValidModelId(ref.modelId)) throw new HfmiError('E_USAGE', `not a model id: ${escapeControls(JSON.stringify(modelId))}`);
  const revision = opts.revision ?? ref.revision ?? 'main';
  if (revision.trim() === '' || revision.length > 256) throw new HfmiError('E_USAGE', 'revision must be a non-empty branch, tag or commit');
  let endpoint = (opts.endpoint ?? defaultEndpoint()).replace(/\/+$/, '');
  try {
    const u = new URL(endpoint);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    endpoint = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`; // drops credentials in the URL
  } catch {
    throw new HfmiError('E_USAGE', `endpoint must be an http(s) URL, got ${JSON.stringify(safeUrl(endpoint))}`);
  }
  const concurrency = positiveInt('concurrency', opts.concurrency, DEFAULT_CONCURRENCY);
  // One signal for every request: the caller's abort, or our own when a request fails and the
  // others in flight are no longer needed.
  const user = opts.signal;
  if (user?.aborted) throw user.reason;
  const internal = new AbortController();
  const onUserAbort = () => internal.abort(user?.reason);
  user?.addEventListener('abort', onUserAbort, { once: true });
  try {
    return await fetchWithSignal(ref.modelId, revision, endpoint, concurrency, internal, { ...opts, token });
  } finally {
    user?.removeEventListener('abort', onUserAbort);
    if (!internal.signal.aborted) internal.abort(new HfmiError('E_INTERNAL', 'fetch finished'));
  }
}

async function fetchWithSignal(
  modelId: string,
  revision: string,
  endpoint: string,
  concurrency: number,
  internal: AbortController,
  opts: HubOptions,
): Promise<FetchedModel> {
  const http = new HubHttp({
    ...(opts.token && { token: opts.token }),
    ...(opts.fetch !== undefined && { fetch: opts.fetch }),
    signal: internal.signal,
    timeoutMs: positiveInt('timeoutMs', opts.timeoutMs, 30_000),
    retries: positiveInt('retries', opts.retries, 3, 0),
    retryBaseDelayMs: positiveInt('retryBaseDelayMs', opts.retryBaseDelayMs, 500, 0),
    maxRetryDelayMs: positiveInt('maxRetryDelayMs', opts.maxRetryDelayMs, 10_000, 0),
    ...(opts.onRetry !== undefined && { onRetry: opts.onRetry }),
  });
  const initialRange = positiveInt('initialRangeBytes', opts.initialRangeBytes, 100_000, 16);
  const ctx: Ctx = {
    modelId,
    revision,
    endpoint,
    http,
    hasToken: Boolean(opts.token),
    progress: (e) => {
      try {
        opts.onProgress?.({ ...e, bytes: http.bytesFetched });
      } catch {
        // a failing progress callback must not break the fetch
      }
    },
    ...(opts.onShard !== undefined && { onShard: opts.onShard }),
  };
  const warnings: string[] = [];

  // Round trip 1: config.json and the model info, together.
  const infoUrl =
    `${endpoint}/api/models/${encId(ctx.modelId)}` + (revision === 'main' ? '' : `/revision/${encRev(revision)}`);
  const configP = http.exchange(
    { url: resolveUrl(ctx, 'config.json'), after: 0, describe: (s, r) => repoError(ctx, s, r, 'config.json') },
    async (x) => ({ bytes: await readAll(x, CONFIG_MAX_BYTES, 'config.json', 'configBytes'), commit: x.response.headers.get('x-repo-commit') }),
  );
  const infoP = http
    .exchange(
      {
        url: infoUrl,
        after: 0,
        passStatuses: [401, 403, 404],
        describe: (s) => new HfmiError('E_BAD_RESPONSE', `HTTP ${s}`, { status: s }),
      },
      async (x) => (x.response.ok ? parseModelInfo(await readAll(x, MODEL_INFO_MAX_BYTES, 'model info', 'modelInfoBytes')) : undefined),
    )
    .then(
      (r) => ({ ok: true as const, info: r.value, depth: r.depth }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  // A GGUF-only repo has no config.json: when the model info lists .gguf files, their metadata describe the model.
  const configOrGguf =
    opts.gguf === undefined
      ? configP
      : configP.catch(async (err: unknown) => {
          const i = await infoP;
          if (!(err instanceof HfmiError && err.code === 'E_NOT_FOUND' && i.ok && i.info?.files?.some((f) => /\.gguf$/i.test(f)))) throw err;
          return { value: { bytes: new Uint8Array(0), commit: null as string | null }, depth: i.depth };
        });
  let config: Awaited<typeof configP>;
  try {
    config = await configOrGguf;
  } catch (err) {
    const info = await infoP;
    if (err instanceof HfmiError && err.code === 'E_NOT_FOUND' && info.ok && info.info?.gated && !ctx.hasToken) {
      // Some hubs hide gated files behind 404; the model info says why.
      throw repoError(ctx, 401, new Response(null, { status: 401 }), 'config.json');
    }
    throw err;
  }
  ctx.progress({ phase: 'config', done: 1, total: 1 });
  opts.onConfig?.(config.value.bytes);
  const info = await infoP;
  if (!info.ok && internal.signal.aborted) throw internal.signal.reason;
  ctx.progress({ phase: 'model-info', done: 1, total: 1 });
  const modelInfo = info.ok ? info.info : undefined;
  const sha = modelInfo?.sha ?? (config.value.commit && /^[0-9a-f]{40}$/.test(config.value.commit) ? config.value.commit : undefined);
  const afterRt1 = Math.max(config.depth, info.ok ? info.depth : config.depth);

  let shardNames: string[];
  let shardSource: FetchedModel['shardSource'];
  let preRead: Map<string, Promise<FetchedShard>> | undefined;
  let afterShardList = afterRt1;
  let sizer = new RangeSizer(initialRange);
  let ggufNames: string[] = [];
  let ggufPlan: Awaited<ReturnType<typeof loadGgufPlan>> | undefined;
  let configEstimate: number | undefined;

  if (modelInfo?.files) {
    // Every safetensors name the server lists is judged by the shard-name policy, chosen or not.
    validateShardNames(modelInfo.files.filter((f) => /\.safetensors$/i.test(f)), safeUrl(infoUrl), 'model-info');
    const choice = chooseShardsFromFiles(modelInfo.files);
    warnings.push(...choice.warnings.map(escapeControls));
    shardNames = choice.shards;
    shardSource = shardNames.length > 0 ? 'model-info' : 'none';
    // GGUF headers: for a repo without safetensors files, or when a --gguf pattern asks for them.
    // (A file list without .gguf names lists none, whatever the pattern: the plan is not loaded for it.)
    const listsGguf = modelInfo.files.some((f) => f.toLowerCase().endsWith('.gguf'));
    if (opts.gguf !== undefined && listsGguf && (shardNames.length === 0 || opts.gguf.pattern !== undefined)) {
      ggufPlan = await loadGgufPlan();
      const listed = ggufPlan.listGgufFiles(modelInfo.files, opts.gguf.pattern);
      ggufNames = listed.files;
      warnings.push(...listed.warnings);
    }
    await opts.beforeHeaders?.({ gguf: ggufNames });
    if (shardNames.length === 0 && ggufNames.length === 0) {
      const bins = modelInfo.files.filter((f) => /\.(bin|pt|pth|ckpt|gguf|h5|msgpack)$/.test(f));
      warnings.push(
        `no safetensors files in ${ctx.modelId}@${revision}` +
          (bins.length > 0 ? ` (only ${escapeControls(bins.slice(0, 3).join(', '))}${bins.length > 3 ? ', ...' : ''})` : '') +
          ': config-only analysis (parameter counts estimated from config.json)',
      );
    }
  } else {
    const why = info.ok ? 'the model info has no file list' : `the model info is unavailable (${describeError(info.error)})`;
    await opts.beforeHeaders?.({ gguf: [] });
    // Round trip 2 (fallback): the index, and a speculative header of model.safetensors at the same time.
    const single = fetchHeader(ctx, 'model.safetensors', sizer, afterRt1, true);
    const index = fetchIndex(ctx, afterRt1, opts.indexSink);
    const [idx, one] = await Promise.allSettled([index, single]);
    if (idx.status === 'fulfilled' && idx.value !== undefined) {
      shardNames = idx.value.shards;
      afterShardList = idx.value.depth;
      shardSource = 'index';
      warnings.push(`${why}: shard list read from model.safetensors.index.json`);
      if (one.status === 'fulfilled' && one.value !== undefined && shardNames.includes('model.safetensors')) {
        preRead = new Map([['model.safetensors', Promise.resolve(one.value)]]);
      }
    } else if (idx.status === 'rejected') {
      throw idx.reason;
    } else if (one.status === 'rejected') {
      throw one.reason;
    } else if (one.value !== undefined) {
      shardNames = ['model.safetensors'];
      shardSource = 'single-file';
      preRead = new Map([['model.safetensors', Promise.resolve(one.value)]]);
      warnings.push(`${why}: no index; read model.safetensors`);
    } else {
      shardNames = [];
      shardSource = 'none';
      warnings.push(
        `${why}, and neither model.safetensors.index.json nor model.safetensors exists at ${ctx.modelId}@${revision}: config-only analysis (parameter counts estimated from config.json)`,
      );
    }
  }

  // Round trip 2: one speculative Range per shard, all at once (up to `concurrency`), sized from the config.
  if (!preRead) {
    let first = initialRange;
    if (opts.initialRangeBytes === undefined && opts.headerBytesEstimate) {
      let estimate: number | undefined;
      try {
        estimate = opts.headerBytesEstimate(config.value.bytes);
      } catch {
        estimate = undefined; // a config the core refuses is reported by the analysis, not here
      }
      configEstimate = estimate;
      first = firstRangeFromEstimate(estimate, shardNames.length, initialRange);
    }
    sizer = new RangeSizer(first, shardNames.length);
  }
  let shards: FetchedShard[];
  let gguf: Awaited<ReturnType<NonNullable<typeof ggufPlan>['fetchGgufHeaders']>> | undefined;
  try {
    const ggufP =
      opts.gguf !== undefined && ggufPlan !== undefined && ggufNames.length > 0
        ? ggufPlan.fetchGgufHeaders(
            {
              http,
              url: (file) => resolveUrl(ctx, file),
              describe: (file) => (s, res) => repoError(ctx, s, res, file),
              decode: opts.gguf.decode,
              onFile: (file, done, total) => ctx.progress({ phase: 'header', shard: file, done, total }),
            },
            ggufNames,
            ggufPlan.ggufFirstRange(ggufPlan.vocabFromConfig(config.value.bytes), configEstimate),
            afterShardList,
          )
        : undefined;
    [shards, gguf] = await Promise.all([fetchHeaders(ctx, shardNames, sizer, concurrency, afterShardList, preRead), ggufP]);
    if (gguf !== undefined) warnings.push(...gguf.warnings);
  } catch (err) {
    // Stop the other shards' requests still in flight; the first error is the answer.
    if (!internal.signal.aborted) internal.abort(err);
    throw err;
  }
  ctx.progress({ phase: 'done', done: shards.length, total: shards.length });
  return {
    modelId: ctx.modelId,
    revision,
    ...(sha !== undefined && { sha }),
    configBytes: config.value.bytes,
    shards,
    shardSource,
    warnings,
    stats: { requests: http.requests, bytesFetched: http.bytesFetched, roundTrips: http.roundTrips },
    ...(modelInfo !== undefined && { modelInfo }),
    ...(gguf !== undefined && { gguf: gguf.files }),
  };
}

function describeError(err: unknown): string {
  if (err instanceof HfmiError) return err.status !== undefined ? `HTTP ${err.status}` : err.code;
  return 'error';
}

/** Streams the index into the sink (or JSON.parse); undefined when the repo has no index. */
async function fetchIndex(
  ctx: Ctx,
  after: number,
  sinkFactory?: () => IndexSink,
): Promise<{ shards: string[]; depth: number } | undefined> {
  const file = 'model.safetensors.index.json';
  // Every attempt parses with fresh state: a sink left behind by a body that broke mid-way is
  // finished (which ends its parser) before the retry's sink is made.
  let open: IndexSink | undefined;
  const discard = () => {
    const stale = open;
    open = undefined;
    try {
      stale?.finish();
    } catch {
      // the broken attempt's result is of no interest
    }
  };
  const r = await ctx.http.exchange(
    { url: resolveUrl(ctx, file), after, passStatuses: [404], describe: (s, res) => repoError(ctx, s, res, file) },
    async (x: Exchange) => {
      discard();
      if (x.response.status === 404) return undefined;
      if (sinkFactory) {
        const sink = sinkFactory();
        open = sink;
        await streamBody(x, INDEX_MAX_BYTES, 'the index', 'indexBytes', (chunk) => sink.feed(chunk));
        let result: { shards: string[] };
        open = undefined;
        try {
          result = sink.finish();
        } catch (err) {
          if (err instanceof HfmiError) throw err;
          throw new HfmiError('E_BAD_INDEX', `the index could not be parsed: ${x.url}`, { url: x.url, cause: err });
        }
        return validateShardNames([...new Set(result.shards)].sort(), x.url);
      }
      const bytes = await readAll(x, INDEX_MAX_BYTES, file, 'indexBytes');
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(bytes));
      } catch (err) {
        throw new HfmiError('E_BAD_INDEX', `the index is not JSON: ${x.url}`, { url: x.url, cause: err });
      }
      return shardsFromIndexJson(json, x.url);
    },
  );
  discard();
  if (r.value === undefined) return undefined;
  ctx.progress({ phase: 'index', done: 1, total: 1 });
  return { shards: r.value, depth: r.depth };
}

/**
 * The header of one shard: a speculative range of sizer.next() bytes, then, only if the header is
 * longer, one exact range for the rest. With `optional`, a 404 gives undefined.
 */
async function fetchHeader(
  ctx: Ctx,
  name: string,
  sizer: RangeSizer,
  after: number,
  optional = false,
): Promise<FetchedShard | undefined> {
  const size = sizer.next();
  const url = resolveUrl(ctx, name);
  const first = await ctx.http.exchange(
    {
      url,
      range: { start: 0, end: size - 1 },
      after,
      ...(optional && { passStatuses: [404] }),
      describe: (s, res) => repoError(ctx, s, res, name),
    },
    async (x) => (x.response.status === 404 ? undefined : readHeaderStart(x, size, (n) => sizer.observe(n))),
  );
  const head = first.value;
  if (head === undefined) return undefined;
  const needed = head.needed;
  if (head.bytes.length >= needed) return { name, headerBytes: head.bytes, fileSize: head.fileSize };
  // Round trip 3: the exact rest of a header longer than the speculative range.
  const rest = await ctx.http.exchange(
    { url, range: { start: head.bytes.length, end: needed - 1 }, after: first.depth, describe: (s, res) => repoError(ctx, s, res, name) },
    (x) => readHeaderRest(x, head.bytes.length, needed - 1),
  );
  const all = new Uint8Array(needed);
  all.set(head.bytes, 0);
  all.set(rest.value, head.bytes.length);
  return { name, headerBytes: all, fileSize: head.fileSize };
}

/**
 * Header requests in flight at once. High on purpose: round trips dominate, a header range is small, and
 * the Hub serves HTTP/2 (one connection, multiplexed); browsers queue beyond their per-host limit.
 * Every shard up to this many is asked for at once with the first speculative size: no probe wave,
 * so the headers take one round trip (two for a header longer than the first range).
 */
const DEFAULT_CONCURRENCY = 192;

async function fetchHeaders(
  ctx: Ctx,
  names: string[],
  sizer: RangeSizer,
  concurrency: number,
  after: number,
  preRead?: Map<string, Promise<FetchedShard>>,
): Promise<FetchedShard[]> {
  const out: FetchedShard[] = new Array(names.length);
  let done = 0;
  let delivered = 0; // out[0, delivered) went to ctx.onShard, in order
  let failed = false;
  let next = 0;
  const worker = async () => {
    while (!failed && next < names.length) {
      const i = next++;
      const name = names[i]!;
      try {
        const got = await (preRead?.get(name) ?? fetchHeader(ctx, name, sizer, after));
        if (got === undefined) throw new HfmiError('E_NOT_FOUND', `${name} not found in ${ctx.modelId}@${ctx.revision}`);
        out[i] = got;
        for (; delivered < names.length && out[delivered] !== undefined; delivered++) ctx.onShard?.(out[delivered]!);
      } catch (err) {
        failed = true;
        throw err;
      }
      done++;
      ctx.progress({ phase: 'header', shard: name, done, total: names.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  return out;
}
export { fetchDatasetDefinitions, listDatasetTree, DEFINITIONS_DATASET_ID } from './dataset_tree.js';
export type { DatasetDefinitions, DatasetTreeOptions, DatasetTreeEntry } from './dataset_tree.js';

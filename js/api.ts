// The typed public API, shared by the Node and browser entry points (index.node.ts / index.browser.ts):
// fetchModel/importModel on top of the analysis functions of core/core_api.ts. Only orchestration lives
// here: the hub client fetches, the WASM core computes.
import { CoreSession, unwrap } from './core/core_session.js';
import type { GgufPartDecode } from './hub/gguf_fetch_plan.js';
import type { AnalysisOptions, CoreApi, FullImportResult, ImportResult, ModelHandle } from './core/api_types.js';
import {
  analyzeOnce,
  coreLoaderFor,
  createAnalysisApi,
  makeHandle,
  validateAnalysisOptions,
  type CoreLoader,
  type LiveSession,
} from './core/core_api.js';
import type { RawCoreModule, RawGgufRepo } from './core/core_types.js';
import { HfmiError } from './core/errors.js';
import type { RawTargetsModule } from './core/targets_module.js';
import { bindUpdaters, type UpdaterApi } from './core/updaters.js';
import { fetchModelFiles, parseModelRef, type HubOptions, type IndexSink, type ProgressEvent as HubProgress } from './hub/hub_client.js';

/** How to reach the Hub. The names follow @huggingface/hub (`hubUrl`, `accessToken`, `fetch`); `endpoint`/`token` are aliases. */
export interface FetchModelOptions {
  /** Hub base URL (default: `$HF_ENDPOINT` in Node, else https://huggingface.co). Same as `endpoint`. */
  hubUrl?: string;
  /** Alias of `hubUrl`. */
  endpoint?: string;
  /** Access token for gated repos, sent only as `Authorization: Bearer`, never logged or stored in errors. Same as `token`. */
  accessToken?: string;
  /** Alias of `accessToken`. */
  token?: string;
  /** Branch, tag or commit (default "main", or the revision in a Hub URL). */
  revision?: string;
  /** Aborting rejects with an {@link HfmiError} of code `E_ABORTED`. */
  signal?: AbortSignal;
  /** Called as the config, the model info and each shard header arrive. */
  onProgress?: (event: ImportProgress) => void;
  /** The fetch to use for every request (default: the global fetch). */
  fetch?: typeof fetch;
  /** Header requests in flight at once (default 192). */
  concurrency?: number;
  /** Timeout per request, headers and body, in ms (default 30000). */
  timeoutMs?: number;
  /** Retries for 429, 5xx, network errors and timeouts (default 3). */
  retries?: number;
  /** First speculative Range size per shard in bytes (default: sized from config.json). */
  initialRangeBytes?: number;
  /** Told before each retry's wait, with the error that caused it (the CLI prints "retrying in 2 s: HTTP 503"). */
  onRetry?: (delayMs: number, error: HfmiError) => void;
  /**
   * GGUF repos: the .gguf files to read, a glob (`*Q4_K*`) or a substring (`Q8_0`); default all. A repo
   * without safetensors files has its .gguf headers read; with this option, also one that has both.
   */
  gguf?: string;
  /**
   * Decode each shard header into the WASM core as it arrives (default true: the headers are decoded while
   * the rest are still on the wire, so a single import is fastest). With false the handle only keeps the
   * bytes, and each {@link ModelHandle.analyze} builds the core session, analyses and frees it in one
   * synchronous step: however many handles are open, at most one session lives in the core's memory at a
   * time. A batch sets it to false; malformed headers are then reported by analyze(), not by the fetch.
   */
  decodeWhileFetching?: boolean;
  /**
   * The handle's analyses will ask for the tool outputs ({@link AnalysisOptions.toolOutputs}): the browser then
   * decodes the headers in the full import module from the start, instead of the light one and then the full one.
   */
  toolOutputs?: boolean;
}

/** Options of {@link Api.importModel}: how to fetch, and what to analyse. */
export interface ImportOptions extends AnalysisOptions, FetchModelOptions {}

/** Progress of a fetch: one event per phase, and one per shard header. */
export type ImportProgress = HubProgress;
/** @deprecated Use {@link ImportProgress} (this name clashes with the DOM's ProgressEvent). */
export type ProgressEvent = ImportProgress;

/** The public functions; each entry point binds them to its WASM loader. */
export interface Api extends CoreApi {
  /** Fetches config.json, the model info and every shard header once, and returns a reusable {@link ModelHandle}. */
  fetchModel(modelRef: string, options?: FetchModelOptions): Promise<ModelHandle>;
  /**
   * {@link Api.fetchModel} then {@link ModelHandle.analyze}, once: describes a Hub model (an id or a Hub URL). With
   * `toolOutputs: true` the result also holds the {@link ToolOutputs}.
   */
  importModel(modelRef: string, options: ImportOptions & { toolOutputs: true }): Promise<FullImportResult>;
  importModel(modelRef: string, options?: ImportOptions): Promise<ImportResult>;
}

/** `a` and its alias `b` name one option: either may be given, or both with the same value. */
function alias<T>(names: string, a: T | undefined, b: T | undefined): T | undefined {
  if (a !== undefined && b !== undefined && a !== b) {
    throw new HfmiError('E_USAGE', `${names} are aliases: give one, or the same value to both`, { path: names.split(' ')[0]! });
  }
  return a ?? b;
}

/**
 * The index sinks of one fetch, each keeping the bytes it is fed: a session made later for the handle (each analyze()
 * of a deferred fetch, the browser's other import module, a session remade after a catalog change) is fed them again,
 * for the total_size cross-check. With the fetch's session, each chunk is parsed as it arrives; without (a fetch that
 * decodes nothing while fetching), the whole index is parsed at the end, in a session created, fed and freed in one
 * synchronous step. A sink left unfinished (a retried body) keeps nothing.
 */
function keptIndex(): { sink(core: RawCoreModule, session?: CoreSession): IndexSink; bytes?: Uint8Array } {
  const kept: { sink(core: RawCoreModule, session?: CoreSession): IndexSink; bytes?: Uint8Array } = {
    sink(core, session) {
      const chunks: Uint8Array[] = [];
      const live = session?.indexSink();
      return {
        feed: (chunk) => {
          chunks.push(chunk.slice());
          live?.feed(chunk);
        },
        finish: () => {
          const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
          let at = 0;
          for (const c of chunks) bytes.set(c, (at += c.length) - c.length);
          if (live) {
            const summary = live.finish();
            kept.bytes = bytes;
            return summary;
          }
          const once = new CoreSession(core);
          try {
            const sink = once.indexSink();
            sink.feed(bytes);
            const summary = sink.finish();
            kept.bytes = bytes;
            return summary;
          } finally {
            once.dispose();
          }
        },
      };
    },
  };
  return kept;
}

/**
 * The public functions over one WASM loader. A loader with a `gguf` loader beside it (the browser's) loads its
 * GGUF-free module for a safetensors repo and the GGUF one for a repo read from GGUF, once the model info says which.
 */
export function createApi(loadCore: CoreLoader, loadTargets: () => Promise<RawTargetsModule> = loadCore): Api {
  return { ...createImportApi(loadCore), ...bindUpdaters(loadTargets) };
}

/** {@link createApi} without the updaters (the browser entry point binds those one by one, to tree-shake). */
export function createImportApi(loadCore: CoreLoader): Omit<Api, keyof UpdaterApi> {
  const core = createAnalysisApi(loadCore);

  async function fetchModel(modelRef: string, options: FetchModelOptions = {}): Promise<ModelHandle> {
    const ref = parseModelRef(modelRef);
    const revision = options.revision ?? ref.revision ?? 'main';
    const endpoint = alias('hubUrl endpoint', options.hubUrl, options.endpoint);
    const token = alias('accessToken token', options.accessToken, options.token);
    const signal = options.signal;
    const aborted = () =>
      new HfmiError('E_ABORTED', `the import of ${ref.modelId} was aborted`, { cause: signal?.reason });
    if (signal?.aborted) throw aborted();
    const deferred = options.decodeWhileFetching === false;
    // One module for every format (Node, single file): it loads while the first round trip is on the wire. Two (the
    // browser): the one the repo's format needs loads once the model info says which (beforeHeaders), before any
    // callback below is called.
    const early = loadCore.gguf === undefined ? loadCore() : undefined;
    // The early module once loaded (at once for a warm process): config.json is then read as soon as it arrives.
    let ready: RawCoreModule | undefined;
    early?.then(
      (c) => void (ready = c),
      () => undefined, // reported by beforeHeaders; a fetch that fails first must not leave it unhandled
    );
    let core: RawCoreModule | undefined;
    let session: CoreSession | undefined;
    const index = keptIndex();
    // The GGUF headers are decoded as they arrive, to size the next range; the handle decodes them again.
    let ggufDecoder: RawGgufRepo | undefined;
    let configSet = false;
    // config.json is parsed once: into the session (the deferred fetch has none: it only estimates), which then
    // sizes the first Range from it. As soon as it arrives when the core is loaded (onConfig, while the model
    // info may still be on the wire), else when the first Range is sized (headerBytesEstimate). A config the
    // core refuses leaves the estimate undefined here; the end of the fetch reports it.
    let estimate: { bytes: number } | { error: unknown } | undefined;
    const readConfig = (config: Uint8Array): void => {
      if (estimate !== undefined) return;
      try {
        if (!session) {
          estimate = { bytes: unwrap<{ bytes: number }>(core!.estimateHeaderSize(config)).bytes };
          return;
        }
        session.setConfig(config);
        configSet = true;
        estimate = { bytes: session.estimateHeaderBytesFromConfig() };
      } catch (error) {
        estimate = { error };
      }
    };
    try {
      const hubOptions: HubOptions = {
        revision,
        beforeHeaders: async (plan) => {
          const gguf = plan.gguf.length > 0;
          core = await (early ?? coreLoaderFor(loadCore, { gguf, toolOutputs: options.toolOutputs })());
          if (gguf && !core.GgufRepo) throw new HfmiError('E_INTERNAL', 'this core was built without GGUF support');
          if (!deferred) session ??= new CoreSession(core);
          if (gguf) ggufDecoder = new core.GgufRepo!();
        },
        indexSink: () => index.sink(core!, session),
        ...(endpoint !== undefined && { endpoint }),
        ...(token !== undefined && { token }),
        ...(signal !== undefined && { signal }),
        ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
        ...(options.fetch !== undefined && { fetch: options.fetch }),
        ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
        ...(options.retries !== undefined && { retries: options.retries }),
        ...(options.initialRangeBytes !== undefined && { initialRangeBytes: options.initialRangeBytes }),
        ...(options.onRetry !== undefined && { onRetry: options.onRetry }),
        gguf: {
          decode: (file: string, bytes: Uint8Array, fileSize: number) => unwrap<GgufPartDecode>(ggufDecoder!.addPart(file, bytes, fileSize)),
          ...(options.gguf !== undefined && { pattern: options.gguf }),
        },
        // Each header is decoded as it arrives (in shard order), while the others are still on the wire.
        ...(!deferred && { onShard: (shard) => void session!.addHeader(shard.name, shard.headerBytes, shard.fileSize) }),
        onConfig: (config) => {
          if (ready === undefined) return;
          core ??= ready;
          if (!deferred) session ??= new CoreSession(core);
          readConfig(config);
        },
        headerBytesEstimate: (config) => {
          readConfig(config);
          if (estimate !== undefined && 'error' in estimate) throw estimate.error;
          return estimate?.bytes;
        },
      };
      const fetched = await fetchModelFiles(ref.modelId, hubOptions);
      ggufDecoder?.delete();
      ggufDecoder = undefined;
      const hasGguf = fetched.gguf !== undefined && fetched.gguf.length > 0;
      // A GGUF import without config.json gets the config the metadata imply at its first analyze().
      const fresh = hasGguf && fetched.configBytes.length === 0;
      if (session && !configSet && !fresh) session.setConfig(fetched.configBytes);
      // A GGUF import's session is made at the first analyze(), with the lead file's tensor infos as its tensors;
      // a deferred (batch) fetch makes, uses and frees one per analyze().
      const live: LiveSession = deferred ? { transient: true } : hasGguf ? {} : { session: session! };
      if (hasGguf) session?.dispose();
      return makeHandle(
        loadCore,
        {
          modelId: ref.modelId,
          revision,
          ...(fetched.sha !== undefined && { sha: fetched.sha }),
          configBytes: fetched.configBytes,
          ...(fetched.modelInfo !== undefined && { modelInfo: fetched.modelInfo }),
          shards: fetched.shards,
          ...(hasGguf && { gguf: fetched.gguf!.map((g) => ({ name: g.name, headerBytes: g.headerBytes, fileSize: g.fileSize })) }),
          ...(index.bytes !== undefined && { indexBytes: index.bytes }),
          shardSource: fetched.shardSource,
          warnings: fetched.warnings,
          stats: fetched.stats,
        },
        live,
      );
    } catch (e) {
      session?.dispose();
      ggufDecoder?.delete();
      if (signal?.aborted && !(e instanceof HfmiError && e.code === 'E_ABORTED')) throw aborted();
      throw e;
    }
  }

  return {
    ...core,
    fetchModel,

    importModel: (async (modelRef: string, options: ImportOptions = {}) => {
      validateAnalysisOptions(options);
      return analyzeOnce(fetchModel(modelRef, options), options);
    }) as Api['importModel'],
  };
}

export * from './core_exports.js';
export { fetchDatasetDefinitions, listDatasetTree, DEFINITIONS_DATASET_ID } from './hub/hub_client.js';
export type { DatasetDefinitions, DatasetTreeOptions } from './hub/hub_client.js';
/** Where model_coverage.mdx's statuses come from (the live dataset, else the bundled snapshot, with the reason). */
export { coverageSource, type CoverageSource } from './hub/coverage_source.js';
/** Unified diffs (hunks with context, `-` before `+`), for showing what an update changes. */
export { unifiedDiff } from './targets/diff.js';

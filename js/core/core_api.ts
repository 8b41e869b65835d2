// The analysis half of the public API (its types: js/core/api_types.ts): a handle over bytes in hand (fetched or
// local), analysed as often as the options change. No network code: the `hf-model-import/core` entry point is this
// alone.
import { CoreSession } from './core_session.js';
import { OPTION_BOUNDS } from './generated/options.js';
import type {
  AnalysisApi,
  AnalysisOptions,
  CoreApi,
  FullImportResult,
  ImportResult,
  LocalFiles,
  ModelHandle,
  ModelInfoSummary,
  OutputFiles,
  ShardHeader,
} from './api_types.js';
import type { AnalysisJson, RawCoreModule, RawGgufRepo, ToolOutputsJson } from './core_types.js';
import { parseByteSize } from './byte_size.js';
import { HfmiError } from './errors.js';
import { analyzeGgufFiles, withGguf } from './gguf_analysis.js';
import type { RawTargetsModule } from './targets_module.js';
import { bindUpdaters } from './updaters.js';

const textDecoder = new TextDecoder();

function analysisOptions(modelId: string, revision: string, o: AnalysisOptions) {
  return {
    model_id: modelId,
    revision,
    ...(o.id !== undefined && { entry_id: o.id }),
    ...(o.name !== undefined && { entry_name: o.name }),
    ...(o.description !== undefined && { description: o.description }),
    ...(o.tp !== undefined && { tp: o.tp }),
    ...(o.ep !== undefined && { ep: o.ep }),
    ...(o.pageSizes !== undefined && { page_sizes: o.pageSizes }),
    ...(o.legacyNames !== undefined && { legacy_names: o.legacyNames }),
    ...(o.gemmTp !== undefined && { gemm_tp: o.gemmTp }),
    ...(o.contextLength !== undefined && { context_length: o.contextLength }),
  };
}

/**
 * `target[key]` made by `make` when first read, then an ordinary writable property holding that value (assigning
 * it first just sets it). Its place among the keys is the one it already has.
 */
function lazyProperty<T extends object, K extends keyof T>(target: T, key: K, make: () => T[K]): void {
  const settle = (self: T, value: T[K]) => Object.defineProperty(self, key, { value, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(target, key, {
    get(this: T) {
      const value = make();
      settle(this, value);
      return value;
    },
    set(this: T, value: T[K]) {
      settle(this, value);
    },
    enumerable: true,
    configurable: true,
  });
}

/**
 * The add-model files. tensors.csv (megabytes for a large MoE) and module_mapping.json are written when first
 * read: an import whose caller never reads them does not pay for them. Their sources (the core's bytes, the
 * mapping) are held by nothing else in the result, so the text is the same whenever it is made.
 */
function outputFiles(configBytes: Uint8Array, a: AnalysisJson & ToolOutputsJson): OutputFiles {
  const outputs: OutputFiles = {
    'model_config.json': textDecoder.decode(configBytes),
    'model_architecture.json': JSON.stringify(a.architecture, null, 2) + '\n',
    'module_mapping.json': '',
    'model_addition_summary.md': a.summary_markdown,
    'tensors.csv': '',
    'models_ts_entry.ts': a.models_ts_entry + '\n',
  };
  const mapping = a.module_mapping;
  lazyProperty(outputs, 'module_mapping.json', () => JSON.stringify(mapping, null, 2) + '\n');
  lazyProperty(outputs, 'tensors.csv', () => a.tensors_csv);
  return outputs;
}

function toResult(
  base: Pick<ImportResult, 'modelId' | 'revision' | 'sha' | 'warnings' | 'shardSource' | 'stats'>,
  configBytes: Uint8Array,
  a: AnalysisJson & Partial<ToolOutputsJson>,
): ImportResult | FullImportResult {
  const tools = a.catalog_entry !== undefined ? (a as AnalysisJson & ToolOutputsJson) : undefined;
  return {
    ...base,
    architecture: a.architecture,
    moduleTree: a.module_tree,
    modelsTsEntry: a.models_ts_entry,
    entryId: a.entry_id,
    entryName: a.entry_name,
    entryDescription: a.entry_description,
    ...(tools && {
      outputs: outputFiles(configBytes, tools),
      catalogEntry: tools.catalog_entry,
      perfModelConfig: tools.perf_model_config,
      perfGapReports: tools.perf_gap_reports ?? [],
    }),
    missingDefinitions: a.missing_definitions,
    ...(tools && { definitionSkeletons: tools.definition_skeletons }),
    issues: a.issues,
    warnings: [...base.warnings, ...a.issues.filter((i) => i.severity === 'warning').map((i) => i.message)],
  };
}

function validatePositiveInt(name: string, v: number | undefined, bounds: { min: number; max: number }): void {
  if (v !== undefined && (!Number.isInteger(v) || v < bounds.min || v > bounds.max)) {
    throw new HfmiError('E_USAGE', `${name} must be an integer from ${bounds.min} to ${bounds.max}, got ${String(v)}`, { path: name });
  }
}

export function validateAnalysisOptions(options: AnalysisOptions): void {
  validatePositiveInt('tp', options.tp, OPTION_BOUNDS.tp);
  validatePositiveInt('ep', options.ep, OPTION_BOUNDS.ep);
  validatePositiveInt('contextLength', options.contextLength, OPTION_BOUNDS.context_length);
  for (const ps of options.pageSizes ?? []) validatePositiveInt('pageSizes', ps, OPTION_BOUNDS.page_size);
  if (options.gpuMemory !== undefined) parseByteSize(options.gpuMemory);
}

/** The fetched bytes every analysis starts from. */
export interface HandleBytes {
  modelId: string;
  revision: string;
  sha?: string;
  configBytes: Uint8Array;
  modelInfo?: ModelInfoSummary;
  shards: ShardHeader[];
  /** The shard index (fetched, or read beside a local config): fed to each new session for the total_size cross-check. */
  indexBytes?: Uint8Array;
  shardSource: ImportResult['shardSource'];
  warnings: string[];
  stats: ImportResult['stats'];
  /** GGUF files' header bytes. */
  gguf?: ShardHeader[];
}

/** The live core session of a handle, and the Definitions catalog set in it (undefined = the bundled one). */
export interface LiveSession {
  session?: CoreSession;
  catalog?: Uint8Array;
  /** GGUF imports: the core's GgufRepo holding the decoded headers. */
  gguf?: RawGgufRepo;
  /** Free the session after each analyze(), in the same synchronous step (a fetch with decodeWhileFetching false). */
  transient?: boolean;
  /**
   * The browser: the session in the other import module (the full one when this one's is in the light one, or the
   * reverse), for analyses asked for the tool outputs, or without them after such a first one.
   */
  other?: LiveSession;
}

// Frees a handle's core session when the handle itself is collected without dispose().
const sessions: FinalizationRegistry<LiveSession> | undefined =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((live) => dropSession(live)) : undefined;

function dropSession(live: LiveSession): void {
  if (live.other) dropSession(live.other);
  delete live.other;
  live.session?.dispose();
  delete live.session;
  delete live.catalog;
  live.gguf?.delete();
  delete live.gguf;
}

/**
 * Loads the core module. The browser's carries `gguf`, the loader of its module with GGUF support: its default
 * module has none, so that a safetensors import does not download the GGUF code. Node's and the single-file
 * build's one module has both.
 */
export type CoreLoader = (() => Promise<RawCoreModule>) & { gguf?: () => Promise<RawCoreModule> };

/**
 * The loader of the module a repo read from GGUF (`gguf`), or an analysis asked for the tool outputs, needs: the
 * browser's full import module (its `gguf` loader), else the light one. Node and the single-file build have one.
 */
export function coreLoaderFor(load: CoreLoader, need: { gguf: boolean; toolOutputs?: boolean }): () => Promise<RawCoreModule> {
  return (need.gguf || need.toolOutputs === true) && load.gguf !== undefined ? load.gguf : load;
}

export function makeHandle(loadCore: CoreLoader, bytes: HandleBytes, live: LiveSession): ModelHandle {
  const handle: ModelHandle = {
    modelId: bytes.modelId,
    revision: bytes.revision,
    ...(bytes.sha !== undefined && { sha: bytes.sha }),
    configBytes: bytes.configBytes,
    ...(bytes.modelInfo !== undefined && { modelInfo: bytes.modelInfo }),
    shards: bytes.shards,
    ...(bytes.gguf !== undefined && { gguf: bytes.gguf }),
    shardSource: bytes.shardSource,
    warnings: bytes.warnings,
    stats: bytes.stats,
    analyze: (async (options: AnalysisOptions = {}) => {
      validateAnalysisOptions(options);
      const core = await coreLoaderFor(loadCore, { gguf: (bytes.gguf?.length ?? 0) > 0, toolOutputs: options.toolOutputs })();
      // The session lives in one module: an analysis in the other one (the browser's light and full modules) has its own.
      const slot = live.session && live.session.core !== core ? (live.other ??= { ...(live.transient && { transient: true }) }) : live;
      // GGUF: the rows first; without config.json the session reads the config the metadata imply.
      const gguf = (bytes.gguf?.length ?? 0) > 0 ? analyzeGgufFiles(core, slot, bytes, options) : undefined;
      const configBytes =
        gguf !== undefined && bytes.configBytes.length === 0 ? new TextEncoder().encode(JSON.stringify(gguf.config, null, 2) + '\n') : bytes.configBytes;
      // A catalog cannot be unset in a session: going back to the bundled one takes a fresh session.
      if (slot.session && options.definitions === undefined && slot.catalog !== undefined) dropSession(slot);
      if (!slot.session) {
        const session = new CoreSession(core);
        try {
          session.setConfig(configBytes);
          for (const shard of bytes.shards) session.addHeader(shard.name, shard.headerBytes, shard.fileSize);
          // GGUF without safetensors shards: the lead file's tensor infos (each part once) are the model's tensors.
          if (gguf !== undefined && bytes.shards.length === 0) {
            for (const name of gguf.files) {
              const part = bytes.gguf?.find((g) => g.name === name);
              if (part) session.addGgufHeader(part.name, part.headerBytes, part.fileSize);
            }
          }
          if (bytes.indexBytes !== undefined) {
            const sink = session.indexSink();
            sink.feed(bytes.indexBytes);
            sink.finish();
          }
        } catch (e) {
          session.dispose();
          throw e;
        }
        slot.session = session;
      }
      let analysis: AnalysisJson & Partial<ToolOutputsJson>;
      try {
        if (options.definitions !== undefined && options.definitions !== slot.catalog) {
          slot.session.setDefinitionsCatalog(options.definitions);
          slot.catalog = options.definitions;
        }
        const o = analysisOptions(bytes.modelId, bytes.revision, options);
        analysis = options.toolOutputs === true ? slot.session.analyzeToolOutputs(o) : slot.session.analyze(o);
      } finally {
        if (slot.transient) dropSession(slot);
      }
      const result = toResult(
        {
          modelId: bytes.modelId,
          revision: bytes.revision,
          ...(bytes.sha !== undefined && { sha: bytes.sha }),
          warnings: [...bytes.warnings],
          shardSource: bytes.shardSource,
          stats: { ...bytes.stats },
        },
        configBytes,
        analysis,
      );
      return gguf === undefined ? result : withGguf(result, gguf);
    }) as ModelHandle['analyze'],
    dispose() {
      sessions?.unregister(live);
      dropSession(live);
    },
  };
  sessions?.register(handle, live, live);
  return handle;
}

/** Analyses a fresh handle once, then frees its core session. */
export async function analyzeOnce(handle: Promise<ModelHandle>, options: AnalysisOptions): Promise<ImportResult | FullImportResult> {
  const h = await handle;
  try {
    return await h.analyze(options);
  } finally {
    h.dispose();
  }
}


/**
 * The analysis functions over one WASM loader. The updaters call `loadTargets` (default: the core's loader,
 * for builds whose one module carries them; the browser passes its second module's loader).
 */
export function createCoreApi(loadCore: CoreLoader, loadTargets: () => Promise<RawTargetsModule> = loadCore): CoreApi {
  return { ...createAnalysisApi(loadCore), ...bindUpdaters(loadTargets) };
}

/** {@link createCoreApi} without the updaters (the browser entry points bind those one by one, to tree-shake). */
export function createAnalysisApi(loadCore: CoreLoader): AnalysisApi {
  async function openFiles(files: LocalFiles): Promise<ModelHandle> {
    const shards = (files.shards ?? []).map((s) => ({ name: s.name, headerBytes: s.bytes, fileSize: s.fileSize }));
    const handle = makeHandle(
      loadCore,
      {
        modelId: files.modelId,
        revision: files.revision ?? 'local',
        configBytes: files.config,
        shards,
        ...(files.index !== undefined && { indexBytes: files.index }),
        ...(files.gguf !== undefined && { gguf: files.gguf.map((g) => ({ name: g.name, headerBytes: g.bytes, fileSize: g.fileSize })) }),
        shardSource: 'local',
        warnings: shards.length === 0 && (files.gguf?.length ?? 0) === 0 ? ['no safetensors headers given: config-only analysis'] : [],
        stats: { requests: 0, bytesFetched: 0, roundTrips: 0 },
      },
      {},
    );
    return handle;
  }



  return {
    openFiles,

    analyzeFiles: (async (files: LocalFiles, options: AnalysisOptions = {}) => {
      validateAnalysisOptions(options);
      return analyzeOnce(openFiles(files), options);
    }) as AnalysisApi['analyzeFiles'],

    async coreVersion() {
      return (await loadCore()).version();
    },
  };
}

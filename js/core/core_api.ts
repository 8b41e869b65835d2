// The analysis half of the public API: a handle over bytes in hand (fetched or local), analysed as often
// as the options change. No network code: the `hf-model-import/core` entry point is this alone.
import { CoreSession } from './core_session.js';
import { OPTION_BOUNDS } from './generated/options.js';
import type {
  AnalysisJson,
  ArchitectureJson,
  CatalogEntryJson,
  CatalogUpdateResult,
  PerfGapReport,
  DefinitionSkeletonJson,
  ModuleTreeJson,
  PerfModelConfigJson,
  RawCoreModule,
  GgufFileJson,
  RawGgufRepo,
  ToolOutputsJson,
  ValidationIssue,
} from './core_types.js';
import { parseByteSize } from './byte_size.js';
import { HfmiError } from './errors.js';
import { analyzeGgufFiles, withGguf } from './gguf_analysis.js';
import type { RawTargetsModule } from './targets_module.js';
import { bindUpdaters, type UpdaterApi } from './updaters.js';

/** What one analysis of fetched (or local) bytes can vary: none of these needs the network. */
export interface AnalysisOptions {
  /** models.ts entry id (default: slug of the repo name, ^[a-z0-9.-]+$). */
  id?: string;
  /** models.ts entry display name (default: the repo name). */
  name?: string;
  /** models.ts entry description (default: one line made from the architecture). */
  description?: string;
  /** Tensor-parallel degree for Definition names (default 1). */
  tp?: number;
  /** Expert-parallel degree for Definition names (default 1). */
  ep?: number;
  /** Page sizes for paged attention kernels (default [1]). */
  pageSizes?: number[];
  /** Older gemm_n_{N}_k_{K} naming. */
  legacyNames?: boolean;
  /** GEMM shapes: "tp1" (default: full shapes, as FlashInfer-Bench names them) or "split" (per-GPU). */
  gemmTp?: 'tp1' | 'split';
  /** Context length for KV-cache bytes (default: max_position_embeddings). */
  contextLength?: number;
  /** A Definitions catalog (definitions_index.json shape, or a JSON array of names) replacing the bundled snapshot. */
  definitions?: Uint8Array;
  /** GGUF imports: the GPU memory each quantization file must fit (bytes, or "24GiB", "80 GB"); sets `fits_gpu`. */
  gpuMemory?: number | string;
  /**
   * Also make the {@link ToolOutputs}: the add-model folder's files, the llm-sizer catalogue entry, the Mantile
   * config and gap reports, the Definition skeletons (default false). In the browser, the first analysis that
   * asks for them loads the full import module (hfmi_core_gguf.web.wasm, about 40 KB gzip more than the light
   * one a safetensors import loads), and analyses the handle's bytes there: no network.
   */
  toolOutputs?: boolean;
}

/** {@link AnalysisOptions} that ask for the tool outputs. */
export type ToolOutputsOptions = AnalysisOptions & { toolOutputs: true };

/** A shard's header bytes, as fetched (or read from a local file). */
export interface ShardHeader {
  /** The shard's file name. */
  name: string;
  /** Exactly the first 8 + N bytes of the file. */
  headerBytes: Uint8Array;
  /** The whole file's size in bytes (0 if unknown). */
  fileSize: number;
}

/** What the model info (api/models/{id}) said. */
export interface ModelInfoSummary {
  /** The commit the revision resolved to. */
  sha?: string;
  /** Whether the repo is gated on the Hub. */
  gated: boolean;
  /** Every file in the repo (the Hub's `siblings`). */
  files?: string[];
}

/**
 * A model fetched once (config.json, model info, shard headers): analyse it as often as the options
 * change, with no network. Holds the decoded headers in the WASM core; {@link ModelHandle.dispose}
 * frees them early (otherwise they go with the handle).
 */
export interface ModelHandle {
  /** The repo id, e.g. "meta-llama/Llama-3.1-8B". */
  readonly modelId: string;
  /** The revision fetched. */
  readonly revision: string;
  /** The commit sha, when the Hub said it. */
  readonly sha?: string;
  /** config.json as fetched. */
  readonly configBytes: Uint8Array;
  /** The model info, when it was available. */
  readonly modelInfo?: ModelInfoSummary;
  /** Every shard's header bytes, in shard order. */
  readonly shards: readonly ShardHeader[];
  /** GGUF imports: every .gguf file's header bytes (split parts separately), in file order. */
  readonly gguf?: readonly ShardHeader[];
  /** Where the shard list came from. */
  readonly shardSource: ImportResult['shardSource'];
  /** Warnings from fetching (not from the analysis). */
  readonly warnings: readonly string[];
  /** Requests, bytes and round trips of the one fetch. */
  readonly stats: ImportResult['stats'];
  /**
   * Runs the core on the fetched bytes with these options; never touches the network. With `toolOutputs: true`
   * the result also holds the {@link ToolOutputs}.
   */
  analyze(options: ToolOutputsOptions): Promise<FullImportResult>;
  analyze(options?: AnalysisOptions): Promise<ImportResult>;
  /** Frees the core's copy of the decoded headers; a later analyze() decodes them again from the bytes. */
  dispose(): void;
}

/** The files of the add-model workflow, by file name. */
export interface OutputFiles {
  'model_config.json': string;
  'model_architecture.json': string;
  'module_mapping.json': string;
  'model_addition_summary.md': string;
  'tensors.csv': string;
  /** The models.ts entry alone, exactly as inserted into models.ts. */
  'models_ts_entry.ts': string;
}

/** What one import (or analysis) produces: the model's description, its models.ts entry and its Definitions. */
export interface ImportResult {
  /** The repo id. */
  modelId: string;
  /** The revision fetched ("local" for local files unless given). */
  revision: string;
  /** The commit sha, when the Hub said it. */
  sha?: string;
  /** model_architecture.json as an object. */
  architecture: ArchitectureJson;
  /** The module tree of the models.ts entry. */
  moduleTree: ModuleTreeJson;
  /** The models.ts entry text (FlashInfer-Bench `Model`). */
  modelsTsEntry: string;
  /** The entry's id. */
  entryId: string;
  /** The entry's display name. */
  entryName: string;
  /** The entry's description. */
  entryDescription: string;
  /** Definition names the entry uses that the catalog lacks. */
  missingDefinitions: string[];
  /** Every validation finding. */
  issues: ValidationIssue[];
  /** Fetch warnings and the analysis's warning messages. */
  warnings: string[];
  /** Where the shard list came from. */
  shardSource: 'model-info' | 'index' | 'single-file' | 'none' | 'local';
  /** Requests, bytes fetched and sequential round trips (zeros for local files). */
  stats: { requests: number; bytesFetched: number; roundTrips: number };
  /** GGUF imports: one row per quantization file (split parts grouped), smallest first. */
  gguf?: GgufFileJson[];
}

/** The downstream tools' outputs of an analysis, made when asked for ({@link AnalysisOptions.toolOutputs}). */
export interface ToolOutputs {
  /** The add-model output folder's files. */
  outputs: OutputFiles;
  /** A models.json calculator catalogue entry (llm-sizer). */
  catalogEntry: CatalogEntryJson;
  /** A Mantile perf-model config ({org}_{Name}.json). */
  perfModelConfig: PerfModelConfigJson;
  /** Mantile gap reports for the layer kinds no Mantile class models. */
  perfGapReports: PerfGapReport[];
  /** A Definition JSON skeleton (FlashInfer-Bench) per missing Definition, by name. */
  definitionSkeletons: Record<string, DefinitionSkeletonJson>;
}

/** An {@link ImportResult} with its {@link ToolOutputs}. */
export type FullImportResult = ImportResult & ToolOutputs;

/** A shard of a local model folder. */
export interface LocalShard {
  /** The shard's file name. */
  name: string;
  /** At least the first 8 + N bytes of the shard file. */
  bytes: Uint8Array;
  /** The whole file's size in bytes (0 if unknown). */
  fileSize: number;
}

/** A model's files already in hand (no network). */
export interface LocalFiles {
  /** The model id to report (e.g. "org/name"). */
  modelId: string;
  /** The revision to report (default "local"). */
  revision?: string;
  /** config.json bytes. */
  config: Uint8Array;
  /** The safetensors shards' header bytes (none: config-only analysis). */
  shards?: LocalShard[];
  /** The shard index beside the config, when there is one: its total_size is cross-checked. */
  index?: Uint8Array;
  /** GGUF files' header bytes (at least the whole header each); `config` may then be empty (the metadata describe the model). */
  gguf?: LocalShard[];
}

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
 * The loader of the module that reads GGUF or makes the tool outputs (`full` true), or the light one. The browser's
 * `gguf` loader loads its full import module.
 */
export function coreLoaderFor(load: CoreLoader, full: boolean): () => Promise<RawCoreModule> {
  return full && load.gguf !== undefined ? load.gguf : load;
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
      const core = await coreLoaderFor(loadCore, (bytes.gguf?.length ?? 0) > 0 || options.toolOutputs === true)();
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

/** Options of a models.json catalogue update. */
export interface CatalogUpdateOptions {
  /** Replace the entry with the same id or hf_model_id (its key order and the fields we do not produce are kept). */
  replace?: boolean;
  /** Write an entry that breaks the schema or the validator rules; the violations come back as issues. */
  force?: boolean;
  /** On replace, keep the existing entry's curated name (default true; false when the user gave a name). */
  keepName?: boolean;
  /** A catalogue schema text replacing the bundled llm-sizer schema. */
  schema?: string;
}

/** What model_coverage.mdx gets for one model ({@link CoreApi.updateCoverage}). */
export interface CoverageRequest {
  /** The section heading and Summary row name (the models.ts entry's name). */
  displayName: string;
  /** Tensor-parallel degree of the serving configuration the section describes. */
  tp?: number;
  /** Expert-parallel degree. */
  ep?: number;
  /** Page sizes of paged attention. */
  pageSizes?: number[];
  /** GEMM naming: "tp1" (default) or "split". */
  gemmTp?: 'tp1' | 'split';
  /** Rewrite the model's existing section and Summary row. */
  replace?: boolean;
  /** The dataset's Definition names (fetchDatasetDefinitions); default: the bundled snapshot. */
  definitions?: string[];
  /** The Definition names that have workloads; default: the bundled snapshot. */
  workloads?: string[];
}

/** The analysis functions (no network); each entry point binds them to its WASM loader. */
export interface CoreApi {
  /** A handle over files already in hand (config.json and shard headers): analyse them as often as needed. */
  openFiles(files: LocalFiles): Promise<ModelHandle>;
  /** Describes a model from files in hand (no network): {@link CoreApi.openFiles} then analyze, once. */
  analyzeFiles(files: LocalFiles, options: ToolOutputsOptions): Promise<FullImportResult>;
  analyzeFiles(files: LocalFiles, options?: AnalysisOptions): Promise<ImportResult>;
  /** Inserts (or with `replace`, replaces) a FlashInfer-Bench `Model` entry in models.ts text, byte-preserving. */
  updateModelsTs(
    fileText: string,
    entry: { id: string; name: string; description?: string; moduleTree: ModuleTreeJson },
    options?: { replace?: boolean; keepName?: boolean; keepDescription?: boolean },
  ): Promise<{ text: string; action: 'inserted' | 'replaced'; kept: { field: string; value: string }[] }>;
  /** model_coverage.mdx with the model's section and Summary row, inserted or (with `replace`) rewritten, byte-preserving. */
  updateCoverage(
    configText: string,
    fileText: string,
    request: CoverageRequest,
  ): Promise<{ text: string; action: 'inserted' | 'replaced' | 'none'; section: string; summaryRow: string }>;
  /**
   * Inserts (or with `replace`, replaces) an entry in a models.json calculator catalogue, byte-preserving:
   * among its sorted neighbours, `custom` kept last; checked against the catalogue's schema and rules first.
   */
  updateCatalog(
    catalogText: string | Uint8Array,
    entry: CatalogEntryJson | Record<string, unknown>,
    options?: CatalogUpdateOptions,
  ): Promise<CatalogUpdateResult>;
  /** The Mantile gaps README text with one row per report, updated in place ('' = a new README). */
  updateGapsReadme(readme: string, reports: PerfGapReport[], hfModelId: string): Promise<string>;
  /** The core's version string. */
  coreVersion(): Promise<string>;
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

/** The analysis half of {@link CoreApi} (no updaters): what an import needs. */
export type AnalysisApi = Omit<CoreApi, keyof UpdaterApi>;

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

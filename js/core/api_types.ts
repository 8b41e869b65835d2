// The public types of the analysis API (js/core/core_api.ts implements them): the options, the handle, the results
// (ImportResult, and with the tool outputs FullImportResult), the local files, and CoreApi.
import type {
  ArchitectureJson,
  CatalogEntryJson,
  CatalogUpdateResult,
  DefinitionSkeletonJson,
  GgufFileJson,
  ModuleTreeJson,
  PerfGapReport,
  PerfModelConfigJson,
  ValidationIssue,
} from './core_types.js';
import type { UpdaterApi } from './updaters.js';

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
   * asks for them loads the full import module (hfmi_core_gguf.web.wasm, about 38 KB gzip more than the light
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

/** The analysis half of {@link CoreApi} (no updaters): what an import needs. */
export type AnalysisApi = Omit<CoreApi, keyof UpdaterApi>;

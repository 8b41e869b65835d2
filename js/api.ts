// The typed public API, shared by the Node and browser entry points (index.node.ts / index.browser.ts).
// Only orchestration lives here: the hub client fetches, the WASM core computes.
import { CoreSession, unwrap } from './core/core_session.js';
import type {
  AnalysisJson,
  CatalogUpdateResult,
  PerfGapReport,
  ArchitectureJson,
  ModuleTreeJson,
  RawCoreModule,
  ValidationIssue,
} from './core/core_types.js';
import { HfmiError } from './core/errors.js';
import { fetchModelFiles, parseModelRef, type HubOptions, type ProgressEvent } from './hub/hub_client.js';

export interface AnalysisOptions {
  /** models.ts entry id (default: slug of the repo name, ^[a-z0-9.-]+$). */
  id?: string;
  /** models.ts entry display name (default: the repo name). */
  name?: string;
  description?: string;
  /** Tensor-parallel degree for Definition names (default 1). */
  tp?: number;
  /** Expert-parallel degree for Definition names (default 1). */
  ep?: number;
  /** Page sizes for paged attention kernels (default [1]). */
  pageSizes?: number[];
  /** Older gemm_n_{N}_k_{K} naming. */
  legacyNames?: boolean;
  /** Context length for KV-cache bytes (default: max_position_embeddings). */
  contextLength?: number;
  /** A Definitions catalog (definitions_index.json shape, or a JSON array of names) replacing the bundled snapshot. */
  definitions?: Uint8Array;
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

export interface ImportOptions extends AnalysisOptions {
  endpoint?: string;
  token?: string;
  revision?: string;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  concurrency?: number;
  timeoutMs?: number;
  retries?: number;
  initialRangeBytes?: number;
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

export interface ImportResult {
  modelId: string;
  revision: string;
  sha?: string;
  /** model_architecture.json as an object. */
  architecture: ArchitectureJson;
  moduleTree: ModuleTreeJson;
  /** The models.ts entry text (FlashInfer-Bench `Model`). */
  modelsTsEntry: string;
  entryId: string;
  entryName: string;
  entryDescription: string;
  outputs: OutputFiles;
  /** A models.json calculator catalogue entry. */
  catalogEntry: Record<string, unknown>;
  /** A Mantile perf-model config ({org}_{Name}.json). */
  perfModelConfig: Record<string, unknown>;
  /** Mantile gap reports for the layer kinds no Mantile class models. */
  perfGapReports: PerfGapReport[];
  missingDefinitions: string[];
  definitionSkeletons: Record<string, unknown>;
  issues: ValidationIssue[];
  warnings: string[];
  shardSource: 'model-info' | 'index' | 'single-file' | 'none' | 'local';
  stats: { requests: number; bytesFetched: number; roundTrips: number };
}

export interface LocalShard {
  name: string;
  /** At least the first 8 + N bytes of the shard file. */
  bytes: Uint8Array;
  /** The whole file's size in bytes (0 if unknown). */
  fileSize: number;
}

export interface LocalFiles {
  modelId: string;
  revision?: string;
  config: Uint8Array;
  shards?: LocalShard[];
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
    ...(o.contextLength !== undefined && { context_length: o.contextLength }),
  };
}

function toResult(
  base: Pick<ImportResult, 'modelId' | 'revision' | 'sha' | 'warnings' | 'shardSource' | 'stats'>,
  configBytes: Uint8Array,
  a: AnalysisJson,
): ImportResult {
  return {
    ...base,
    architecture: a.architecture,
    moduleTree: a.module_tree,
    modelsTsEntry: a.models_ts_entry,
    entryId: a.entry_id,
    entryName: a.entry_name,
    entryDescription: a.entry_description,
    outputs: {
      'model_config.json': textDecoder.decode(configBytes),
      'model_architecture.json': JSON.stringify(a.architecture, null, 2) + '\n',
      'module_mapping.json': JSON.stringify(a.module_mapping, null, 2) + '\n',
      'model_addition_summary.md': a.summary_markdown,
      'tensors.csv': a.tensors_csv,
      'models_ts_entry.ts': a.models_ts_entry + '\n',
    },
    catalogEntry: a.catalog_entry,
    perfModelConfig: a.perf_model_config,
    perfGapReports: a.perf_gap_reports ?? [],
    missingDefinitions: a.missing_definitions,
    definitionSkeletons: a.definition_skeletons,
    issues: a.issues,
    warnings: [...base.warnings, ...a.issues.filter((i) => i.severity === 'warning').map((i) => i.message)],
  };
}

function validatePositiveInt(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
    throw new HfmiError('E_USAGE', `${name} must be a positive integer, got ${String(v)}`, { path: name });
  }
}

export interface Api {
  importModel(modelRef: string, options?: ImportOptions): Promise<ImportResult>;
  analyzeFiles(files: LocalFiles, options?: AnalysisOptions): Promise<ImportResult>;
  updateModelsTs(
    fileText: string,
    entry: { id: string; name: string; description?: string; moduleTree: ModuleTreeJson },
    options?: { replace?: boolean },
  ): Promise<{ text: string; action: 'inserted' | 'replaced' }>;
  updateCatalog(
    catalogText: string | Uint8Array,
    entry: Record<string, unknown>,
    options?: CatalogUpdateOptions,
  ): Promise<CatalogUpdateResult>;
  /** The Mantile gaps README text with one row per report, updated in place ('' = a new README). */
  updateGapsReadme(readme: string, reports: PerfGapReport[], hfModelId: string): Promise<string>;
  coreVersion(): Promise<string>;
}

export function createApi(loadCore: () => Promise<RawCoreModule>): Api {
  async function withSession<T>(options: AnalysisOptions, body: (s: CoreSession) => Promise<T>): Promise<T> {
    validatePositiveInt('tp', options.tp);
    validatePositiveInt('ep', options.ep);
    for (const ps of options.pageSizes ?? []) validatePositiveInt('pageSizes', ps);
    const session = new CoreSession(await loadCore());
    try {
      if (options.definitions) session.setDefinitionsCatalog(options.definitions);
      return await body(session);
    } finally {
      session.dispose();
    }
  }

  return {
    async importModel(modelRef, options = {}) {
      const ref = parseModelRef(modelRef);
      const revision = options.revision ?? ref.revision ?? 'main';
      return withSession(options, async (session) => {
        const hubOptions: HubOptions = {
          revision,
          indexSink: () => session.indexSink(),
          ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
          ...(options.token !== undefined && { token: options.token }),
          ...(options.signal !== undefined && { signal: options.signal }),
          ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
          ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
          ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
          ...(options.retries !== undefined && { retries: options.retries }),
          ...(options.initialRangeBytes !== undefined && { initialRangeBytes: options.initialRangeBytes }),
        };
        // Each header is decoded as it arrives (in shard order), while the others are still on the wire.
        hubOptions.onShard = (shard) => session.addHeader(shard.name, shard.headerBytes, shard.fileSize);
        hubOptions.headerBytesEstimate = (config) => session.estimateHeaderBytes(config);
        const fetched = await fetchModelFiles(ref.modelId, hubOptions);
        session.setConfig(fetched.configBytes);
        const analysis = session.analyze(analysisOptions(ref.modelId, revision, options));
        return toResult(
          {
            modelId: ref.modelId,
            revision,
            ...(fetched.sha !== undefined && { sha: fetched.sha }),
            warnings: fetched.warnings,
            shardSource: fetched.shardSource,
            stats: fetched.stats,
          },
          fetched.configBytes,
          analysis,
        );
      });
    },

    async analyzeFiles(files, options = {}) {
      return withSession(options, async (session) => {
        session.setConfig(files.config);
        for (const shard of files.shards ?? []) session.addHeader(shard.name, shard.bytes, shard.fileSize);
        const revision = files.revision ?? 'local';
        const analysis = session.analyze(analysisOptions(files.modelId, revision, options));
        const warnings = (files.shards ?? []).length === 0 ? ['no safetensors headers given: config-only analysis'] : [];
        return toResult(
          { modelId: files.modelId, revision, warnings, shardSource: 'local', stats: { requests: 0, bytesFetched: 0, roundTrips: 0 } },
          files.config,
          analysis,
        );
      });
    },

    async updateModelsTs(fileText, entry, options = {}) {
      const core = await loadCore();
      const entryJson = JSON.stringify({
        id: entry.id,
        name: entry.name,
        description: entry.description ?? '',
        modules: entry.moduleTree.modules,
      });
      return unwrap<{ text: string; action: 'inserted' | 'replaced' }>(
        core.updateModelsTs(fileText, entryJson, options.replace ?? false),
      );
    },

    async updateCatalog(catalogText, entry, options = {}) {
      const core = await loadCore();
      const coreOptions = {
        replace: options.replace ?? false,
        force: options.force ?? false,
        keep_name: options.keepName ?? true,
        ...(options.schema !== undefined && { schema: options.schema }),
      };
      const input = typeof catalogText === 'string' ? new TextEncoder().encode(catalogText) : catalogText;
      const r = unwrap<{ splice_begin: number; splice_end: number; replacement: string } & Omit<CatalogUpdateResult, 'text' | 'bytes'>>(
        core.updateCatalog(input, JSON.stringify(entry), JSON.stringify(coreOptions)),
      );
      const replacement = new TextEncoder().encode(r.replacement);
      const bytes = new Uint8Array(input.length - (r.splice_end - r.splice_begin) + replacement.length);
      bytes.set(input.subarray(0, r.splice_begin), 0);
      bytes.set(replacement, r.splice_begin);
      bytes.set(input.subarray(r.splice_end), r.splice_begin + replacement.length);
      let text: string | undefined;
      return {
        action: r.action,
        id: r.id,
        kept: r.kept,
        issues: r.issues,
        bytes,
        get text() {
          return (text ??= textDecoder.decode(bytes));
        },
      };
    },

    async updateGapsReadme(readme, reports, hfModelId) {
      const core = await loadCore();
      return unwrap<{ text: string }>(core.updateGapsReadme(readme, JSON.stringify(reports), hfModelId)).text;
    },

    async coreVersion() {
      return (await loadCore()).version();
    },
  };
}

export type { ProgressEvent } from './hub/hub_client.js';
export type * from './core/core_types.js';
export { HfmiError } from './core/errors.js';
export type { ErrorCode } from './core/errors.js';

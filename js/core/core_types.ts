// Types of what the WASM core returns. embind 3.1.6 has no --emit-tsd, so these are written by hand
// and must follow src/session/import_session.cpp (analyze) and wasm/bindings.cpp.

/** An error value from the core: the same shape as hfmi::Error in C++. */
export interface CoreError {
  code: string;
  message: string;
  path?: string;
}

/** A validation finding (hfmi::Issue). */
export interface ValidationIssue {
  severity: 'error' | 'warning' | 'info';
  code: string;
  path: string;
  message: string;
}

export type Envelope<T> = ({ ok: true } & T) | { ok: false; error: CoreError };

/** One module of the FlashInfer-Bench `Model` (models.ts) shape. */
export interface ModuleEntry {
  name: string;
  count: number;
  parent?: string;
  type: 'block' | 'layer';
  definitions: string[];
  unsupported?: boolean;
  note?: string;
}

export interface ModuleTreeJson {
  family: string;
  modules: ModuleEntry[];
}

export interface ReconciliationJson {
  agree: boolean;
  config_total: number;
  header_total: number;
  relative_diff: number;
  reasons: string[];
}

export interface ParametersJson {
  total: number;
  active: number;
  source: 'safetensors' | 'config';
  by_dtype: Record<string, number>;
  by_component: Record<string, number>;
  by_layer?: Record<string, number>;
  buffers?: number;
  mtp?: number;
  config_estimate: { total: number; active: number; by_component: Record<string, number> };
  reconciliation?: ReconciliationJson;
}

export interface KvCacheJson {
  bytes_per_token: number;
  context_length: number;
  bytes_for_context: number;
  bytes_per_element: number;
  state_bytes?: number;
  [key: string]: unknown;
}

/** model_architecture.json (issue 3 keys, extended by issues 4 and 5). */
export interface ArchitectureJson {
  model_id: string;
  architecture_type: string;
  model_type: string;
  num_layers: number;
  hidden_size: number;
  vocab_size: number;
  attention: {
    type: 'mha' | 'gqa' | 'mqa' | 'mla';
    num_heads: number;
    num_kv_heads: number;
    head_dim: number;
    q_lora_rank?: number;
    kv_lora_rank?: number;
    qk_nope_head_dim?: number;
    qk_rope_head_dim?: number;
    v_head_dim?: number;
    [key: string]: unknown;
  };
  mlp: {
    type: 'dense' | 'moe';
    intermediate_size: number;
    activation: string;
    num_experts?: number;
    experts_per_token?: number;
    moe_intermediate_size?: number;
    num_shared_experts?: number;
    dense_layers?: number;
    moe_layers?: number;
    [key: string]: unknown;
  };
  normalization: { type: string; epsilon: number };
  special_features: string[];
  multimodal: boolean;
  parameters: ParametersJson;
  memory?: Record<string, unknown>;
  kv_cache?: KvCacheJson;
  [key: string]: unknown;
}

/** Everything ImportSession::analyze() returns. */
export interface AnalysisJson {
  architecture: ArchitectureJson;
  model_config: unknown;
  module_tree: ModuleTreeJson;
  module_mapping: Record<string, string[]>;
  models_ts_entry: string;
  entry_id: string;
  entry_name: string;
  entry_description: string;
  summary_markdown: string;
  tensors_csv: string;
  catalog_entry: Record<string, unknown>;
  perf_model_config: Record<string, unknown>;
  missing_definitions: string[];
  definition_skeletons: Record<string, unknown>;
  issues: ValidationIssue[];
}

export interface IndexSummaryJson {
  shards: string[];
  tensor_count: number;
  total_size?: number;
  pytorch_bin?: boolean;
}

/** Options for analyze(), in the JSON form the core takes. */
export interface AnalyzeOptionsJson {
  model_id: string;
  revision?: string;
  entry_id?: string;
  entry_name?: string;
  description?: string;
  tp?: number;
  ep?: number;
  page_sizes?: number[];
  legacy_names?: boolean;
  context_length?: number;
}

/** The raw embind session class. Every method but tensorsCsv returns a JSON envelope string. */
export interface RawSession {
  setConfig(bytes: Uint8Array): string;
  setDefinitionsCatalog(bytes: Uint8Array): string;
  indexFeed(chunk: Uint8Array): string;
  indexFinish(): string;
  addHeader(shard: string, bytes: Uint8Array, fileSize: number): string;
  /** The envelope holds everything but tensors_csv, which tensorsCsv() then hands over raw (once). */
  analyze(optionsJson: string): string;
  tensorsCsv(): string;
  delete(): void;
}

/** The raw embind module. */
export interface RawCoreModule {
  Session: new () => RawSession;
  version(): string;
  /** JSON envelope: {ok, length} = 8 + N bytes needed for the whole header, from the first 8 bytes. */
  headerPrefixLength(first8: Uint8Array): string;
  /** JSON envelope: {ok, text, action} */
  updateModelsTs(fileText: string, entryJson: string, replace: boolean): string;
  /** JSON envelope: {ok, text, action}: a models.json catalogue with the entry inserted, sorted by parameters. */
  updateCatalog(catalogText: string, entryJson: string, replace: boolean): string;
  /** JSON envelope: {ok, tensors, bytes}: the safetensors header size config.json implies (all shards). */
  estimateHeaderSize(configBytes: Uint8Array): string;
  /** JSON envelope: {ok, config} = the normalized config only (no headers needed). */
  parseConfig(bytes: Uint8Array): string;
  /** GGUF repositories (wasm/bindings.cpp GgufRepoBinding): present in cores built with it. */
  GgufRepo?: new () => RawGgufRepo;
}

/** The raw embind GGUF repo: JSON envelopes out. */
export interface RawGgufRepo {
  /** {ok, file, complete, header_bytes, estimated_header_bytes, tensor_count, kv_count, version} */
  addPart(file: string, bytes: Uint8Array, fileSize: number): string;
  /** {ok, gguf: [{file, parts, quantization, bits_per_weight, tensor_bytes, parameters, by_type, memory_bytes, fits_gpu?, ...}], architecture, notes} */
  analyze(optionsJson: string): string;
  delete(): void;
}

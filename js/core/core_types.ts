// Types of what the WASM core returns. embind 3.1.6 has no --emit-tsd, so these are written by hand
// and must follow src/session/import_session.cpp (analyze) and wasm/core_bindings.cpp, wasm/targets_bindings.cpp.

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

/** How the config's estimate and the headers' exact count compare (parameters.reconciliation). */
export interface ReconciliationJson {
  /** Whether the two totals agree within tolerance. */
  agree: boolean;
  /** Whether the known reasons explain the difference. */
  explained: boolean;
  /** The config's estimate. */
  config_total: number;
  /** The exact count over stored tensors. */
  header_total: number;
  /** The header total adjusted by the explained reasons. */
  adjusted_header_total: number;
  /** |config - headers| / headers. */
  relative_diff: number;
  /** Why they differ (HF defaults, stored buffers, ...). */
  reasons: string[];
}

/** The parameter count estimated from config.json alone. */
export interface ConfigEstimateJson {
  /** Estimated total parameters. */
  total: number;
  /** Estimated parameters active per token. */
  active: number;
  /** By component (embeddings, attention, mlp, ...). */
  by_component: Record<string, number>;
  /** MTP layers' parameters, when the model has any. */
  mtp?: number;
  /** Assumptions the estimate rests on. */
  notes?: string[];
  /** 'family-layout' (a registered family's layout) or 'generic' (an assumed layout); see docs/families.md. */
  estimate_basis?: EstimateBasis;
  /** Structural facts a generic estimate assumed, e.g. "gated MLP assumed (gate_proj, up_proj, down_proj)". */
  assumptions?: string[];
}

/** Where a config-only estimate's layout came from. */
export type EstimateBasis = 'family-layout' | 'generic';

/** A config warning with a stable code (W_MISSING_FIELD, W_UNKNOWN_FAMILY, ...) and the JSON path it concerns. */
export interface ConfigIssueJson {
  code: string;
  message: string;
  path: string;
}

/** model_architecture.json `parameters`: exact from the headers, or estimated from the config. */
export interface ParametersJson {
  /** Every parameter (quantization-aware, MTP and vision towers included when stored).
   *  null when a config-only estimate lacks a field the count needs (`estimate_incomplete`). */
  total: number | null;
  /** Parameters active per token (MoE: routed experts_per_token; no MTP); null like `total`. */
  active: number | null;
  /** `active` without the embeddings. Headers only. */
  active_excluding_embeddings?: number;
  /** Where the counts come from. */
  source: 'safetensors' | 'config' | 'gguf';
  /** Parameters per stored dtype ({} for a config-only estimate). */
  by_dtype: Record<string, number>;
  /** Parameters per component. */
  by_component: Record<string, number>;
  /** Parameters per layer index. Headers only. */
  by_layer?: Record<string, number>;
  /** Elements of stored buffers (not parameters). Headers only. */
  buffers?: number;
  /** A few buffer names. */
  buffer_names_sample?: string[];
  /** Elements of quantization companions (scales, zero points, g_idx). Headers only. */
  quantization_aux_elements?: number;
  /** MTP layers' parameters. */
  mtp?: number;
  /** Vision tower parameters. Headers only. */
  vision?: number;
  /** Shards read. Headers only. */
  shards?: number;
  /** Tensors read. Headers only. */
  tensors?: number;
  /** The config-only estimate beside the exact count. */
  config_estimate: ConfigEstimateJson;
  /** How the estimate and the exact count compare. Headers only. */
  reconciliation?: ReconciliationJson;
  /** `__metadata__.total_parameters` as declared (never trusted). */
  declared_total?: number;
  /** The quantization the counts account for. */
  quantization?: { method: string; bits: number };
  /** Notes on the counts. */
  notes?: string[];
  /** The cross-check with an index's metadata.total_size (an index beside the config, or the Hub's). */
  index?: IndexReconciliationJson;
  /** Config-only counts: 'family-layout' or 'generic'. */
  estimate_basis?: EstimateBasis;
  /** Config-only counts: the structural facts a generic estimate assumed. */
  assumptions?: string[];
  /** True when a field the count needs is unknown: total and active are then null. */
  estimate_incomplete?: boolean;
}

/** model_architecture.json `memory`: weight bytes as stored and in common dtypes. */
export interface MemoryJson {
  /** Weight bytes as stored. */
  weight_bytes_stored: number;
  /** All parameters in FP32. */
  fp32_bytes: number;
  /** All parameters in BF16. */
  bf16_bytes: number;
  /** All parameters in FP8. */
  fp8_bytes: number;
  /** All parameters in INT4. */
  int4_bytes: number;
  /** Stored bytes per dtype. */
  stored_bytes_by_dtype: Record<string, number>;
  /** The largest layer, by parameters and by bytes. */
  largest_layer: { by_params: number; params: number; by_bytes: number; bytes: number };
  /** Notes on the figures. */
  notes?: string[];
}

/** model_architecture.json `kv_cache`: KV-cache (and recurrent state) bytes. */
export interface KvCacheJson {
  /** KV bytes per token, all layers (windowed layers counted up to their window). */
  bytes_per_token: number;
  /** KV bytes per token if every attention layer kept the full context. */
  bytes_per_token_full_attention: number;
  /** The context length the totals are for. */
  context_length: number;
  /** Bytes per cached element. */
  bytes_per_element: number;
  /** KV bytes for `context_length` tokens. */
  bytes_for_context: number;
  /** Constant-size recurrent state bytes (Mamba, linear attention). */
  state_bytes: number;
  /** bytes_for_context + state_bytes. */
  total_bytes: number;
  /** Layers with a full-context KV cache. */
  full_attention_layers: number;
  /** Layers whose cache is bounded by a window or chunk. */
  windowed_layers: number;
  /** Layers with a recurrent state instead. */
  state_layers: number;
  /** Layers with no cache. */
  no_cache_layers: number;
  /** Notes on the figures. */
  notes?: string[];
}

/** model_architecture.json `attention`. */
export interface AttentionJson {
  /** MHA, GQA, MQA or MLA. */
  type: 'mha' | 'gqa' | 'mqa' | 'mla' | null;
  /** Query heads. */
  num_heads: number | null;
  /** Key/value heads. */
  num_kv_heads: number | null;
  /** Head dimension. */
  head_dim: number | null;
  /** MLA query LoRA rank. */
  q_lora_rank?: number;
  /** MLA KV LoRA rank. */
  kv_lora_rank?: number;
  /** MLA non-rotary head dim. */
  qk_nope_head_dim?: number;
  /** MLA rotary head dim. */
  qk_rope_head_dim?: number;
  /** MLA value head dim. */
  v_head_dim?: number;
  /** Sliding window, when any layer uses one. */
  sliding_window?: number;
  /** Layers per mixer kind (full_attention, sliding_attention, mla, mamba, ...). */
  layers_by_kind: Record<string, number>;
}

/** model_architecture.json `mlp`. */
export interface MlpJson {
  /** Dense MLP or mixture of experts. */
  type: 'dense' | 'moe';
  /** Dense intermediate size. */
  intermediate_size: number | null;
  /** Activation function name. */
  activation: string;
  /** Gated (SwiGLU-style) MLP. */
  gated: boolean;
  /** Routed experts. */
  num_experts?: number;
  /** Experts chosen per token. */
  experts_per_token?: number;
  /** Expert intermediate size. */
  moe_intermediate_size?: number | null;
  /** Shared experts. */
  num_shared_experts?: number;
  /** Shared expert intermediate size, when it differs. */
  shared_expert_intermediate_size?: number;
  /** Layers with a dense MLP. */
  dense_layers?: number;
  /** Layers with MoE. */
  moe_layers?: number;
  /** Expert groups (grouped routing). */
  n_group?: number;
  /** Groups chosen per token. */
  topk_group?: number;
  /** Router scoring function. */
  scoring_func?: string;
}

/** model_architecture.json `quantization`. */
export interface QuantizationJson {
  /** quant_method (gptq, awq, fp8, mxfp4, ...). */
  method: string;
  /** Bits per weight. */
  bits?: number;
  /** Quantization group size. */
  group_size?: number;
  /** FP8 format. */
  fmt?: string;
  /** FP8 block size. */
  weight_block_size?: number[];
}

/** One decoder layer's kinds. */
export interface LayerKindJson {
  /** Mixer kind (full_attention, sliding_attention, mla, mamba, linear_attention, ...). */
  mixer: string;
  /** FFN kind (dense, moe, none). */
  ffn: string;
  /** The config's own name for the layer kind. */
  raw_kind?: string;
}

/** model_architecture.json (issue 3 keys, extended by issues 4 and 5). */
export interface ArchitectureJson {
  /** GGUF imports: one row per quantization file (split parts grouped), smallest first. */
  gguf?: GgufFileJson[];
  /** The repo id. */
  model_id: string;
  /** The config's architectures[0]. */
  architecture_type: string;
  /** The config's model_type. */
  model_type: string;
  /** Decoder layers. */
  num_layers: number | null;
  /** Hidden size. */
  hidden_size: number | null;
  /** Vocabulary size. */
  vocab_size: number | null;
  /** Maximum context length. */
  max_position_embeddings: number;
  /** Attention shape. */
  attention: AttentionJson;
  /** MLP / MoE shape. */
  mlp: MlpJson;
  /** Norm kind and epsilon. */
  normalization: { type: string; epsilon: number };
  /** Feature tags (gated_mlp, moe, mla, sliding_window, rope_scaling:..., quantized:...). */
  special_features: string[];
  /** Has a vision (or other modality) tower. */
  multimodal: boolean;
  /** Input and output embeddings shared. */
  tie_word_embeddings: boolean | null;
  /** The config's torch_dtype. */
  torch_dtype: string;
  /** Parameter counts. */
  parameters: ParametersJson;
  /** MTP layers, when the model has any. */
  num_mtp_layers?: number;
  /** The config's quantization. */
  quantization?: QuantizationJson;
  /** Linear-attention (Gated DeltaNet) shape. */
  linear_attention?: {
    num_key_heads: number;
    num_value_heads: number;
    key_head_dim: number;
    value_head_dim: number;
    conv_kernel_dim: number;
  };
  /** Mamba2 shape. */
  mamba?: { num_heads: number; head_dim: number; state_size: number; n_groups: number; conv_kernel: number };
  /** Vision tower shape. */
  vision?: { model_type: string; hidden_size: number; num_layers: number; num_heads: number; patch_size: number; image_size: number };
  /** Every decoder layer's kinds, in order. */
  layers: LayerKindJson[];
  /** Weight memory. */
  memory?: MemoryJson;
  /** KV cache. */
  kv_cache?: KvCacheJson;
  /** Where each value came from (config key, default, tensors), by field. */
  value_sources: Record<string, string>;
  /** What the config parser warned about. */
  config_warnings?: string[];
  /** The registry family the config resolved to ("generic" when none); see docs/families.md. */
  family?: string;
  /** Config warnings with a code and the JSON path they concern. */
  config_issues?: ConfigIssueJson[];
}

/** The vision tower of a multimodal catalogue entry (llm-sizer's vision_config). */
export interface CatalogVisionConfigJson {
  /** The tower's model_type (the config's, else "{model_type}_vision"). */
  model_type: string;
  /** Input image side in pixels (224 for towers that take any resolution). */
  image_size: number;
  /** Patch side in pixels. */
  patch_size: number;
  /** Image channels (3 unless the config says otherwise). */
  num_channels: number;
  /** The tower's hidden size, when the config states it. */
  hidden_size?: number;
  /** The tower's layers, when the config states them. */
  num_layers?: number;
  /** The tower's attention heads, when the config states them. */
  num_heads?: number;
  /** The tower's MLP width, when the config states it. */
  intermediate_size?: number;
  /** The tower's parameters in millions (without the projector), when counted. */
  parameters_millions?: number;
}

/** How a multimodal catalogue entry feeds images to the language model (llm-sizer's multimodal_config). */
export interface CatalogMultimodalConfigJson {
  /** Tokens per image at the reference size (patches per side squared over the spatial merge squared). */
  image_token_count: number;
  /** Images per request the entry assumes (1). */
  max_images: number;
  /** "mlp". */
  projector_type: string;
  /** "concatenate". */
  merge_strategy: string;
  /** Whether the config names a video token or a temporal patch size. */
  supports_video: boolean;
  /** The projector's parameters in millions, when the headers show it. */
  projector_params_millions?: number;
}

/** A models.json calculator catalogue entry (llm-sizer), keys as the catalogue orders them. */
export type CatalogEntryJson = {
  /** Catalogue id (lower-case, '-' separated). */
  id: string;
  /** Display name. */
  name: string;
  /** The repo id. */
  hf_model_id: string;
  /** Hidden size. */
  hidden_size: number;
  /** Decoder layers. */
  num_layers: number;
  /** Query heads. */
  num_heads: number;
  /** Maximum context length. */
  default_context_length: number;
  /** "transformer" or "moe". */
  architecture: 'transformer' | 'moe';
  /** "text", or "multimodal" with a vision tower. */
  modality: 'text' | 'multimodal';
  /** The vision tower (multimodal entries). */
  vision_config?: CatalogVisionConfigJson;
  /** Image tokens and projector (multimodal entries). */
  multimodal_config?: CatalogMultimodalConfigJson;
  /** Key/value heads. */
  num_kv_heads: number;
  /** Dense intermediate size (an MoE's expert width when it has no dense one). */
  intermediate_size?: number;
  /** Vocabulary size. */
  vocab_size: number;
  /** Routed experts (MoE). */
  num_experts?: number;
  /** Experts per token (MoE). */
  experts_per_token?: number;
  /** Attention head size (MLA: nope + rope parts). */
  head_dim: number;
  /** The attention kind (e.g. "gqa", "mla"). */
  attention_type: string;
  /** MLA's compressed KV rank. */
  kv_lora_rank?: number;
  /** MLA's rotary part of the head. */
  qk_rope_head_dim?: number;
  /** The largest sliding (or chunked) attention window, when some layers have one. */
  sliding_window?: number;
  /** How many layers use a sliding (or chunked) window. */
  sliding_window_layers?: number;
  /** KV-cache bytes per token at the default dtype, when known. */
  kv_bytes_per_token?: number;
  /** Total parameters in billions (the exact count over 1e9). */
  parameters_billions: number;
  /** GGUF imports: the repo's quantization files, one item each (llm-sizer keeps unknown keys). */
  quantizations?: CatalogQuantizationJson[];
};

/** One quantization file of a GGUF repo in a calculator catalogue entry. */
export interface CatalogQuantizationJson {
  /** "Q4_K_M" (general.file_type's name, else the dominant ggml type). */
  quantization: string;
  /** The file (the first part's name for a split file). */
  file: string;
  /** Tensor bytes x 8 / parameters. */
  bits_per_weight: number;
  /** The file's (all parts') size in bytes. */
  file_bytes: number;
}

/** Parameters and bytes of one ggml type in one GGUF file. */
export interface GgufTypeShareJson {
  /** Tensors of this type. */
  tensors: number;
  /** Their elements. */
  parameters: number;
  /** Their data bytes (the sum over the tensor infos). */
  bytes: number;
  /** The type's bits per weight from the ggml type table. */
  bits_per_weight: number;
}

/** One GGUF quantization file (split parts grouped), from its header(s): a row of model_architecture.json's "gguf". */
export interface GgufFileJson {
  /** The file name (the first part's for a split file). */
  file: string;
  /** Number of split parts (1 when not split). */
  parts: number;
  /** general.file_type's name ("Q4_K_M"), else the dominant ggml type. */
  quantization: string;
  /** general.file_type's name, or null when absent or unknown. */
  file_type: string | null;
  /** The ggml type holding the most parameters. */
  dominant_type: string;
  /** True bits per weight: tensor_bytes x 8 / parameters. */
  bits_per_weight: number;
  /** Bytes of tensor data, the sum over the tensor infos. */
  tensor_bytes: number;
  /** The file's (all parts') size: header, padding and data. */
  file_bytes: number;
  /** Exact parameters: every element of every tensor. */
  parameters: number;
  /** Per ggml type name. */
  by_type: Record<string, GgufTypeShareJson>;
  /** The context length the KV cache is sized for. */
  context_length: number;
  /** KV-cache bytes per token (f16), from the GGUF's hyperparameters. */
  kv_cache_bytes_per_token: number;
  /** KV-cache bytes for context_length tokens. */
  kv_cache_bytes: number;
  /** Memory to load and run at context_length: tensor_bytes + kv_cache_bytes. */
  memory_bytes: number;
  /** memory_bytes fits the GPU memory given (gpuMemory); null when none was given. */
  fits_gpu: boolean | null;
}

/** One layer class row of the performance-model config. */
export interface PerfLayerTypeJson {
  /** Layer name (embed_tokens, attention, mlp, moe, norm, lm_head, ...). */
  name: string;
  /** The Mantile layer class; for an unsupported row, the class Mantile would need. */
  class: string;
  /** How many of them the model has. */
  count: number;
  /** Whether the perf model has a class for it. */
  supported: boolean;
  /** Constructor arguments of the class (hidden_size, num_heads, ..., parameter_count). */
  specs: Record<string, number | string | boolean>;
  /** An unsupported row's gap report, relative to the Mantile checkout (model_builder/gaps/...). */
  gap_report?: string;
}

/** The per-layer performance-model config. */
export type PerfModelConfigJson = {
  /** The entry id. */
  model_id: string;
  /** The repo id. */
  hf_model_id: string;
  /** Display name. */
  name: string;
  /** Hidden size. */
  hidden_size: number;
  /** Decoder layers. */
  num_layers: number;
  /** Vocabulary size. */
  vocab_size: number;
  /** Total parameters. */
  total_params: number;
  /** Total parameters, e.g. "8.03B". */
  total_params_formatted: string;
  /** Whether the counts were checked against the headers. */
  validated: boolean;
  /** What the validation found, '; '-separated ("" when nothing). */
  validation_notes: string;
  /** What the validation used. */
  validation_sources: string[];
  /** One row per layer class. */
  layer_types: PerfLayerTypeJson[];
};

/** An axis of a Definition: a variable, or a constant with its value. */
export interface DefinitionAxisJson {
  /** "var" or "const". */
  type: 'var' | 'const';
  /** The constant's value. */
  value?: number;
}

/** A tensor of a Definition: its dtype and its shape as axis names. */
export interface DefinitionTensorJson {
  /** e.g. "bfloat16". */
  dtype: string;
  /** Axis names; null for a scalar (e.g. sm_scale). */
  shape: string[] | null;
}

/** A Definition JSON skeleton (FlashInfer-Bench) for a missing Definition. */
export interface DefinitionSkeletonJson {
  /** The Definition name. */
  name: string;
  /** Its op type (rmsnorm, gqa_paged, gemm, moe, ...). */
  op_type: string;
  /** What it computes, and that it is a generated skeleton. */
  description: string;
  /** Tags (model, tp, ep, status, fi_api). */
  tags: string[];
  /** Axes by name. */
  axes: Record<string, DefinitionAxisJson>;
  /** Inputs by name. */
  inputs: Record<string, DefinitionTensorJson>;
  /** Outputs by name. */
  outputs: Record<string, DefinitionTensorJson>;
  /** A Python reference stub to fill in. */
  reference: string;
}

/** Everything ImportSession::analyze() returns. */
/** parameters.index: headers' tensor bytes (or the config estimate x its dtype width) vs total_size. */
export interface IndexReconciliationJson {
  /** The index's metadata.total_size in bytes. */
  total_size: number;
  /** What total_size is compared with: the headers' bytes, the config estimate x dtype width, or nothing. */
  basis: 'headers' | 'config' | 'none';
  /** Why the comparison came out as it did. */
  notes: string[];
  /** The bytes the basis implies. */
  expected_bytes?: number;
  /** Header bytes per stored dtype. */
  bytes_by_dtype?: Record<string, number>;
  /** (expected - total_size) / total_size. */
  relative_diff?: number;
  /** Within 1%; otherwise a W_INDEX_SIZE_MISMATCH issue says so. */
  agree?: boolean;
  /** The config's dtype used for a config-basis comparison. */
  dtype?: string;
  /** total_size / bytes per element of that dtype. */
  implied_parameters?: number;
}

/**
 * The envelope of the core's Session.analyze (src/session/import_session.hpp: analysis_envelope_text). The core
 * leaves out what no consumer reads: the config as parsed (model_config.json is config.json's own bytes) and the
 * layer anatomy (`structure`); the native ImportSession::analyze() keeps both for C++ callers.
 */
export interface AnalysisJson {
  architecture: ArchitectureJson;
  module_tree: ModuleTreeJson;
  models_ts_entry: string;
  entry_id: string;
  entry_name: string;
  entry_description: string;
  missing_definitions: string[];
  issues: ValidationIssue[];
}

/**
 * What Session.analyzeToolOutputs adds to {@link AnalysisJson} (src/session/tool_outputs.cpp): the downstream
 * tools' outputs. tensors_csv comes beside the envelope, as raw text (RawSession.tensorsCsv).
 */
export interface ToolOutputsJson {
  module_mapping: Record<string, string[]>;
  summary_markdown: string;
  tensors_csv: string;
  catalog_entry: CatalogEntryJson;
  perf_model_config: PerfModelConfigJson;
  perf_gap_reports: PerfGapReport[];
  definition_skeletons: Record<string, DefinitionSkeletonJson>;
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
  /** GEMM shapes: "tp1" (default, the project's convention) or "split" (per-GPU shapes). */
  gemm_tp?: 'tp1' | 'split';
}

/**
 * The raw core session (a handle in the embind module, given its class shape by js/core/embind_core.ts). Every
 * method returns a JSON envelope, as a string or, for the large ones (analyze, and tensorsCsv's raw text), as a
 * view of the core's memory that must be decoded at once (coreText).
 */
export interface RawSession {
  setConfig(bytes: Uint8Array): string;
  setDefinitionsCatalog(bytes: Uint8Array): string;
  indexFeed(chunk: Uint8Array): string;
  indexFinish(): string;
  addHeader(shard: string, bytes: Uint8Array, fileSize: number): string;
  /** JSON envelope: {ok, tensors}: a GGUF file's (or split part's) tensor infos taken as the model's tensors. */
  addGgufHeader(file: string, bytes: Uint8Array, fileSize: number): string;
  /** The analysis envelope ({@link AnalysisJson}). */
  analyze(optionsJson: string): Uint8Array;
  /**
   * The analysis with the tool outputs ({@link ToolOutputsJson}) but tensors_csv, which tensorsCsv() then gives as
   * raw text. Only in a module with them (RawCoreModule.toolOutputs).
   */
  analyzeToolOutputs(optionsJson: string): Uint8Array;
  tensorsCsv(): Uint8Array;
  /** JSON envelope: {ok, tensors, bytes}: the header size the session's config (set first) implies. */
  estimateHeaderSize(): string;
  delete(): void;
}

/** The raw core module: the embind module as js/core/embind_core.ts adapts it. */
export interface RawCoreModule {
  Session: new () => RawSession;
  version(): string;
  /** JSON envelope: {ok, text, action, kept: [{field, value}]} (entry JSON may ask keep_name / keep_description) */
  updateModelsTs(fileText: string, entryJson: string, replace: boolean): string;
  /**
   * JSON envelope: {ok, text, action, section, summary_row}: model_coverage.mdx with the model's section and
   * Summary row (text "" when fileText is ""). request: {display_name, tp?, ep?, page_sizes?, gemm_tp?,
   * replace?, definitions?: string[], workloads?: string[]} (without lists: the bundled snapshot).
   */
  updateCoverage(configBytes: string, fileText: string, requestJson: string): string;
  /**
   * JSON envelope: {ok, splice_begin, splice_end, replacement, action, id, kept, issues}: the models.json catalogue
   * with the entry inserted among its sorted neighbours or replaced, byte-preserving, as a splice of the input bytes.
   * optionsJson: {replace?, force?, keep_name?, schema?}.
   */
  updateCatalog(catalog: Uint8Array, entryJson: string, optionsJson: string): string;
  /** JSON envelope: {ok, text}: the Mantile gaps README with one row per gap report (updated in place). */
  updateGapsReadme(readme: string, reportsJson: string, hfModelId: string): string;
  /** JSON envelope: {ok, tensors, bytes}: the safetensors header size config.json implies (all shards). */
  estimateHeaderSize(configBytes: Uint8Array): string;
  /** JSON envelope: {ok, tables}: the policy tables js/core/generated/*.ts are generated from. */
  policyTables(): string;
  /** GGUF repositories (wasm/core_bindings.cpp GgufRepoBinding): present in cores built with it. */
  GgufRepo?: new () => RawGgufRepo;
  /** Sessions can analyze with the tool outputs (every module but the browser's light import module). */
  toolOutputs?: true;
}

/** A Mantile gap report: a layer kind no Mantile class models (written to model_builder/gaps/). */
export interface PerfGapReport {
  /** e.g. "mla_attention", "mamba2" */
  kind: string;
  title: string;
  severity: 'HIGH' | 'MEDIUM' | 'LOW';
  layers: number;
  /** Relative to the Mantile checkout: model_builder/gaps/{org}_{Name}_{kind}.md */
  path: string;
  markdown: string;
}

/** One finding of the llm-sizer catalogue checks (schema and validator rules). */
export interface CatalogIssue {
  severity: 'error' | 'warning';
  /** JSON path of the field, e.g. "$.parameters_billions" */
  field: string;
  message: string;
}

/** The outcome of a catalogue update. */
export interface CatalogUpdateResult {
  /** The updated catalogue (decoded on first read). */
  readonly text: string;
  /** The updated catalogue's bytes (UTF-8). */
  bytes: Uint8Array;
  action: 'inserted' | 'replaced';
  /** The id written (a replace matched by hf_model_id keeps the existing id). */
  id: string;
  /** Fields kept from the replaced entry although we computed another value (its curated name, ...). */
  kept: string[];
  /** Warnings, and with force the errors that were overridden. */
  issues: CatalogIssue[];
}

/** The raw GGUF repo (a handle in the embind module, as js/core/embind_core.ts adapts it): JSON envelopes out. */
export interface RawGgufRepo {
  /** {ok, file, complete, header_bytes, estimated_header_bytes, tensor_count, kv_count, version}; complete
   *  headers add {metadata_end, long_arrays: [{key, offset, end, length}], data_start, data_bytes}. */
  addPart(file: string, bytes: Uint8Array, fileSize: number): string;
  /** {ok, gguf: [{file, parts, quantization, bits_per_weight, tensor_bytes, parameters, by_type, memory_bytes, fits_gpu?, ...}], architecture, notes} */
  analyze(optionsJson: string): string;
  delete(): void;
}

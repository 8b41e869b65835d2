// What the `/core` entry points export besides their bound functions: types, errors, exit codes.
export type {
  AnalysisOptions,
  CatalogUpdateOptions,
  CoreApi,
  CoverageRequest,
  FullImportResult,
  ImportResult,
  LocalFiles,
  LocalShard,
  ModelHandle,
  ModelInfoSummary,
  OutputFiles,
  ShardHeader,
  ToolOutputs,
  ToolOutputsOptions,
} from './core/api_types.js';
export type * from './core/core_types.js';
export { HfmiError, isHfmiError, ERROR_CODES } from './core/errors.js';
export type { ErrorCode, HfmiErrorDetails } from './core/errors.js';
export { EXIT_CODES, exitCodeFor } from './core/exit_codes.js';
// Policy shared with the page (issue 15): token checks, printable names, the core's generated tables.
export { tokenMayGoTo, tokenProblem, validateToken } from './hub/token.js';
export { escapeControls } from './hub/printable.js';
export { redactSecrets } from './core/redact.js';
export { ERROR_CODE_TABLE } from './core/generated/error_codes.js';
export { LIMITS } from './core/generated/limits.js';
export { OPTION_BOUNDS } from './core/generated/options.js';

// What the `/core` entry points export besides their bound functions: types, errors, exit codes.
export type {
  AnalysisOptions,
  CoreApi,
  ImportResult,
  LocalFiles,
  LocalShard,
  ModelHandle,
  ModelInfoSummary,
  OutputFiles,
  ShardHeader,
} from './core/core_api.js';
export type * from './core/core_types.js';
export { HfmiError, isHfmiError, ERROR_CODES } from './core/errors.js';
export type { ErrorCode, HfmiErrorDetails } from './core/errors.js';
export { EXIT_CODES, exitCodeFor } from './core/exit_codes.js';

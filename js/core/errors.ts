// Coded errors shared by every JS module. The codes match the C++ core's (src/core/error.hpp).
// A URL stored in an error never carries a token: tokens travel only in the Authorization header.

export type ErrorCode =
  | 'E_NOT_FOUND'
  | 'E_GATED'
  | 'E_BAD_CONFIG'
  | 'E_BAD_HEADER'
  | 'E_BAD_INDEX'
  | 'E_NETWORK'
  | 'E_USAGE'
  | 'E_BAD_MODELS_TS'
  | 'E_INTERNAL'
  | 'E_TIMEOUT'
  | 'E_BAD_RESPONSE'
  | 'E_BAD_CATALOG'
  | 'E_CATALOG_SCHEMA';

export const ERROR_CODES: readonly ErrorCode[] = [
  'E_NOT_FOUND',
  'E_GATED',
  'E_BAD_CONFIG',
  'E_BAD_HEADER',
  'E_BAD_INDEX',
  'E_NETWORK',
  'E_USAGE',
  'E_BAD_MODELS_TS',
  'E_INTERNAL',
  'E_TIMEOUT',
  'E_BAD_RESPONSE',
  'E_BAD_CATALOG',
  'E_CATALOG_SCHEMA',
];

export interface HfmiErrorDetails {
  /** JSON path of the offending field, e.g. "$.num_attention_heads". */
  path?: string;
  /** HTTP status, when the error comes from a response. */
  status?: number;
  /** The request URL (token-free by construction). */
  url?: string;
  cause?: unknown;
}

export class HfmiError extends Error {
  readonly code: ErrorCode;
  readonly path?: string;
  readonly status?: number;
  readonly url?: string;

  constructor(code: ErrorCode, message: string, details: HfmiErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'HfmiError';
    this.code = code;
    if (details.path !== undefined) this.path = details.path;
    if (details.status !== undefined) this.status = details.status;
    if (details.url !== undefined) this.url = details.url;
  }

  /** One line for a CLI: "E_CODE: message". */
  toLine(): string {
    return `${this.code}: ${this.message}`;
  }

  toJSON(): { code: ErrorCode; message: string; path?: string; status?: number; url?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.path !== undefined && { path: this.path }),
      ...(this.status !== undefined && { status: this.status }),
      ...(this.url !== undefined && { url: this.url }),
    };
  }
}

export function isHfmiError(e: unknown): e is HfmiError {
  return e instanceof HfmiError;
}

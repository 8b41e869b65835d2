// Coded errors shared by every JS module. The codes, and their CLI exit codes, are generated from the
// core's table (src/policy/error_codes.hpp -> js/core/generated/error_codes.ts).
// Every message passes one redaction step (./redact.ts): no token or Authorization value survives in
// err.message, err.toLine() or JSON.stringify(err), whatever produced the text.
import { ERROR_CODES, EXIT_CODES, type ErrorCode } from './generated/error_codes.js';
import { redactSecrets } from './redact.js';

export type { ErrorCode };
export { ERROR_CODES, EXIT_CODES };

export interface HfmiErrorDetails {
  /** JSON path of the offending field, e.g. "$.num_attention_heads". */
  path?: string;
  /** HTTP status, when the error comes from a response. */
  status?: number;
  /** The request URL (token-free by construction). */
  url?: string;
  cause?: unknown;
}

/** The cause kept on an error: redacted copies only, so no secret survives in err.cause either. */
function redactedCause(cause: unknown): unknown {
  if (cause instanceof Error) {
    const copy = new Error(redactSecrets(cause.message));
    copy.name = cause.name;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') (copy as Error & { code?: string }).code = code;
    return copy;
  }
  return typeof cause === 'string' ? redactSecrets(cause) : undefined;
}

export class HfmiError extends Error {
  readonly code: ErrorCode;
  readonly path?: string;
  readonly status?: number;
  readonly url?: string;

  constructor(code: ErrorCode, message: string, details: HfmiErrorDetails = {}) {
    super(redactSecrets(message), details.cause === undefined ? undefined : { cause: redactedCause(details.cause) });
    this.name = 'HfmiError';
    this.code = code;
    if (details.path !== undefined) this.path = redactSecrets(details.path);
    if (details.status !== undefined) this.status = details.status;
    if (details.url !== undefined) this.url = redactSecrets(details.url);
  }

  /** The CLI's process exit code for this error (from the core's table). */
  get exitCode(): number {
    return EXIT_CODES[this.code] ?? 1;
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

export { redactSecrets, registerSecret } from './redact.js';

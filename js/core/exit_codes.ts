// The process exit code for each error code: the table the CLI uses and scripts can rely on.
import type { ErrorCode } from './errors.js';

/**
 * Exit code per {@link ErrorCode}, as `import-model` uses them. Codes not listed exit with 1
 * (`E_INTERNAL` among them: a bug, never a user mistake).
 */
export const EXIT_CODES: Readonly<Partial<Record<ErrorCode, number>>> = Object.freeze({
  E_USAGE: 2,
  E_NOT_FOUND: 3,
  E_GATED: 4,
  E_BAD_CONFIG: 5,
  E_BAD_HEADER: 5,
  E_BAD_INDEX: 5,
  E_NETWORK: 6,
  E_TIMEOUT: 6,
  E_BAD_RESPONSE: 6,
  E_BAD_MODELS_TS: 7,
  E_ABORTED: 130,
});

/** The exit code for an error code (1 when the table has none). */
export function exitCodeFor(code: ErrorCode): number {
  return EXIT_CODES[code] ?? 1;
}

// The process exit code for each error code, as `import-model` uses them. The table itself is the core's
// (src/policy/error_codes.hpp), generated into ./generated/error_codes.ts; this module only reads it.
import { EXIT_CODES, type ErrorCode } from './generated/error_codes.js';

export { EXIT_CODES };

/** The exit code for an error code (1, a bug, when the table has none). */
export function exitCodeFor(code: ErrorCode): number {
  return EXIT_CODES[code] ?? 1;
}

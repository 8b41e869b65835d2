// File-system failures as coded errors: E_IO with the path, the OS error and a hint, so E_INTERNAL is
// left for real bugs. Used by every reader and writer of user files, and by the CLI's last resort.
import { HfmiError } from './errors.js';

const HINTS: Record<string, string> = {
  ENOENT: 'the path does not exist (a dangling symlink counts)',
  EACCES: 'permission denied: check the file and folder permissions',
  EPERM: 'operation not permitted: check the file and folder permissions',
  EROFS: 'the file system is read-only',
  EISDIR: 'a directory was given where a file is expected',
  ENOTDIR: 'a file was given where a directory is expected (e.g. --out names an existing file)',
  EEXIST: 'the path already exists',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EBUSY: 'the file is busy',
  EXDEV: 'cross-device link',
  EIO: 'an I/O error from the device',
};

/** The OS error code of a Node file-system error, or undefined. */
export function osErrorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** An E_IO error for a failed file-system operation on `path`. */
export function ioError(path: string, e: unknown, hint?: string, flag?: string): HfmiError {
  const os = osErrorCode(e) ?? 'error';
  const why = hint ?? HINTS[os] ?? (e instanceof Error ? e.message : String(e));
  return new HfmiError('E_IO', `${path}: ${os}: ${why}`, { ...(flag !== undefined && { path: flag }), cause: e });
}

/** Any thrown value as an HfmiError: file-system errors become E_IO, anything else E_INTERNAL (a bug). */
export function toCodedError(e: unknown): HfmiError {
  if (e instanceof HfmiError) return e;
  const os = osErrorCode(e);
  const path = (e as { path?: unknown } | null)?.path;
  const syscall = (e as { syscall?: unknown } | null)?.syscall;
  if (os !== undefined && (os in HINTS || typeof syscall === 'string')) return ioError(typeof path === 'string' ? path : '(file)', e);
  const msg = e instanceof Error ? e.message : String(e);
  return new HfmiError('E_INTERNAL', msg.split('\n')[0] ?? 'internal error', { cause: e });
}

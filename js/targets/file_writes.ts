// Safe writes of a user's file: an exclusive lock, a re-read under the lock, a temp file in the target's
// directory renamed over it (written through symlinks, keeping mode and owner), at most one backup, and
// coded errors (E_IO, E_LOCKED) for every file-system failure.
import { constants } from 'node:fs';
import { access, chmod, chown, copyFile, lstat, mkdir, open, readFile, readdir, realpath, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

import { HfmiError } from '../core/errors.js';
import { ioError, osErrorCode } from '../core/fs_errors.js';
import { LIMITS } from '../core/generated/limits.js';
import { readRegularFile } from './regular_file.js';

// Test hook: lets tests/js/atomic_update.test.mjs kill the process between the temp write and the rename.
async function testPauseBeforeRename(): Promise<void> {
  const ms = Number(process.env.HFMI_TEST_PAUSE_BEFORE_RENAME_MS ?? 0);
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The file a write to `path` must replace: `path` itself, or the final target of a symlink chain (so the
 * link stays a link and its target is updated). A dangling symlink or a non-regular file is E_IO.
 */
export async function writeTarget(path: string, flag?: string): Promise<{ target: string; exists: boolean; mode?: number; uid?: number; gid?: number }> {
  let link;
  try {
    link = await lstat(path);
  } catch (e) {
    if (osErrorCode(e) === 'ENOENT') return { target: path, exists: false };
    throw ioError(path, e, undefined, flag);
  }
  let target = path;
  if (link.isSymbolicLink()) {
    try {
      target = await realpath(path);
    } catch (e) {
      throw ioError(path, e, 'a dangling symlink: its target does not exist', flag);
    }
  }
  const st = await stat(target).catch((e: unknown) => {
    throw ioError(path, e, undefined, flag);
  });
  if (st.isDirectory()) throw ioError(path, { code: 'EISDIR' }, 'names a directory, not a file', flag);
  if (!st.isFile()) throw ioError(path, { code: 'EINVAL' }, 'not a regular file (a FIFO, socket or device)', flag);
  // A file with no write bit is read-only on purpose, even for root (whom access() would let through).
  const readOnly = (st.mode & 0o222) === 0 || !(await access(target, constants.W_OK).then(() => true, () => false));
  if (readOnly) {
    throw ioError(path, { code: 'EACCES' }, `the file is read-only (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}): nothing was written; make it writable or choose another path`, flag);
  }
  return { target, exists: true, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}

/** Writes `text` to `path` atomically: a temp file in the target's directory, flushed, then a rename
 *  over the target (through symlinks), with the original's mode and owner. */
export async function writeFileAtomic(path: string, text: string, flag?: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (e) {
    throw ioError(dirname(path), e, osErrorCode(e) === 'EEXIST' || osErrorCode(e) === 'ENOTDIR' ? 'a parent of the path is an existing file' : undefined, flag);
  }
  const t = await writeTarget(path, flag);
  const tmp = join(dirname(t.target), `.${basename(t.target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, text, { flush: true, mode: t.mode ?? 0o666 });
    if (t.mode !== undefined) await chmod(tmp, t.mode); // the umask must not change the user's mode
    if (t.uid !== undefined && t.gid !== undefined && (t.uid !== process.getuid?.() || t.gid !== process.getgid?.())) {
      await chown(tmp, t.uid, t.gid).catch(() => undefined); // only root may give a file away; best effort
    }
    await testPauseBeforeRename();
    await rename(tmp, t.target);
  } catch (e) {
    await rm(tmp, { force: true });
    if (e instanceof HfmiError) throw e;
    throw ioError(path, e, undefined, flag);
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

const BACKUP = /^(.*)\.bak-\d{8}T\d{6}Z(?:-\d+)?$/;

/**
 * Keeps one backup of `path`: `path.bak-YYYYMMDDTHHMMSSZ`, written only when no existing backup already
 * holds the current content, after which older backups of `path` are removed. With `keep`, every call
 * adds a new timestamped backup (the --keep-backups behaviour). Returns the backup's path.
 */
export async function backupFile(path: string, now = new Date(), keep = false): Promise<string | undefined> {
  if (!(await exists(path))) return undefined;
  const dir = dirname(path);
  const base = basename(path);
  const current = await readFile(path);
  const ours = (await readdir(dir).catch(() => [] as string[])).filter((f) => BACKUP.exec(f)?.[1] === base).sort();
  if (!keep) {
    for (const f of ours) {
      const same = await readFile(join(dir, f)).then((b) => b.equals(current), () => false);
      if (same) {
        for (const old of ours) if (old !== f) await rm(join(dir, old), { force: true });
        return join(dir, f);
      }
    }
  }
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let target = `${path}.bak-${stamp}`;
  for (let i = 1; await exists(target); i++) target = `${path}.bak-${stamp}-${i}`;
  try {
    await copyFile(path, target);
  } catch (e) {
    throw ioError(target, e, 'the backup could not be written (nothing was changed)');
  }
  if (!keep) for (const old of ours) await rm(join(dir, old), { force: true });
  return target;
}

// ------------------------------------------------------------------ the lock

/** How long a second writer waits for the lock before E_LOCKED (HFMI_LOCK_TIMEOUT_MS overrides). */
const DEFAULT_LOCK_WAIT_MS = 120_000;
/** A lock older than this is stale even when its owner cannot be checked (another host). */
const STALE_LOCK_MS = 10 * 60_000;

interface LockInfo {
  pid: number;
  host: string;
  time: number;
  nonce: string;
}

function lockPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return osErrorCode(e) === 'EPERM'; // exists, owned by someone else
  }
}

/** The lock's text when its owner is gone (or it is old and unreadable), else undefined. */
async function staleLock(lock: string): Promise<string | undefined> {
  let text: string;
  let info: LockInfo;
  try {
    const st = await stat(lock);
    text = await readFile(lock, 'utf8');
    try {
      info = JSON.parse(text) as LockInfo;
    } catch {
      // Being written right now, or garbage: stale only once it is old.
      return Date.now() - st.mtimeMs > 5_000 ? text : undefined;
    }
  } catch (e) {
    return osErrorCode(e) === 'ENOENT' ? '' : undefined; // gone already: try again
  }
  if (info.host === hostname() && Number.isInteger(info.pid)) return alive(info.pid) ? undefined : text;
  return Date.now() - Number(info.time) > STALE_LOCK_MS ? text : undefined;
}

/**
 * Runs `body` holding an exclusive lock on `target` (a lock file beside it, created with O_EXCL). A lock
 * whose owner is gone (a killed run) is stale and taken over. A live owner is waited for, bounded, then
 * E_LOCKED.
 */
export async function withFileLock<T>(target: string, body: () => Promise<T>, flag?: string): Promise<T> {
  const lock = lockPathFor(target);
  const waitMs = Number(process.env.HFMI_LOCK_TIMEOUT_MS ?? DEFAULT_LOCK_WAIT_MS);
  const deadline = Date.now() + waitMs;
  const me: LockInfo = { pid: process.pid, host: hostname(), time: Date.now(), nonce: Math.random().toString(36).slice(2) };
  for (let delay = 20; ; delay = Math.min(500, delay * 2)) {
    try {
      const h = await open(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
      try {
        await h.writeFile(JSON.stringify(me));
      } finally {
        await h.close();
      }
      break;
    } catch (e) {
      if (osErrorCode(e) !== 'EEXIST') throw ioError(lock, e, 'the lock file could not be created', flag);
    }
    const stale = await staleLock(lock);
    if (stale !== undefined) {
      // Remove it only if it is still the stale one (another waiter may have taken it over already).
      const now = await readFile(lock, 'utf8').catch(() => undefined);
      if (stale !== '' && now === stale) await unlink(lock).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new HfmiError('E_LOCKED', `${target} is being updated by another run (lock ${lock}); waited ${waitMs} ms: retry when it is done, or remove the lock if no run is active`, {
        ...(flag !== undefined && { path: flag }),
      });
    }
    await sleep(delay + Math.random() * delay);
  }
  try {
    return await body();
  } finally {
    try {
      const held = JSON.parse(await readFile(lock, 'utf8')) as LockInfo;
      if (held.nonce === me.nonce) await unlink(lock);
    } catch {
      // already gone
    }
  }
}

/** Reads a user's file whole, refusing non-regular files and files over the limits table's cap. */
export async function readUserFile(path: string, flag?: string, maxBytes = LIMITS.userFileBytes): Promise<string> {
  return new TextDecoder().decode(await readRegularFile(path, maxBytes, flag, 'userFileBytes'));
}

export interface LockedUpdate {
  before: string;
  after: string;
  changed: boolean;
  backup?: string;
  written: boolean;
}

/**
 * Updates a user's file safely: takes the lock, re-reads the file under it (so a concurrent run's change
 * is never lost), computes the new text from what is there now, and, when it differs, keeps one backup
 * and writes atomically through symlinks. With `dryRun` nothing is written (and no lock is needed).
 */
export async function updateUserFile(
  path: string,
  compute: (before: string, exists: boolean) => Promise<string>,
  options: { dryRun?: boolean; keepBackups?: boolean; backup?: boolean; flag?: string } = {},
): Promise<LockedUpdate> {
  const flag = options.flag;
  const first = await writeTarget(path, flag);
  const run = async (): Promise<LockedUpdate> => {
    const t = await writeTarget(path, flag); // again, under the lock
    const before = t.exists ? await readUserFile(t.target, flag) : '';
    const after = await compute(before, t.exists);
    if (after === before || options.dryRun) return { before, after, changed: after !== before, written: false };
    const backup = options.backup === false || !t.exists ? undefined : await backupFile(path, new Date(), options.keepBackups === true);
    await writeFileAtomic(path, after, flag);
    return { before, after, changed: true, written: true, ...(backup !== undefined && { backup }) };
  };
  if (options.dryRun) return run();
  try {
    await mkdir(dirname(first.target), { recursive: true });
  } catch (e) {
    throw ioError(dirname(first.target), e, undefined, flag);
  }
  return withFileLock(first.target, run, flag);
}

/** Moved to ./diff.ts (one concept per file); re-exported for existing importers. */
export { unifiedDiff } from './diff.js';

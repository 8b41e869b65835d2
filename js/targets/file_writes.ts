// Safe file writes for targets: atomic replace (temp file + rename), timestamped backups, dry-run diffs.
import { copyFile, mkdir, rename, rm, writeFile, access } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Test hook: lets tests/js/atomic_update.test.mjs kill the process between the temp write and the rename.
async function testPauseBeforeRename(): Promise<void> {
  const ms = Number(process.env.HFMI_TEST_PAUSE_BEFORE_RENAME_MS ?? 0);
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

/** Writes `text` to `path` atomically: a temp file in the same directory, fsync'd by writeFile, then rename. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, text, { flush: true });
    await testPauseBeforeRename();
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
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

/** Copies `path` to `path.bak-YYYYMMDDTHHMMSSZ` (if it exists) and returns the backup's path. */
export async function backupFile(path: string, now = new Date()): Promise<string | undefined> {
  if (!(await exists(path))) return undefined;
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let target = `${path}.bak-${stamp}`;
  for (let i = 1; await exists(target); i++) target = `${path}.bak-${stamp}-${i}`;
  await copyFile(path, target);
  return target;
}

/** Moved to ./diff.ts (one concept per file); re-exported for existing importers. */
export { unifiedDiff } from './diff.js';

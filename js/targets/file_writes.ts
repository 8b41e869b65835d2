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

/** A unified diff (line based, LCS) of two texts, with 3 lines of context. */
export function unifiedDiff(before: string, after: string, name = 'file'): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // Trim the common prefix and suffix first: updates touch one region, so the LCS table stays small.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  if (am.length === 0 && bm.length === 0) return '';
  const lcs: number[][] = Array.from({ length: am.length + 1 }, () => new Array<number>(bm.length + 1).fill(0));
  for (let i = am.length - 1; i >= 0; i--)
    for (let j = bm.length - 1; j >= 0; j--)
      lcs[i]![j] = am[i] === bm[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const body: string[] = [];
  let i = 0;
  let j = 0;
  while (i < am.length || j < bm.length) {
    if (i < am.length && j < bm.length && am[i] === bm[j]) {
      body.push(' ' + am[i]);
      i++;
      j++;
    } else if (j < bm.length && (i >= am.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      body.push('+' + bm[j]);
      j++;
    } else {
      body.push('-' + am[i]);
      i++;
    }
  }
  const ctxStart = Math.max(0, pre - 3);
  const before3 = a.slice(ctxStart, pre).map((l) => ' ' + l);
  const after3 = a.slice(a.length - suf, a.length - suf + 3).map((l) => ' ' + l);
  const oldLen = before3.length + am.length + after3.length;
  const newLen = before3.length + bm.length + after3.length;
  return [
    `--- a/${name}`,
    `+++ b/${name}`,
    `@@ -${ctxStart + 1},${oldLen} +${ctxStart + 1},${newLen} @@`,
    ...before3,
    ...body,
    ...after3,
  ].join('\n') + '\n';
}

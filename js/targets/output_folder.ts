// Writes the add-model workflow's output folder (model_config.json, model_architecture.json, ...).
// A folder that already holds files is reported first: which of our files it replaces, and which other
// files stay untouched. --out naming an existing file, or an unwritable folder, is E_IO with a hint.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

import type { FullImportResult } from '../api.js';
import { HfmiError } from '../core/errors.js';
import { ioError, osErrorCode } from '../core/fs_errors.js';
import { writeFileAtomic } from './file_writes.js';

export type OutputSelection = 'spine' | 'all';

export interface OutputFolderPlan {
  /** Our output files that already exist in the folder and will be replaced. */
  replaces: string[];
  /** Other files already in the folder (left alone). */
  others: string[];
}

/** What writing `names` into `dir` would replace; E_IO when `dir` is an existing non-directory. */
export async function planOutputFolder(dir: string, names: readonly string[], flag = '--out'): Promise<OutputFolderPlan> {
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) throw ioError(dir, { code: 'ENOTDIR' }, `${flag} names an existing file, not a folder: choose a folder path`, flag);
  } catch (e) {
    if (osErrorCode(e) === 'ENOENT') return { replaces: [], others: [] };
    if (e instanceof HfmiError) throw e;
    throw ioError(dir, e, undefined, flag);
  }
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (e) {
    throw ioError(dir, e, undefined, flag);
  }
  const ours = new Set(names);
  return { replaces: entries.filter((e) => ours.has(e)).sort(), others: entries.filter((e) => !ours.has(e)).sort() };
}

/** One line about a non-empty folder, or undefined for an empty/new one. */
export function describePlan(dir: string, plan: OutputFolderPlan, dryRun: boolean): string | undefined {
  if (plan.replaces.length === 0 && plan.others.length === 0) return undefined;
  const verb = dryRun ? 'would replace' : 'replacing';
  const replaced = plan.replaces.length > 0 ? `${verb} ${plan.replaces.join(', ')}` : `${dryRun ? 'would replace' : 'replacing'} nothing`;
  const others = plan.others.length > 0 ? `; ${plan.others.length} other file(s) left untouched (${plan.others.slice(0, 5).join(', ')}${plan.others.length > 5 ? ', ...' : ''})` : '';
  return `${dir} is not empty: ${replaced}${others}`;
}

/** Writes the result's output files into `dir` and returns the paths written. */
export async function writeOutputFolder(dir: string, result: FullImportResult): Promise<string[]> {
  await planOutputFolder(dir, Object.keys(result.outputs));
  const written: string[] = [];
  for (const [name, text] of Object.entries(result.outputs)) {
    const path = join(dir, name);
    await writeFileAtomic(path, text, '--out');
    written.push(path);
  }
  return written;
}

/** Writes one Definition JSON skeleton per missing definition name into `dir`. */
export async function writeDefinitionSkeletons(dir: string, result: FullImportResult): Promise<string[]> {
  await planOutputFolder(dir, [], '--emit-definitions');
  const written: string[] = [];
  for (const [name, skeleton] of Object.entries(result.definitionSkeletons)) {
    const path = join(dir, `${name}.json`);
    await writeFileAtomic(path, JSON.stringify(skeleton, null, 2) + '\n', '--emit-definitions');
    written.push(path);
  }
  return written;
}

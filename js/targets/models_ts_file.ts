// Updates a FlashInfer-Bench models.ts on disk: backup first, then an atomic write; dry-run prints a diff.
import { basename } from 'node:path';

import type { Api, ImportResult } from '../api.js';
import { HfmiError } from '../core/errors.js';
import { exists, unifiedDiff, updateUserFile } from './file_writes.js';

/**
 * Type-checks the updated file against the `Model` type with the TypeScript compiler API before anything
 * is written. `typescript` is an optional peer dependency: without it the check is skipped with a warning.
 */
async function assertTypeChecks(text: string, path: string, original?: string): Promise<void> {
  let check: typeof import('./ts_check.js') | undefined;
  try {
    check = await import('./ts_check.js');
  } catch {
    process.stderr.write('warning: typescript is not installed; the updated models.ts was not type-checked\n');
    return;
  }
  // Only what the update introduces counts: the file's own problems and imports are the user's.
  const result = check.typeCheckModelsTs(text, original === undefined ? {} : { original });
  if (result.warning !== undefined) process.stderr.write(`warning: ${result.warning}\n`);
  if (!result.ok) {
    throw new HfmiError(
      'E_BAD_MODELS_TS',
      `the updated ${basename(path)} would not type-check (nothing written): ${result.diagnostics.slice(0, 3).join('; ')}`,
      { path: '--models-ts' },
    );
  }
}

export interface ModelsTsUpdateOutcome {
  action: 'inserted' | 'replaced';
  /** On replace: the curated fields kept from the existing entry. */
  kept: { field: string; value: string }[];
  backup?: string;
  diff: string;
  written: boolean;
}

export async function updateModelsTsFile(
  api: Api,
  path: string,
  result: ImportResult,
  entry: { id: string; name: string; description?: string },
  options: { replace: boolean; dryRun: boolean; keepBackups?: boolean; keepName?: boolean; keepDescription?: boolean },
): Promise<ModelsTsUpdateOutcome> {
  if (!(await exists(path))) {
    throw new HfmiError('E_USAGE', `--models-ts ${path}: file not found`, { path: '--models-ts' });
  }
  // Under the file's lock: re-read, update, type-check, one backup, atomic write through symlinks.
  let action: ModelsTsUpdateOutcome['action'] = 'inserted';
  let kept: ModelsTsUpdateOutcome['kept'] = [];
  const outcome = await updateUserFile(
    path,
    async (before) => {
      const r = await api.updateModelsTs(before, { ...entry, moduleTree: result.moduleTree }, {
        replace: options.replace,
        ...(options.keepName && { keepName: true }),
        ...(options.keepDescription && { keepDescription: true }),
      });
      await assertTypeChecks(r.text, path, before);
      action = r.action;
      kept = r.kept;
      return r.text;
    },
    { dryRun: options.dryRun, keepBackups: options.keepBackups === true, flag: '--models-ts' },
  );
  const diff = unifiedDiff(outcome.before, outcome.after, basename(path));
  return { action, kept, diff, written: outcome.written, ...(outcome.backup !== undefined && { backup: outcome.backup }) };
}

/**
 * Several entries (a batch) in one atomic write: each entry goes through the core's updater in turn
 * (each is checked; the first refusal aborts with nothing written), the result is type-checked once.
 */
export async function updateModelsTsFileMany(
  api: Api,
  path: string,
  items: Array<{ entry: { id: string; name: string; description?: string }; moduleTree: ImportResult['moduleTree'] }>,
  options: { replace: boolean; dryRun: boolean },
): Promise<{ actions: Array<'inserted' | 'replaced'>; backup?: string; diff: string; written: boolean }> {
  if (!(await exists(path))) {
    throw new HfmiError('E_USAGE', `--models-ts ${path}: file not found`, { path: '--models-ts' });
  }
  const before = await readFile(path, 'utf8');
  let text = before;
  const actions: Array<'inserted' | 'replaced'> = [];
  for (const item of items) {
    const r = await api.updateModelsTs(text, { ...item.entry, moduleTree: item.moduleTree }, { replace: options.replace });
    text = r.text;
    actions.push(r.action);
  }
  await assertTypeChecks(text, path);
  const diff = unifiedDiff(before, text, basename(path));
  if (options.dryRun) return { actions, diff, written: false };
  const backup = await backupFile(path);
  await writeFileAtomic(path, text);
  return { actions, diff, written: true, ...(backup !== undefined && { backup }) };
}

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

/** One entry to write: its fields and the module tree its `Model` literal is built from. */
export interface ModelsTsItem {
  entry: { id: string; name: string; description?: string };
  moduleTree: ImportResult['moduleTree'];
}

export interface ModelsTsEntryOutcome {
  id: string;
  action: 'inserted' | 'replaced';
  /** On replace: the curated fields kept from the existing entry. */
  kept: { field: string; value: string }[];
}

export interface ModelsTsUpdateOutcome {
  /** One per item, in the order given. */
  entries: ModelsTsEntryOutcome[];
  backup?: string;
  diff: string;
  written: boolean;
}

/**
 * Inserts (or replaces) each item's entry, one model or a batch alike: under the file's lock it re-reads
 * the file, runs every entry through the core's updater in turn (the first refusal aborts with nothing
 * written), type-checks the result once, keeps one backup and writes atomically through symlinks.
 */
export async function updateModelsTsFile(
  api: Api,
  path: string,
  items: readonly ModelsTsItem[],
  options: { replace: boolean; dryRun: boolean; keepBackups?: boolean; keepName?: boolean; keepDescription?: boolean },
): Promise<ModelsTsUpdateOutcome> {
  if (!(await exists(path))) {
    throw new HfmiError('E_USAGE', `--models-ts ${path}: file not found`, { path: '--models-ts' });
  }
  let entries: ModelsTsEntryOutcome[] = [];
  const outcome = await updateUserFile(
    path,
    async (before) => {
      entries = [];
      let text = before;
      for (const item of items) {
        const r = await api.updateModelsTs(text, { ...item.entry, moduleTree: item.moduleTree }, {
          replace: options.replace,
          ...(options.keepName && { keepName: true }),
          ...(options.keepDescription && { keepDescription: true }),
        });
        entries.push({ id: item.entry.id, action: r.action, kept: r.kept });
        text = r.text;
      }
      await assertTypeChecks(text, path, before);
      return text;
    },
    { dryRun: options.dryRun, keepBackups: options.keepBackups === true, flag: '--models-ts' },
  );
  const diff = unifiedDiff(outcome.before, outcome.after, basename(path));
  return { entries, diff, written: outcome.written, ...(outcome.backup !== undefined && { backup: outcome.backup }) };
}

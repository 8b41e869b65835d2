// Updates a FlashInfer-Bench models.ts on disk: backup first, then an atomic write; dry-run prints a diff.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

import type { Api, ImportResult } from '../api.js';
import { HfmiError } from '../core/errors.js';
import { backupFile, exists, unifiedDiff, writeFileAtomic } from './file_writes.js';

export interface ModelsTsUpdateOutcome {
  action: 'inserted' | 'replaced';
  backup?: string;
  diff: string;
  written: boolean;
}

export async function updateModelsTsFile(
  api: Api,
  path: string,
  result: ImportResult,
  entry: { id: string; name: string; description?: string },
  options: { replace: boolean; dryRun: boolean },
): Promise<ModelsTsUpdateOutcome> {
  if (!(await exists(path))) {
    throw new HfmiError('E_USAGE', `--models-ts ${path}: file not found`, { path: '--models-ts' });
  }
  const before = await readFile(path, 'utf8');
  const { text, action } = await api.updateModelsTs(before, { ...entry, moduleTree: result.moduleTree }, {
    replace: options.replace,
  });
  const diff = unifiedDiff(before, text, basename(path));
  if (options.dryRun) return { action, diff, written: false };
  const backup = await backupFile(path);
  await writeFileAtomic(path, text);
  return { action, diff, written: true, ...(backup !== undefined && { backup }) };
}

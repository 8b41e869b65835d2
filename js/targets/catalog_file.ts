// Updates a models.json calculator catalogue on disk (the core does the merge; this file does the I/O).
import { updateCatalog } from '../index.node.js';
import { updateUserFile } from './file_writes.js';

export interface CatalogOutcome {
  action: 'inserted' | 'replaced';
  before: string;
  after: string;
  backup?: string;
}

export async function updateCatalogFile(
  path: string,
  entry: Record<string, unknown>,
  options: { replace: boolean; dryRun: boolean; keepBackups?: boolean },
): Promise<CatalogOutcome> {
  // Under the file's lock: re-read, merge, one backup, atomic write through symlinks.
  let action: CatalogOutcome['action'] = 'inserted';
  const outcome = await updateUserFile(
    path,
    async (before) => {
      const r = await updateCatalog(before, entry, { replace: options.replace });
      action = r.action;
      return r.text;
    },
    { dryRun: options.dryRun, keepBackups: options.keepBackups === true, flag: '--catalog' },
  );
  return { action, before: outcome.before, after: outcome.after, ...(outcome.backup !== undefined && { backup: outcome.backup }) };
}

/** Several entries (a batch) merged in turn, each checked by the core, then one atomic write. */
export async function updateCatalogFileMany(
  path: string,
  entries: Array<Record<string, unknown>>,
  options: { replace: boolean; dryRun: boolean },
): Promise<{ actions: Array<'inserted' | 'replaced'>; before: string; after: string; backup?: string }> {
  const before = (await exists(path)) ? await readFile(path, 'utf8') : '';
  let text = before;
  const actions: Array<'inserted' | 'replaced'> = [];
  for (const entry of entries) {
    const r = await updateCatalog(text, entry, { replace: options.replace });
    text = r.text;
    actions.push(r.action);
  }
  if (options.dryRun) return { actions, before, after: text };
  const backup = await backupFile(path);
  await writeFileAtomic(path, text);
  return { actions, before, after: text, ...(backup !== undefined && { backup }) };
}

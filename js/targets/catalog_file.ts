// Updates an llm-sizer models.json catalogue on disk. The core does the merge (byte-preserving, checked
// against the catalogue's schema and the project's validator rules, linear in the file size); this file
// reads the bytes, backs up and writes. The text is decoded only for a dry-run diff.
import { readFile } from 'node:fs/promises';

import type { CatalogIssue } from '../core/core_types.js';
import { HfmiError } from '../core/errors.js';
import { updateCatalog } from '../index.node.js';
import { backupFile, exists, writeFileAtomic } from './file_writes.js';

export interface CatalogOutcome {
  action: 'inserted' | 'replaced';
  /** The id written (a replace matched by hf_model_id keeps the existing entry's id). */
  id: string;
  /** The file's text before and after (dry runs only, for the diff). */
  before?: string;
  after?: string;
  backup?: string;
  /** Fields kept from the replaced entry (curated name, ...). */
  kept: string[];
  /** Warnings; with force, also the schema/rule errors that were overridden. */
  issues: CatalogIssue[];
}

export interface CatalogFileOptions {
  replace: boolean;
  dryRun: boolean;
  /** Write even when the entry breaks the schema or the rules (the violations come back as issues). */
  force?: boolean;
  /** On replace, keep the existing entry's name (false when the user gave --name). */
  keepName?: boolean;
  /** A schema file replacing the bundled llm-sizer schema. */
  schemaPath?: string;
}

export async function updateCatalogFile(
  path: string,
  entry: Record<string, unknown>,
  options: CatalogFileOptions,
): Promise<CatalogOutcome> {
  let schema: string | undefined;
  if (options.schemaPath !== undefined) {
    try {
      schema = await readFile(options.schemaPath, 'utf8');
    } catch {
      throw new HfmiError('E_USAGE', `--catalog-schema: cannot read ${options.schemaPath}`, { path: '--catalog-schema' });
    }
  }
  const before = (await exists(path)) ? new Uint8Array(await readFile(path)) : new Uint8Array();
  const result = await updateCatalog(before, entry, {
    replace: options.replace,
    force: options.force ?? false,
    keepName: options.keepName ?? true,
    ...(schema !== undefined && { schema }),
  });
  const outcome = { action: result.action, id: result.id, kept: result.kept, issues: result.issues };
  if (options.dryRun) return { ...outcome, before: new TextDecoder().decode(before), after: result.text };
  const backup = await backupFile(path);
  await writeFileAtomic(path, result.text);
  return { ...outcome, ...(backup !== undefined && { backup }) };
}

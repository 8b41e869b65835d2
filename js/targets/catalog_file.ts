// Updates an llm-sizer models.json catalogue on disk. The core does the merge (byte-preserving, checked
// against the catalogue's schema and the project's validator rules, linear in the file size); this file
// does the I/O, through ONE path for one model and for a batch: under the file's lock it re-reads the
// catalogue, merges every entry in turn (the first refusal aborts with nothing written), keeps one backup
// and writes atomically through symlinks (updateUserFile).
import type { CatalogIssue } from '../core/core_types.js';
import { HfmiError } from '../core/errors.js';
import { LIMITS } from '../core/generated/limits.js';
import { updateCatalog } from '../index.node.js';
import { updateUserFile } from './file_writes.js';
import { readRegularFile } from './regular_file.js';

export interface CatalogEntryOutcome {
  action: 'inserted' | 'replaced';
  /** The id written (a replace matched by hf_model_id keeps the existing entry's id). */
  id: string;
  /** Fields kept from the replaced entry (curated name, ...). */
  kept: string[];
  /** Warnings; with force, also the schema/rule errors that were overridden. */
  issues: CatalogIssue[];
}

export interface CatalogOutcome {
  /** One per entry, in the order given. */
  entries: CatalogEntryOutcome[];
  /** The file's text before and after (for the diff). */
  before: string;
  after: string;
  backup?: string;
  written: boolean;
}

export interface CatalogFileOptions {
  replace: boolean;
  dryRun: boolean;
  /** Write even when an entry breaks the schema or the rules (the violations come back as issues). */
  force?: boolean;
  /** On replace, keep the existing entry's name (false when the user gave --name). */
  keepName?: boolean;
  /** A schema file replacing the bundled llm-sizer schema. */
  schemaPath?: string;
  keepBackups?: boolean;
}

async function readSchema(path: string): Promise<string> {
  try {
    return new TextDecoder().decode(await readRegularFile(path, LIMITS.userFileBytes, '--catalog-schema', 'userFileBytes'));
  } catch (e) {
    if (e instanceof HfmiError) throw e;
    throw new HfmiError('E_USAGE', `--catalog-schema: cannot read ${path}`, { path: '--catalog-schema' });
  }
}

/** Inserts (or replaces) each entry; one read, one atomic write. */
export async function updateCatalogFile(
  path: string,
  entries: ReadonlyArray<Record<string, unknown>>,
  options: CatalogFileOptions,
): Promise<CatalogOutcome> {
  const schema = options.schemaPath === undefined ? undefined : await readSchema(options.schemaPath);
  let results: CatalogEntryOutcome[] = [];
  const outcome = await updateUserFile(
    path,
    async (before) => {
      results = [];
      let text = before;
      for (const entry of entries) {
        const r = await updateCatalog(text, entry, {
          replace: options.replace,
          force: options.force ?? false,
          keepName: options.keepName ?? true,
          ...(schema !== undefined && { schema }),
        });
        results.push({ action: r.action, id: r.id, kept: r.kept, issues: r.issues });
        text = r.text;
      }
      return text;
    },
    { dryRun: options.dryRun, keepBackups: options.keepBackups === true, flag: '--catalog' },
  );
  return {
    entries: results,
    before: outcome.before,
    after: outcome.after,
    written: outcome.written,
    ...(outcome.backup !== undefined && { backup: outcome.backup }),
  };
}

// Updates FlashInfer-Bench's docs/model_coverage.mdx on disk with one model's section and Summary row:
// byte-preserving (the core edits only those), backup first, then an atomic write; dry-run prints a diff.
// Statuses come from the live dataset tree (flashinfer-ai/flashinfer-trace) when it can be read, else
// from the bundled snapshot; the outcome says which.
import { basename } from 'node:path';

import type { Api, CoverageRequest } from '../api.js';
import { HfmiError } from '../core/errors.js';
import type { CoverageSource } from '../hub/coverage_source.js';
import { exists, unifiedDiff, updateUserFile } from './file_writes.js';

export { coverageSource, type CoverageSource } from '../hub/coverage_source.js';

export interface CoverageUpdateOutcome {
  action: 'inserted' | 'replaced';
  source: CoverageSource['source'];
  reason?: string;
  backup?: string;
  diff: string;
  written: boolean;
}

export async function updateCoverageFile(
  api: Api,
  path: string,
  /** The analysed model's model_config.json (ImportResult.outputs['model_config.json']). */
  configText: string,
  request: Omit<CoverageRequest, 'definitions' | 'workloads'>,
  source: CoverageSource,
  options: { dryRun: boolean; keepBackups?: boolean },
): Promise<CoverageUpdateOutcome> {
  if (!(await exists(path))) {
    throw new HfmiError('E_USAGE', `--coverage ${path}: file not found`, { path: '--coverage' });
  }
  // Under the file's lock: re-read, update, one backup, atomic write through symlinks (as models.ts).
  let action: CoverageUpdateOutcome['action'] = 'inserted';
  const outcome = await updateUserFile(
    path,
    async (before) => {
      const r = await api.updateCoverage(configText, before, {
        ...request,
        ...(source.definitions !== undefined && { definitions: source.definitions }),
        ...(source.workloads !== undefined && { workloads: source.workloads }),
      });
      if (r.action === 'none') throw new HfmiError('E_INTERNAL', 'the coverage update returned no text');
      action = r.action;
      return r.text;
    },
    { dryRun: options.dryRun, keepBackups: options.keepBackups === true, flag: '--coverage' },
  );
  const diff = unifiedDiff(outcome.before, outcome.after, basename(path));
  return {
    action,
    source: source.source,
    ...(source.reason !== undefined && { reason: source.reason }),
    diff,
    written: outcome.written,
    ...(outcome.backup !== undefined && { backup: outcome.backup }),
  };
}

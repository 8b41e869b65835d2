// Writes a Mantile perf-model config and its gap reports.
//   --perf-config FILE      the config at FILE;
//   --perf-config-dir DIR   the config at DIR/{org}_{Name}.json (Mantile's backend/data/model_configs/).
// Gap reports go to model_builder/gaps/ under the Mantile checkout: the folder three levels above DIR
// when DIR ends in backend/data/model_configs, else beside the config. The gaps README's table gets a
// row per report (created when missing, updated in place when present).
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

import type { FullImportResult } from '../api.js';
import { updateGapsReadme } from '../index.node.js';
import { exists, writeFileAtomic } from './file_writes.js';

const MANTILE_CONFIG_DIR = ['backend', 'data', 'model_configs'];

/** The Mantile checkout a config folder belongs to (or the folder itself). */
export function mantileRoot(configDir: string): string {
  const parts = resolve(configDir).split(sep);
  const tail = parts.slice(-MANTILE_CONFIG_DIR.length);
  if (tail.join('/') === MANTILE_CONFIG_DIR.join('/')) return parts.slice(0, -MANTILE_CONFIG_DIR.length).join(sep) || sep;
  return resolve(configDir);
}

export interface PerfConfigOutcome {
  /** Every file written (or, with dryRun, that would be written). */
  files: string[];
}

export async function writePerfConfig(
  result: FullImportResult,
  target: { file?: string; dir?: string },
  options: { dryRun: boolean },
): Promise<PerfConfigOutcome> {
  const modelId = String(result.perfModelConfig.model_id);
  const file = target.file ?? join(target.dir ?? '.', `${modelId}.json`);
  const root = mantileRoot(dirname(file));
  const files = [file];
  const writes: [string, string][] = [[file, JSON.stringify(result.perfModelConfig, null, 2) + '\n']];
  if (result.perfGapReports.length > 0) {
    for (const report of result.perfGapReports) writes.push([join(root, report.path), report.markdown]);
    const readmePath = join(root, 'model_builder', 'gaps', 'README.md');
    const readme = (await exists(readmePath)) ? await readFile(readmePath, 'utf8') : '';
    writes.push([readmePath, await updateGapsReadme(readme, result.perfGapReports, String(result.perfModelConfig.hf_model_id))]);
  }
  for (const [path] of writes.slice(1)) files.push(path);
  if (!options.dryRun) for (const [path, text] of writes) await writeFileAtomic(path, text);
  return { files };
}

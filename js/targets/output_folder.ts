// Writes the add-model workflow's output folder (model_config.json, model_architecture.json, ...).
import { join } from 'node:path';

import type { ImportResult } from '../api.js';
import { writeFileAtomic } from './file_writes.js';

export type OutputSelection = 'spine' | 'all';

/** Writes the result's output files into `dir` and returns the paths written. */
export async function writeOutputFolder(dir: string, result: ImportResult): Promise<string[]> {
  const written: string[] = [];
  for (const [name, text] of Object.entries(result.outputs)) {
    const path = join(dir, name);
    await writeFileAtomic(path, text);
    written.push(path);
  }
  return written;
}

/** Writes one Definition JSON skeleton per missing definition name into `dir`. */
export async function writeDefinitionSkeletons(dir: string, result: ImportResult): Promise<string[]> {
  const written: string[] = [];
  for (const [name, skeleton] of Object.entries(result.definitionSkeletons)) {
    const path = join(dir, `${name}.json`);
    await writeFileAtomic(path, JSON.stringify(skeleton, null, 2) + '\n');
    written.push(path);
  }
  return written;
}

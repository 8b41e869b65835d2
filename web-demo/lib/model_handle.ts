// Fetch once, analyse many times: the package's fetchModel keeps a model's fetched bytes (config and
// header bytes), so a change of TP, EP, page sizes, entry fields or context length re-runs the core with
// no request.
import type { AnalysisOptions, ImportOptions, ImportResult } from 'hf-model-import';

import type { HfModelImport } from './package_loader';

export interface ModelHandle {
  modelId: string;
  /** The first analysis (from the import itself). */
  first: ImportResult;
  /** Re-runs the analysis on the kept bytes: no network. */
  analyze(options: AnalysisOptions): Promise<ImportResult>;
}

export async function fetchModelHandle(pkg: HfModelImport, ref: string, options: ImportOptions): Promise<ModelHandle> {
  const handle = await pkg.fetchModel(ref, options);
  const first = await handle.analyze(options);
  return {
    modelId: first.modelId,
    first,
    analyze: (o) => handle.analyze({ ...(options.definitions && { definitions: options.definitions }), ...o }),
  };
}

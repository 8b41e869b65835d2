// Fetch once, analyse many times: the package's fetchModel keeps a model's fetched bytes (config and
// header bytes), so a change of TP, EP, page sizes, entry fields or context length re-runs the core with
// no request.
import type { AnalysisOptions, ImportOptions, FullImportResult } from 'hf-model-import';

import type { HfModelImport } from './package_loader';

export interface ModelHandle {
  modelId: string;
  /** The first analysis (from the import itself). */
  first: FullImportResult;
  /** Re-runs the analysis on the kept bytes: no network. */
  analyze(options: AnalysisOptions): Promise<FullImportResult>;
}

// The page shows every output, so each analysis makes the tool outputs (the fetch then loads the full import
// module from the start).
export async function fetchModelHandle(pkg: HfModelImport, ref: string, options: ImportOptions): Promise<ModelHandle> {
  const handle = await pkg.fetchModel(ref, { ...options, toolOutputs: true });
  const first = await handle.analyze({ ...options, toolOutputs: true });
  return {
    modelId: first.modelId,
    first,
    analyze: (o) => handle.analyze({ ...(options.definitions && { definitions: options.definitions }), ...o, toolOutputs: true }),
  };
}

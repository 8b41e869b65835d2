// Fetch once, analyse many times: a model's fetched files (config and header bytes) kept in memory, so
// a change of TP, EP, page sizes, entry fields or context length re-runs the core with no request.
//
// MERGE NOTE: this is the one place to swap for the package's fetchModel(ref, opts) -> handle with
// handle.analyze(opts). Until then it is built on importModel's onFetchedFiles and analyzeFiles.
import type { AnalysisOptions, ImportOptions, ImportResult, LocalFiles } from 'hf-model-import';

import type { HfModelImport } from './package_loader';

export interface ModelHandle {
  modelId: string;
  /** The first analysis (from the import itself). */
  first: ImportResult;
  /** Re-runs the analysis on the kept files: no network. */
  analyze(options: AnalysisOptions): Promise<ImportResult>;
}

export async function fetchModelHandle(pkg: HfModelImport, ref: string, options: ImportOptions): Promise<ModelHandle> {
  let files: LocalFiles | undefined;
  const first = await pkg.importModel(ref, { ...options, onFetchedFiles: (f) => (files = f) });
  const kept = files;
  return {
    modelId: first.modelId,
    first,
    async analyze(o) {
      if (kept === undefined) throw new Error('no fetched files to re-analyse');
      const r = await pkg.analyzeFiles(kept, { ...(options.definitions && { definitions: options.definitions }), ...o });
      // What the fetch found stays true of the re-analysis.
      return { ...r, revision: first.revision, ...(first.sha !== undefined && { sha: first.sha }), shardSource: first.shardSource, stats: first.stats };
    },
  };
}

// Where model_coverage.mdx's statuses come from: the Definitions and workloads the dataset
// flashinfer-ai/flashinfer-trace lists on the endpoint, else the snapshot bundled with the package, with the
// reason. One rule for the CLI's --coverage and the web page's "Apply" (browser-safe: fetch only).
import { HfmiError } from '../core/errors.js';
import { fetchDatasetDefinitions, type DatasetTreeOptions } from './dataset_tree.js';

export interface CoverageSource {
  /** "dataset" (live tree) or "bundled" (the snapshot shipped with the package). */
  source: 'dataset' | 'bundled';
  /** Why the bundled snapshot was used, when it was. */
  reason?: string;
  definitions?: string[];
  workloads?: string[];
}

/** Reads the dataset tree; on any failure falls back to the bundled snapshot and says why. */
export async function coverageSource(options: DatasetTreeOptions & { offline?: boolean }): Promise<CoverageSource> {
  if (options.offline) return { source: 'bundled', reason: 'offline' };
  try {
    const d = await fetchDatasetDefinitions(options);
    if (d.definitions.length === 0) return { source: 'bundled', reason: `${d.datasetId} lists no Definitions` };
    return { source: 'dataset', definitions: d.definitions, workloads: d.workloads };
  } catch (e) {
    const why = e instanceof HfmiError ? `${e.code}: ${e.message}` : String(e);
    return { source: 'bundled', reason: why };
  }
}


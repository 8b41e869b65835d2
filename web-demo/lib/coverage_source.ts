// Where model_coverage.mdx's statuses come from, as in the CLI's --coverage: the Definitions and workloads
// listed by the dataset flashinfer-ai/flashinfer-trace on the import's endpoint (the package's
// fetchDatasetDefinitions), else the snapshot bundled with the package, with the reason. One look-up per
// endpoint per page session.
import type { HfModelImport } from './package_loader';

export interface CoverageSource {
  /** "dataset": read from the endpoint's dataset tree; "bundled": the package's snapshot. */
  source: 'dataset' | 'bundled';
  /** Why the bundled snapshot was used. */
  reason?: string;
  definitions?: string[];
  workloads?: string[];
}

const byEndpoint = new Map<string, Promise<CoverageSource>>();

async function read(pkg: HfModelImport, endpoint: string): Promise<CoverageSource> {
  try {
    const d = await pkg.fetchDatasetDefinitions({ endpoint });
    if (d.definitions.length === 0) return { source: 'bundled', reason: `${d.datasetId} lists no Definitions` };
    return { source: 'dataset', definitions: d.definitions, workloads: d.workloads };
  } catch (e) {
    const code = typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? `${(e as { code: string }).code}: ` : '';
    return { source: 'bundled', reason: `${code}${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The statuses' source for an import from `endpoint` (undefined: local files, so the bundled snapshot). */
export function coverageSource(pkg: HfModelImport, endpoint: string | undefined): Promise<CoverageSource> {
  if (endpoint === undefined) return Promise.resolve({ source: 'bundled', reason: 'local files: no Hub was asked' });
  let p = byEndpoint.get(endpoint);
  if (!p) {
    p = read(pkg, endpoint);
    byEndpoint.set(endpoint, p);
    // A failed look-up is not remembered: the next Apply asks again.
    void p.then((s) => s.source === 'bundled' && byEndpoint.delete(endpoint));
  }
  return p;
}

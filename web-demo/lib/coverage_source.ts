// Where model_coverage.mdx's statuses come from: the package's coverageSource (the same rule as the CLI's
// --coverage), asked once per endpoint per page session.
import type { CoverageSource } from 'hf-model-import';

import type { HfModelImport } from './package_loader';

export type { CoverageSource } from 'hf-model-import';

const byEndpoint = new Map<string, Promise<CoverageSource>>();

/** The statuses' source for an import from `endpoint` (undefined: local files, so the bundled snapshot). */
export function coverageSource(pkg: HfModelImport, endpoint: string | undefined): Promise<CoverageSource> {
  if (endpoint === undefined) return Promise.resolve({ source: 'bundled', reason: 'local files: no Hub was asked' });
  let p = byEndpoint.get(endpoint);
  if (!p) {
    p = pkg.coverageSource({ endpoint });
    byEndpoint.set(endpoint, p);
    // A failed look-up is not remembered: the next Apply asks again.
    void p.then((s) => s.source === 'bundled' && byEndpoint.delete(endpoint));
  }
  return p;
}

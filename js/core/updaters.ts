// The byte-preserving file updaters (models.ts, model_coverage.mdx, a models.json catalogue, the Mantile gaps
// README): each a function of its own over the updaters' module loader, so a browser bundle that never calls one
// leaves it out (the entry points bind each to their loader; an import needs none of them).
import type { CoreApi } from './api_types.js';
import type { CatalogUpdateResult } from './core_types.js';
import { unwrap } from './core_session.js';
import type { RawTargetsModule } from './targets_module.js';

/** The updaters of {@link CoreApi}. */
export type UpdaterApi = Pick<CoreApi, 'updateModelsTs' | 'updateCoverage' | 'updateCatalog' | 'updateGapsReadme'>;

const textDecoder = new TextDecoder();

export async function updateModelsTsWith(
  loadTargets: () => Promise<RawTargetsModule>,
  ...[fileText, entry, options = {}]: Parameters<UpdaterApi['updateModelsTs']>
): ReturnType<UpdaterApi['updateModelsTs']> {
  const core = await loadTargets();
  const entryJson = JSON.stringify({
    id: entry.id,
    name: entry.name,
    description: entry.description ?? '',
    modules: entry.moduleTree.modules,
    ...(options.keepName && { keep_name: true }),
    ...(options.keepDescription && { keep_description: true }),
  });
  const r = unwrap<{ text: string; action: 'inserted' | 'replaced'; kept?: { field: string; value: string }[] }>(
    core.updateModelsTs(fileText, entryJson, options.replace ?? false),
  );
  return { text: r.text, action: r.action, kept: r.kept ?? [] };
}

export async function updateCoverageWith(
  loadTargets: () => Promise<RawTargetsModule>,
  ...[configText, fileText, request]: Parameters<UpdaterApi['updateCoverage']>
): ReturnType<UpdaterApi['updateCoverage']> {
  const core = await loadTargets();
  const r = unwrap<{ text: string; action: 'inserted' | 'replaced' | 'none'; section: string; summary_row: string }>(
    core.updateCoverage(
      configText,
      fileText,
      JSON.stringify({
        display_name: request.displayName,
        ...(request.tp !== undefined && { tp: request.tp }),
        ...(request.ep !== undefined && { ep: request.ep }),
        ...(request.pageSizes !== undefined && { page_sizes: request.pageSizes }),
        ...(request.gemmTp !== undefined && { gemm_tp: request.gemmTp }),
        replace: request.replace ?? false,
        ...(request.definitions !== undefined && { definitions: request.definitions }),
        ...(request.workloads !== undefined && { workloads: request.workloads }),
      }),
    ),
  );
  return { text: r.text, action: r.action, section: r.section, summaryRow: r.summary_row };
}

export async function updateCatalogWith(
  loadTargets: () => Promise<RawTargetsModule>,
  ...[catalogText, entry, options = {}]: Parameters<UpdaterApi['updateCatalog']>
): ReturnType<UpdaterApi['updateCatalog']> {
  const core = await loadTargets();
  const coreOptions = {
    replace: options.replace ?? false,
    force: options.force ?? false,
    keep_name: options.keepName ?? true,
    ...(options.schema !== undefined && { schema: options.schema }),
  };
  const input = typeof catalogText === 'string' ? new TextEncoder().encode(catalogText) : catalogText;
  // Only the splice crosses the boundary: the catalogue's bytes are rebuilt here around it.
  const r = unwrap<{ splice_begin: number; splice_end: number; replacement: string } & Omit<CatalogUpdateResult, 'text' | 'bytes'>>(
    core.updateCatalog(input, JSON.stringify(entry), JSON.stringify(coreOptions)),
  );
  const replacement = new TextEncoder().encode(r.replacement);
  const bytes = new Uint8Array(input.length - (r.splice_end - r.splice_begin) + replacement.length);
  bytes.set(input.subarray(0, r.splice_begin), 0);
  bytes.set(replacement, r.splice_begin);
  bytes.set(input.subarray(r.splice_end), r.splice_begin + replacement.length);
  let text: string | undefined;
  return {
    action: r.action,
    id: r.id,
    kept: r.kept,
    issues: r.issues,
    bytes,
    get text() {
      return (text ??= textDecoder.decode(bytes));
    },
  };
}

export async function updateGapsReadmeWith(
  loadTargets: () => Promise<RawTargetsModule>,
  ...[readme, reports, hfModelId]: Parameters<UpdaterApi['updateGapsReadme']>
): ReturnType<UpdaterApi['updateGapsReadme']> {
  const core = await loadTargets();
  return unwrap<{ text: string }>(core.updateGapsReadme(readme, JSON.stringify(reports), hfModelId)).text;
}

/** Every updater bound to one loader (the Node and single-file entry points, whose one module carries them). */
export function bindUpdaters(loadTargets: () => Promise<RawTargetsModule>): UpdaterApi {
  return {
    updateModelsTs: (...args) => updateModelsTsWith(loadTargets, ...args),
    updateCoverage: (...args) => updateCoverageWith(loadTargets, ...args),
    updateCatalog: (...args) => updateCatalogWith(loadTargets, ...args),
    updateGapsReadme: (...args) => updateGapsReadmeWith(loadTargets, ...args),
  };
}

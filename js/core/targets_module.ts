// The raw embind functions of the file updaters (wasm/targets_bindings.cpp). In the browser they are a module of
// their own (hfmi_targets.web.wasm, loaded on the first updater call); in Node and the single-file build the core
// module carries them too, so its loader serves both.
import type { RawCoreModule } from './core_types.js';

/** The updater half of the raw embind module. */
export type RawTargetsModule = Pick<RawCoreModule, 'updateModelsTs' | 'updateCoverage' | 'updateCatalog' | 'updateGapsReadme' | 'policyTables'>;

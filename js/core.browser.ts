// Entry point `hf-model-import/core` (browser): pure analysis of bytes in hand (config.json, shard
// headers) and the byte-preserving updaters. No network code; the core loads on first use, the updaters'
// module on the first updater call.
import { createCoreApi } from './core/core_api.js';
import { loadCore } from './core/load_core.browser.js';
import { loadTargets } from './core/load_targets.browser.js';

export const { openFiles, analyzeFiles, updateModelsTs, updateCatalog, updateCoverage, updateGapsReadme, coreVersion } = createCoreApi(loadCore, loadTargets);
export * from './core_exports.js';

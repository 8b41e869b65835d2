// Entry point `hf-model-import/core` (browser): pure analysis of bytes in hand (config.json, shard
// headers) and the byte-preserving updaters. No network code; the core loads on first use, the updaters'
// module on the first updater call.
import { createAnalysisApi } from './core/core_api.js';
import { loadCore } from './core/load_core.browser.js';

export const { openFiles, analyzeFiles, coreVersion } = createAnalysisApi(loadCore);
export { updateCatalog, updateCoverage, updateGapsReadme, updateModelsTs } from './core/updaters.browser.js';
export * from './core_exports.js';

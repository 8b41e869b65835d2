// Entry point `hf-model-import/core` (Node): pure analysis of bytes in hand (config.json, shard headers)
// and the byte-preserving updaters. No network code.
import { createCoreApi } from './core/core_api.js';
import { loadCore } from './core/load_core.node.js';

export const { openFiles, analyzeFiles, updateModelsTs, updateCatalog, updateCoverage, updateGapsReadme, coreVersion } = createCoreApi(loadCore);
export * from './core_exports.js';

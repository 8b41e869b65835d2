// Node entry point (package.json "exports" condition "node"): the CommonJS WASM build.
import { createApi } from './api.js';
import { loadCore } from './core/load_core.node.js';

export const { importModel, analyzeFiles, updateModelsTs, updateCatalog, coreVersion } = createApi(loadCore);
export * from './api.js';

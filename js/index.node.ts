// Node entry point (package.json "exports" condition "node"): the CommonJS WASM build.
import { setMaxListeners } from 'node:events';

import { createApi } from './api.js';
import { loadCore } from './core/load_core.node.js';

// Every header request in flight listens on the import's one AbortSignal (up to `concurrency`, 192 by
// default): raise Node's leak-warning threshold for new EventTargets accordingly.
setMaxListeners(1024);

export const { fetchModel, importModel, openFiles, analyzeFiles, updateModelsTs, updateCatalog, updateCoverage, updateGapsReadme, coreVersion } = createApi(loadCore);
export * from './api.js';

// Browser entry point (package.json "exports" conditions "browser"/"default"): the ES6 glue + .wasm builds, each
// loaded on first use: the import's core, and the file updaters' module (only when an updater is called).
import { createApi } from './api.js';
import { loadCore } from './core/load_core.browser.js';
import { loadTargets } from './core/load_targets.browser.js';

export const { fetchModel, importModel, openFiles, analyzeFiles, updateModelsTs, updateCatalog, updateCoverage, updateGapsReadme, coreVersion } = createApi(loadCore, loadTargets);
export * from './api.js';

// Browser entry point (package.json "exports" conditions "browser"/"default"): the ES6 glue + .wasm builds, each
// loaded on first use: the import's core, and the file updaters' module (only when an updater is called).
import { createImportApi } from './api.js';
import { loadCore } from './core/load_core.browser.js';

export const { fetchModel, importModel, openFiles, analyzeFiles, coreVersion } = createImportApi(loadCore);
export { updateCatalog, updateCoverage, updateGapsReadme, updateModelsTs } from './core/updaters.browser.js';
export * from './api.js';

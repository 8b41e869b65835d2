// Browser entry point (package.json "exports" conditions "browser"/"default"): the ES6 single-file build.
import { createApi } from './api.js';
import { loadCore } from './core/load_core.browser.js';

export const { fetchModel, importModel, openFiles, analyzeFiles, updateModelsTs, updateCatalog, updateCoverage, updateGapsReadme, coreVersion } = createApi(loadCore);
export * from './api.js';

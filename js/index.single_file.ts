// Entry point `hf-model-import/single-file`: the browser API over the single-file core (WASM inlined),
// for bundlers that do not copy `new URL('…wasm', import.meta.url)` assets. Same API as the main entry.
import { createApi } from './api.js';
import { loadCore } from './core/load_core.single_file.js';

export const { fetchModel, importModel, openFiles, analyzeFiles, updateModelsTs, updateCatalog, updateCoverage, updateGapsReadme, coreVersion } = createApi(loadCore);
export * from './api.js';

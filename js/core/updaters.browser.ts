// The browser's updaters: each bound to the updaters' own module (loaded on the first call), one binding per
// updater so a bundle keeps only the updaters it calls (an import keeps none). Both browser entry points re-export these.
import { loadTargets } from './load_targets.browser.js';
import { updateCatalogWith, updateCoverageWith, updateGapsReadmeWith, updateModelsTsWith, type UpdaterApi } from './updaters.js';

export const updateModelsTs: UpdaterApi['updateModelsTs'] = (...args) => updateModelsTsWith(loadTargets, ...args);
export const updateCatalog: UpdaterApi['updateCatalog'] = (...args) => updateCatalogWith(loadTargets, ...args);
export const updateCoverage: UpdaterApi['updateCoverage'] = (...args) => updateCoverageWith(loadTargets, ...args);
export const updateGapsReadme: UpdaterApi['updateGapsReadme'] = (...args) => updateGapsReadmeWith(loadTargets, ...args);

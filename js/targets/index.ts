// Entry point `hf-model-import/targets` (Node only): the file writers. Each update is checked, backed up
// and written atomically; a dry run returns the diff instead.
export { updateModelsTsFile, type ModelsTsItem, type ModelsTsUpdateOutcome } from './models_ts_file.js';
export { updateCatalogFile, type CatalogFileOptions, type CatalogOutcome } from './catalog_file.js';
export { coverageSource, updateCoverageFile } from './coverage_file.js';
export { writePerfConfig } from './perf_config_file.js';
export { writeOutputFolder, writeDefinitionSkeletons } from './output_folder.js';
export { writeFileAtomic, backupFile, unifiedDiff } from './file_writes.js';

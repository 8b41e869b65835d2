// Loads hf-model-import (the JS API and its WASM core, inlined in one ES module) on first use, so the
// page renders before the core is downloaded and the import's code lives in its own chunks.

export type HfModelImport = typeof import('hf-model-import');

let loading: Promise<HfModelImport> | undefined;

export function loadPackage(): Promise<HfModelImport> {
  if (!loading) {
    loading = import('hf-model-import').catch((e: unknown) => {
      loading = undefined;
      throw e;
    });
  }
  return loading;
}

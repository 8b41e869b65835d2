// Imports a model from the hub named by ?hub= (the fixture hub) and ?model=, and shows the result.
// The package is imported as any app would: no bundler settings, no loader for the .wasm.
// A GGUF repo (?model=hfmi-gguf/...) loads the core with GGUF instead; the result lists its .gguf files.
// With ?apply=1 it then inserts the entry into a models.ts text: the file updaters' module loads only then.
import { importModel, updateModelsTs } from 'hf-model-import';

const MODELS_TS = 'import type { Model } from "@/lib/schemas"\n\nconst models: Model[] = [\n] satisfies Model[]\n';

const params = new URLSearchParams(location.search);
const out = document.getElementById('result');
const t0 = performance.now();
importModel(params.get('model') ?? 'meta-llama/Llama-3.1-8B', { hubUrl: params.get('hub') ?? '' })
  .then(async (r) => {
    const shown = { total: r.architecture.parameters.total, ms: performance.now() - t0, entry: r.entryId, ggufFiles: r.gguf?.map((g) => g.file) ?? [] };
    if (params.get('apply') === '1') {
      const u = await updateModelsTs(MODELS_TS, { id: r.entryId, name: r.entryName, description: r.entryDescription, moduleTree: r.moduleTree });
      Object.assign(shown, { action: u.action, modelsTs: u.text });
    }
    return shown;
  })
  .then(
    (shown) => {
      out.textContent = JSON.stringify(shown);
      out.dataset.state = 'done';
    },
    (e) => {
      out.textContent = `${e.code ?? 'ERROR'}: ${e.message}`;
      out.dataset.state = 'error';
    },
  );

// Imports a model from the hub named by ?hub= (the fixture hub) and ?model=, and shows the result.
// The package is imported as any app would: no bundler settings, no loader for the .wasm.
// A GGUF repo (?model=hfmi-gguf/...) loads the core with GGUF instead; the result lists its .gguf files.
// With ?apply=1 it then inserts the entry into a models.ts text: the file updaters' module loads only then.
// With ?tools=1 it fetches the model once, analyses it, then asks the same handle for the tool outputs: the full
// import module loads only then.
import { fetchModel, importModel, updateModelsTs } from 'hf-model-import';

const MODELS_TS = 'import type { Model } from "@/lib/schemas"\n\nconst models: Model[] = [\n] satisfies Model[]\n';

const params = new URLSearchParams(location.search);
const out = document.getElementById('result');
const t0 = performance.now();
const model = params.get('model') ?? 'meta-llama/Llama-3.1-8B';
const hubUrl = params.get('hub') ?? '';

/** The light analysis, then the tool outputs of the same handle: what each result holds. */
async function withToolOutputs() {
  const handle = await fetchModel(model, { hubUrl });
  const light = await handle.analyze();
  const full = await handle.analyze({ toolOutputs: true });
  handle.dispose();
  return {
    total: light.architecture.parameters.total,
    lightKeys: Object.keys(light),
    fullTotal: JSON.parse(full.outputs['model_architecture.json']).parameters.total,
    tensorRows: full.outputs['tensors.csv'].trimEnd().split('\n').length - 1,
    catalogId: full.catalogEntry.hf_model_id,
  };
}

/** One import: its total, its entry, its GGUF files; with ?apply=1 the models.ts text with its entry inserted. */
async function plainImport() {
  const r = await importModel(model, { hubUrl });
  const shown = { total: r.architecture.parameters.total, ms: performance.now() - t0, entry: r.entryId, ggufFiles: r.gguf?.map((g) => g.file) ?? [] };
  if (params.get('apply') === '1') {
    const u = await updateModelsTs(MODELS_TS, { id: r.entryId, name: r.entryName, description: r.entryDescription, moduleTree: r.moduleTree });
    Object.assign(shown, { action: u.action, modelsTs: u.text });
  }
  return shown;
}

(params.get('tools') === '1' ? withToolOutputs() : plainImport())
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

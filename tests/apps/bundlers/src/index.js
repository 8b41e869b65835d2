// Imports a model from the hub named by ?hub= (the fixture hub) and ?model=, and shows the result.
// The package is imported as any app would: no bundler settings, no loader for the .wasm.
import { importModel } from 'hf-model-import';

const params = new URLSearchParams(location.search);
const out = document.getElementById('result');
const t0 = performance.now();
importModel(params.get('model') ?? 'meta-llama/Llama-3.1-8B', { hubUrl: params.get('hub') ?? '' }).then(
  (r) => {
    out.textContent = JSON.stringify({ total: r.architecture.parameters.total, ms: performance.now() - t0, entry: r.entryId });
    out.dataset.state = 'done';
  },
  (e) => {
    out.textContent = `${e.code ?? 'ERROR'}: ${e.message}`;
    out.dataset.state = 'error';
  },
);

'use client';
// Imports a model from the hub named by ?hub= (the fixture hub) and ?model=, and shows the result.
// A plain import in a client component, as the README's Next pattern says: the core loads on first use.
// With ?apply=1 it then inserts the entry into a models.ts text: the file updaters' module loads only then.
import { useEffect, useState } from 'react';
import { importModel, updateModelsTs } from 'hf-model-import';

const MODELS_TS = 'import type { Model } from "@/lib/schemas"\n\nconst models: Model[] = [\n] satisfies Model[]\n';

export default function Page() {
  const [state, setState] = useState({ state: undefined, text: 'pending' });
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    const t0 = performance.now();
    importModel(params.get('model') ?? 'meta-llama/Llama-3.1-8B', { hubUrl: params.get('hub') ?? '' })
      .then(async (r) => {
        const shown = { total: r.architecture.parameters.total, ms: performance.now() - t0, entry: r.entryId };
        if (params.get('apply') === '1') {
          const u = await updateModelsTs(MODELS_TS, { id: r.entryId, name: r.entryName, description: r.entryDescription, moduleTree: r.moduleTree });
          Object.assign(shown, { action: u.action, modelsTs: u.text });
        }
        return shown;
      })
      .then(
        (shown) => setState({ state: 'done', text: JSON.stringify(shown) }),
        (e) => setState({ state: 'error', text: `${e.code ?? 'ERROR'}: ${e.message}` }),
      );
  }, []);
  return (
    <pre id="result" data-state={state.state}>
      {state.text}
    </pre>
  );
}

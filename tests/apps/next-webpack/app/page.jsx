'use client';
// Imports a model from the hub named by ?hub= (the fixture hub) and ?model=, and shows the result.
// A plain import in a client component, as the README's Next pattern says: the core loads on first use.
import { useEffect, useState } from 'react';
import { importModel } from 'hf-model-import';

export default function Page() {
  const [state, setState] = useState({ state: undefined, text: 'pending' });
  useEffect(() => {
    const params = new URLSearchParams(location.search);
    const t0 = performance.now();
    importModel(params.get('model') ?? 'meta-llama/Llama-3.1-8B', { hubUrl: params.get('hub') ?? '' }).then(
      (r) => setState({ state: 'done', text: JSON.stringify({ total: r.architecture.parameters.total, ms: performance.now() - t0, entry: r.entryId }) }),
      (e) => setState({ state: 'error', text: `${e.code ?? 'ERROR'}: ${e.message}` }),
    );
  }, []);
  return (
    <pre id="result" data-state={state.state}>
      {state.text}
    </pre>
  );
}

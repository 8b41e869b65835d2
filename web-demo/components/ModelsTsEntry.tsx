'use client';
// The generated FlashInfer-Bench models.ts entry, with Copy and Download.
import { useState } from 'react';
import type { FullImportResult } from 'hf-model-import';

import { downloadText } from '../lib/download';

export function ModelsTsEntry({ result }: { result: FullImportResult }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(result.modelsTsEntry);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="card" data-testid="models-ts-section">
      <h2>models.ts entry</h2>
      <div className="actions">
        <button type="button" data-testid="copy-models-ts" onClick={() => void copy()}>
          {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed: select the text' : 'Copy'}
        </button>
        <button
          type="button"
          data-testid="download-models-ts"
          onClick={() => downloadText('models_ts_entry.ts', result.outputs['models_ts_entry.ts'], 'text/typescript')}
        >
          Download models_ts_entry.ts
        </button>
      </div>
      <pre className="code" data-testid="models-ts">
        {result.modelsTsEntry}
      </pre>
    </section>
  );
}

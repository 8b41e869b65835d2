'use client';
// The add-model output folder (model_config.json, model_architecture.json, module_mapping.json,
// model_addition_summary.md, tensors.csv, models_ts_entry.ts) as one zip, plus each file alone.
import type { FullImportResult } from 'hf-model-import';

import { downloadBlob, downloadText } from '../lib/download';
import { formatBytes } from '../lib/format';
import { zipDeflate } from '../lib/zip';

/** The zip's folder name: the entry id (already ^[a-z0-9.-]+$), or a slug of the model id. */
function folderName(result: FullImportResult): string {
  return (result.entryId || result.modelId.replace(/[^A-Za-z0-9.-]+/g, '-')).replace(/^[.-]+/, '') || 'model';
}

export function OutputDownloads({ result }: { result: FullImportResult }) {
  const files = Object.entries(result.outputs) as [string, string][];
  const encoder = new TextEncoder();
  const downloadZip = async () => {
    const folder = folderName(result);
    const zip = await zipDeflate(files.map(([name, text]) => ({ name: `${folder}/${name}`, data: encoder.encode(text) })));
    downloadBlob(`${folder}.zip`, new Blob([zip], { type: 'application/zip' }));
  };
  return (
    <section className="card" data-testid="outputs">
      <h2>Output folder</h2>
      <div className="actions">
        <button type="button" data-testid="download-zip" onClick={() => void downloadZip()}>
          Download all as .zip
        </button>
      </div>
      <ul className="file-list">
        {files.map(([name, text]) => (
          <li key={name}>
            <button type="button" className="link-button" onClick={() => downloadText(name, text)}>
              {name}
            </button>{' '}
            <span className="note">{formatBytes(encoder.encode(text).length)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

'use client';
// "Apply to my models.ts": open or drop your own models.ts (or a models.json catalogue); the page runs
// the package's byte-preserving updater on it, shows the diff, and downloads the updated file.
import { useState } from 'react';
import type { ImportResult } from 'hf-model-import';

import { downloadText } from '../lib/download';
import { loadPackage } from '../lib/package_loader';

type Applied = { name: string; text: string; diff: string; action: string } | { error: string };

async function applyTo(file: File, result: ImportResult, replace: boolean): Promise<Applied> {
  const pkg = await loadPackage();
  const before = await file.text();
  try {
    let updated: { text: string; action: string };
    if (/\.json$/i.test(file.name)) {
      updated = await pkg.updateCatalog(before, result.catalogEntry, { replace });
    } else if (/\.(ts|tsx|mts)$/i.test(file.name)) {
      updated = await pkg.updateModelsTs(
        before,
        { id: result.entryId, name: result.entryName, description: result.entryDescription, moduleTree: result.moduleTree },
        { replace },
      );
    } else {
      return { error: `${file.name}: choose a models.ts or a models.json file.` };
    }
    return { name: file.name, text: updated.text, diff: pkg.unifiedDiff(before, updated.text, file.name), action: updated.action };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { error: `${file.name} was not changed: ${message.replace(/\(?--replace\)?/g, '"Replace the existing entry"')}` };
  }
}

export function ApplyToFile({ result }: { result: ImportResult }) {
  const [replace, setReplace] = useState(false);
  const [file, setFile] = useState<File | undefined>(undefined);
  const [applied, setApplied] = useState<Applied | undefined>(undefined);
  const [dragging, setDragging] = useState(false);

  const run = async (f: File | undefined, r = replace) => {
    setFile(f);
    setApplied(f ? await applyTo(f, result, r) : undefined);
  };

  return (
    <section
      className={dragging ? 'card apply dragging' : 'card apply'}
      data-testid="apply-section"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void run(e.dataTransfer.files[0]);
      }}
    >
      <h2>Apply to my models.ts</h2>
      <p className="note">
        Open or drop your <code>models.ts</code> (or a <code>models.json</code> catalogue). It is read here, never uploaded; every other byte
        of it is kept.
      </p>
      <div className="actions">
        <label className="file-pick">
          <span>Choose a file</span>
          <input type="file" accept=".ts,.tsx,.mts,.json" data-testid="apply-file-input" onChange={(e) => void run(e.target.files?.[0])} />
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="apply-replace"
            checked={replace}
            onChange={(e) => {
              setReplace(e.target.checked);
              void run(file, e.target.checked);
            }}
          />{' '}
          Replace the existing entry
        </label>
      </div>
      {applied && 'error' in applied && (
        <p className="field-error" role="alert" data-testid="apply-error">
          {applied.error}
        </p>
      )}
      {applied && !('error' in applied) && (
        <>
          <p>
            {applied.action === 'replaced' ? 'Replaces' : 'Inserts'} <code>{result.entryId}</code> in {applied.name}.{' '}
            <button type="button" data-testid="download-updated" onClick={() => downloadText(applied.name, applied.text, 'text/plain')}>
              Download the updated {applied.name}
            </button>
          </p>
          <pre className="code diff" data-testid="apply-diff">
            {applied.diff}
          </pre>
        </>
      )}
    </section>
  );
}

'use client';
// "Apply to my files": open or drop your own models.ts, model_coverage.mdx or models.json catalogue; the
// page runs the package's byte-preserving updater on it (the same one the CLI's --models-ts, --coverage
// and --catalog use), shows the diff, and downloads the updated file. Nothing is uploaded.
import { useState } from 'react';
import type { AnalysisOptions, FullImportResult } from 'hf-model-import';

import { coverageSource } from '../lib/coverage_source';
import { downloadBlob } from '../lib/download';
import { loadPackage, type HfModelImport } from '../lib/package_loader';

/** What the import was asked for: the options that also shape the files' entries, and its hub. */
export interface ApplyContext {
  analysis: AnalysisOptions;
  /** The import's endpoint (undefined for local files). */
  endpoint?: string;
}

type Updated = { bytes: Uint8Array | string; action: string; what: string; notes: string[] };
type Applied = { name: string; bytes: Uint8Array | string; diff: string; action: string; what: string; notes: string[] } | { error: string };

/** One row per kind of file the page can update: how to recognise it and how to update it. */
interface FileKind {
  label: string;
  matches: (fileName: string) => boolean;
  update: (pkg: HfModelImport, before: string, result: FullImportResult, ctx: ApplyContext, replace: boolean) => Promise<Updated>;
}

const FILE_KINDS: FileKind[] = [
  {
    label: 'models.ts',
    matches: (n) => /\.(ts|tsx|mts)$/i.test(n),
    async update(pkg, before, result, ctx, replace) {
      const r = await pkg.updateModelsTs(
        before,
        { id: result.entryId, name: result.entryName, description: result.entryDescription, moduleTree: result.moduleTree },
        // As the CLI: on replace, curated fields are kept unless the user gave them.
        { replace, ...(ctx.analysis.name === undefined && { keepName: true }), ...(ctx.analysis.description === undefined && { keepDescription: true }) },
      );
      return {
        bytes: r.text,
        action: r.action,
        what: `the entry ${result.entryId}`,
        notes: r.kept.map((k) => `Kept the existing entry's ${k.field}: ${JSON.stringify(k.value)} (fill in the ${k.field} field to change it).`),
      };
    },
  },
  {
    label: 'model_coverage.mdx',
    matches: (n) => /\.mdx?$/i.test(n),
    async update(pkg, before, result, ctx, replace) {
      const source = await coverageSource(pkg, ctx.endpoint);
      const a = ctx.analysis;
      const r = await pkg.updateCoverage(result.outputs['model_config.json'], before, {
        displayName: result.entryName,
        tp: a.tp ?? 1,
        ep: a.ep ?? 1,
        ...(a.pageSizes !== undefined && { pageSizes: a.pageSizes }),
        ...(a.gemmTp !== undefined && { gemmTp: a.gemmTp }),
        replace,
        ...(source.definitions !== undefined && { definitions: source.definitions }),
        ...(source.workloads !== undefined && { workloads: source.workloads }),
      });
      if (r.action === 'none') throw new Error('the coverage updater made no change');
      return {
        bytes: r.text,
        action: r.action,
        what: `the section "${result.entryName}" and its Summary row`,
        notes: [
          source.source === 'dataset'
            ? 'Statuses from the dataset flashinfer-ai/flashinfer-trace on the import\'s hub.'
            : `Statuses from the snapshot bundled with the package (the dataset was not read: ${source.reason ?? 'unknown'}).`,
        ],
      };
    },
  },
  {
    label: 'models.json',
    matches: (n) => /\.json$/i.test(n),
    async update(pkg, before, result, ctx, replace) {
      const r = await pkg.updateCatalog(before, result.catalogEntry, { replace, keepName: ctx.analysis.name === undefined });
      return {
        bytes: r.bytes,
        action: r.action,
        what: `the catalogue entry ${r.id}`,
        notes: [...(r.kept.length > 0 ? [`Kept the existing entry's ${r.kept.join(', ')}.`] : []), ...r.issues.map((i) => i.message)],
      };
    },
  },
];

const LABELS = FILE_KINDS.map((k) => k.label).join(', ');

/** The CLI's words for an option, as the page names it. */
const pageWords = (message: string) => message.replace(/\(?--replace\)?/g, '"Replace the existing entry"').replace(/ ?\(see --help\)/, '');

async function applyTo(file: File, result: FullImportResult, ctx: ApplyContext, replace: boolean): Promise<Applied> {
  const kind = FILE_KINDS.find((k) => k.matches(file.name));
  if (!kind) return { error: `${file.name}: choose a ${LABELS} file.` };
  const pkg = await loadPackage();
  const before = await file.text();
  try {
    const u = await kind.update(pkg, before, result, ctx, replace);
    const after = typeof u.bytes === 'string' ? u.bytes : new TextDecoder().decode(u.bytes);
    return { name: file.name, ...u, diff: pkg.unifiedDiff(before, after, file.name) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { error: `${file.name} was not changed: ${pageWords(message)}` };
  }
}

export function ApplyToFile({ result, context }: { result: FullImportResult; context: ApplyContext }) {
  const [replace, setReplace] = useState(false);
  const [file, setFile] = useState<File | undefined>(undefined);
  const [applied, setApplied] = useState<Applied | undefined>(undefined);
  const [dragging, setDragging] = useState(false);

  const run = async (f: File | undefined, r = replace) => {
    setFile(f);
    setApplied(undefined);
    setApplied(f ? await applyTo(f, result, context, r) : undefined);
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
      <h2>Apply to my models.ts, model_coverage.mdx or models.json</h2>
      <p className="note">
        Open or drop your FlashInfer-Bench <code>models.ts</code> or <code>docs/model_coverage.mdx</code>, or a <code>models.json</code>{' '}
        calculator catalogue. It is read here, never uploaded; every other byte of it is kept.
      </p>
      <div className="actions">
        <label className="file-pick">
          <span>Choose a file</span>
          <input type="file" accept=".ts,.tsx,.mts,.mdx,.md,.json" data-testid="apply-file-input" onChange={(e) => void run(e.target.files?.[0])} />
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
          <p data-testid="apply-summary">
            {applied.action === 'replaced' ? 'Replaces' : 'Inserts'} {applied.what} in {applied.name}.{' '}
            <button
              type="button"
              data-testid="download-updated"
              onClick={() => downloadBlob(applied.name, new Blob([applied.bytes as BlobPart], { type: 'text/plain;charset=utf-8' }))}
            >
              Download the updated {applied.name}
            </button>
          </p>
          {applied.notes.length > 0 && (
            <ul className="notes note" data-testid="apply-notes">
              {applied.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <pre className="code diff" data-testid="apply-diff">
            {applied.diff}
          </pre>
        </>
      )}
    </section>
  );
}

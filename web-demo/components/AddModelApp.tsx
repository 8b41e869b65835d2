'use client';
// The "Add model" page: form, progress, results and errors. Everything runs in this browser tab: the
// package fetches config.json and the safetensors headers from the hub endpoint and the WASM core
// analyses them. The token lives in React state only (never in the URL or browser storage).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportResult } from 'hf-model-import';

import { toShownError, type ShownError } from '../lib/error_help';
import { analysisOptions, endpointOf, EMPTY_FORM, formFromShare, shareFromForm, type FormState } from '../lib/form_state';
import type { LocalSelection } from '../lib/local_files';
import { loadPackage } from '../lib/package_loader';
import { applyProgress, initialProgress, type ProgressState } from '../lib/progress_state';
import { readShareParams, shareQuery } from '../lib/share_link';
import { ErrorPanel } from './ErrorPanel';
import { ImportForm } from './ImportForm';
import { OfflineDrop } from './OfflineDrop';
import { ProgressPanel } from './ProgressPanel';
import { ResultView } from './ResultView';

/** What produced the current result, so it can be run again (e.g. for another context length). */
type RunSource = { kind: 'hub'; form: FormState } | { kind: 'local'; selection: LocalSelection; form: FormState };

type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; source: RunSource }
  | { kind: 'done'; source: RunSource; result: ImportResult }
  | { kind: 'error'; source: RunSource; error: ShownError };

export function AddModelApp() {
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const [progress, setProgress] = useState<ProgressState | undefined>(undefined);
  /** Runs started so far (shown as data-run, so a machine can wait for the end of a given run). */
  const [runsStarted, setRunsStarted] = useState(0);
  const controller = useRef<AbortController | undefined>(undefined);
  const runCounter = useRef(0);
  const startedFromUrl = useRef(false);

  const execute = useCallback(async (source: RunSource, contextLength?: number) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    const runId = ++runCounter.current;
    const current = () => runId === runCounter.current;
    setRunsStarted(runId);
    setRun({ kind: 'running', source });
    setProgress(source.kind === 'hub' ? initialProgress(Date.now()) : undefined);
    try {
      const options = { ...analysisOptions(source.form), ...(contextLength !== undefined && { contextLength }) };
      const pkg = await loadPackage();
      let result: ImportResult;
      if (source.kind === 'hub') {
        const f = source.form;
        const token = f.token.trim();
        result = await pkg.importModel(f.model.trim(), {
          ...options,
          endpoint: endpointOf(f),
          ...(token !== '' && { token }),
          ...(f.revision.trim() !== '' && { revision: f.revision.trim() }),
          signal: abort.signal,
          onProgress: (e) => {
            if (current()) setProgress((p) => applyProgress(p ?? initialProgress(Date.now()), e, Date.now()));
          },
        });
      } else {
        result = await pkg.analyzeFiles(source.selection.files, options);
      }
      if (current()) setRun({ kind: 'done', source, result });
    } catch (e) {
      if (current()) setRun({ kind: 'error', source, error: toShownError(e) });
    }
  }, []);

  const runHub = useCallback(
    (f: FormState) => {
      const source: RunSource = { kind: 'hub', form: { ...f } };
      // The address bar becomes the shareable link of this run (never with the token).
      window.history.replaceState(null, '', `${window.location.pathname}${shareQuery(shareFromForm(f))}`);
      void execute(source);
    },
    [execute],
  );

  const runLocal = useCallback(
    (selection: LocalSelection) => {
      void execute({ kind: 'local', selection, form: { ...form, token: '' } });
    },
    [execute, form],
  );

  // Shareable links: ?model=&revision=&endpoint=&tp=&ep= fill the form; with a model, the import starts.
  useEffect(() => {
    if (startedFromUrl.current) return;
    startedFromUrl.current = true;
    const params = readShareParams(window.location.search);
    const initial = formFromShare(params);
    setForm(initial);
    if (initial.model !== '') void execute({ kind: 'hub', form: initial });
  }, [execute]);

  useEffect(() => () => controller.current?.abort(), []);

  const rerunWithContext = useCallback(
    (contextLength: number) => {
      if (run.kind !== 'done') return;
      const source: RunSource =
        run.source.kind === 'hub' ? { kind: 'hub', form: { ...run.source.form, token: form.token } } : run.source;
      void execute(source, contextLength);
    },
    [execute, run, form.token],
  );

  const state = run.kind;
  const shareHref = form.model.trim() !== '' ? shareQuery(shareFromForm(form)) : '';
  return (
    <main className="page">
      <header className="page-header">
        <h1>Add model</h1>
        <p className="lede">
          Describe a Hugging Face model for FlashInfer-Bench from its <code>config.json</code> and safetensors headers, entirely in
          this browser: no weights are downloaded and no server of ours is involved.
        </p>
      </header>
      <div data-testid="status" data-state={state} data-run={runsStarted} className="visually-hidden" aria-live="polite">
        {state}
      </div>

      <ImportForm
        form={form}
        onChange={setForm}
        onSubmit={() => runHub(form)}
        running={state === 'running'}
        shareHref={shareHref}
      />
      <OfflineDrop modelId={form.model} onSelection={runLocal} onError={(e) => setRun({ kind: 'error', source: { kind: 'hub', form }, error: e })} />

      {run.kind === 'error' && <ErrorPanel error={run.error} endpoint={endpointOf(run.source.form)} model={run.source.form.model} />}
      {progress && (state === 'running' || Object.keys(progress.phases).length > 0) && (
        <ProgressPanel progress={progress} running={state === 'running'} />
      )}
      {state === 'running' && run.source.kind === 'local' && <p className="status-line">Analysing the local files…</p>}
      {run.kind === 'done' && (
        <ResultView
          result={run.result}
          local={run.source.kind === 'local' ? run.source.selection : undefined}
          onContextLength={rerunWithContext}
        />
      )}
    </main>
  );
}

'use client';
// The "Add model" page: form, progress, results and errors. Everything runs in this browser tab: the
// package fetches config.json and the safetensors headers from the hub endpoint and the WASM core
// analyses them. The files are fetched once; changing TP, EP, page sizes or the entry's fields re-runs
// the analysis on them with no request. The token lives in React state only (never in the URL or
// browser storage), and goes only to huggingface.co or to an endpoint the user typed.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FullImportResult } from 'hf-model-import';

import { toShownError, type ShownError } from '../lib/error_help';
import { analysisOptions, endpointOf, EMPTY_FORM, fetchKey, formFromShare, shareFromForm, type FormState } from '../lib/form_state';
import type { LocalSelection } from '../lib/local_files';
import { fetchModelHandle, type ModelHandle } from '../lib/model_handle';
import { loadPackage } from '../lib/package_loader';
import { applyProgress, initialProgress, type ProgressState } from '../lib/progress_state';
import { isDefaultHub, readShareParams, shareQuery } from '../lib/share_link';
import type { ApplyContext } from './ApplyToFile';
import { CompareModels } from './CompareModels';
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
  | { kind: 'done'; source: RunSource; result: FullImportResult }
  | { kind: 'cancelled'; source: RunSource }
  | { kind: 'error'; source: RunSource; error: ShownError };

type FieldError = { field: keyof FormState; message: string };

/** Form fields an error's path can point at. */
const FIELD_OF_PATH: Record<string, keyof FormState> = {
  tp: 'tp',
  ep: 'ep',
  pageSizes: 'pageSizes',
  model: 'model',
  revision: 'revision',
  endpoint: 'endpoint',
  token: 'token',
  id: 'entryId',
  entryId: 'entryId',
  name: 'entryName',
  entryName: 'entryName',
  description: 'description',
  gpuMemory: 'gpuMemory',
  'gpu-memory': 'gpuMemory',
  gguf: 'gguf',
};

/** An error that concerns one field, in the page's words (never a CLI flag). */
function fieldErrorOf(e: ShownError): FieldError | undefined {
  if (e.code !== 'E_USAGE' && e.code !== 'E_BAD_TOKEN') return undefined;
  const field = (e.path && FIELD_OF_PATH[e.path.replace(/^-+/, '')]) || (e.code === 'E_BAD_TOKEN' ? 'token' : /model id|Hub model URL/i.test(e.message) ? 'model' : undefined);
  if (!field) return undefined;
  return { field, message: e.message.replace(/ ?\(see --help\)/, '').replace(/--([a-z-]+)/g, '$1').replace(/^gpuMemory\b/, 'GPU memory') };
}

// The package rejects an aborted import with its typed E_ABORTED error (issue 13); anything else after an abort
// (the signal's own reason, a DOM AbortError from a fetch) also means the user cancelled.
const isAbort = (e: unknown, signal: AbortSignal) =>
  signal.aborted &&
  (e === signal.reason ||
    (e instanceof DOMException && e.name === 'AbortError') ||
    (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'E_ABORTED'));

/** The options a result was analysed with (its form was valid, or there would be no result) and its hub. */
function applyContextOf(source: RunSource): ApplyContext {
  return { analysis: analysisOptions(source.form), ...(source.kind === 'hub' && { endpoint: endpointOf(source.form) }) };
}

export function AddModelApp() {
  const [form, setForm] = useState<FormState>(EMPTY_FORM);
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const [progress, setProgress] = useState<ProgressState | undefined>(undefined);
  const [fieldError, setFieldError] = useState<FieldError | undefined>(undefined);
  /** A shared link that names another endpoint: shown, and nothing is requested until confirmed. */
  const [pendingLink, setPendingLink] = useState<FormState | undefined>(undefined);
  /** Whether the endpoint field holds what the user typed (a token may go there) or a link's value. */
  const [endpointTyped, setEndpointTyped] = useState(true);
  /** This session's imports, newest last (one per model), for the comparison. */
  const [imports, setImports] = useState<FullImportResult[]>([]);
  /** Runs started so far (shown as data-run, so a machine can wait for the end of a given run). */
  const [runsStarted, setRunsStarted] = useState(0);
  const controller = useRef<AbortController | undefined>(undefined);
  const handle = useRef<{ key: string; handle: ModelHandle } | undefined>(undefined);
  const runCounter = useRef(0);
  const startedFromUrl = useRef(false);

  const execute = useCallback(
    async (source: RunSource, contextLength?: number) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const runId = ++runCounter.current;
      const current = () => runId === runCounter.current;
      setRunsStarted(runId);
      setFieldError(undefined);
      try {
        // The page shows every output: the analysis makes the tool outputs too (the full import module).
        const options = { ...analysisOptions(source.form), ...(contextLength !== undefined && { contextLength }), toolOutputs: true as const };
        let result: FullImportResult;
        if (source.kind === 'hub') {
          const f = source.form;
          const token = f.token.trim();
          const endpoint = endpointOf(f);
          if (token !== '' && !isDefaultHub(endpoint) && !endpointTyped) {
            setFieldError({
              field: 'token',
              message: `Not sent: your token goes only to huggingface.co or to an endpoint you type yourself, and ${endpoint} came from a link. Type the endpoint into "Hub endpoint" to use your token there.`,
            });
            setRun({ kind: 'idle' });
            return;
          }
          const key = fetchKey(f);
          const kept = handle.current?.key === key ? handle.current.handle : undefined;
          setRun({ kind: 'running', source });
          if (kept) {
            result = await kept.analyze(options); // no network
          } else {
            setProgress(initialProgress(Date.now()));
            const pkg = await loadPackage();
            const h = await fetchModelHandle(pkg, f.model.trim(), {
              ...options,
              endpoint,
              ...(token !== '' && { token }),
              ...(f.revision.trim() !== '' && { revision: f.revision.trim() }),
              ...(f.gguf.trim() !== '' && { gguf: f.gguf.trim() }),
              signal: abort.signal,
              onProgress: (e) => {
                if (current()) setProgress((p) => applyProgress(p ?? initialProgress(Date.now()), e, Date.now()));
              },
            });
            handle.current = { key, handle: h };
            result = h.first;
          }
        } else {
          setRun({ kind: 'running', source });
          setProgress(undefined);
          result = await (await loadPackage()).analyzeFiles(source.selection.files, options);
        }
        if (!current()) return;
        setRun({ kind: 'done', source, result });
        setImports((list) => [...list.filter((r) => r.modelId !== result.modelId), result].slice(-8));
      } catch (e) {
        if (!current()) return;
        if (isAbort(e, abort.signal)) {
          setRun({ kind: 'cancelled', source });
          return;
        }
        const shown = toShownError(e);
        const onField = fieldErrorOf(shown);
        if (onField) {
          setFieldError(onField);
          setRun({ kind: 'idle' });
        } else setRun({ kind: 'error', source, error: shown });
      }
    },
    [endpointTyped],
  );

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

  const changeForm = useCallback(
    (f: FormState) => {
      if (f.endpoint !== form.endpoint) setEndpointTyped(true);
      setFieldError((err) => (err && f[err.field] !== form[err.field] ? undefined : err));
      setForm(f);
    },
    [form],
  );

  // Shareable links fill the form; with a model, the import starts. A link that names another
  // endpoint than huggingface.co is shown first, and nothing is requested until the user agrees.
  useEffect(() => {
    if (startedFromUrl.current) return;
    startedFromUrl.current = true;
    const params = readShareParams(window.location.search);
    const initial = formFromShare(params);
    setForm(initial);
    if (initial.model === '') return;
    if (!isDefaultHub(endpointOf(initial))) {
      setEndpointTyped(false);
      setPendingLink(initial);
      return;
    }
    void execute({ kind: 'hub', form: initial });
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

  const cancel = useCallback(() => {
    controller.current?.abort(new DOMException('cancelled by the user', 'AbortError'));
  }, []);

  const state = run.kind;
  const shareHref = form.model.trim() !== '' ? shareQuery(shareFromForm(form)) : '';
  const reanalyse = handle.current !== undefined && handle.current.key === fetchKey(form) && run.kind === 'done' && run.source.kind === 'hub';
  return (
    <main className="page">
      <header className="page-header">
        <h1>Add model</h1>
        <p className="lede">
          Describe a Hugging Face model for FlashInfer-Bench from its <code>config.json</code> and its safetensors or GGUF headers, entirely in
          this browser: no weights are downloaded and no server of ours is involved.
        </p>
      </header>
      <div data-testid="status" data-state={state} data-run={runsStarted} className="visually-hidden" aria-live="polite">
        {state}
      </div>

      {pendingLink && (
        <section className="card notice" role="alertdialog" data-testid="endpoint-confirm">
          <h2>This link uses another hub</h2>
          <p>
            It would import <code>{pendingLink.model}</code> from <code data-testid="link-endpoint">{endpointOf(pendingLink)}</code>, not
            from huggingface.co. Nothing has been requested yet. Your token is never sent there unless you type that endpoint yourself.
          </p>
          <div className="actions">
            <button
              type="button"
              data-testid="confirm-endpoint"
              onClick={() => {
                setPendingLink(undefined);
                void execute({ kind: 'hub', form: pendingLink });
              }}
            >
              Import from {endpointOf(pendingLink)}
            </button>
            <button
              type="button"
              className="secondary"
              data-testid="use-default-endpoint"
              onClick={() => {
                const f = { ...pendingLink, endpoint: EMPTY_FORM.endpoint, token: '' };
                setPendingLink(undefined);
                setEndpointTyped(true);
                setForm(f);
              }}
            >
              Use huggingface.co instead
            </button>
          </div>
        </section>
      )}

      <ImportForm
        form={form}
        onChange={changeForm}
        onSubmit={() => runHub(form)}
        onCancel={cancel}
        running={state === 'running'}
        reanalyse={reanalyse}
        fieldError={fieldError}
        shareHref={shareHref}
      />
      <OfflineDrop modelId={form.model} onSelection={runLocal} onError={(e) => setRun({ kind: 'error', source: { kind: 'hub', form }, error: e })} />

      {run.kind === 'error' && <ErrorPanel error={run.error} endpoint={endpointOf(run.source.form)} model={run.source.form.model} />}
      {run.kind === 'cancelled' && (
        <p className="status-line" data-testid="cancelled">
          Import cancelled: no further requests are made.
        </p>
      )}
      {progress && (state === 'running' || Object.keys(progress.phases).length > 0) && (
        <ProgressPanel progress={progress} running={state === 'running'} />
      )}
      {state === 'running' && run.source.kind === 'local' && <p className="status-line">Analysing the local files…</p>}
      {run.kind === 'done' && (
        <ResultView
          result={run.result}
          local={run.source.kind === 'local' ? run.source.selection : undefined}
          applyContext={applyContextOf(run.source)}
          gpuMemory={run.source.form.gpuMemory}
          onContextLength={rerunWithContext}
        />
      )}
      <CompareModels results={imports} />
    </main>
  );
}

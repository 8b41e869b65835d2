'use client';
// The inputs of an import: model id or Hub URL, revision, token, endpoint, TP/EP, page sizes, the GPU
// memory of the GGUF table's fit column and which .gguf files to read, and the models.ts entry's id, name and description.
import type { FormState } from '../lib/form_state';

interface Props {
  form: FormState;
  onChange: (f: FormState) => void;
  onSubmit: () => void;
  onCancel: () => void;
  running: boolean;
  /** The submit button re-analyses the fetched files (only naming or entry fields changed). */
  reanalyse: boolean;
  /** An error that concerns one field, shown under it (in the browser's words). */
  fieldError?: { field: keyof FormState; message: string } | undefined;
  /** Query string of the shareable link for the current fields ("" when there is no model yet). */
  shareHref: string;
}

interface FieldSpec {
  key: keyof FormState;
  label: string;
  testId: string;
  placeholder?: string;
  type?: 'text' | 'password' | 'url';
  hint?: string;
  wide?: boolean;
}

const SOURCE_FIELDS: FieldSpec[] = [
  { key: 'model', label: 'Model id or Hub URL', testId: 'model-input', placeholder: 'meta-llama/Llama-3.1-8B', wide: true },
  { key: 'revision', label: 'Revision', testId: 'revision-input', placeholder: 'main' },
  {
    key: 'token',
    label: 'Token',
    testId: 'token-input',
    placeholder: 'hf_… (gated models)',
    type: 'password',
    hint: 'memory only',
  },
  { key: 'endpoint', label: 'Hub endpoint', testId: 'endpoint-input', placeholder: 'https://huggingface.co', type: 'url' },
];

const NAMING_FIELDS: FieldSpec[] = [
  { key: 'tp', label: 'TP', testId: 'tp-input', placeholder: '1' },
  { key: 'ep', label: 'EP', testId: 'ep-input', placeholder: '1' },
  { key: 'pageSizes', label: 'Page sizes', testId: 'page-sizes-input', placeholder: '1,64' },
];

const GGUF_FIELDS: FieldSpec[] = [
  { key: 'gguf', label: 'GGUF files', testId: 'gguf-input', placeholder: 'all, or Q4_K_M' },
  { key: 'gpuMemory', label: 'GPU memory', testId: 'gpu-memory-input', placeholder: '24GiB', hint: 'fits?' },
];

const ENTRY_FIELDS: FieldSpec[] = [
  { key: 'entryId', label: 'Entry id', testId: 'entry-id-input', placeholder: 'default: from the repo name' },
  { key: 'entryName', label: 'Entry name', testId: 'entry-name-input', placeholder: 'default: the repo name' },
  { key: 'description', label: 'Description', testId: 'entry-description-input', placeholder: 'optional', wide: true },
];

export function ImportForm({ form, onChange, onSubmit, onCancel, running, reanalyse, fieldError, shareHref }: Props) {
  const field = (spec: FieldSpec) => (
    <label key={spec.key} className={spec.wide ? 'field wide' : 'field'} data-field={spec.key}>
      <span className="field-label">
        {spec.label}
        {spec.hint && <em className="field-hint"> ({spec.hint})</em>}
      </span>
      <input
        data-testid={spec.testId}
        name={spec.key}
        type={spec.type ?? 'text'}
        value={form[spec.key]}
        placeholder={spec.placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={fieldError?.field === spec.key ? true : undefined}
        aria-describedby={fieldError?.field === spec.key ? `${spec.testId}-error` : undefined}
        onChange={(e) =>
          // A token belongs to one endpoint: changing the endpoint clears it.
          onChange({ ...form, [spec.key]: e.target.value, ...(spec.key === 'endpoint' && { token: '' }) })
        }
      />
      {fieldError?.field === spec.key && (
        <span className="field-error" role="alert" id={`${spec.testId}-error`} data-testid={`field-error-${spec.key}`}>
          {fieldError.message}
        </span>
      )}
    </label>
  );
  return (
    <form
      className="card import-form"
      data-testid="import-form"
      autoComplete="off"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <fieldset>
        <legend>Model</legend>
        <div className="fields">{SOURCE_FIELDS.map(field)}</div>
      </fieldset>
      <fieldset>
        <legend>Definition names</legend>
        <div className="fields">{NAMING_FIELDS.map(field)}</div>
      </fieldset>
      <fieldset>
        <legend>GGUF quantizations</legend>
        <div className="fields">{GGUF_FIELDS.map(field)}</div>
      </fieldset>
      <fieldset>
        <legend>models.ts entry</legend>
        <div className="fields">{ENTRY_FIELDS.map(field)}</div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" data-testid="run-button" disabled={running || form.model.trim() === ''}>
          {running ? 'Importing…' : reanalyse ? 'Re-analyse (no download)' : 'Import from the Hub'}
        </button>
        {running && (
          <button type="button" className="secondary" data-testid="cancel-button" onClick={onCancel}>
            Cancel
          </button>
        )}
        {shareHref !== '' && (
          <a className="share-link" data-testid="share-link" href={shareHref}>
            Shareable link
          </a>
        )}
      </div>
    </form>
  );
}

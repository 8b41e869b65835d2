// The "Add model" form: its fields as typed, and their conversion to the package's options.
// The token is part of this in-memory state only.
import type { AnalysisOptions } from 'hf-model-import';

import { DEFAULT_ENDPOINT, type ShareParams } from './share_link';

export interface FormState {
  model: string;
  revision: string;
  token: string;
  endpoint: string;
  tp: string;
  ep: string;
  pageSizes: string;
  entryId: string;
  entryName: string;
  description: string;
  /** GPU memory for the GGUF table's fit column ("24GiB", "80GB", bytes); the package reads it. */
  gpuMemory: string;
  /** Which .gguf files to read (a substring such as Q4_K_M, or a glob over the whole name such as *Q4_K*; "" = all): a fetch option. */
  gguf: string;
}

export const EMPTY_FORM: FormState = {
  model: '',
  revision: '',
  token: '',
  endpoint: DEFAULT_ENDPOINT,
  tp: '1',
  ep: '1',
  pageSizes: '',
  entryId: '',
  entryName: '',
  description: '',
  gpuMemory: '',
  gguf: '',
};

export function formFromShare(p: ShareParams): FormState {
  return {
    ...EMPTY_FORM,
    ...p,
    endpoint: p.endpoint || DEFAULT_ENDPOINT,
    tp: p.tp || '1',
    ep: p.ep || '1',
    token: '',
  };
}

/** Every field but the token. */
export function shareFromForm(f: FormState): ShareParams {
  return {
    model: f.model.trim(),
    revision: f.revision.trim(),
    endpoint: f.endpoint.trim(),
    tp: f.tp.trim(),
    ep: f.ep.trim(),
    pageSizes: f.pageSizes.trim(),
    entryId: f.entryId.trim(),
    entryName: f.entryName.trim(),
    description: f.description,
    gpuMemory: f.gpuMemory.trim(),
    gguf: f.gguf.trim(),
  };
}

/** The fields that decide what is fetched: when only others change, the kept files are re-analysed. */
export function fetchKey(f: FormState): string {
  return JSON.stringify([f.model.trim(), f.revision.trim() || 'main', endpointOf(f), f.gguf.trim()]);
}

export class FormError extends Error {
  readonly code = 'E_USAGE';
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.path = path;
  }
}

function positiveInt(label: string, raw: string, field: keyof FormState): number | undefined {
  const t = raw.trim();
  if (t === '') return undefined;
  if (!/^[1-9]\d{0,8}$/.test(t)) throw new FormError(`${label} must be a whole number of 1 or more, not "${t}"`, field);
  return Number(t);
}

/** The analysis options the form asks for; empty fields are left to the package's defaults. */
export function analysisOptions(f: FormState): AnalysisOptions {
  const tp = positiveInt('TP', f.tp, 'tp');
  const ep = positiveInt('EP', f.ep, 'ep');
  let pageSizes: number[] | undefined;
  if (f.pageSizes.trim() !== '') {
    pageSizes = f.pageSizes.split(',').map((p) => positiveInt('Each page size', p, 'pageSizes') ?? NaN);
    if (pageSizes.some((p) => Number.isNaN(p))) throw new FormError('Page sizes are whole numbers separated by commas, such as 1,64', 'pageSizes');
  }
  return {
    ...(tp !== undefined && { tp }),
    ...(ep !== undefined && { ep }),
    ...(pageSizes !== undefined && { pageSizes }),
    ...(f.entryId.trim() !== '' && { id: f.entryId.trim() }),
    ...(f.entryName.trim() !== '' && { name: f.entryName.trim() }),
    ...(f.description.trim() !== '' && { description: f.description.trim() }),
    ...(f.gpuMemory.trim() !== '' && { gpuMemory: f.gpuMemory.trim() }),
  };
}

/** The endpoint without a trailing slash ("" means the default Hub). */
export function endpointOf(f: FormState): string {
  const e = f.endpoint.trim().replace(/\/+$/, '');
  return e === '' ? DEFAULT_ENDPOINT : e;
}

// Shareable links: every option of the form as a query parameter, except the token, which stays in
// the page's memory only. ?model=&revision=&endpoint=&tp=&ep=&page_sizes=&id=&name=&description=&gpu_memory=&gguf=

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** Query parameter of each shared field (the token is deliberately absent). */
export const SHARE_KEYS = {
  model: 'model',
  revision: 'revision',
  endpoint: 'endpoint',
  tp: 'tp',
  ep: 'ep',
  pageSizes: 'page_sizes',
  entryId: 'id',
  entryName: 'name',
  description: 'description',
  gpuMemory: 'gpu_memory',
  gguf: 'gguf',
} as const;

export type ShareParams = { -readonly [K in keyof typeof SHARE_KEYS]: string };

/** Values left out of a link because they are the defaults. */
const DEFAULTS: Partial<ShareParams> = { revision: 'main', endpoint: DEFAULT_ENDPOINT, tp: '1', ep: '1' };

/** Reads the shareable parameters from a query string ("?model=..."); absent ones are "". */
export function readShareParams(search: string): ShareParams {
  const q = new URLSearchParams(search);
  const out = {} as ShareParams;
  for (const [field, key] of Object.entries(SHARE_KEYS) as Array<[keyof ShareParams, string]>) {
    const v = q.get(key) ?? '';
    out[field] = field === 'description' ? v : v.trim();
  }
  return out;
}

/** The query string for a run; default values are left out. */
export function shareQuery(p: ShareParams): string {
  const q = new URLSearchParams();
  for (const [field, key] of Object.entries(SHARE_KEYS) as Array<[keyof ShareParams, string]>) {
    const v = p[field];
    const dflt = DEFAULTS[field];
    const same = field === 'endpoint' ? v.replace(/\/+$/, '') === dflt : v === dflt;
    if (v && !same) q.set(key, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** True for the public Hub (the only endpoint a token goes to without the user typing it). */
export function isDefaultHub(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).host.toLowerCase();
    return new URL(endpoint).protocol === 'https:' && (host === 'huggingface.co' || host === 'hf.co');
  } catch {
    return false;
  }
}

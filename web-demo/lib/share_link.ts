// Shareable links: the page's query parameters (?model=, ?revision=, ?endpoint=, ?tp=, ?ep=).
// A token is never part of a link: it stays in the page's memory only.

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

export interface ShareParams {
  model: string;
  revision: string;
  endpoint: string;
  tp: string;
  ep: string;
}

/** Reads the shareable parameters from a query string ("?model=..."); absent ones are "". */
export function readShareParams(search: string): ShareParams {
  const q = new URLSearchParams(search);
  const get = (k: string) => (q.get(k) ?? '').trim();
  return { model: get('model'), revision: get('revision'), endpoint: get('endpoint'), tp: get('tp'), ep: get('ep') };
}

/** The query string for a run; default values are left out. */
export function shareQuery(p: ShareParams): string {
  const q = new URLSearchParams();
  if (p.model) q.set('model', p.model);
  if (p.revision && p.revision !== 'main') q.set('revision', p.revision);
  if (p.endpoint && p.endpoint.replace(/\/+$/, '') !== DEFAULT_ENDPOINT) q.set('endpoint', p.endpoint);
  if (p.tp && p.tp !== '1') q.set('tp', p.tp);
  if (p.ep && p.ep !== '1') q.set('ep', p.ep);
  const s = q.toString();
  return s ? `?${s}` : '';
}

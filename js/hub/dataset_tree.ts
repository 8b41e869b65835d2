// Which FlashInfer-Bench Definitions and workloads exist, read from the Hub dataset that now holds them
// (flashinfer-ai/flashinfer-trace) with the dataset tree API:
//   GET {endpoint}/api/datasets/{id}/tree/{revision}/{path}?recursive=true
// paged by the `Link: <next>; rel="next"` header. Same HTTP layer as the model fetch (timeouts, retries,
// token only in the Authorization header and only to the endpoint's origin); works in the browser.
// Layout read: definitions/{op_type}/{name}.json and workloads/{op_type}/{name}.jsonl.
import { HfmiError } from '../core/errors.js';
import { HubHttp, readAll, safeUrl } from './http.js';

export const DEFINITIONS_DATASET_ID = 'flashinfer-ai/flashinfer-trace';
/** One page of a tree listing (the Hub's pages are ~1,000 entries of ~200 bytes). */
const TREE_PAGE_MAX_BYTES = 16 * 1024 * 1024;
/** Pages followed per listing: 200,000 entries at the Hub's page size, far past the dataset's size. */
const MAX_TREE_PAGES = 200;

export interface DatasetTreeOptions {
  /** Default https://huggingface.co (or HF_ENDPOINT). */
  endpoint?: string;
  /** Default flashinfer-ai/flashinfer-trace. */
  datasetId?: string;
  /** Default "main". */
  revision?: string;
  token?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  retries?: number;
}

export interface DatasetTreeEntry {
  type: 'file' | 'directory';
  path: string;
  size?: number;
}

export interface DatasetDefinitions {
  source: 'dataset';
  datasetId: string;
  revision: string;
  /** Definition names (file stems under definitions/), sorted. */
  definitions: string[];
  /** Names with a collected workload (file stems under workloads/), sorted. */
  workloads: string[];
  requests: number;
}

function endpointOf(opts: DatasetTreeOptions): string {
  const env = typeof process !== 'undefined' ? process.env?.['HF_ENDPOINT'] : undefined;
  const raw = (opts.endpoint ?? (env && env.trim() !== '' ? env.trim() : 'https://huggingface.co')).replace(/\/+$/, '');
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    throw new HfmiError('E_USAGE', `endpoint must be an http(s) URL, got ${JSON.stringify(safeUrl(raw))}`);
  }
}

/** The `rel="next"` target of a Link header, resolved against `base`; undefined when there is none. */
export function nextLink(link: string | null, base: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /(^|;)\s*rel\s*=\s*"?next"?\s*(;|$)/i.test(m[2]!)) return new URL(m[1]!, base).toString();
  }
  return undefined;
}

function parseEntries(bytes: Uint8Array, where: string): DatasetTreeEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new HfmiError('E_BAD_RESPONSE', `the dataset tree is not JSON: ${where}`, { url: where });
  }
  if (!Array.isArray(json)) throw new HfmiError('E_BAD_RESPONSE', `the dataset tree is not a list: ${where}`, { url: where });
  const out: DatasetTreeEntry[] = [];
  for (const e of json) {
    if (typeof e !== 'object' || e === null) continue;
    const { type, path, size } = e as { type?: unknown; path?: unknown; size?: unknown };
    if ((type === 'file' || type === 'directory') && typeof path === 'string') {
      out.push({ type, path, ...(typeof size === 'number' && { size }) });
    }
  }
  return out;
}

/** Every entry under `path` (recursive), following the Link header page by page. */
export async function listDatasetTree(path: string, opts: DatasetTreeOptions = {}): Promise<{ entries: DatasetTreeEntry[]; requests: number }> {
  const endpoint = endpointOf(opts);
  const origin = new URL(endpoint).origin;
  const datasetId = opts.datasetId ?? DEFINITIONS_DATASET_ID;
  const revision = opts.revision ?? 'main';
  const http = new HubHttp({
    ...(opts.token && { token: opts.token }),
    ...(opts.signal && { signal: opts.signal }),
    timeoutMs: opts.timeoutMs ?? 30_000,
    retries: opts.retries ?? 3,
    retryBaseDelayMs: 500,
    maxRetryDelayMs: 10_000,
  });
  const enc = (s: string) => s.split('/').map(encodeURIComponent).join('/');
  let url: string | undefined =
    `${endpoint}/api/datasets/${enc(datasetId)}/tree/${encodeURIComponent(revision)}/${enc(path)}?recursive=true`;
  const entries: DatasetTreeEntry[] = [];
  for (let page = 0; url !== undefined; page++) {
    if (page >= MAX_TREE_PAGES) {
      throw new HfmiError('E_BAD_RESPONSE', `the dataset tree has more than ${MAX_TREE_PAGES} pages: ${safeUrl(url)}`);
    }
    if (new URL(url).origin !== origin) {
      // The token goes only to the endpoint the user chose.
      throw new HfmiError('E_BAD_RESPONSE', `the dataset tree's next page points to another host: ${safeUrl(url)}`);
    }
    const current: string = url;
    const { value } = await http.exchange(
      {
        url: current,
        after: page,
        describe: (status) =>
          new HfmiError(
            status === 404 ? 'E_NOT_FOUND' : status === 401 || status === 403 ? 'E_GATED' : 'E_BAD_RESPONSE',
            `dataset ${datasetId} (revision ${revision}) path ${path}: HTTP ${status}`,
            { status, url: safeUrl(current) },
          ),
      },
      async (x) => ({
        bytes: await readAll(x, TREE_PAGE_MAX_BYTES, 'a dataset tree page'),
        next: nextLink(x.response.headers.get('link'), current),
      }),
    );
    entries.push(...parseEntries(value.bytes, safeUrl(current)));
    url = value.next;
  }
  return { entries, requests: http.requests };
}

const stem = (path: string, ext: string) => {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.endsWith(ext) ? base.slice(0, -ext.length) : undefined;
};

/** The Definitions and the collected workloads of the dataset (two listings, run together). */
export async function fetchDatasetDefinitions(opts: DatasetTreeOptions = {}): Promise<DatasetDefinitions> {
  const [defs, loads] = await Promise.all([listDatasetTree('definitions', opts), listDatasetTree('workloads', opts)]);
  const names = (entries: DatasetTreeEntry[], ext: string) =>
    [...new Set(entries.filter((e) => e.type === 'file').map((e) => stem(e.path, ext)).filter((s): s is string => !!s))].sort();
  return {
    source: 'dataset',
    datasetId: opts.datasetId ?? DEFINITIONS_DATASET_ID,
    revision: opts.revision ?? 'main',
    definitions: names(defs.entries, '.json'),
    workloads: names(loads.entries, '.jsonl'),
    requests: defs.requests + loads.requests,
  };
}

// The fixture hub's dataset tree: `GET /api/datasets/{org}/{name}/tree/{rev}/{path}` in the Hub's layout,
// paged with a `Link: <...&cursor=N>; rel="next"` header. The one dataset served is
// flashinfer-ai/flashinfer-trace, built from the bundled snapshot (tests/fixtures/flashinfer-bench):
//   definitions/{op_type}/{name}.json   for each of the 156 Definitions of definitions_index.json;
//   workloads/{op_type}/{name}.jsonl    for each name of workloads_index.json (collected workloads).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_DATASET_ID = 'flashinfer-ai/flashinfer-trace';
/** The Hub pages tree listings; the fixture uses a small page so that tests cross page boundaries. */
export const DATASET_TREE_PAGE_SIZE = 50;

export interface DatasetTreeEntry {
  type: 'file' | 'directory';
  path: string;
  oid: string;
  size: number;
}

/** Every entry of the dataset, directories included, sorted by path. */
export function buildDatasetTree(fixturesRoot: string): DatasetTreeEntry[] {
  const index = JSON.parse(readFileSync(join(fixturesRoot, 'flashinfer-bench/definitions_index.json'), 'utf8')) as {
    definitions: { name: string; op_type: string }[];
  };
  const workloads = new Set(
    (JSON.parse(readFileSync(join(fixturesRoot, 'flashinfer-bench/workloads_index.json'), 'utf8')) as { workloads: string[] })
      .workloads,
  );
  const entries = new Map<string, DatasetTreeEntry>();
  const dir = (path: string) => entries.set(path, { type: 'directory', path, oid: oidOf(path), size: 0 });
  const file = (path: string, size: number) => entries.set(path, { type: 'file', path, oid: oidOf(path), size });
  dir('definitions');
  dir('workloads');
  for (const d of index.definitions) {
    dir(`definitions/${d.op_type}`);
    file(`definitions/${d.op_type}/${d.name}.json`, JSON.stringify(d).length);
    if (workloads.has(d.name)) {
      dir(`workloads/${d.op_type}`);
      file(`workloads/${d.op_type}/${d.name}.jsonl`, 1024);
    }
  }
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function oidOf(path: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(5);
}

export interface DatasetTreePage {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * One page of `/api/datasets/{id}/tree/{rev}/{path}`: `seg` are the path segments after `datasets`;
 * `query` holds `recursive` and `cursor`. Without `recursive`, only the direct children are listed.
 */
export function datasetTreePage(
  tree: DatasetTreeEntry[],
  seg: string[],
  query: URLSearchParams,
  pathname: string,
): DatasetTreePage {
  const id = `${seg[0] ?? ''}/${seg[1] ?? ''}`;
  if (id !== FIXTURE_DATASET_ID || seg[2] !== 'tree' || seg.length < 4) {
    return { status: 404, body: { error: 'Repository not found' }, headers: { 'X-Error-Code': 'RepoNotFound' } };
  }
  if (seg[3] !== 'main') {
    return { status: 404, body: { error: `Invalid rev id: ${seg[3]}` }, headers: { 'X-Error-Code': 'RevisionNotFound' } };
  }
  const base = seg.slice(4).filter((s) => s !== '').join('/');
  const recursive = query.get('recursive') === 'true' || query.get('recursive') === '1';
  const under = tree.filter((e) => {
    if (base !== '' && !e.path.startsWith(base + '/')) return false;
    const rest = base === '' ? e.path : e.path.slice(base.length + 1);
    return recursive || !rest.includes('/');
  });
  if (base !== '' && under.length === 0 && !tree.some((e) => e.path === base)) {
    return { status: 404, body: { error: `Entry not found: ${base}` }, headers: { 'X-Error-Code': 'EntryNotFound' } };
  }
  const cursor = Number(query.get('cursor') ?? '0');
  const start = Number.isInteger(cursor) && cursor >= 0 ? cursor : 0;
  const page = under.slice(start, start + DATASET_TREE_PAGE_SIZE);
  const headers: Record<string, string> = {};
  if (start + DATASET_TREE_PAGE_SIZE < under.length) {
    const next = new URLSearchParams(query);
    next.set('cursor', String(start + DATASET_TREE_PAGE_SIZE));
    headers['Link'] = `<${pathname}?${next.toString()}>; rel="next"`;
  }
  return { status: 200, body: page, headers };
}

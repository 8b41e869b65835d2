// The loopback fixture hub: serves tests/fixtures/repos in the Hugging Face Hub's URL layout.
//
//   GET|HEAD /{org}/{name}/resolve/{revision}/{file}      revision: "main" or the repo's sha
//   GET|HEAD /api/models/{org}/{name}[/revision/{rev}]     model info: id, sha, gated, siblings, safetensors
//   GET|HEAD /api/datasets/flashinfer-ai/flashinfer-trace/tree/main/{path}   dataset tree (dataset_tree.ts)
//   OPTIONS  *                                             CORS preflight
//
// Shard files are virtual (header from tensors.json + zeros) and any Range of them is served without
// materializing the weights. Gated repos need `Authorization: Bearer <token>` on resolve (401 without,
// 403 with a wrong token); their model info stays public, as on the Hub. Errors carry the Hub's
// X-Error-Code header (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo) and a JSON body.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildDatasetTree, datasetTreePage, type DatasetTreeEntry } from './dataset_tree.js';
import { FaultInjector, type Fault, type FaultPlan } from './faults.js';
import { RepoStore, type Repo, type VirtualFile } from './repo_store.js';
import { StatsRecorder, type HubStats } from './stats.js';

export type { Fault } from './faults.js';
export type { HubStats, TimelineEntry } from './stats.js';
export { sequentialRoundTrips } from './stats.js';

export const DEFAULT_FIXTURE_TOKEN = 'hf_fixture_token';

export interface FixtureHubOptions {
  /** Directory of <org>/<name>/repo.json trees (default: tests/fixtures/repos of this package). */
  root?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Delay added before every response, in ms (default 0). */
  latencyMs?: number;
  /** The token gated repos accept (default "hf_fixture_token"). */
  token?: string;
  faults?: Fault[];
}

export interface FixtureHub {
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): HubStats;
  resetStats(): void;
  /** Replaces the active faults (and their counters); [] or null clears them. */
  setFaults(faults: Fault[] | Fault | null): void;
}

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Range, Authorization, Content-Type, Cache-Control',
  'Access-Control-Expose-Headers':
    'Content-Range, Content-Length, Accept-Ranges, ETag, X-Repo-Commit, X-Error-Code, X-Error-Message, Retry-After, Link',
  'Access-Control-Max-Age': '86400',
};

const ZEROS = new Uint8Array(64 * 1024);

/** Resolves on 'drain' or 'close', removing both listeners. */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      res.off('drain', finish);
      res.off('close', finish);
      done();
    };
    res.on('drain', finish);
    res.on('close', finish);
  });
}

function defaultRoot(): string {
  // dist/js/fixture-hub/server.js -> <package>/tests/fixtures/repos
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures/repos');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/** Parses a single "bytes=a-b" / "bytes=a-" / "bytes=-n" range; null when absent or not understood. */
export function parseRange(header: string | undefined, size: number): ByteRange {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** Bytes [start, end] of a virtual file, in chunks of at most `max` bytes. */
function* chunksOf(vf: VirtualFile, start: number, end: number, max: number): Generator<Uint8Array> {
  let at = start;
  while (at <= end) {
    const n = Math.min(max, end - at + 1);
    if (at < vf.head.length) {
      const stop = Math.min(at + n, vf.head.length);
      yield vf.head.subarray(at, stop);
      at = stop;
    } else {
      yield n === ZEROS.length ? ZEROS : ZEROS.subarray(0, n);
      at += n;
    }
  }
}

class HubHandler {
  constructor(
    private readonly store: RepoStore,
    private readonly faults: FaultInjector,
    private readonly stats: StatsRecorder,
    private readonly opts: { latencyMs: number; token: string },
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const start = performance.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fixture.invalid');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    let bytes = 0;
    const count = (n: number) => {
      bytes += n;
    };
    res.on('close', () => {
      this.stats.record({
        method,
        path,
        ...(req.headers.range !== undefined && { range: req.headers.range }),
        status: res.statusCode,
        start,
        end: performance.now(),
        bytes,
        aborted: !res.writableFinished,
      });
    });
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);

    if (method === 'OPTIONS') {
      res.writeHead(204, { 'Content-Length': '0' });
      res.end();
      return;
    }
    const plan = this.faults.plan(method, path, this.opts.latencyMs);
    if (plan.latencyMs > 0) await sleep(plan.latencyMs);
    if (res.destroyed) return;

    if (plan.redirectTo) {
      res.writeHead(302, { Location: plan.redirectTo.replace(/\/$/, '') + url.pathname + url.search, 'Content-Length': '0' });
      res.end();
      return;
    }
    if (plan.status) {
      const extra: Record<string, string> = {};
      if (plan.status.retryAfterSeconds !== undefined) extra['Retry-After'] = String(plan.status.retryAfterSeconds);
      this.sendJson(res, method, plan.status.code, { error: `Injected fault: HTTP ${plan.status.code}` }, count, extra);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      this.sendJson(res, method, 405, { error: 'Method not allowed' }, count, { Allow: 'GET, HEAD, OPTIONS' });
      return;
    }

    const seg = path.split('/').slice(1);
    if (seg[0] === 'api' && seg[1] === 'models') {
      this.modelInfo(res, method, seg.slice(2), count, plan.extraSiblings, plan.truncateAfterBytes);
      return;
    }
    if (seg[0] === 'api' && seg[1] === 'datasets') {
      this.datasetTree(res, method, seg.slice(2), url, count);
      return;
    }
    if (seg.length >= 5 && seg[2] === 'resolve') {
      await this.resolveFile(req, res, method, seg, plan, count);
      return;
    }
    this.sendJson(res, method, 404, { error: 'Not found' }, count);
  }

  private modelInfo(
    res: ServerResponse,
    method: string,
    seg: string[],
    count: (n: number) => void,
    extraSiblings: string[] = [],
    truncateAfterBytes?: number,
  ) {
    const id = `${seg[0] ?? ''}/${seg[1] ?? ''}`;
    const repo = this.store.get(id);
    if (!repo || !repo.modelInfo || !(seg.length === 2 || (seg.length === 4 && seg[2] === 'revision'))) {
      this.sendJson(res, method, 404, { error: 'Repository not found' }, count, { 'X-Error-Code': 'RepoNotFound' });
      return;
    }
    const rev = seg.length === 4 ? seg[3]! : 'main';
    if (!this.revisionOk(repo, rev)) {
      this.sendJson(res, method, 404, { error: `Invalid rev id: ${rev}` }, count, { 'X-Error-Code': 'RevisionNotFound' });
      return;
    }
    const byDtype = repo.parametersByDtype;
    const total = Object.values(byDtype).reduce((a, b) => a + b, 0);
    const [author] = repo.id.split('/');
    this.sendJson(
      res,
      method,
      200,
      {
        _id: repo.sha.slice(0, 24),
        id: repo.id,
        modelId: repo.id,
        author,
        sha: repo.sha,
        lastModified: '2025-01-01T00:00:00.000Z',
        private: false,
        disabled: false,
        gated: repo.gated ? 'manual' : false,
        downloads: 0,
        likes: 0,
        library_name: 'transformers',
        tags: ['transformers', 'safetensors'],
        siblings: [...repo.files, ...extraSiblings].map((rfilename) => ({ rfilename })),
        ...(total > 0 && { safetensors: { parameters: byDtype, total } }),
      },
      count,
      { 'X-Repo-Commit': repo.sha },
      truncateAfterBytes,
    );
  }

  private datasetTreeEntries: DatasetTreeEntry[] | undefined;
  private datasetTree(res: ServerResponse, method: string, seg: string[], url: URL, count: (n: number) => void) {
    // The snapshot lives beside the repos: <fixtures>/flashinfer-bench.
    try {
      this.datasetTreeEntries ??= buildDatasetTree(resolve(this.store.root, '..'));
    } catch {
      this.sendJson(res, method, 404, { error: 'Repository not found' }, count, { 'X-Error-Code': 'RepoNotFound' });
      return;
    }
    const page = datasetTreePage(this.datasetTreeEntries, seg, url.searchParams, url.pathname);
    this.sendJson(res, method, page.status, page.body, count, page.headers);
  }

  private revisionOk(repo: Repo, rev: string): boolean {
    return rev === 'main' || rev === repo.sha;
  }

  private async resolveFile(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    seg: string[],
    plan: FaultPlan,
    count: (n: number) => void,
  ): Promise<void> {
    const id = `${seg[0]}/${seg[1]}`;
    const rev = seg[3]!;
    const file = seg.slice(4).join('/');
    const repo = this.store.get(id);
    if (!repo) {
      this.sendJson(res, method, 404, { error: 'Repository not found' }, count, { 'X-Error-Code': 'RepoNotFound' });
      return;
    }
    if (repo.gated) {
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
      if (token === undefined) {
        this.sendJson(
          res,
          method,
          401,
          { error: `Access to model ${id} is restricted. You must have access to it and be authenticated to access it. Please log in.` },
          count,
          { 'X-Error-Code': 'GatedRepo', 'X-Error-Message': 'Access restricted: log in to access this gated model.' },
        );
        return;
      }
      if (token !== this.opts.token) {
        this.sendJson(
          res,
          method,
          403,
          { error: `Access to model ${id} is restricted and you are not in the authorized list. Visit https://huggingface.co/${id} to ask for access.` },
          count,
          { 'X-Error-Code': 'GatedRepo', 'X-Error-Message': 'Access restricted: not in the authorized list.' },
        );
        return;
      }
    }
    if (!this.revisionOk(repo, rev)) {
      this.sendJson(res, method, 404, { error: `Invalid rev id: ${rev}` }, count, { 'X-Error-Code': 'RevisionNotFound' });
      return;
    }
    let vf = repo.file(file);
    if (vf && plan.headerLength !== undefined && vf.head.length >= 8) {
      const head = vf.head.slice();
      new DataView(head.buffer).setBigUint64(0, BigInt.asUintN(64, plan.headerLength), true);
      vf = { ...vf, head };
    }
    if (!vf) {
      this.sendJson(res, method, 404, { error: 'Entry not found' }, count, { 'X-Error-Code': 'EntryNotFound' });
      return;
    }
    const common: Record<string, string> = {
      'Accept-Ranges': 'bytes',
      'Content-Type': vf.contentType,
      ETag: `"${repo.sha.slice(0, 16)}-${vf.size}"`,
      'X-Repo-Commit': repo.sha,
    };
    if (plan.gzipBody) {
      await sendGzipped(res, method, vf, common, count);
      return;
    }
    const range = plan.ignoreRange ? null : parseRange(req.headers.range, vf.size);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...common, 'Content-Range': `bytes */${vf.size}`, 'Content-Length': '0' });
      res.end();
      return;
    }
    let start = 0;
    let end = vf.size - 1;
    if (range) {
      ({ start, end } = range);
      let declared = `bytes ${start}-${end}/${vf.size}`;
      if (plan.wrongContentRange) declared = `bytes ${start + 8}-${end + 8}/${vf.size + 8}`;
      if (plan.unknownTotal) declared = `bytes ${start}-${end}/*`;
      if (plan.shortBody !== undefined) end = Math.min(end, start + plan.shortBody - 1); // Content-Range still promises more
      res.writeHead(206, { ...common, 'Content-Range': declared, 'Content-Length': String(end - start + 1) });
    } else {
      res.writeHead(200, { ...common, 'Content-Length': String(vf.size) });
    }
    if (method === 'HEAD' || vf.size === 0) {
      res.end();
      return;
    }
    await this.stream(res, vf, start, end, plan, count);
  }

  /** Streams bytes [start, end] with backpressure; stops when the client goes away. */
  private async stream(
    res: ServerResponse,
    vf: VirtualFile,
    start: number,
    end: number,
    plan: FaultPlan,
    count: (n: number) => void,
  ): Promise<void> {
    const max = plan.trickle ? Math.max(1, plan.trickle.bytes) : ZEROS.length;
    let sent = 0;
    for (let chunk of chunksOf(vf, start, end, max)) {
      if (res.destroyed) return;
      if (plan.truncateAfterBytes !== undefined && sent + chunk.length > plan.truncateAfterBytes) {
        chunk = chunk.subarray(0, plan.truncateAfterBytes - sent);
        if (chunk.length > 0) {
          count(chunk.length);
          await new Promise<void>((r) => res.write(chunk, () => r()));
        }
        res.destroy();
        return;
      }
      count(chunk.length);
      sent += chunk.length;
      const ok = res.write(chunk);
      if (!ok) await drainOrClose(res);
      if (plan.trickle) await sleep(plan.trickle.intervalMs);
    }
    if (!res.destroyed) res.end();
  }

  private sendJson(
    res: ServerResponse,
    method: string,
    status: number,
    body: unknown,
    count: (n: number) => void,
    extra: Record<string, string> = {},
    truncateAfterBytes?: number,
  ): void {
    const bytes = Buffer.from(JSON.stringify(body), 'utf8');
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(bytes.length), ...extra });
    if (method === 'HEAD') {
      res.end();
      return;
    }
    if (truncateAfterBytes !== undefined && truncateAfterBytes < bytes.length) {
      // A body broken mid-way: Content-Length promised the whole document.
      count(truncateAfterBytes);
      res.write(bytes.subarray(0, truncateAfterBytes), () => res.destroy());
      return;
    }
    count(bytes.length);
    res.end(bytes);
  }
}

/** Starts the fixture hub on 127.0.0.1 (port 0 = any free port). */
export async function startFixtureHub(opts: FixtureHubOptions = {}): Promise<FixtureHub> {
  const store = new RepoStore(opts.root ? resolve(opts.root) : defaultRoot());
  const faults = new FaultInjector();
  faults.set(opts.faults ?? []);
  const stats = new StatsRecorder();
  const handler = new HubHandler(store, faults, stats, {
    latencyMs: opts.latencyMs ?? 0,
    token: opts.token ?? DEFAULT_FIXTURE_TOKEN,
  });
  const server = createServer((req, res) => {
    handler.handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: `fixture hub: ${String(err)}` }));
      } else {
        res.destroy();
      }
    });
  });
  const host = opts.host ?? '127.0.0.1';
  server.listen(opts.port ?? 0, host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setFaults: (f) => faults.set(f),
  };
}

/** The whole file gzipped (a server that ignores Range and encodes): Content-Length is the gzip's length. */
async function sendGzipped(
  res: ServerResponse,
  method: string,
  vf: VirtualFile,
  common: Record<string, string>,
  count: (n: number) => void,
): Promise<void> {
  const { gzipSync } = await import('node:zlib');
  const parts: Uint8Array[] = [];
  for (const chunk of chunksOf(vf, 0, vf.size - 1, ZEROS.length)) parts.push(chunk);
  const body = gzipSync(Buffer.concat(parts), { level: 1 });
  res.writeHead(200, { ...common, 'Content-Encoding': 'gzip', 'Content-Length': String(body.length) });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  count(body.length);
  res.end(body);
}

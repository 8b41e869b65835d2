// Shared by the benchmark parts: paths, statistics, the fixture hub on a worker thread.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
export const REPOS = join(ROOT, 'tests/fixtures/repos');
export const CACHE = join(ROOT, 'bench/.cache');
export const FIXTURE_TOKEN = 'hf_fixture_token';

export const distUrl = (rel) => pathToFileURL(join(DIST, rel)).href;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const round = (x, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/** The fixture hub (dist/js/fixture-hub/server.js) on a worker thread, with an async proxy of its API. */
/** The fixture hub on a worker thread, serving `root` (default: the committed fixture repos). */
export async function startHubWorker(root = REPOS) {
  const worker = new Worker(new URL('./hub_worker.mjs', import.meta.url), {
    workerData: { serverModule: distUrl('js/fixture-hub/server.js'), root },
  });
  const url = await new Promise((res, rej) => {
    worker.once('error', rej);
    worker.once('message', (m) => (m.ready ? res(m.url) : rej(new Error('hub worker did not start'))));
  });
  let next = 0;
  const pending = new Map();
  worker.on('message', (m) => {
    const p = pending.get(m.id);
    if (p) {
      pending.delete(m.id);
      p(m.value);
    }
  });
  const call = (op, extra = {}) =>
    new Promise((res) => {
      const id = ++next;
      pending.set(id, res);
      worker.postMessage({ id, op, ...extra });
    });
  return {
    url,
    stats: () => call('stats'),
    resetStats: () => call('resetStats'),
    setFaults: (faults) => call('setFaults', { faults }),
    close: async () => {
      await call('close');
      await worker.terminate();
    },
  };
}

/** Waits until the hub has logged `n` requests (responses are logged on close, which can trail the client). */
export async function settledStats(hub, n) {
  let s = await hub.stats();
  for (let i = 0; i < 200 && s.requests < n; i++) {
    await new Promise((r) => setTimeout(r, 5));
    s = await hub.stats();
  }
  return s;
}

// Where a batch's memory goes, in one process: N DeepSeek-V3 imports (fetchModel + analyze), J at a time,
// with the peak JS heap, ArrayBuffers and WASM memory sampled every 5 ms (the fixture hub on a worker thread;
// its memory is in the RSS printed, unlike bench/batch_bench.mjs's CLI processes).
// ru_maxrss is printed too: the 5 ms sampler cannot run inside the core's synchronous stretches.
//   node bench/memory_probe.mjs [JOBS=4] [MODELS=8] [--deferred]
//   (--deferred: fetchModel with decodeWhileFetching false, as a batch fetches)
import { distUrl, startHubWorker } from './common.mjs';

const { fetchModel } = await import(distUrl('js/index.node.js'));
const { loadCore } = await import(distUrl('js/core/load_core.node.js'));
const core = await loadCore();
const hub = await startHubWorker();
const mb = (x) => (x / 1048576).toFixed(0);
const max = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0, wasm: 0 };
const tick = setInterval(() => {
  const m = process.memoryUsage();
  for (const k of ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers']) max[k] = Math.max(max[k], m[k]);
  max.wasm = Math.max(max.wasm, core.HEAPU8.length);
}, 5);
const args = process.argv.slice(2).filter((a) => a !== '--deferred');
const deferred = process.argv.includes('--deferred');
const jobs = Number(args[0] ?? 4);
const n = Number(args[1] ?? 8);
let next = 0;
await Promise.all(
  Array.from({ length: jobs }, async () => {
    while (next < n) {
      next++;
      const h = await fetchModel('deepseek-ai/DeepSeek-V3', { hubUrl: hub.url, ...(deferred && { decodeWhileFetching: false }) });
      await h.analyze({});
      h.dispose();
    }
  }),
);
clearInterval(tick);
await hub.close();
console.log(`jobs ${jobs}, ${n} models${deferred ? ' (deferred decoding)' : ''}: peak RSS ${mb(max.rss)} MB sampled, ${mb(process.resourceUsage().maxRSS * 1024)} MB ru_maxrss, JS heap used ${mb(max.heapUsed)} / total ${mb(max.heapTotal)} MB, external ${mb(max.external)} MB (ArrayBuffers ${mb(max.arrayBuffers)} MB), WASM memory ${mb(max.wasm)} MB`);

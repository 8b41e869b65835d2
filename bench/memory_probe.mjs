// Where a batch's memory goes, in one process: N DeepSeek-V3 imports (fetchModel + analyze), J at a time,
// with the peak JS heap, ArrayBuffers and WASM memory sampled every 5 ms (the fixture hub on a worker thread;
// its memory is in the RSS printed, unlike bench/batch_bench.mjs's CLI processes).
//   node bench/memory_probe.mjs [JOBS=4] [MODELS=8]
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
const jobs = Number(process.argv[2] ?? 4);
const n = Number(process.argv[3] ?? 8);
let next = 0;
await Promise.all(
  Array.from({ length: jobs }, async () => {
    while (next < n) {
      next++;
      const h = await fetchModel('deepseek-ai/DeepSeek-V3', { hubUrl: hub.url });
      await h.analyze({});
      h.dispose();
    }
  }),
);
clearInterval(tick);
await hub.close();
console.log(`jobs ${jobs}, ${n} models: peak RSS ${mb(max.rss)} MB, JS heap used ${mb(max.heapUsed)} / total ${mb(max.heapTotal)} MB, external ${mb(max.external)} MB (ArrayBuffers ${mb(max.arrayBuffers)} MB), WASM memory ${mb(max.wasm)} MB`);

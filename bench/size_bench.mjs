// Size: the gzipped bytes a browser downloads for an import, from a real bundler build (esbuild: bundle,
// ESM with code splitting, minified, browser platform) of a one-line app `import { importModel } from
// 'hf-model-import'`, plus the .wasm file its glue fetches: a safetensors import's, the GGUF-free core (not the GGUF
// core, which a GGUF import loads instead, nor the file updaters' module, which only an updater call loads: each
// reported on its own line). Each step that got there is a row,
// relinked from the objects of build/wasm (bench/size_steps.mjs, recorded in bench/size_steps.json); the last is
// this build. The core's bytes are attributed to their owners (bench/size_attribution.mjs). Also: the time to
// instantiate the core in a fresh Node process, and
// (when the Vite test app is built and Chromium is there) the time to first result in headless Chromium
// against the fixture hub with 40 ms of latency per request.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { DIST, REPOS, ROOT, distUrl, median } from './common.mjs';

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

function instantiateOnce() {
  const script = `
    const t0 = performance.now();
    const { loadCore } = await import(${JSON.stringify(distUrl('js/core/load_core.node.js'))});
    const core = await loadCore();
    const t1 = performance.now();
    core.version();
    process.stdout.write(JSON.stringify({ importAndInstantiateMs: t1 - t0, sinceProcessStartMs: t1 }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out);
}

/** esbuild bundle of `source` (resolving the package to dist/, browser condition); returns its JS chunks. */
async function bundle(source) {
  const { build } = await import(join(ROOT, 'node_modules/esbuild/lib/main.js'));
  const dir = mkdtempSync(join(tmpdir(), 'hfmi-size-'));
  try {
    writeFileSync(join(dir, 'app.js'), source);
    const r = await build({
      entryPoints: [join(dir, 'app.js')],
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      outdir: join(dir, 'out'),
      metafile: true,
      logLevel: 'silent',
      alias: { 'hf-model-import': join(DIST, 'js/index.browser.js'), 'hf-model-import/single-file': join(DIST, 'js/index.single_file.js') },
      external: ['*.wasm'],
    });
    const chunks = Object.entries(r.metafile.outputs).map(([file, o]) => {
      const raw = readFileSync(join(process.cwd(), file));
      // esbuild also names the module a dynamic import() chunk starts from: only app.js's chunk is the page's entry.
      // The file updaters' glue (hfmi_targets.web.mjs) is a chunk of its own, fetched only by an updater's import().
      const only = (re) => Object.keys(o.inputs).length > 0 && Object.keys(o.inputs).every((i) => re.test(i));
      const targets = only(/hfmi_targets\.web\.mjs$/);
      // The GGUF core's glue (hfmi_core_gguf.web.mjs): fetched by a GGUF import instead of hfmi_core.web.mjs's.
      const gguf = only(/hfmi_core_gguf\.web\.mjs$/);
      // The GGUF fetch plan (js/hub/gguf_fetch_plan.ts): fetched by hub_client's import() only for a repo that lists .gguf files.
      const ggufPlan = only(/hub\/gguf_fetch_plan\.js$/);
      return { file: relative(join(dir, 'out'), join(process.cwd(), file)), bytes: raw.length, gzip: gz(raw), entry: Boolean(o.entryPoint?.endsWith('app.js')), targets, gguf, ggufPlan };
    });
    return chunks;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The recorded steps (bench/size_steps.mjs relinks each one from build/wasm's objects), if measured. */
function recordedSteps() {
  const file = join(ROOT, 'bench/size_steps.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** Code bytes per owner in the browser core (bench/size_attribution.mjs), when the named build is there. */
async function attribution() {
  const { NAMES_WASM, WASM_BUILD, attribute } = await import('./size_attribution.mjs');
  const stale = !existsSync(NAMES_WASM) || statSync(NAMES_WASM).mtimeMs < statSync(join(DIST, 'wasm/hfmi_core.web.wasm')).mtimeMs;
  try {
    // One more link of the browser objects, with function names kept (not part of the package's build).
    if (stale) execFileSync('cmake', ['--build', WASM_BUILD, '--target', 'hfmi_wasm_web_names'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    return { skipped: `cmake --build ${WASM_BUILD} --target hfmi_wasm_web_names failed: ${e.message}` };
  }
  if (!existsSync(NAMES_WASM)) return { skipped: `${NAMES_WASM} was not built` };
  return attribute();
}

/** Time to first result in headless Chromium: the Vite test app, the fixture hub with 40 ms latency. */
async function chromiumTimes(models, log) {
  const app = join(ROOT, 'tests/apps/bundlers/dist/vite');
  if (!existsSync(join(app, 'index.html'))) return { skipped: 'tests/apps/bundlers/dist/vite is not built (node --test tests/js/package_apps.test.mjs builds it)' };
  let pw;
  try {
    pw = createRequire(join(ROOT, 'web-demo/package.json'))('playwright-core');
  } catch {
    return { skipped: 'playwright-core (web-demo) is not installed' };
  }
  const { startFixtureHub } = await import(distUrl('js/fixture-hub/server.js'));
  const { startStaticServer, CHROMIUM, CHROMIUM_ARGS } = await import('../tests/js/web_support.mjs');
  const hub = await startFixtureHub({ root: REPOS, latencyMs: 40 });
  const site = await startStaticServer(app);
  const browser = await pw.chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const rows = [];
  try {
    for (const model of models) {
      const times = [];
      for (let i = 0; i < 3; i++) {
        const page = await browser.newPage(); // a fresh page: nothing cached in memory, the .wasm compiled again
        const t0 = performance.now();
        await page.goto(`${site.url}/index.html?hub=${encodeURIComponent(hub.url)}&model=${encodeURIComponent(model)}`);
        await page.waitForSelector('#result[data-state="done"]', { timeout: 120_000 });
        times.push(performance.now() - t0);
        await page.close();
      }
      rows.push({ model, msMedian: median(times), ms: times });
      log(`chromium ${model}: ${median(times).toFixed(0)} ms to first result (40 ms latency)`);
    }
  } finally {
    await browser.close();
    await site.close();
    await hub.close();
  }
  return { latencyMs: 40, rows };
}

/** Why a total over the target is over it: the .wasm's gzip and its three largest owners of code. */
function missedBecause(totalGzip, wasmGzip, attr) {
  const target = 150 * 1024;
  if (totalGzip <= target) return undefined;
  const owners = (attr?.rows ?? []).slice(0, 3).map((r) => `${r.owner} (${r.bytes.toLocaleString('en-US')} code bytes, ${r.gzip.toLocaleString('en-US')} gzip alone)`);
  return `${(totalGzip - target).toLocaleString('en-US')} bytes over; the \`.wasm\` is ${wasmGzip.toLocaleString('en-US')} bytes gzip` +
    (owners.length ? `, and its largest owners of code are ${owners.join(', ')}.` : '.');
}

export async function runSizeBench({ instantiations = 10, log = () => {} } = {}) {
  const webWasm = readFileSync(join(DIST, 'wasm/hfmi_core.web.wasm'));
  const targetsFile = join(DIST, 'wasm/hfmi_targets.web.wasm');
  const ggufFile = join(DIST, 'wasm/hfmi_core_gguf.web.wasm');
  const bundled = await bundle("import { importModel } from 'hf-model-import';\nwindow.run = (id) => importModel(id);\n");
  // What a safetensors import downloads: every chunk but the updaters' glue (the app never calls an updater), the
  // GGUF core's glue and the GGUF fetch plan, and the GGUF-free core's .wasm.
  const light = bundled.filter((c) => !c.targets && !c.gguf && !c.ggufPlan);
  const single = await bundle("import { importModel } from 'hf-model-import/single-file';\nwindow.run = (id) => importModel(id);\n");
  const errorsOnly = await bundle("import { HfmiError } from 'hf-model-import';\nwindow.E = HfmiError;\n");
  const sum = (chunks, pred = () => true) => chunks.filter(pred).reduce((s, c) => ({ bytes: s.bytes + c.bytes, gzip: s.gzip + c.gzip }), { bytes: 0, gzip: 0 });
  const lightJs = sum(light);
  const singleJs = sum(single);
  // Our JS is every chunk but the glue's; each recorded step is our JS + its glue + its .wasm.
  const glueJs = sum(light, (c) => /hfmi_core\.web/.test(c.file));
  const ourJs = { bytes: lightJs.bytes - glueJs.bytes, gzip: lightJs.gzip - glueJs.gzip };
  const recorded = recordedSteps();
  const steps = [
    ...(recorded?.rows ?? []).map((r) => ({
      // A row measured on its own (size_steps --only) names its commit: its objects are of that time.
      step: r.commit ? `${r.step} [measured at ${r.commit}]` : r.step,
      bytes: ourJs.bytes + r.glueBytes + r.wasmBytes,
      gzip: ourJs.gzip + r.glueGzip + r.wasmGzip,
      wasmBytes: r.wasmBytes,
      wasmGzip: r.wasmGzip,
    })),
    { step: 'this build (dist/, as the package ships it)', bytes: lightJs.bytes + webWasm.length, gzip: lightJs.gzip + gz(webWasm), wasmBytes: webWasm.length, wasmGzip: gz(webWasm) },
  ];
  const total = steps[steps.length - 1];
  log(`size: ${total.gzip} bytes gzip for an import (JS ${lightJs.gzip} + wasm ${gz(webWasm)})`);
  // The file updaters' module, on its own: downloaded only by a page that calls updateModelsTs/updateCatalog/
  // updateCoverage/updateGapsReadme, never by an import.
  const targetsGlue = sum(bundled, (c) => c.targets);
  const targetsWasm = existsSync(targetsFile) ? readFileSync(targetsFile) : undefined;
  const targetsModule = targetsWasm
    ? {
        note: 'the file updaters (updateModelsTs, updateCatalog, updateCoverage, updateGapsReadme): loaded on the first updater call, not part of an import',
        glue: targetsGlue,
        wasm: { file: 'dist/wasm/hfmi_targets.web.wasm', bytes: targetsWasm.length, gzip: gz(targetsWasm) },
        bytes: targetsGlue.bytes + targetsWasm.length,
        gzip: targetsGlue.gzip + gz(targetsWasm),
      }
    : { skipped: 'dist/wasm/hfmi_targets.web.wasm is missing (a dist/ from before the split): cmake --build build/wasm' };
  log(targetsModule.skipped ? `size: file updaters module not measured (${targetsModule.skipped})`
    : `size: file updaters module (loaded only on the first updater call, not by an import): ${targetsModule.gzip} bytes gzip (glue ${targetsGlue.gzip} + wasm ${targetsModule.wasm.gzip})`);
  // A GGUF import: the same JS plus the GGUF fetch plan's chunk, and the GGUF core's glue and .wasm in place of the
  // GGUF-free core's.
  const ggufGlue = sum(bundled, (c) => c.gguf);
  const ggufPlanJs = sum(bundled, (c) => c.ggufPlan);
  const ggufOurJs = { bytes: ourJs.bytes + ggufPlanJs.bytes, gzip: ourJs.gzip + ggufPlanJs.gzip };
  const ggufWasm = existsSync(ggufFile) ? readFileSync(ggufFile) : undefined;
  const ggufImport = ggufWasm
    ? {
        note: 'a repo read from GGUF: hfmi_core_gguf.web.mjs/.wasm are loaded instead of hfmi_core.web.mjs/.wasm, and the GGUF fetch plan\'s chunk too',
        ourJs: ggufOurJs,
        ggufPlanJs,
        glue: ggufGlue,
        wasm: { file: 'dist/wasm/hfmi_core_gguf.web.wasm', bytes: ggufWasm.length, gzip: gz(ggufWasm) },
        bytes: ggufOurJs.bytes + ggufGlue.bytes + ggufWasm.length,
        gzip: ggufOurJs.gzip + ggufGlue.gzip + gz(ggufWasm),
      }
    : { skipped: 'dist/wasm/hfmi_core_gguf.web.wasm is missing (a dist/ from before the GGUF split): cmake --build build/wasm' };
  log(ggufImport.skipped ? `size: GGUF import not measured (${ggufImport.skipped})`
    : `size: a GGUF import (loads the GGUF core instead): ${ggufImport.gzip} bytes gzip (JS ${ggufOurJs.gzip} (of which the GGUF fetch plan ${ggufPlanJs.gzip}) + glue ${ggufGlue.gzip} + wasm ${ggufImport.wasm.gzip})`);
  const attr = await attribution();
  instantiateOnce(); // warm the file cache
  const runs = Array.from({ length: instantiations }, instantiateOnce);
  const browser = await chromiumTimes(['meta-llama/Llama-3.1-8B', 'deepseek-ai/DeepSeek-V3'], log).catch((e) => ({ skipped: String(e?.message ?? e) }));
  return {
    bundler: 'esbuild (bundle, ESM, splitting, minify, browser)',
    chunks: light,
    wasm: { file: 'dist/wasm/hfmi_core.web.wasm', bytes: webWasm.length, gzip: gz(webWasm) },
    totals: { bytes: total.bytes, gzip: total.gzip, js: lightJs, wasmGzip: gz(webWasm) },
    initialJs: sum(light, (c) => c.entry),
    errorsOnly: sum(errorsOnly, (c) => c.entry),
    steps,
    stepsRecorded: recorded ? { measuredAt: recorded.measuredAt, commit: recorded.commit, command: recorded.command } : undefined,
    ourJs,
    singleFile: singleJs,
    targetsModule,
    ggufImport,
    attribution: attr,
    missedBecause: missedBecause(total.gzip, gz(webWasm), attr),
    targetGzip: 150 * 1024,
    instantiate: {
      runs: runs.length,
      importAndInstantiateMsMedian: median(runs.map((r) => r.importAndInstantiateMs)),
      sinceProcessStartMsMedian: median(runs.map((r) => r.sinceProcessStartMs)),
      importAndInstantiateMs: runs.map((r) => r.importAndInstantiateMs),
    },
    browser,
  };
}

// For ad-hoc use: node bench/size_bench.mjs
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runSizeBench({ instantiations: 1, log: (l) => process.stderr.write(l + '\n') });
  process.stdout.write(JSON.stringify({ steps: r.steps, initialJs: r.initialJs, errorsOnly: r.errorsOnly, wasm: r.wasm, targetsModule: r.targetsModule, ggufImport: r.ggufImport, browser: r.browser }, null, 2) + '\n');
}

// The npm package as an outside app sees it: `npm pack`, install the tarball into a fresh project,
// import it under the "node" condition, and type-check a consumer against the shipped .d.ts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { ROOT, tempDir } from './helpers.mjs';

const run = promisify(execFile);
let project;
let files;

before(async () => {
  const packDir = await tempDir('hfmi-pack-');
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT });
  const [info] = JSON.parse(stdout);
  files = info.files.map((f) => f.path);
  project = await tempDir('hfmi-consumer-');
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(packDir, info.filename)], { cwd: project });
});

describe('the packed package', () => {
  test('ships the WASM builds, the ESM and CJS JS, the types, and no sources or tests', () => {
    for (const f of ['dist/wasm/hfmi_core.browser.mjs', 'dist/wasm/hfmi_core.node.cjs', 'dist/wasm/hfmi_core.web.mjs',
      'dist/wasm/hfmi_core.web.wasm', 'dist/js/index.node.js', 'dist/cjs/index.node.js', 'dist/cjs/index.node.d.cts',
      'dist/cjs/package.json', 'dist/js/core.node.js', 'dist/js/targets/index.js', 'dist/js/fixture-hub/server.js',
      'dist/js/index.browser.js', 'dist/js/index.browser.d.ts', 'dist/js/cli/import_model.js', 'package.json']) {
      assert.ok(files.includes(f), `missing ${f}`);
    }
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('tests/') || f.startsWith('wasm/')), files.join(' '));
  });

  test('Node resolves the "node" condition and the core answers', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e',
      "import * as m from 'hf-model-import'; console.log(JSON.stringify({v: await m.coreVersion(), f: typeof m.importModel}))"], { cwd: project });
    assert.deepEqual(JSON.parse(stdout), { v: '0.1.0', f: 'function' });
  });

  test('a TypeScript consumer type-checks against the shipped types', async () => {
    await writeFile(join(project, 'use.ts'), `import { importModel, type ImportResult, HfmiError } from 'hf-model-import';
export async function layers(id: string): Promise<number> {
  const r: ImportResult = await importModel(id, { tp: 8, ep: 8, endpoint: 'http://127.0.0.1:1' });
  if (r.architecture.attention.type === 'mla') return r.architecture.attention.kv_lora_rank ?? 0;
  // num_layers is null when neither the config nor its family gives it: a consumer must say what then.
  return (r.architecture.num_layers ?? 0) + (r.moduleTree.modules.length > 0 ? 0 : 1);
}
export const isCoded = (e: unknown) => e instanceof HfmiError && e.code === 'E_GATED';
`);
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], skipLibCheck: false, types: [] },
      files: ['use.ts'],
    }));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', project], { cwd: project }).catch((e) => e);
    assert.equal(result.code ?? 0, 0, `${result.stdout}\n${result.stderr}`);
  });

  test('the entry points resolve: /core (no network code), /targets, /fixture-hub, /single-file', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `
      const core = await import('hf-model-import/core');
      const targets = await import('hf-model-import/targets');
      const hub = await import('hf-model-import/fixture-hub');
      const single = await import('hf-model-import/single-file');
      console.log(JSON.stringify({ core: [typeof core.openFiles, typeof core.fetchModel, await core.coreVersion()],
        targets: typeof targets.updateModelsTsFile, hub: typeof hub.startFixtureHub, single: typeof single.fetchModel }));`], { cwd: project });
    assert.deepEqual(JSON.parse(stdout), { core: ['function', 'undefined', '0.1.0'], targets: 'function', hub: 'function', single: 'function' });
  });

  test('a CommonJS script require()s the package, and the core answers', async () => {
    const dir = await tempDir('hfmi-cjs-');
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'cjs-consumer', private: true }));
    await writeFile(join(dir, 'main.js'), `const m = require(${JSON.stringify(join(project, 'node_modules/hf-model-import'))});
const core = require(${JSON.stringify(join(project, 'node_modules/hf-model-import/dist/cjs/core.node.js'))});
m.coreVersion().then((v) => console.log(JSON.stringify({ v, f: typeof m.fetchModel, e: typeof m.HfmiError, c: typeof core.openFiles, x: m.EXIT_CODES.E_GATED })));
`);
    const { stdout } = await run(process.execPath, [join(dir, 'main.js')], { cwd: dir });
    assert.deepEqual(JSON.parse(stdout), { v: '0.1.0', f: 'function', e: 'function', c: 'function', x: 4 });
  });

  test('a TypeScript node16 CommonJS project type-checks (.d.cts) and runs', async () => {
    await writeFile(join(project, 'cjs-use.cts'), `import { fetchModel, isHfmiError, type ImportResult, type ImportProgress } from 'hf-model-import';
import { openFiles } from 'hf-model-import/core';
// parameters.total is null when a config lacks a size and no header fills it (issue 11: null, not guessed).
export async function total(id: string, hubUrl: string): Promise<number | null> {
  const h = await fetchModel(id, { hubUrl, onProgress: (p: ImportProgress) => void p.phase });
  const r: ImportResult = await h.analyze({ tp: 2 });
  h.dispose();
  return r.architecture.parameters.total;
}
export const coded = (e: unknown) => isHfmiError(e) && e.code === 'E_ABORTED';
export const local = openFiles;
`);
    await writeFile(join(project, 'tsconfig.cjs.json'), JSON.stringify({
      compilerOptions: { strict: true, module: 'Node16', moduleResolution: 'Node16', target: 'ES2022', lib: ['ES2022', 'DOM'], skipLibCheck: false, types: [], outDir: 'out-cjs' },
      files: ['cjs-use.cts'],
    }));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', join(project, 'tsconfig.cjs.json')], { cwd: project }).catch((e) => e);
    assert.equal(result.code ?? 0, 0, `${result.stdout}\n${result.stderr}`);
    const { stdout } = await run(process.execPath, ['-e', "const m = require('./out-cjs/cjs-use.cjs'); console.log(typeof m.total, typeof m.local)"], { cwd: project });
    assert.equal(stdout.trim(), 'function function');
  });

  test('an esbuild Node bundle runs away from node_modules and imports a model', async () => {
    const { build } = await import(join(ROOT, 'node_modules/esbuild/lib/main.js'));
    const { startFixtureHub } = await import(join(project, 'node_modules/hf-model-import/dist/js/fixture-hub/server.js'));
    const hub = await startFixtureHub({ root: join(ROOT, 'tests/fixtures/repos') });
    try {
      await writeFile(join(project, 'bundle-entry.mjs'), `import { importModel } from 'hf-model-import';
const r = await importModel('meta-llama/Llama-3.1-8B', { hubUrl: process.argv[2] });
console.log(r.architecture.parameters.total);
`);
      const outDir = await tempDir('hfmi-bundle-');
      for (const format of ['esm', 'cjs']) {
        const outfile = join(outDir, `bundle.${format === 'esm' ? 'mjs' : 'cjs'}`);
        const entry = format === 'esm' ? 'bundle-entry.mjs' : 'bundle-entry.cjs';
        if (format === 'cjs') {
          await writeFile(join(project, entry), `const { importModel } = require('hf-model-import');
importModel('meta-llama/Llama-3.1-8B', { hubUrl: process.argv[2] }).then((r) => console.log(r.architecture.parameters.total));
`);
        }
        await build({ entryPoints: [join(project, entry)], bundle: true, platform: 'node', format, outfile, logLevel: 'silent' });
        const { stdout } = await run(process.execPath, [outfile, hub.url], { cwd: outDir });
        assert.equal(stdout.trim(), '8030261248', `${format} bundle`); // Meta's published count
      }
    } finally {
      await hub.close();
    }
  });

  test('with typescript@7 installed as the app\'s typescript, --target flashinfer type-checks and writes (no E_INTERNAL)', async () => {
    const app = await tempDir('hfmi-ts7-app-');
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'ts7-app', private: true }));
    await mkdir(join(app, 'node_modules'), { recursive: true });
    // The app's own typescript is 7 (tests/apps/ts7, installed by scripts/setup.sh); the package resolves it from there.
    await symlink(join(ROOT, 'tests/apps/ts7/node_modules/typescript'), join(app, 'node_modules/typescript'), 'dir');
    await cp(join(project, 'node_modules/hf-model-import'), join(app, 'node_modules/hf-model-import'), { recursive: true });
    const modelsTs = join(app, 'models.ts');
    await cp(join(ROOT, 'tests/fixtures/models_ts/models.ts'), modelsTs);
    const { startFixtureHub } = await import(join(ROOT, 'dist/js/fixture-hub/server.js'));
    const hub = await startFixtureHub({ root: join(ROOT, 'tests/fixtures/repos') });
    try {
      const cli = join(app, 'node_modules/hf-model-import/dist/js/cli/import_model.js');
      const r = await run(process.execPath, [cli, '--model', 'Qwen/Qwen3-0.6B', '--endpoint', hub.url, '--target', 'flashinfer',
        '--models-ts', modelsTs, '--quiet'], { cwd: app }).catch((e) => e);
      assert.equal(r.code ?? 0, 0, `${r.stdout}\n${r.stderr}`);
      assert.doesNotMatch(String(r.stderr), /E_INTERNAL|not type-checked/);
      assert.match(await readFile(modelsTs, 'utf8'), /id: "qwen3-0\.6b"/);
      // A type error in the updated file is still caught under TypeScript 7.
      const { typeCheckModelsTs } = await import(join(app, 'node_modules/hf-model-import/dist/js/targets/ts_check.js'));
      const bad = typeCheckModelsTs((await readFile(modelsTs, 'utf8')).replace('count: 61,', 'count: "61",'));
      assert.equal(bad.ok, false, JSON.stringify(bad));
    } finally {
      await hub.close();
    }
  });
});

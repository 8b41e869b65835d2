// The npm package as an outside app sees it: `npm pack`, install the tarball into a fresh project,
// import it under the "node" condition, and type-check a consumer against the shipped .d.ts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
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
  test('ships both WASM builds, the JS, the types, and no sources or tests', () => {
    for (const f of ['dist/wasm/hfmi_core.browser.mjs', 'dist/wasm/hfmi_core.node.cjs', 'dist/js/index.node.js',
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
  return r.architecture.num_layers + (r.moduleTree.modules.length > 0 ? 0 : 1);
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
});

// The public result types are closed: a misspelt field does not compile (no index signatures), and the
// correctly spelt ones do. Type-checks consumers against the built declarations (dist/js) with tsc.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

import { ROOT, tempDir } from './helpers.mjs';

const run = promisify(execFile);
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const ENTRY = join(ROOT, 'dist/js/index.node.js');

async function typeCheck(body) {
  const dir = await tempDir('hfmi-types-');
  await writeFile(join(dir, 'use.ts'), `import type { FullImportResult, ImportResult, ImportProgress, ModelHandle } from ${JSON.stringify(ENTRY)};
declare const r: ImportResult;
declare const f: FullImportResult;
declare const p: ImportProgress;
declare const h: ModelHandle;
export {};
${body}
`);
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: [], skipLibCheck: true },
    files: ['use.ts'],
  }));
  const result = await run(process.execPath, [TSC, '-p', dir], { cwd: dir }).then(() => ({ code: 0, stdout: '' }), (e) => e);
  return { code: result.code ?? 0, out: `${result.stdout}` };
}

// Each line reads one field; the misspelt twin of each must be rejected with TS2339/TS2551.
const FIELDS = [
  'r.architecture.parameters.total',
  'r.architecture.attention.num_kv_heads',
  'r.architecture.mlp.experts_per_token',
  'r.architecture.kv_cache?.bytes_per_token',
  'r.architecture.memory?.bf16_bytes',
  'f.catalogEntry.parameters_billions',
  'f.perfModelConfig.layer_types[0]?.class',
  "f.outputs['tensors.csv']",
  '(async () => (await h.analyze({ toolOutputs: true })).definitionSkeletons)()',
  'r.moduleTree.modules[0]?.definitions',
  'p.phase',
  'h.analyze',
];
const TYPOS = [
  ['r.architecture.paramters', 'paramters'],
  ['r.architecture.attention.num_kv_head', 'num_kv_head'],
  ['r.architecture.mlp.expert_per_token', 'expert_per_token'],
  ['r.architecture.kv_cache?.bytes_per_tokens', 'bytes_per_tokens'],
  ['r.architecture.memory?.bf16_byte', 'bf16_byte'],
  ['f.catalogEntry.parameter_billions', 'parameter_billions'],
  ['f.perfModelConfig.layer_type', 'layer_type'],
  // The tool outputs are only on a result asked for them.
  ['r.catalogEntry', 'catalogEntry'],
  ['(async () => (await h.analyze({ tp: 2 })).perfModelConfig)()', 'perfModelConfig'],
];

test('the correctly spelt fields type-check', async () => {
  const { code, out } = await typeCheck(FIELDS.map((f, i) => `export const f${i} = ${f};`).join('\n'));
  assert.equal(code, 0, out);
});

test('tsc rejects r.architecture.paramters and every other misspelt field', async () => {
  const { code, out } = await typeCheck(TYPOS.map(([f], i) => `export const t${i} = ${f};`).join('\n'));
  assert.notEqual(code, 0);
  for (const [, name] of TYPOS) {
    assert.match(out, new RegExp(`error TS(2339|2551): Property '${name}' does not exist`), `${name} was not rejected:\n${out}`);
  }
});

// js/targets/ts_check: syntax and type checks of models.ts texts with the TypeScript compiler API.
// Also the proof that the emitter's escaped strings survive the real TypeScript parser: hostile.ts
// (written by the C++ emitter, see tests/cpp/emit_models_ts_updater_test.cpp) is parsed here and
// every string in it is read back and compared with the hostile input bytes.
// Run after `npx tsc -p tsconfig.json`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';

import ts from 'typescript';

import { FIXTURES, ROOT } from './helpers.mjs';

const { checkTypeScript, typeCheckModelsTs } = await import(join(ROOT, 'dist/js/targets/ts_check.js'));

const MODELS_TS = readFileSync(join(FIXTURES, 'models_ts/models.ts'), 'utf8');
const TRICKY_TS = readFileSync(join(FIXTURES, 'models_ts/tricky.ts'), 'utf8');
const HOSTILE_TS = readFileSync(join(FIXTURES, 'models_ts/hostile.ts'), 'utf8');
const HOSTILE = JSON.parse(readFileSync(join(FIXTURES, 'models_ts/hostile_strings.json'), 'utf8')).strings;
const DATASET = JSON.parse(readFileSync(join(FIXTURES, 'flashinfer-bench/models_ts_entries.json'), 'utf8')).models;

/** The elements of `const models = [...]` (through `satisfies`), as object literal nodes. */
function modelObjects(text) {
  const sf = ts.createSourceFile('models.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  let array;
  sf.forEachChild(function visit(node) {
    if (ts.isVariableDeclaration(node) && node.name.getText(sf) === 'models') {
      let init = node.initializer;
      while (init && (ts.isSatisfiesExpression(init) || ts.isAsExpression(init))) init = init.expression;
      array = init;
    }
    node.forEachChild(visit);
  });
  assert.ok(array && ts.isArrayLiteralExpression(array), 'models array found');
  return array.elements.filter(ts.isObjectLiteralExpression);
}

function propertyName(p) {
  if (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) return p.name.text;
  if (ts.isComputedPropertyName(p.name) && ts.isStringLiteral(p.name.expression)) return p.name.expression.text;
  throw new Error(`unexpected property name kind ${ts.SyntaxKind[p.name.kind]}`);
}

function property(obj, name) {
  return obj.properties.find((p) => ts.isPropertyAssignment(p) && propertyName(p) === name)?.initializer;
}

test('the real-layout models.ts passes the syntax check and the type check', () => {
  assert.deepEqual(checkTypeScript(MODELS_TS), { ok: true, diagnostics: [] });
  assert.deepEqual(typeCheckModelsTs(MODELS_TS), { ok: true, diagnostics: [] });
  // Same with the minimal in-memory lib (what a browser gets).
  assert.deepEqual(typeCheckModelsTs(MODELS_TS, { minimalLib: true }), { ok: true, diagnostics: [] });
  // It holds the dataset's entries, in order.
  assert.deepEqual(
    modelObjects(MODELS_TS).map((o) => property(o, 'id').text),
    DATASET.map((m) => m.id),
  );
});

test('the scanner fixture (comments, templates, spread, quoted keys) is valid TypeScript', () => {
  assert.deepEqual(checkTypeScript(TRICKY_TS), { ok: true, diagnostics: [] });
  assert.deepEqual(typeCheckModelsTs(TRICKY_TS), { ok: true, diagnostics: [] });
});

test('a missing bracket fails the syntax check with diagnostics', () => {
  const broken = MODELS_TS.replace('    modules: {\n', '    modules: \n');
  const r = checkTypeScript(broken);
  assert.equal(r.ok, false);
  assert.ok(r.diagnostics.length > 0);
  assert.match(r.diagnostics[0], /^models\.ts\(9,\d+\): error TS\d+: /);
  assert.ok(r.diagnostics.length <= 51, 'diagnostics are capped');
  assert.equal(typeCheckModelsTs(broken).ok, false);
  const unclosed = checkTypeScript(MODELS_TS.replace('] satisfies Model[]', ' satisfies Model[]'));
  assert.equal(unclosed.ok, false);
});

test('type: "blok" passes the syntax check but fails the type check', () => {
  const blok = MODELS_TS.replace('type: "layer"', 'type: "blok"');
  assert.equal(checkTypeScript(blok).ok, true);
  const r = typeCheckModelsTs(blok);
  assert.equal(r.ok, false);
  assert.ok(r.diagnostics.some((d) => d.includes(`Type '"blok"' is not assignable to type '"block" | "layer"'`)));
  assert.equal(typeCheckModelsTs(blok, { minimalLib: true }).ok, false);
});

test('count: "3" fails the type check', () => {
  const r = typeCheckModelsTs(MODELS_TS.replace('count: 61,', 'count: "3",'));
  assert.equal(r.ok, false);
  assert.ok(r.diagnostics.some((d) => /models\.ts\(20,9\): error TS2322: Type 'string' is not assignable to type 'number'/.test(d)));
});

test('an unknown property and a missing required field fail the type check', () => {
  const extra = typeCheckModelsTs(MODELS_TS.replace('count: 1,\n        type: "block",', 'count: 1,\n        typ: "block",'));
  assert.equal(extra.ok, false);
  const noName = typeCheckModelsTs(MODELS_TS.replace('    name: "DeepSeek V3/R1",\n', ''));
  assert.equal(noName.ok, false);
  assert.ok(noName.diagnostics.some((d) => d.includes("Property 'name' is missing")));
});

test('hostile.ts: every hostile string survives the TypeScript parser and reads back exactly', () => {
  assert.deepEqual(checkTypeScript(HOSTILE_TS), { ok: true, diagnostics: [] });
  assert.deepEqual(typeCheckModelsTs(HOSTILE_TS), { ok: true, diagnostics: [] });
  const objects = modelObjects(HOSTILE_TS);
  assert.equal(objects.length, HOSTILE.length);
  const decoder = new TextDecoder('utf-8'); // replaces invalid bytes with U+FFFD, per maximal subpart
  HOSTILE.forEach((h, i) => {
    const expected = decoder.decode(Buffer.from(h.hex, 'hex'));
    const obj = objects[i];
    assert.equal(property(obj, 'id').text, `hostile-${i}`, h.label);
    assert.equal(property(obj, 'name').text, expected, h.label);
    assert.equal(property(obj, 'description').text, expected, h.label);
    const modules = property(obj, 'modules');
    const names = modules.properties.map(propertyName);
    assert.deepEqual(names, [expected, 'child'], h.label);
    const child = property(modules, 'child');
    assert.equal(property(child, 'parent').text, expected, h.label);
    assert.deepEqual(property(child, 'definitions').elements.map((e) => e.text), [expected], h.label);
  });
  // Only printable ASCII and newlines in the file; no `${` anywhere.
  assert.match(HOSTILE_TS, /^[\x20-\x7e\n]*$/);
  assert.equal(HOSTILE_TS.includes('${'), false);
  // Evaluated as JavaScript (types stripped), the objects hold the same strings; `__proto__` is a key.
  const js = ts.transpileModule(HOSTILE_TS.replace(/^import type .*$/m, ''), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const module = { exports: {} };
  new Function('module', 'exports', js)(module, module.exports);
  const models = module.exports.default;
  HOSTILE.forEach((h, i) => {
    const expected = decoder.decode(Buffer.from(h.hex, 'hex'));
    assert.equal(models[i].description, expected, h.label);
    assert.ok(Object.prototype.hasOwnProperty.call(models[i].modules, expected), `${h.label}: own module key`);
    assert.equal(models[i].modules.child.parent, expected, h.label);
  });
});

test('the WASM updater output type-checks (skipped until the WASM build has updateModelsTs)', async (t) => {
  const wasm = join(ROOT, 'dist/wasm/hfmi_core.node.cjs');
  if (!existsSync(wasm)) return t.skip('dist/wasm/hfmi_core.node.cjs not built');
  const core = await createRequire(import.meta.url)(wasm)();
  if (typeof core.updateModelsTs !== 'function') return t.skip('this WASM build has no updateModelsTs');
  let text = MODELS_TS;
  for (const h of HOSTILE.slice(0, 8)) {
    const s = new TextDecoder().decode(Buffer.from(h.hex, 'hex'));
    const entry = {
      id: `hostile-${h.label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
      name: s,
      description: s,
      modules: [{ name: 'Root', count: 1, type: 'block', definitions: [s] }],
    };
    const r = JSON.parse(core.updateModelsTs(text, JSON.stringify(entry), false));
    assert.equal(typeof r.text, 'string', JSON.stringify(r));
    text = r.text;
  }
  assert.deepEqual(typeCheckModelsTs(text), { ok: true, diagnostics: [] });
  const replaced = JSON.parse(
    core.updateModelsTs(text, JSON.stringify({ ...DATASET[0], modules: DATASET[0].modules }), true),
  );
  assert.equal(replaced.action, 'replaced');
  assert.deepEqual(typeCheckModelsTs(replaced.text), { ok: true, diagnostics: [] });
});

// TypeScript 7 (the native compiler, no JS API): the same checks through its tsc binary. tests/apps/ts7 pins
// typescript@7.0.2 (installed by scripts/setup.sh) beside the project's typescript 5.9.3.
const TS7 = join(ROOT, 'tests/apps/ts7/node_modules/typescript');

test('TypeScript 7 and 5.9 agree: the real-layout models.ts passes, count: "3" fails at the same place', () => {
  const pkg = JSON.parse(readFileSync(join(TS7, 'package.json'), 'utf8'));
  assert.equal(pkg.version.split('.')[0], '7');
  assert.equal(ts.version.split('.').slice(0, 2).join('.'), '5.9');
  assert.deepEqual(typeCheckModelsTs(MODELS_TS, { typescriptDir: TS7 }), { ok: true, diagnostics: [] });
  const bad = MODELS_TS.replace('count: 61,', 'count: "3",');
  const r7 = typeCheckModelsTs(bad, { typescriptDir: TS7 });
  const r5 = typeCheckModelsTs(bad);
  assert.equal(r7.ok, false);
  assert.equal(r7.warning, undefined);
  for (const r of [r5, r7]) assert.ok(r.diagnostics.some((d) => /models\.ts\(20,9\): error TS2322:/.test(d)), r.diagnostics.join('\n'));
});

test('the type check judges what we add: problems already in the file are the user\'s', () => {
  // The user's file already has an unrelated type error and an import we cannot resolve.
  const theirs = `import { helper } from '@/lib/helpers';\nconst n: number = 'x';\n` + MODELS_TS;
  const ours = theirs.replace('count: 61,', 'count: 61,'); // an unchanged update
  for (const typescriptDir of [undefined, TS7]) {
    const o = typescriptDir ? { typescriptDir } : {};
    assert.equal(typeCheckModelsTs(ours, o).ok, false, 'the whole file has errors');
    assert.deepEqual(typeCheckModelsTs(ours, { ...o, original: theirs }), { ok: true, diagnostics: [] });
    const broken = typeCheckModelsTs(theirs.replace('count: 61,', 'count: "3",'), { ...o, original: theirs });
    assert.equal(broken.ok, false);
    assert.equal(broken.warning, undefined);
    // Only the new error (line 20 of models.ts, 22 here), not the file's own two.
    assert.ok(broken.diagnostics.some((d) => /models\.ts\(22,9\): error TS2322/.test(d)), broken.diagnostics.join('\n'));
    assert.ok(!broken.diagnostics.some((d) => /TS2307|models\.ts\(2,7\)/.test(d)), broken.diagnostics.join('\n'));
  }
});

test('no usable TypeScript: the check is skipped with a warning, not a crash', () => {
  const r = typeCheckModelsTs(MODELS_TS, { typescriptDir: join(ROOT, 'tests/fixtures') });
  assert.equal(r.ok, true);
  assert.match(r.warning ?? '', /not type-checked/);
});

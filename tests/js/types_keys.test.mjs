// The keys the core emits equal the TypeScript types, so neither can drift: every result of every
// fixture (the fixture hub's repos with their headers, every real config.json in tests/fixtures/hf,
// config-only, and the registry's hf-wild configs with their index) is walked beside the declared type (read from
// dist/js with the TypeScript checker): `FullImportResult` for an analysis asked for the tool outputs, `ImportResult`
// for one that was not. An emitted key the type lacks, a required key missing, a value of the wrong primitive type,
// or an optional key that no fixture ever emits, fails. The raw core's analysis envelopes are held to the internal
// AnalysisJson and ToolOutputsJson types the same way (their top-level keys, exactly).
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import ts from 'typescript';

import { FIXTURES, FIXTURE_TOKEN, ROOT, buildSafetensorsHeader, startHub, tempDir } from './helpers.mjs';

const api = await import(join(ROOT, 'dist/js/index.node.js'));

/** The declared type `name` exported by `module` (default: `ImportResult` of the package), with its checker. */
async function declaredResultType(name = 'ImportResult', module = join(ROOT, 'dist/js/index.node.js')) {
  const dir = await tempDir('hfmi-keys-');
  const probe = join(dir, 'probe.ts');
  await writeFile(probe, `import type { ${name} } from ${JSON.stringify(module)};\nexport declare const result: ${name};\n`);
  const program = ts.createProgram([probe], {
    strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022, types: [], skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  let type;
  program.getSourceFile(probe).forEachChild(function visit(node) {
    if (ts.isVariableDeclaration(node)) type = checker.getTypeAtLocation(node.name);
    node.forEachChild(visit);
  });
  assert.ok(type, 'ImportResult resolved');
  return { checker, type };
}

/** Walks `value` beside `type`; problems go to `out.problems`, optional keys seen to `out.seen`. */
function walk(checker, type, value, path, out) {
  let t = type;
  if (t.isUnion()) {
    if (value === null && t.types.some((u) => u.flags & ts.TypeFlags.Null)) return;
    const defined = t.types.filter((u) => !(u.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (defined.every((u) => u.flags & ts.TypeFlags.StringLike)) {
      if (typeof value !== 'string') out.problems.push(`${path}: ${JSON.stringify(value)} is not a string`);
      else if (defined.every((u) => u.isStringLiteral()) && !defined.some((u) => u.value === value)) {
        out.problems.push(`${path}: "${value}" is not one of ${defined.map((u) => u.value).join('|')}`);
      }
      return;
    }
    if (defined.every((u) => u.flags & ts.TypeFlags.BooleanLike)) t = defined[0];
    else if (defined.length === 1) t = defined[0];
    else {
      // A union of primitives (specs values): the value's primitive type must be one of them.
      const ok = defined.some((u) => primitiveMatches(u, value));
      if (!ok) out.problems.push(`${path}: ${JSON.stringify(value)} matches none of ${defined.map((u) => checker.typeToString(u)).join(' | ')}`);
      return;
    }
  }
  if (t.flags & ts.TypeFlags.Unknown || t.flags & ts.TypeFlags.Any) return;
  if (t.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.StringLike | ts.TypeFlags.BooleanLike)) {
    if (!primitiveMatches(t, value)) out.problems.push(`${path}: ${JSON.stringify(value)} is not ${checker.typeToString(t)}`);
    return;
  }
  if (checker.isArrayType(t)) {
    if (!Array.isArray(value)) return void out.problems.push(`${path}: not an array`);
    const element = checker.getTypeArguments(t)[0];
    value.forEach((v, i) => walk(checker, element, v, `${path}[${i}]`, out));
    return;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return void out.problems.push(`${path}: ${JSON.stringify(value)?.slice(0, 60)} is not an object (${checker.typeToString(t)})`);
  }
  const props = checker.getPropertiesOfType(t);
  const index = t.getStringIndexType();
  if (props.length === 0 && index) {
    for (const [k, v] of Object.entries(value)) walk(checker, index, v, `${path}[${JSON.stringify(k)}]`, out);
    return;
  }
  const typeName = checker.typeToString(t);
  const declared = new Map(props.map((p) => [p.name, p]));
  for (const k of Object.keys(value)) {
    if (!declared.has(k)) out.problems.push(`${path}.${k}: emitted, but ${typeName} does not declare it`);
  }
  for (const [name, p] of declared) {
    const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
    const key = `${typeName}.${name}`;
    if (optional) out.optional.add(key);
    if (!(name in value) || value[name] === undefined) {
      if (!optional) out.problems.push(`${path}.${name}: required by ${typeName}, not emitted`);
      continue;
    }
    if (optional) out.seen.add(key);
    walk(checker, checker.getTypeOfSymbol(p), value[name], `${path}.${name}`, out);
  }
}

function primitiveMatches(t, value) {
  if (t.flags & ts.TypeFlags.NumberLike) return typeof value === 'number';
  if (t.flags & ts.TypeFlags.StringLike) return typeof value === 'string' && (!t.isStringLiteral() || t.value === value);
  if (t.flags & ts.TypeFlags.BooleanLike) return typeof value === 'boolean';
  return false;
}

let hub;
before(async () => {
  hub = await startHub();
});
after(() => hub?.close());

/** Every fixture's result, with `extra` options: the hub's repos (headers), and each real config alone. */
async function allResults(extra) {
  const results = [];
  for (const org of await readdir(join(FIXTURES, 'repos'), { withFileTypes: true })) {
    if (!org.isDirectory()) continue;
    for (const name of await readdir(join(FIXTURES, 'repos', org.name))) {
      const id = `${org.name}/${name}`;
      try {
        results.push([id, await api.importModel(id, { hubUrl: hub.url, accessToken: FIXTURE_TOKEN, tp: 1, ...extra })]);
      } catch (e) {
        if (!api.isHfmiError(e) || e.code === 'E_INTERNAL') throw e; // the hostile fixtures are refused with a code
      }
    }
  }
  for (const file of (await readdir(join(FIXTURES, 'hf'))).filter((f) => f.endsWith('.config.json'))) {
    const id = file.replace('.config.json', '').replace('__', '/');
    try {
      // An empty Definitions catalog: every name is missing, so every kind of skeleton is emitted.
      const options = { definitions: new TextEncoder().encode('[]'), ...extra };
      results.push([`${id} (config only)`, await api.analyzeFiles({ modelId: id, config: await readFile(join(FIXTURES, 'hf', file)) }, options)]);
    } catch (e) {
      if (!api.isHfmiError(e) || e.code === 'E_INTERNAL') throw e;
    }
  }
  // The registry's wild configs with the index beside them (as --local reads them): missing fields,
  // unfamiliar layer kinds and the index's total_size reconciled against a config-only count.
  const wild = join(FIXTURES, 'hf-wild');
  for (const dir of await readdir(wild, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const files = await readdir(join(wild, dir.name));
    const indexFile = files.find((f) => f.endsWith('.index.json'));
    const id = dir.name.replace('__', '/');
    try {
      const local = {
        modelId: id,
        config: await readFile(join(wild, dir.name, 'config.json')),
        ...(indexFile !== undefined && { index: await readFile(join(wild, dir.name, indexFile)) }),
      };
      results.push([`${id} (hf-wild)`, await api.analyzeFiles(local, extra)]);
    } catch (e) {
      if (!api.isHfmiError(e) || e.code === 'E_INTERNAL') throw e;
    }
  }
  return results;
}

for (const [name, extra] of [['FullImportResult', { toolOutputs: true }], ['ImportResult', {}]]) {
  test(`${name}: every key the core emits is declared, with its type, and every declared key is emitted by some fixture`, async () => {
    const { checker, type } = await declaredResultType(name);
    const results = await allResults(extra);
    assert.ok(results.length >= 40, `${results.length} results`);
    const out = { problems: [], optional: new Set(), seen: new Set() };
    const firstSeen = new Map(); // one line per problem, naming the first model that shows it
    for (const [id, r] of results) {
      out.problems = [];
      walk(checker, type, r, 'result', out);
      for (const p of out.problems) {
        const key = p.replace(/\[\d+\]/g, '[i]').replace(/\["[^"]*"\]/g, '[k]');
        if (!firstSeen.has(key)) firstSeen.set(key, `${id}: ${p}`);
      }
    }
    const problems = [...firstSeen.values()];
    assert.deepEqual(problems, [], problems.join('\n'));
    // Emitted on paths no fixture takes: a header's __metadata__.total_parameters (src/emit/accounting_json.cpp)
    // and a config parser warning (src/emit/architecture_json.cpp). Listed here, so a new one is a decision.
    const rare = new Set(['ParametersJson.declared_total', 'ArchitectureJson.config_warnings']);
    const never = [...out.optional].filter((k) => !out.seen.has(k) && !rare.has(k)).sort();
    assert.deepEqual(never, [], `declared optional keys that no fixture emits: ${never.join(', ')}`);
  });
}

// The envelope of the raw core's Session.analyze (read by js/core/core_session.ts) carries exactly the keys the
// internal AnalysisJson type declares, and Session.analyzeToolOutputs's those and ToolOutputsJson's (tensors_csv goes
// out beside it, through tensorsCsv()): nothing computed and shipped that no consumer can read, nothing declared that
// the core does not send.
test('the core\'s analysis envelopes carry exactly the keys AnalysisJson and ToolOutputsJson declare', async () => {
  const keysOf = async (name) => {
    const { checker, type } = await declaredResultType(name, join(ROOT, 'dist/js/core/core_types.js'));
    return checker.getPropertiesOfType(type).map((p) => p.name);
  };
  const light = (await keysOf('AnalysisJson')).sort();
  const full = [...light, ...(await keysOf('ToolOutputsJson')).filter((k) => k !== 'tensors_csv')].sort();
  const { loadCore } = await import(join(ROOT, 'dist/js/core/load_core.node.js'));
  const core = await loadCore();
  const dir = join(FIXTURES, 'repos/Qwen/Qwen3-0.6B');
  const tensors = JSON.parse(await readFile(join(dir, 'tensors.json'), 'utf8'));
  const runs = [['with headers', Object.entries(tensors.shards)], ['config only', []]];
  for (const [label, shards] of runs) {
    const s = new core.Session();
    try {
      assert.equal(JSON.parse(s.setConfig(await readFile(join(dir, 'config.json')))).ok, true);
      for (const [name, rows] of shards) {
        const h = buildSafetensorsHeader(rows, tensors.metadata);
        assert.equal(JSON.parse(s.addHeader(name, h.bytes, h.fileSize)).ok, true);
      }
      const options = JSON.stringify({ model_id: 'Qwen/Qwen3-0.6B' });
      for (const [kind, envelope, declared] of [
        ['analyze', JSON.parse(new TextDecoder().decode(s.analyze(options))), light],
        ['analyzeToolOutputs', JSON.parse(new TextDecoder().decode(s.analyzeToolOutputs(options))), full],
      ]) {
        assert.equal(envelope.ok, true, `${label}, ${kind}`);
        assert.deepEqual(Object.keys(envelope).filter((k) => k !== 'ok').sort(), declared, `${label}, ${kind}`);
      }
    } finally {
      s.delete();
    }
  }
});

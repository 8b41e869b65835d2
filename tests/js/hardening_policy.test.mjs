// One source of truth (issue 15, Deliver 9): the committed js/core/generated/*.ts equal what the core's
// policy tables generate now; the TypeScript shard-name check answers every case of the shared fixture
// like the core does (the C++ side reads the same file in tests/cpp/policy_tables_test.cpp); the README's
// error table lists every code with its exit code; unused WASM exports are gone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ERROR_CODE_TABLE } from '../../dist/js/core/generated/error_codes.js';
import { escapeControls } from '../../dist/js/hub/printable.js';
import { shardNameProblem } from '../../dist/js/hub/shard_names.js';
import { FIXTURES, ROOT } from './helpers.mjs';

const { policyTables, renderPolicyTs } = await import(join(ROOT, 'scripts/gen_policy_ts.mjs'));

describe('generated TypeScript equals the core tables', () => {
  test('every js/core/generated file is what scripts/gen_policy_ts.mjs makes from the WASM core', async () => {
    const files = renderPolicyTs(await policyTables());
    assert.ok(Object.keys(files).length >= 5);
    for (const [name, text] of Object.entries(files)) {
      assert.equal(readFileSync(join(ROOT, 'js/core/generated', name), 'utf8'), text, `js/core/generated/${name} is stale`);
    }
  });

  test('the unused WASM exports are gone, the generator input is exported', async () => {
    const { loadCore } = await import('../../dist/js/core/load_core.node.js');
    const core = await loadCore();
    assert.equal(core.headerPrefixLength, undefined);
    assert.equal(core.parseConfig, undefined);
    assert.equal(typeof core.policyTables, 'function');
  });
});

describe('one shard-name policy', () => {
  const { cases } = JSON.parse(readFileSync(join(FIXTURES, 'policy/shard_names.json'), 'utf8'));
  for (const c of cases) {
    test(`${c.ok ? 'accepts' : 'refuses'} ${escapeControls(JSON.stringify(c.name.slice(0, 60)))} (${c.why})`, () => {
      assert.equal(shardNameProblem(c.name) === '', c.ok, shardNameProblem(c.name));
    });
  }
});

describe('the README error table', () => {
  test('lists every code of the core table with its exit code', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const e of ERROR_CODE_TABLE) {
      const row = readme.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${e.code}\``));
      assert.ok(row, `README has no row for ${e.code}`);
      assert.match(row, new RegExp(`\\|\\s*${e.exit}\\s*\\|`), `${e.code} exits ${e.exit}: ${row}`);
    }
  });
});

describe('printing names', () => {
  test('control characters, C1 and bidi overrides are escaped; plain text is untouched', () => {
    assert.equal(escapeControls('model-00001-of-00002.safetensors'), 'model-00001-of-00002.safetensors');
    assert.equal(escapeControls('a\u001b[31mb'), 'a\\x1b[31mb');
    assert.equal(escapeControls('x\nE_GATED: y'), 'x\\x0aE_GATED: y');
    assert.equal(escapeControls('\u009b\u202e'), '\\x9b\\u{202e}');
  });
});

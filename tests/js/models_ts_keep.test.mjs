// --replace on the real-layout models.ts (tests/fixtures/models_ts/models.ts) keeps the curated name and
// description of the entry (taken from the dataset's models_ts_entries.json), and says what it kept.
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, runCli, startHub, tempDir } from './helpers.mjs';

const curated = JSON.parse(await readFile(join(FIXTURES, 'flashinfer-bench/models_ts_entries.json'), 'utf8')).models.find(
  (m) => m.id === 'llama-3.1-8b',
);

describe('models.ts --replace keeps curated fields', () => {
  let hub;
  before(async () => {
    hub = await startHub();
  });
  after(async () => hub.close());

  test('name and description are kept unless given', async () => {
    const dir = await tempDir('hfmi-keep-');
    const path = join(dir, 'models.ts');
    await copyFile(join(FIXTURES, 'models_ts/models.ts'), path);
    const r = await runCli(['--model', 'meta-llama/Llama-3.1-8B', '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', path, '--replace']);
    assert.equal(r.code, 0, r.stderr);
    const text = await readFile(path, 'utf8');
    assert.ok(text.includes(`    name: ${JSON.stringify(curated.name)},\n`));
    assert.ok(text.includes(`    description: ${JSON.stringify(curated.description)},\n`));
    assert.match(r.stderr, new RegExp(`kept the existing entry's name: ${JSON.stringify(curated.name)}`));
    assert.match(r.stderr, /kept the existing entry's description/);
    const given = await runCli(['--model', 'meta-llama/Llama-3.1-8B', '--endpoint', hub.url, '--target', 'flashinfer', '--models-ts', path, '--replace', '--name', 'My Llama']);
    assert.equal(given.code, 0, given.stderr);
    const after = await readFile(path, 'utf8');
    assert.ok(after.includes('    name: "My Llama",\n'));
    assert.ok(after.includes(`    description: ${JSON.stringify(curated.description)},\n`));
    assert.doesNotMatch(given.stderr, /kept the existing entry's name/);
  });
});

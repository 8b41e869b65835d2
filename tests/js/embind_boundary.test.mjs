// The embind boundary (wasm/core_bindings.cpp, wasm/byte_area.hpp, js/core/embind_core.ts): sessions are handles,
// bytes cross through the input area and large texts through the output area. What could go wrong there: the
// memory grows between asking for room and writing into it (the glue replaces HEAPU8), a handle is used after
// close, or a binding brings embind's class or emval runtime back into the browser glue.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, ROOT } from './helpers.mjs';

const NODE_CORE = join(ROOT, 'dist/wasm/hfmi_core.node.cjs');
const rawModule = () => createRequire(import.meta.url)(NODE_CORE)();
const envelope = (text) => JSON.parse(text);

test('input bytes asked for past the current memory land in the grown memory', { skip: !existsSync(NODE_CORE) }, async () => {
  const m = await rawModule();
  const before = m.HEAPU8.length;
  const config = await readFile(join(FIXTURES, 'repos/Qwen/Qwen3-0.6B/config.json'));
  const h = m.sessionOpen();
  try {
    assert.equal(envelope(m.sessionSetConfig(h, config)).ok, true);
    // An index chunk larger than the whole memory: the room for it grows the memory, and the bytes written into
    // the new HEAPU8 are what the session reads (a JSON index whose weight_map names one shard).
    const padding = ' '.repeat(before + (1 << 20));
    const index = Buffer.from(`{"metadata":{"total_size":1},${padding}"weight_map":{"lm_head.weight":"model.safetensors"}}`);
    const at = m.inputArea(index.length);
    assert.ok(m.HEAPU8.length > before, 'the memory grew');
    assert.ok(at + index.length <= m.HEAPU8.length, 'the room is inside the new memory view');
    m.HEAPU8.set(index, at);
    assert.equal(envelope(m.sessionIndexFeed(h)).ok, true);
    assert.deepEqual(envelope(m.sessionIndexFinish(h)).shards, ['model.safetensors']);
  } finally {
    m.sessionClose(h);
  }
});

test('a closed or never-opened session handle gets E_INTERNAL, for text and for envelopes', { skip: !existsSync(NODE_CORE) }, async () => {
  const m = await rawModule();
  const h = m.sessionOpen();
  m.sessionClose(h);
  for (const handle of [h, 12345]) {
    const text = envelope(m.sessionIndexFinish(handle));
    assert.equal(text.ok, false);
    assert.equal(text.error.code, 'E_INTERNAL');
    const n = m.sessionAnalyze(handle, '{}');
    const at = m.outputArea();
    const analysed = envelope(new TextDecoder().decode(m.HEAPU8.subarray(at, at + n)));
    assert.equal(analysed.error.code, 'E_INTERNAL');
  }
  // A closed slot is reused by the next session.
  assert.equal(m.sessionOpen(), h);
});

test('the browser glue links neither embind\'s class runtime nor its emval runtime', () => {
  for (const glue of ['hfmi_core.web.mjs', 'hfmi_core_gguf.web.mjs', 'hfmi_targets.web.mjs']) {
    const file = join(ROOT, 'dist/wasm', glue);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    // Messages of embind 3.1.6's class handles (ClassHandle.delete) and of its emval handle table.
    for (const marker of ['instance already deleted', 'Cannot use deleted val', 'Cannot construct ']) {
      assert.ok(!text.includes(marker), `${glue} holds "${marker}"`);
    }
  }
});

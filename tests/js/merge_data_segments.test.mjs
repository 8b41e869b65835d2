// scripts/merge_data_segments.mjs, the post-link step of the browser modules: a module's memory after instantiation
// is byte for byte the same with its data segments merged (the reference is WebAssembly itself, instantiating both),
// what it cannot prove is refused, and the shipped browser modules hold one segment.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { mergeDataSegments } from '../../scripts/merge_data_segments.mjs';
import { ROOT } from './helpers.mjs';

const leb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const section = (id, body) => [id, ...leb(body.length), ...body];
const active = (offset, bytes) => [0, 0x41, ...leb(offset), 0x0b, ...leb(bytes.length), ...bytes]; // offsets < 64

/** A module with one exported page of memory and these data segments (raw segment encodings), plus extra sections. */
function moduleWith(segments, extra = []) {
  const name = [...Buffer.from('memory')];
  return Buffer.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(5, [1, 0x00, 1]),
    ...section(7, [1, name.length, ...name, 0x02, 0]),
    ...extra,
    ...section(11, [segments.length, ...segments.flat()]),
  ]);
}
async function memoryOf(wasm) {
  const { instance } = await WebAssembly.instantiate(wasm);
  return Buffer.from(new Uint8Array(instance.exports.memory.buffer, 0, 1024));
}
const segmentCount = (wasm) => mergeDataSegments(wasm).before;

test('merged data segments leave the memory byte for byte as it was, whatever their order and gaps', async () => {
  // Out of order, a gap of 1 and a gap of hundreds, a two-byte LEB offset (300), an empty segment.
  const segments = [
    active(40, [...Buffer.from('abc')]),
    active(16, [1, 2, 3]),
    [0, 0x41, ...[0xac, 0x02], 0x0b, 2, 9, 8], // i32.const 300 (signed LEB: 0xac 0x02)
    active(44, [7]),
    active(60, []),
  ];
  const original = moduleWith(segments);
  const { wasm, before, after } = mergeDataSegments(original);
  assert.equal(before, 5);
  assert.equal(after, 1);
  assert.equal(segmentCount(wasm), 1);
  const want = await memoryOf(original);
  assert.deepEqual(await memoryOf(wasm), want);
  assert.deepEqual([...want.subarray(16, 19)], [1, 2, 3]);
  assert.deepEqual([...want.subarray(300, 302)], [9, 8]);
  // Once merged, a second run changes nothing.
  assert.equal(mergeDataSegments(wasm).wasm, wasm);
});

test('what it cannot prove the same is refused: passive segments, overlaps, a data count section, truncation', () => {
  assert.throws(() => mergeDataSegments(moduleWith([active(16, [1]), [1, 1, 5]])), /flags 1 \(passive/);
  assert.throws(() => mergeDataSegments(moduleWith([active(16, [1, 2, 3]), active(17, [4])])), /overlap/);
  const dataCount = section(12, [2]);
  assert.throws(() => mergeDataSegments(moduleWith([active(16, [1]), active(32, [2])], dataCount)), /data count/);
  const whole = moduleWith([active(16, [1, 2, 3]), active(32, [2])]);
  assert.throws(() => mergeDataSegments(whole.subarray(0, whole.length - 2)), /runs past the end/);
  assert.throws(() => mergeDataSegments(Buffer.from('not wasm at all')), /not a WebAssembly module/);
});

test('the browser modules are built with one data segment each', { skip: !existsSync(join(ROOT, 'dist/wasm/hfmi_core.web.wasm')) }, () => {
  for (const file of ['hfmi_core.web.wasm', 'hfmi_core_gguf.web.wasm', 'hfmi_targets.web.wasm']) {
    assert.equal(segmentCount(readFileSync(join(ROOT, 'dist/wasm', file))), 1, file);
  }
});

#!/usr/bin/env node
// Rewrites a linked .wasm so its data section is one active segment: the segments in offset order, the gaps between
// them written as the zeros that memory already holds there. A post-link step of the browser modules (CMakeLists.txt).
//
// Why: binaryen's memory packing (part of emcc's -Oz, with no switch to turn it off) cuts the data at every run of
// zeros, which saves raw bytes but leaves hundreds of segments, each with a 4-6 byte header whose offset gzip cannot
// predict. The zeros compress to almost nothing, the headers do not: the browser import module went from 592 segments
// to 1, its .wasm 6.4 KB larger raw and about 2 KB smaller gzipped (bench/RESULTS.md "size-s10").
//
// Same memory: a module's memory starts zeroed, and active segments are copied in order at instantiation, so
// writing zeros into the gaps changes no byte. Only what this can prove is rewritten: active segments of memory 0
// at constant i32 offsets that do not overlap, and no data count section (bulk memory); anything else is refused.
//   node scripts/merge_data_segments.mjs FILE.wasm [...]   rewrite each file in place
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SECTION_DATA = 11;
const SECTION_DATA_COUNT = 12;
const OP_I32_CONST = 0x41;
const OP_END = 0x0b;

function readU32(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated LEB128');
    const byte = buf[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(byte & 0x80)) return [result, pos];
    if (shift > 35) throw new Error('LEB128 longer than 5 bytes');
  }
}

function readS32(buf, pos) {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    if (pos >= buf.length) throw new Error('truncated LEB128');
    byte = buf[pos++];
    result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80 && shift < 35);
  if (byte & 0x80) throw new Error('LEB128 longer than 5 bytes');
  return [shift < 32 && byte & 0x40 ? result | (-1 << shift) : result, pos];
}

function u32(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function s32(n) {
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

/** The module with its data segments merged into one; `before`/`after` count segments. Throws on what it cannot prove. */
export function mergeDataSegments(wasm) {
  if (wasm.length < 8 || wasm.readUInt32LE(0) !== 0x6d736100) throw new Error('not a WebAssembly module');
  const sections = [];
  for (let pos = 8; pos < wasm.length; ) {
    const id = wasm[pos];
    const [size, body] = readU32(wasm, pos + 1);
    if (body + size > wasm.length) throw new Error(`section ${id} runs past the end of the file`);
    sections.push({ id, start: pos, body, end: body + size });
    pos = body + size;
  }
  if (sections.some((s) => s.id === SECTION_DATA_COUNT)) throw new Error('a data count section (bulk memory): not merged');
  const data = sections.find((s) => s.id === SECTION_DATA);
  if (!data) return { wasm, before: 0, after: 0 };
  let [count, pos] = readU32(wasm, data.body);
  const segments = [];
  for (let i = 0; i < count; i++) {
    const flags = wasm[pos++];
    if (flags !== 0) throw new Error(`data segment ${i}: flags ${flags} (passive or another memory): not merged`);
    if (wasm[pos++] !== OP_I32_CONST) throw new Error(`data segment ${i}: its offset is not an i32.const: not merged`);
    let offset;
    [offset, pos] = readS32(wasm, pos);
    if (wasm[pos++] !== OP_END) throw new Error(`data segment ${i}: its offset is not one i32.const: not merged`);
    let length;
    [length, pos] = readU32(wasm, pos);
    if (offset < 0 || pos + length > data.end) throw new Error(`data segment ${i}: out of range`);
    segments.push({ offset, bytes: wasm.subarray(pos, pos + length) });
    pos += length;
  }
  if (pos !== data.end) throw new Error('the data section has bytes after its last segment');
  if (count <= 1) return { wasm, before: count, after: count };
  segments.sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1];
    if (segments[i].offset < prev.offset + prev.bytes.length) throw new Error('data segments overlap: not merged');
  }
  const first = segments[0].offset;
  const last = segments[segments.length - 1];
  const merged = Buffer.alloc(last.offset + last.bytes.length - first);
  for (const s of segments) s.bytes.copy(merged, s.offset - first);
  const body = Buffer.concat([Buffer.from([...u32(1), 0, OP_I32_CONST, ...s32(first), OP_END, ...u32(merged.length)]), merged]);
  const out = Buffer.concat([
    wasm.subarray(0, data.start),
    Buffer.from([SECTION_DATA, ...u32(body.length)]),
    body,
    wasm.subarray(data.end),
  ]);
  return { wasm: out, before: count, after: 1 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node scripts/merge_data_segments.mjs FILE.wasm [...]');
    process.exit(2);
  }
  for (const file of files) {
    try {
      const input = readFileSync(file);
      const { wasm, before, after } = mergeDataSegments(input);
      if (wasm !== input) writeFileSync(file, wasm);
      console.log(`${file}: ${before} data segments -> ${after} (${input.length} -> ${wasm.length} bytes)`);
    } catch (e) {
      console.error(`merge_data_segments: ${file}: ${e.message}`);
      process.exit(1);
    }
  }
}

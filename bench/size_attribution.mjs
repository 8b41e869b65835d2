// Who owns the bytes of the browser core: the .wasm linked with the browser's flags plus --profiling-funcs
// (build/wasm/names/hfmi_core.web.names.wasm: `cmake --build build/wasm --target hfmi_wasm_web_names`), its
// function bodies summed per owner. An owner is the source area whose object file alone defines the
// function (src/<area>, wasm/core_bindings.cpp; from `llvm-nm` on the browser objects), else the namespace the
// name starts in (nlohmann, embind, libc++, libc + malloc + compiler-rt). Functions inlined into others count
// for their caller. Data and the other sections are rows of their own.
//   node bench/size_attribution.mjs [--markdown]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './common.mjs';

/** The WASM build directory (HFMI_WASM_BUILD, default build/wasm, as scripts/build.sh makes it). */
export const WASM_BUILD = join(ROOT, process.env.HFMI_WASM_BUILD ?? 'build/wasm');
export const NAMES_WASM = join(WASM_BUILD, 'names/hfmi_core.web.names.wasm');
const OBJECTS = join(WASM_BUILD, 'CMakeFiles/hfmi_wasm_objects_web.dir');
const gz = (buf) => gzipSync(buf, { level: 9 }).length;

function leb(buf, pos) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [result, pos];
  }
}

/** Sections, function bodies (index, bytes) and the name section's function names of a .wasm. */
export function readWasm(buf) {
  const sections = [];
  const bodies = [];
  const names = new Map();
  let importedFunctions = 0;
  let pos = 8;
  while (pos < buf.length) {
    const id = buf[pos];
    const [size, start] = leb(buf, pos + 1);
    const end = start + size;
    let name = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'][id] ?? `section ${id}`;
    if (id === 0) {
      const [len, p] = leb(buf, start);
      name = `custom "${buf.subarray(p, p + len).toString('utf8')}"`;
      if (name === 'custom "name"') readNames(buf, p + len, end, names);
    } else if (id === 2) {
      let [count, p] = leb(buf, start);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(buf, p);
        p += len;
        [len, p] = leb(buf, p);
        p += len;
        const kind = buf[p++];
        if (kind === 0) {
          importedFunctions++;
          [, p] = leb(buf, p);
        } else if (kind === 1) {
          p += 1;
          const flags = buf[p++];
          [, p] = leb(buf, p);
          if (flags & 1) [, p] = leb(buf, p);
        } else if (kind === 2) {
          const flags = buf[p++];
          [, p] = leb(buf, p);
          if (flags & 1) [, p] = leb(buf, p);
        } else if (kind === 3) p += 2;
        else if (kind === 4) {
          p += 1;
          [, p] = leb(buf, p);
        }
      }
    } else if (id === 10) {
      let [count, p] = leb(buf, start);
      for (let i = 0; i < count; i++) {
        const [len, q] = leb(buf, p);
        bodies.push({ index: importedFunctions + i, bytes: q - p + len, body: buf.subarray(q, q + len) });
        p = q + len;
      }
    }
    sections.push({ id, name, bytes: end - pos });
    pos = end;
  }
  return { sections, bodies, names };
}

function readNames(buf, pos, end, names) {
  while (pos < end) {
    const sub = buf[pos];
    const [size, start] = leb(buf, pos + 1);
    if (sub === 1) {
      let [count, p] = leb(buf, start);
      for (let i = 0; i < count; i++) {
        let idx;
        let len;
        [idx, p] = leb(buf, p);
        [len, p] = leb(buf, p);
        names.set(idx, buf.subarray(p, p + len).toString('utf8'));
        p += len;
      }
    }
    pos = start + size;
  }
}

/** Demangled function name -> the set of source files (relative to the repo) whose objects define it. */
function definitions() {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.o')) files.push(join(d, e.name));
    }
  };
  walk(OBJECTS);
  const defs = new Map();
  for (const f of files) {
    const src = relative(OBJECTS, f).replace(/\.o$/, '');
    const out = execFileSync('llvm-nm', ['--defined-only', '-C', f], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
    for (const line of out.split('\n')) {
      const m = /^\S*\s+([TtWw])\s+(.*)$/.exec(line);
      if (!m) continue;
      if (!defs.has(m[2])) defs.set(m[2], new Set());
      defs.get(m[2]).add(src);
    }
  }
  return defs;
}

/** The name's qualified function (return type and parameters dropped), e.g. "std::__2::vector<...>::push_back". */
function qualified(name) {
  let depth = 0;
  let cut = name.length;
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '<') depth++;
    else if (c === '>') depth--;
    else if (c === '(' && depth === 0 && i > 0 && !name.startsWith('operator', i - 8)) {
      cut = i;
      break;
    }
  }
  const head = name.slice(0, cut);
  // The last space at template depth 0 separates a return type from the name.
  depth = 0;
  let start = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === '<') depth++;
    else if (c === '>') depth--;
    else if (c === ' ' && depth === 0 && !head.startsWith('operator', i - 8)) start = i + 1;
  }
  return head.slice(start);
}

const areaOf = (src) => (src.startsWith('src/') ? src.split('/').slice(0, 2).join('/') : src);

function ownerByName(name) {
  const q = qualified(name);
  if (/^nlohmann::/.test(q) || (/^std::/.test(q) && q.includes('nlohmann::'))) return 'nlohmann/json (DOM, parser, dump; std containers of json)';
  if (/^(emscripten::|_embind|embind_)/.test(q) || /^__(em|embind)_/.test(q)) return 'embind';
  if (/^hfmi::/.test(q) || (/^std::/.test(q) && q.includes('hfmi::'))) return 'src (templates and inline functions shared by several files)';
  if (/^(std::|__cxxabiv1::|__cxa_|operator (new|delete)|__gxx_|_Unwind|__cxx)/.test(q) || /^\$?std::/.test(name)) return 'libc++ / libc++abi';
  return 'libc, emmalloc, compiler-rt, other';
}

/** The attribution rows: owner, function count, code bytes, gzip of the owner's bodies alone. */
export function attribute(path = NAMES_WASM) {
  const buf = readFileSync(path);
  const { sections, bodies, names } = readWasm(buf);
  const defs = definitions();
  const owners = new Map();
  const top = [];
  for (const b of bodies) {
    const name = names.get(b.index) ?? `function ${b.index}`;
    const where = defs.get(name);
    const areas = where ? new Set([...where].map(areaOf)) : new Set();
    let owner;
    if (areas.size === 1 && !/^(nlohmann|std|emscripten)::/.test(qualified(name))) owner = [...areas][0];
    else owner = ownerByName(name);
    if (!owners.has(owner)) owners.set(owner, { owner, functions: 0, bytes: 0, parts: [] });
    const o = owners.get(owner);
    o.functions++;
    o.bytes += b.bytes;
    o.parts.push(b.body);
    top.push({ name, owner, bytes: b.bytes });
  }
  const rows = [...owners.values()].map(({ parts, ...o }) => ({ ...o, gzip: gz(Buffer.concat(parts)) })).sort((a, b) => b.bytes - a.bytes);
  const code = sections.find((s) => s.id === 10)?.bytes ?? 0;
  const data = sections.find((s) => s.id === 11)?.bytes ?? 0;
  const nameBytes = sections.filter((s) => s.name === 'custom "name"').reduce((s, x) => s + x.bytes, 0);
  const other = buf.length - code - data - nameBytes - 8;
  top.sort((a, b) => b.bytes - a.bytes);
  return {
    file: relative(ROOT, path),
    bytes: buf.length - nameBytes,
    code,
    data,
    other,
    rows,
    top: top.slice(0, 15).map((t) => ({ ...t, name: t.name.length > 140 ? `${t.name.slice(0, 137)}...` : t.name })),
  };
}

export function attributionMarkdown(a) {
  const fmt = (n) => n.toLocaleString('en-US');
  const pct = (n) => `${((100 * n) / a.bytes).toFixed(1)}%`;
  return [
    '| owner | functions | code bytes | share of the .wasm | gzip of its code alone |',
    '|---|---:|---:|---:|---:|',
    ...a.rows.map((r) => `| ${r.owner} | ${fmt(r.functions)} | ${fmt(r.bytes)} | ${pct(r.bytes)} | ${fmt(r.gzip)} |`),
    `| data (DATA section: string literals, tables, the bundled texts) | | ${fmt(a.data)} | ${pct(a.data)} | |`,
    `| other sections (types, imports, exports, element table) | | ${fmt(a.other)} | ${pct(a.other)} | |`,
    `| **the .wasm (without its name section)** | | **${fmt(a.bytes)}** | 100% | |`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(NAMES_WASM)) {
    process.stderr.write(`${NAMES_WASM} is missing: cmake --build build/wasm --target hfmi_wasm_web_names\n`);
    process.exit(1);
  }
  const a = attribute();
  if (process.argv.includes('--markdown')) process.stdout.write(attributionMarkdown(a).join('\n') + '\n');
  else process.stdout.write(JSON.stringify(a, null, 2) + '\n');
}

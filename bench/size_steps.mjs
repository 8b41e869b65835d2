// The size steps of the browser core, one row each: the objects of build/wasm (the Node build's -O3 objects,
// the browser's -Oz LTO objects) relinked with the flags of each step into build/size-steps/, and the .wasm
// plus the glue (minified, as a bundler ships it) measured raw and gzip -9. Writes bench/size_steps.json,
// which `npm run bench` renders in bench/RESULTS.md ("Size").
//   cmake --build build/wasm && node bench/size_steps.mjs
// Rows whose objects need another compile (-Oz without LTO) are measured from a second build directory when it
// exists: emcmake cmake -S . -B build/wasm-oz -DHFMI_WASM_WEB_FLAGS=-Oz && cmake --build build/wasm-oz --target hfmi_wasm_objects_web
// The exception-free core is a compile-flag step too: the rows before it are measured from objects compiled with
// -fwasm-exceptions (the state before it) when that build directory exists, and the last row adds -fno-exceptions:
//   emcmake cmake -S . -B build/wasm-eh -DHFMI_WASM_EH_FLAGS=-fwasm-exceptions && cmake --build build/wasm-eh --target hfmi_wasm_objects hfmi_wasm_objects_web
// Without it every row is measured from the exception-free objects of build/wasm.
// Source steps (the same flags, other code) are rows too when the objects from before them are kept, each in a
// build directory of its own (SOURCE_STEPS below, in the order they happened). A kept directory holds the browser
// objects of the commit before that step: its CMakeFiles/hfmi_wasm_objects_web.dir and
// CMakeFiles/hfmi_wasm_web.dir/objects1 (the list the browser link reads), copied from a build/wasm of that commit.
// The row of a source step relinks the objects of the next kept step (or build/wasm's, for the last one), and every
// row above it relinks its kept objects, so each row holds exactly the code of its time. A step whose directory is
// missing is left out, and the rows above it relink the objects of the next kept step instead.
//   no-printf  build/wasm-printf    no printf in the core (src/core/number_text.hpp, src/core/integer_printf.hpp),
//                                   the objects of 87574b3.
//   own-json   build/wasm-nlohmann  the core's own JSON DOM in place of nlohmann's, the objects of the commit before
//                                   it (the merged tree at 714b71b + this session's link flags is fine: the objects
//                                   do not depend on link flags).
//   no-strtod  build/wasm-strtod    decimal numbers without strtod (src/core/decimal_double) and NameSet in place of
//                                   libc++'s hash tables, the objects of da4bf98.
//   no-long-double build/wasm-longdouble  relative differences without long double (src/core/rounded_quotient),
//                                   the objects of 7d44fc2.
// To keep the objects of the current tree before a source change lands (here: before merging the JSON DOM change):
//   cmake --build build/wasm --target hfmi_wasm_web && node bench/size_steps.mjs --keep build/wasm-nlohmann
// copies build/wasm's browser objects and their link list there (and measures nothing). With both build/wasm-eh and
// build/wasm-printf, build/wasm-eh must hold the same commit's objects (emcmake cmake -S <a checkout of 87574b3>
// -B build/wasm-eh ...), or the rows before no-exceptions would already carry the later step.
// `--only closure,own-json` measures just those rows into the committed json (see --only below).
// The closure row relinks with --closure 1 (the glue closure-compiled); emcc finds the closure compiler as
// EM_CLOSURE_COMPILER=node_modules/.bin/google-closure-compiler (the package's devDependency, as in CMakeLists.txt).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './common.mjs';

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const OUT = join(ROOT, 'build/size-steps');
const COMMON = ['-lembind', '-sALLOW_MEMORY_GROWTH=1', '-sWASM_BIGINT=1', '-sMODULARIZE=1', '-sEXPORT_NAME=createHfmiCore',
  '-sFILESYSTEM=0', '-sEXPORT_ES6=1', '-sENVIRONMENT=web,worker'];
const LINK_WEB = ['-sMALLOC=emmalloc', '-sDYNAMIC_EXECUTION=0', '-sTEXTDECODER=2', '-sINCOMING_MODULE_JS_API=[]'];
const OZ_TWICE = '-sBINARYEN_EXTRA_PASSES=-Oz';
/** The wasm-opt passes the build runs after emcc's own (HFMI_WASM_EXTRA_PASSES in CMakeLists.txt, read from the cache). */
function extraPasses() {
  const cache = readFileSync(join(ROOT, 'build/wasm/CMakeCache.txt'), 'utf8');
  const m = /^HFMI_WASM_EXTRA_PASSES:STRING=(.*)$/m.exec(cache);
  if (!m) throw new Error('build/wasm/CMakeCache.txt has no HFMI_WASM_EXTRA_PASSES: configure build/wasm again');
  return `-sBINARYEN_EXTRA_PASSES=${m[1]}`;
}
const CLOSURE = ['--closure', '1'];
const CLOSURE_COMPILER = join(ROOT, 'node_modules/.bin/google-closure-compiler');

/** The object files a target of a build directory links (its response file), as absolute paths. */
function objects(buildDir, target) {
  const rsp = join(buildDir, `CMakeFiles/${target}.dir/objects1`);
  if (!existsSync(rsp)) return undefined;
  return readFileSync(rsp, 'utf8').split(/\s+/).filter(Boolean).map((p) => join(buildDir, p));
}

async function minifiedGlue(file) {
  const { transform } = await import(join(ROOT, 'node_modules/esbuild/lib/main.js'));
  const r = await transform(readFileSync(file, 'utf8'), { minify: true, format: 'esm', loader: 'js' });
  return Buffer.from(r.code);
}

async function measure(key, objs, flags) {
  const dir = join(OUT, key);
  mkdirSync(dir, { recursive: true });
  const glue = join(dir, 'hfmi_core.web.mjs');
  const wasm = join(dir, 'hfmi_core.web.wasm');
  // A link is minutes of CPU: reuse the last one when its flags and objects are the same and it is newer than them.
  const stamp = join(dir, 'link.json');
  const args = JSON.stringify([...COMMON, ...flags, ...objs]);
  const fresh = existsSync(stamp) && existsSync(wasm) && readFileSync(stamp, 'utf8') === args &&
    objs.every((o) => statSync(o).mtimeMs <= statSync(wasm).mtimeMs);
  if (!fresh) {
    const env = { ...process.env, NODE_PATH: process.env.NODE_PATH ?? '/usr/share/nodejs', EM_CLOSURE_COMPILER: CLOSURE_COMPILER };
    execFileSync('em++', [...COMMON, ...flags, ...objs, '-o', glue], { stdio: ['ignore', 'ignore', 'inherit'], env });
    writeFileSync(stamp, args);
  }
  const w = readFileSync(wasm);
  const g = await minifiedGlue(glue);
  return { wasmBytes: w.length, wasmGzip: gz(w), glueBytes: g.length, glueGzip: gz(g) };
}

const build = join(ROOT, 'build/wasm');
const built = (objs) => (objs && objs.every((o) => existsSync(o)) ? objs : undefined);

// --keep DIR: copy build/wasm's browser objects and their link list into DIR (a kept directory for a source step).
const keepAt = process.argv.indexOf('--keep');
if (keepAt >= 0) {
  const dir = process.argv[keepAt + 1];
  if (!dir) throw new Error('usage: node bench/size_steps.mjs --keep build/wasm-NAME');
  const kept = join(ROOT, dir);
  if (!built(objects(build, 'hfmi_wasm_web'))) throw new Error('build/wasm has no browser objects: cmake --build build/wasm --target hfmi_wasm_web');
  rmSync(join(kept, 'CMakeFiles'), { recursive: true, force: true });
  cpSync(join(build, 'CMakeFiles/hfmi_wasm_objects_web.dir'), join(kept, 'CMakeFiles/hfmi_wasm_objects_web.dir'), { recursive: true, preserveTimestamps: true });
  mkdirSync(join(kept, 'CMakeFiles/hfmi_wasm_web.dir'), { recursive: true });
  cpSync(join(build, 'CMakeFiles/hfmi_wasm_web.dir/objects1'), join(kept, 'CMakeFiles/hfmi_wasm_web.dir/objects1'));
  process.stderr.write(`kept ${objects(kept, 'hfmi_wasm_web').length} browser objects of build/wasm in ${dir}\n`);
  process.exit(0);
}

const o3 = built(objects(build, 'hfmi_wasm_node'));
const web = built(objects(build, 'hfmi_wasm_web'));
const ozPlain = built(objects(join(ROOT, 'build/wasm-oz'), 'hfmi_wasm_web'));
if (!o3 || !web) throw new Error('build/wasm is not built: cmake --build build/wasm');
// Objects with exceptions (the state before the exception-free core), when build/wasm-eh has them.
const ehO3 = built(objects(join(ROOT, 'build/wasm-eh'), 'hfmi_wasm_node'));
const ehWeb = built(objects(join(ROOT, 'build/wasm-eh'), 'hfmi_wasm_web'));
const eh = Boolean(ehWeb);
const EH = eh ? ['-fwasm-exceptions'] : ['-fno-exceptions'];
const WEB = ['-Oz', '-flto', '-fno-rtti'];
const NOEH_WEB = ['-fno-exceptions', ...WEB, ...LINK_WEB];
// The source steps, in the order they happened: [key, step, the kept directory of the objects from before it].
// A row whose objects are a source step's (objects: 'source') takes the browser objects of the first kept source
// step after it, else build/wasm's (see the top of this file).
const SOURCE_STEPS = {
  'no-printf': ['+ no printf in the core (source step): numbers as text from src/core/number_text.hpp (equal to printf\'s %.Nf), and the program\'s snprintf/siprintf are the integer-only src/core/integer_printf.hpp (nlohmann and embind print integers only), so libc\'s printf_core and fmt_fp leave', 'build/wasm-printf'],
  'own-json': ['+ the core\'s own JSON DOM in place of nlohmann\'s (source step): hfmi::Json (src/core/json_value.hpp) read by the strict scanner (json_parse), written with nlohmann\'s text rules (json_dump, Grisu2 in double_text), so nlohmann\'s DOM, lexer and serializer leave', 'build/wasm-nlohmann'],
  'no-strtod': ['+ no strtod and no libc++ hash tables (source step): decimal numbers read by src/core/decimal_double (exact, bit-equal to glibc\'s strtod), so musl\'s strtod and its long-double soft float (__floatscan, __multf3, __divtf3, ...) leave; tensor patterns, shard names and GGUF keys in the project\'s NameSet instead of std::unordered_map/set', 'build/wasm-strtod'],
  'no-long-double': ['+ no long double (source step): the reconciliation\'s relative differences as correctly rounded integer quotients (src/core/rounded_quotient), so the last 128-bit soft float (__divtf3, __subtf3, ...) leaves', 'build/wasm-longdouble'],
};
const EXTRA_PASSES = extraPasses();
const kept = (key) => built(objects(join(ROOT, SOURCE_STEPS[key][1]), 'hfmi_wasm_web'));
const plan = [
  ...(!eh || ehO3 ? [['o3-oz', 'objects -O3 (shared with the Node build), linked -Oz (emcc runs wasm-opt -Oz): the state before this work', eh ? ehO3 : o3, [...EH, '-Oz']]] : []),
  ...(ozPlain && !eh ? [['oz', 'browser objects of their own, compiled -Oz (no LTO, with RTTI), linked -Oz', ozPlain, [...EH, '-Oz']]] : []),
  ['oz-lto', 'browser objects of their own, -Oz -flto -fno-rtti (embind without RTTI: EMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0), linked -Oz -flto', eh ? ehWeb : 'source', [...EH, ...WEB]],
  ['emmalloc', '+ -sMALLOC=emmalloc', eh ? ehWeb : 'source', [...EH, ...WEB, '-sMALLOC=emmalloc']],
  ['glue', '+ -sDYNAMIC_EXECUTION=0 -sTEXTDECODER=2 -sINCOMING_MODULE_JS_API=[] (glue: no eval, no TextDecoder fallback, no Module hooks)', eh ? ehWeb : 'source', [...EH, ...WEB, ...LINK_WEB]],
  // A compile-flag step: its own objects (the exception-free ones), so it is a row only when the rows above
  // were measured with exceptions.
  ...(eh ? [['no-exceptions', '+ -fno-exceptions (compile and link): the core has no try/catch, so no landing pads; errors are values', 'source', NOEH_WEB]] : []),
  ['no-printf', 'source-step', 'source', NOEH_WEB],
  // -sBINARYEN_EXTRA_PASSES=--merge-similar-functions alone gives the same .wasm byte for byte: wasm-opt 108's -Oz
  // already runs that pass. What a second wasm-opt run over the shipped .wasm saves comes from the whole pipeline.
  ['oz-twice', '+ -sBINARYEN_EXTRA_PASSES=-Oz (wasm-opt runs its -Oz pipeline, --merge-similar-functions included, a second time in the link)', 'source', [...NOEH_WEB, OZ_TWICE]],
  ['closure', '+ --closure 1 (the glue closure-compiled, ADVANCED, by the devDependency google-closure-compiler; the .wasm is the same)', 'source', [...NOEH_WEB, OZ_TWICE, ...CLOSURE]],
  ['own-json', 'source-step', 'source', [...NOEH_WEB, OZ_TWICE, ...CLOSURE]],
  ['no-strtod', 'source-step', 'source', [...NOEH_WEB, OZ_TWICE, ...CLOSURE]],
  ['rereloop', '+ wasm-opt --flatten --rereloop -Oz --reorder-functions --reorder-locals -Oz after emcc\'s -Oz (HFMI_WASM_EXTRA_PASSES in place of the second -Oz): simpler control flow, then the most-called functions and most-used locals get the shortest indices', 'source', [...NOEH_WEB, EXTRA_PASSES, ...CLOSURE]],
  ['no-long-double', 'source-step', 'source', [...NOEH_WEB, EXTRA_PASSES, ...CLOSURE]],
];
// From the last row up: a row of source objects relinks `current`; a kept source step's row makes its kept objects
// the current ones for the rows above it; a source step without its kept directory is left out.
const steps = [];
let current = web;
for (const [key, step, objs, flags] of [...plan].reverse()) {
  if (step === 'source-step') {
    const before = kept(key);
    if (!before) continue;
    steps.unshift([key, SOURCE_STEPS[key][0], current, flags]);
    current = before;
  } else {
    steps.unshift([key, step, objs === 'source' ? current : objs, flags]);
  }
}
// Measured but not in the build: about 1% of the gzip for another wasm-opt pass over the whole core per build.
const CONVERGE = '(measured, not adopted) + wasm-opt -Oz --converge --strip-debug --strip-producers again after the link';
// --only KEY,KEY: measure only these rows and put them into the committed bench/size_steps.json (a row of the same
// key is replaced, a new one goes after the last row), leaving the other rows as they were measured. For a session
// that has not the older kept directories (build/wasm-eh, build/wasm-printf): a full run would drop their rows.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean)) : undefined;
if (only) {
  const jsonPath = join(ROOT, 'bench/size_steps.json');
  const prior = JSON.parse(readFileSync(jsonPath, 'utf8'));
  const picked = steps.filter(([key]) => only.has(key));
  if (picked.length !== only.size) throw new Error(`--only: no row (or no kept objects) for ${[...only].filter((k) => !picked.some(([key]) => key === k)).join(', ')}`);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  for (const [key, step, objs, flags] of picked) {
    const m = await measure(key, objs, flags);
    const row = { key, step, ...m, measuredAt: new Date().toISOString(), commit };
    const at = prior.rows.findIndex((r) => r.key === key);
    if (at >= 0) prior.rows[at] = row; else prior.rows.push(row);
    process.stderr.write(`size step ${key}: wasm ${m.wasmBytes} (${m.wasmGzip} gzip), glue ${m.glueBytes} (${m.glueGzip} gzip)\n`);
  }
  writeFileSync(jsonPath, JSON.stringify(prior, null, 2) + '\n');
  process.exit(0);
}
const rows = [];
for (const [key, step, objs, flags] of steps) {
  const m = await measure(key, objs, flags);
  rows.push({ key, step, ...m });
  process.stderr.write(`size step ${key}: wasm ${m.wasmBytes} (${m.wasmGzip} gzip), glue ${m.glueBytes} (${m.glueGzip} gzip)\n`);
}
// wasm-opt once more over the last step's .wasm (emcc already ran -Oz once, and stripped debug info and producers).
{
  const dir = join(OUT, rows[rows.length - 1].key);
  const converged = join(dir, 'converged.wasm');
  execFileSync('wasm-opt', ['-Oz', '--converge', '--strip-debug', '--strip-producers', '--all-features', join(dir, 'hfmi_core.web.wasm'), '-o', converged], { stdio: ['ignore', 'ignore', 'inherit'] });
  const w = readFileSync(converged);
  const last = rows[rows.length - 1];
  rows.push({ ...last, key: 'converge', step: CONVERGE, wasmBytes: w.length, wasmGzip: gz(w) });
  process.stderr.write(`size step converge: wasm ${w.length} (${gz(w)} gzip)\n`);
}
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
writeFileSync(join(ROOT, 'bench/size_steps.json'), JSON.stringify({ measuredAt: new Date().toISOString(), commit, command: 'node bench/size_steps.mjs', rows }, null, 2) + '\n');

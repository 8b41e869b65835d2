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
// Source steps (the same flags, other code) are rows too when the objects from before them are kept: no printf
// in the core (src/core/number_text.hpp, src/core/integer_printf.hpp) is measured against the browser objects of the
// commit before it (87574b3), kept in build/wasm-printf (its CMakeFiles/hfmi_wasm_objects_web.dir and
// CMakeFiles/hfmi_wasm_web.dir/objects1, copied from a build/wasm of that commit); the rows above it then
// relink those objects. Without that directory the row is left out and every row relinks build/wasm. With both,
// build/wasm-eh must hold the same commit's objects (emcmake cmake -S <a checkout of 87574b3> -B build/wasm-eh ...),
// or the rows before no-exceptions would already carry the later step.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './common.mjs';

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const OUT = join(ROOT, 'build/size-steps');
const COMMON = ['-lembind', '-sALLOW_MEMORY_GROWTH=1', '-sWASM_BIGINT=1', '-sMODULARIZE=1', '-sEXPORT_NAME=createHfmiCore',
  '-sFILESYSTEM=0', '-sEXPORT_ES6=1', '-sENVIRONMENT=web,worker'];
const LINK_WEB = ['-sMALLOC=emmalloc', '-sDYNAMIC_EXECUTION=0', '-sTEXTDECODER=2', '-sINCOMING_MODULE_JS_API=[]'];
const OZ_TWICE = '-sBINARYEN_EXTRA_PASSES=-Oz';

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
    execFileSync('em++', [...COMMON, ...flags, ...objs, '-o', glue], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_PATH: process.env.NODE_PATH ?? '/usr/share/nodejs' } });
    writeFileSync(stamp, args);
  }
  const w = readFileSync(wasm);
  const g = await minifiedGlue(glue);
  return { wasmBytes: w.length, wasmGzip: gz(w), glueBytes: g.length, glueGzip: gz(g) };
}

const build = join(ROOT, 'build/wasm');
const built = (objs) => (objs && objs.every((o) => existsSync(o)) ? objs : undefined);
const o3 = built(objects(build, 'hfmi_wasm_node'));
const web = built(objects(build, 'hfmi_wasm_web'));
const ozPlain = built(objects(join(ROOT, 'build/wasm-oz'), 'hfmi_wasm_web'));
if (!o3 || !web) throw new Error('build/wasm is not built: cmake --build build/wasm');
// Objects with exceptions (the state before the exception-free core), when build/wasm-eh has them.
const ehO3 = built(objects(join(ROOT, 'build/wasm-eh'), 'hfmi_wasm_node'));
const ehWeb = built(objects(join(ROOT, 'build/wasm-eh'), 'hfmi_wasm_web'));
const eh = Boolean(ehWeb);
// The browser objects before the no-printf source step, when kept (see the top of this file).
const printfWeb = built(objects(join(ROOT, 'build/wasm-printf'), 'hfmi_wasm_web'));
const before = printfWeb ?? web;
const EH = eh ? ['-fwasm-exceptions'] : ['-fno-exceptions'];
const WEB = ['-Oz', '-flto', '-fno-rtti'];
const steps = [
  ...(!eh || ehO3 ? [['o3-oz', 'objects -O3 (shared with the Node build), linked -Oz (emcc runs wasm-opt -Oz): the state before this work', eh ? ehO3 : o3, [...EH, '-Oz']]] : []),
  ...(ozPlain && !eh ? [['oz', 'browser objects of their own, compiled -Oz (no LTO, with RTTI), linked -Oz', ozPlain, [...EH, '-Oz']]] : []),
  ['oz-lto', 'browser objects of their own, -Oz -flto -fno-rtti (embind without RTTI: EMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0), linked -Oz -flto', eh ? ehWeb : before, [...EH, ...WEB]],
  ['emmalloc', '+ -sMALLOC=emmalloc', eh ? ehWeb : before, [...EH, ...WEB, '-sMALLOC=emmalloc']],
  ['glue', '+ -sDYNAMIC_EXECUTION=0 -sTEXTDECODER=2 -sINCOMING_MODULE_JS_API=[] (glue: no eval, no TextDecoder fallback, no Module hooks)', eh ? ehWeb : before, [...EH, ...WEB, ...LINK_WEB]],
  // A compile-flag step: its own objects (build/wasm, the shipped ones), so it is a row only when the rows above
  // were measured with exceptions.
  ...(eh ? [['no-exceptions', '+ -fno-exceptions (compile and link): the core has no try/catch, so no landing pads; errors are values', before, ['-fno-exceptions', ...WEB, ...LINK_WEB]]] : []),
  // A source step: its own objects (build/wasm), measured only against the kept objects from before it.
  ...(printfWeb ? [['no-printf', '+ no printf in the core (source step): numbers as text from src/core/number_text.hpp (equal to printf\'s %.Nf), and the program\'s snprintf/siprintf are the integer-only src/core/integer_printf.hpp (nlohmann and embind print integers only), so libc\'s printf_core and fmt_fp leave', web, ['-fno-exceptions', ...WEB, ...LINK_WEB]]] : []),
  // -sBINARYEN_EXTRA_PASSES=--merge-similar-functions alone gives the same .wasm byte for byte: wasm-opt 108's -Oz
  // already runs that pass. What a second wasm-opt run over the shipped .wasm saves comes from the whole pipeline.
  ['oz-twice', '+ -sBINARYEN_EXTRA_PASSES=-Oz (wasm-opt runs its -Oz pipeline, --merge-similar-functions included, a second time in the link)', web, ['-fno-exceptions', ...WEB, ...LINK_WEB, OZ_TWICE]],
];
// Measured but not in the build: about 1% of the gzip for another wasm-opt pass over the whole core per build.
const CONVERGE = '(measured, not adopted) + wasm-opt -Oz --converge --strip-debug --strip-producers again after the link';
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

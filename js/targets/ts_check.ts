// Checks that a models.ts text is valid TypeScript, with the TypeScript compiler API:
//   checkTypeScript(text)    syntax only (the parser's diagnostics);
//   typeCheckModelsTs(text)  a full type check against FlashInfer-Bench's `Model` type.
// Both run in memory: the file is never written, and `import type { Model } from "@/lib/schemas"` is
// resolved to an in-memory declaration of the Model type (web/apps/web/lib/schemas/model.ts is a zod
// schema; this is its inferred type).
//
// Lib files: under Node the compiler's own lib.es2022.d.ts is read once (via ts.sys) and cached; where
// ts.sys does not exist (a browser) a minimal in-memory lib declares what models.ts needs (arrays,
// Record, strings, numbers).
//
// TypeScript 7 (the native compiler) has no JavaScript compiler API: its package exports only its
// version. With it, both checks run its `tsc` binary on a temporary copy of the text instead (same
// options, same Model declaration). When neither works, the check is skipped with a warning: never a crash.
//
// `typescript` is imported at run time here: it must be a dependency of any package that ships this.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import ts from 'typescript';

/** The outcome of a check. */
export interface TsCheckResult {
  /** No error diagnostics (or, with `original`, no new ones). */
  ok: boolean;
  /** The diagnostics, one formatted line each (at most 50). */
  diagnostics: string[];
  /** Set when the check could not run (no usable TypeScript): `ok` is then true and nothing was checked. */
  warning?: string;
}

/** The `Model` type, as zod infers it from FlashInfer-Bench's ModelSchema. */
export const MODEL_TYPE_DECLARATION = `export type Model = {
  id: string;
  name: string;
  description?: string;
  modules: Record<
    string,
    {
      count: number;
      parent?: string;
      type: "block" | "layer";
      definitions?: string[];
    }
  >;
};
`;

const SCHEMAS_MODULE = '@/lib/schemas';
const SCHEMAS_FILE = '/__hfmi__/lib/schemas.ts';

// What models.ts needs when the real lib files are not available.
const MINIMAL_LIB = `
interface Array<T> { length: number; [n: number]: T; }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; }
interface Boolean {}
interface CallableFunction {}
interface Function {}
interface IArguments {}
interface NewableFunction {}
interface Number {}
interface Object {}
interface RegExp {}
interface String { readonly length: number; }
interface Symbol {}
type PropertyKey = string | number | symbol;
type Record<K extends keyof any, T> = { [P in K]: T };
type Partial<T> = { [P in keyof T]?: T[P] };
`;
const MINIMAL_LIB_FILE = '/__hfmi__/lib.minimal.d.ts';

function formatDiagnostic(d: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const category = ts.DiagnosticCategory[d.category].toLowerCase();
  if (d.file && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const name = d.file.fileName.replace(/^\//, '');
    return `${name}(${line + 1},${character + 1}): ${category} TS${d.code}: ${message}`;
  }
  return `${category} TS${d.code}: ${message}`;
}

// A broken file can produce thousands of cascading syntax errors; the first ones say what is wrong.
const MAX_DIAGNOSTICS = 50;

function result(diagnostics: readonly ts.Diagnostic[]): TsCheckResult {
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  const shown = diagnostics.slice(0, MAX_DIAGNOSTICS).map(formatDiagnostic);
  if (diagnostics.length > MAX_DIAGNOSTICS) shown.push(`... and ${diagnostics.length - MAX_DIAGNOSTICS} more`);
  return { ok: errors.length === 0, diagnostics: shown };
}

/** Syntax check: the TypeScript parser's diagnostics for `text`. */
export function checkTypeScript(text: string, fileName = 'models.ts'): TsCheckResult {
  if (!hasCompilerApi()) return viaTscBinary(text, { syntaxOnly: true });
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  // parseDiagnostics is where createSourceFile records syntax errors; it is not in the public typings.
  const parseDiagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics;
  if (parseDiagnostics !== undefined) return result(parseDiagnostics);
  // Fallback through the public API: a program over just this file.
  const host = memoryHost(new Map([[`/${fileName}`, text]]), { noLib: true, noResolve: true }, false);
  const program = ts.createProgram([`/${fileName}`], { noLib: true, noResolve: true }, host);
  return result(program.getSyntacticDiagnostics());
}

// Lib source files, parsed once per process.
const libCache = new Map<string, ts.SourceFile>();

function libSourceFile(fileName: string, languageVersion: ts.ScriptTarget): ts.SourceFile | undefined {
  const cached = libCache.get(fileName);
  if (cached) return cached;
  let text: string | undefined;
  if (fileName === MINIMAL_LIB_FILE) text = MINIMAL_LIB;
  else if (ts.sys && ts.sys.fileExists(fileName)) text = ts.sys.readFile(fileName);
  if (text === undefined) return undefined;
  const sf = ts.createSourceFile(fileName, text, languageVersion, false, ts.ScriptKind.TS);
  libCache.set(fileName, sf);
  return sf;
}

function dirnameOf(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash < 0 ? '' : path.slice(0, slash);
}

function memoryHost(files: Map<string, string>, options: ts.CompilerOptions, realLib = true): ts.CompilerHost {
  const useSys = realLib && ts.sys !== undefined;
  const libDir = useSys ? dirnameOf(ts.getDefaultLibFilePath(options)) : '/__hfmi__';
  return {
    getSourceFile(fileName, languageVersion) {
      const text = files.get(fileName);
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true, ts.ScriptKind.TS);
      return libSourceFile(fileName, typeof languageVersion === 'object' ? languageVersion.languageVersion : languageVersion);
    },
    getDefaultLibFileName: (o) => (useSys ? ts.getDefaultLibFilePath(o) : MINIMAL_LIB_FILE),
    getDefaultLibLocation: () => libDir,
    writeFile: () => {},
    getCurrentDirectory: () => '/',
    getDirectories: () => [],
    fileExists: (f) => files.has(f) || (useSys && f.startsWith(libDir) && ts.sys.fileExists(f)),
    readFile: (f) => files.get(f) ?? (useSys && f.startsWith(libDir) ? ts.sys.readFile(f) : undefined),
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    resolveModuleNameLiterals(literals) {
      return literals.map((lit) =>
        lit.text === SCHEMAS_MODULE
          ? { resolvedModule: { resolvedFileName: SCHEMAS_FILE, extension: ts.Extension.Ts, isExternalLibraryImport: false } }
          : { resolvedModule: undefined },
      );
    },
  };
}

/** Options of {@link typeCheckModelsTs}. */
export interface TypeCheckOptions {
  /** Use the minimal in-memory lib even where the compiler's lib files can be read (as in a browser). */
  minimalLib?: boolean;
  /** The file name diagnostics carry (default models.ts). */
  fileName?: string;
  /**
   * The file before our change: then only diagnostics the change introduces count (pre-existing problems
   * and the user's other imports are the user's). Compared by code and message, not by line.
   */
  original?: string;
  /** A `typescript` package directory to check with instead of the one this module resolves (e.g. a TypeScript 7). */
  typescriptDir?: string;
}

/**
 * Full type check of a models.ts text against the Model type: syntax, `const models: Model[]`,
 * `satisfies Model[]`, module types ("block" | "layer"), numeric counts, excess properties.
 */
export function typeCheckModelsTs(text: string, options: TypeCheckOptions = {}): TsCheckResult {
  if (options.original !== undefined) {
    const { original, ...rest } = options;
    return onlyNew(typeCheckModelsTs(original, rest), typeCheckModelsTs(text, rest));
  }
  if (options.typescriptDir !== undefined || !hasCompilerApi()) return viaTscBinary(text, options);
  const path = `/${options.fileName ?? 'models.ts'}`;
  const realLib = !options.minimalLib && ts.sys !== undefined;
  const compilerOptions: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
    types: [],
    ...(realLib ? { lib: ['lib.es2022.d.ts'] } : { noLib: true }),
  };
  const files = new Map([
    [path, text],
    [SCHEMAS_FILE, MODEL_TYPE_DECLARATION],
  ]);
  if (!realLib) files.set(MINIMAL_LIB_FILE, MINIMAL_LIB);
  const rootNames = realLib ? [path] : [MINIMAL_LIB_FILE, path];
  const program = ts.createProgram(rootNames, compilerOptions, memoryHost(files, compilerOptions, realLib));
  const sourceFile = program.getSourceFile(path);
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(sourceFile),
    ...program.getSemanticDiagnostics(sourceFile),
  ];
  return result(diagnostics);
}

/** `after` keeping only the error diagnostics `before` did not have (by code and message, as a multiset). */
function onlyNew(before: TsCheckResult, after: TsCheckResult): TsCheckResult {
  if (after.warning !== undefined) return after;
  const key = (line: string) => line.replace(/^[^:]*\(\d+,\d+\): /, '');
  const seen = new Map<string, number>();
  for (const d of before.diagnostics) seen.set(key(d), (seen.get(key(d)) ?? 0) + 1);
  const fresh = after.diagnostics.filter((d) => {
    const n = seen.get(key(d)) ?? 0;
    if (n > 0) seen.set(key(d), n - 1);
    return n === 0;
  });
  return { ok: !fresh.some((d) => / error TS\d+:/.test(d)), diagnostics: fresh };
}

/** TypeScript 5.x/6.x expose the compiler API; TypeScript 7's package exports only its version. */
function hasCompilerApi(): boolean {
  return typeof (ts as { createProgram?: unknown } | undefined)?.createProgram === 'function';
}

const TSC_LINE = /^(.+?)\((\d+),(\d+)\): (error|warning|message) TS(\d+): (.*)$/;

/** The `typescript` package directory this module resolves, or undefined. */
function resolvedTypescriptDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * The check through a `tsc` binary (TypeScript 7, or an explicit package directory): the text and the
 * Model declaration go to a temporary project with the same compiler options; `tsc --noEmit` judges it.
 */
function viaTscBinary(text: string, options: TypeCheckOptions & { syntaxOnly?: boolean }): TsCheckResult {
  const dir = options.typescriptDir !== undefined ? resolve(options.typescriptDir) : resolvedTypescriptDir();
  const skipped = (why: string): TsCheckResult => ({ ok: true, diagnostics: [], warning: `models.ts was not type-checked: ${why}` });
  if (dir === undefined) return skipped('typescript is not installed');
  let bin: string;
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
    const rel = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['tsc'];
    if (rel === undefined) return skipped(`the typescript package in ${dir} has no tsc binary`);
    bin = join(dir, rel);
  } catch {
    return skipped(`cannot read ${join(dir, 'package.json')}`);
  }
  const fileName = options.fileName ?? 'models.ts';
  const work = mkdtempSync(join(tmpdir(), 'hfmi-tscheck-'));
  try {
    mkdirSync(join(work, 'lib'));
    writeFileSync(join(work, fileName), text);
    writeFileSync(join(work, 'lib', 'schemas.ts'), MODEL_TYPE_DECLARATION);
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          skipLibCheck: true,
          types: [],
          lib: ['ES2022'],
          paths: { [SCHEMAS_MODULE]: ['./lib/schemas.ts'] },
        },
        files: [fileName],
      }),
    );
    let output: string;
    let failedRun = false;
    try {
      output = execFileSync(process.execPath, [bin, '-p', work, '--pretty', 'false'], {
        cwd: work,
        encoding: 'utf8',
        timeout: 120_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      const failed = e as { stdout?: string; status?: number | null };
      if (typeof failed.stdout !== 'string' || failed.status === null || failed.status === undefined) {
        return skipped(`${bin} could not run`);
      }
      output = failed.stdout;
      failedRun = true;
    }
    const lines = output.split(/\r?\n/).filter((l) => TSC_LINE.test(l));
    // A failed run that reported no diagnostic did not check anything (a broken install, a crash).
    if (failedRun && lines.length === 0) return skipped(`${bin} failed without diagnostics`);
    const wanted = lines.filter((l) => !options.syntaxOnly || / TS1\d{3}:/.test(l));
    const errors = wanted.filter((l) => TSC_LINE.exec(l)![4] === 'error');
    const shown = wanted.slice(0, MAX_DIAGNOSTICS);
    if (wanted.length > MAX_DIAGNOSTICS) shown.push(`... and ${wanted.length - MAX_DIAGNOSTICS} more`);
    return { ok: errors.length === 0, diagnostics: shown };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

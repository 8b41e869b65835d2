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
// `typescript` is imported at run time here: it must be a dependency of any package that ships this.
import ts from 'typescript';

export interface TsCheckResult {
  ok: boolean;
  diagnostics: string[];
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

export interface TypeCheckOptions {
  /** Use the minimal in-memory lib even where the compiler's lib files can be read (as in a browser). */
  minimalLib?: boolean;
  fileName?: string;
}

/**
 * Full type check of a models.ts text against the Model type: syntax, `const models: Model[]`,
 * `satisfies Model[]`, module types ("block" | "layer"), numeric counts, excess properties.
 */
export function typeCheckModelsTs(text: string, options: TypeCheckOptions = {}): TsCheckResult {
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

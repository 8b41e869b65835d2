// The CLI's flags: ONE declarative table (name, kind, argument, help, section). parseArgs options, the
// usage text and the "did you mean" suggestions are all derived from it. To add a flag, add a row.
import { parseArgs } from 'node:util';

import { HfmiError } from '../core/errors.js';
import { ERROR_CODE_TABLE } from '../core/generated/error_codes.js';

type Section = 'Source' | 'Batch' | 'Output' | 'Options' | 'Other';

interface FlagRow {
  kind: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** The argument's placeholder in the usage text (string flags). */
  arg?: string;
  help: string;
  section: Section;
}

export const FLAGS = {
  model: { kind: 'string', multiple: true, arg: 'ORG/NAME', help: 'HuggingFace model id (also positional; repeatable for a batch)', section: 'Source' },
  url: { kind: 'string', arg: 'URL', help: 'a Hub URL: https://huggingface.co/ORG/NAME[/tree/REV|/blob/REV/...|/resolve/REV/...]', section: 'Source' },
  revision: { kind: 'string', arg: 'REV', help: 'branch, tag or commit (default: main; must agree with the URL\'s)', section: 'Source' },
  endpoint: { kind: 'string', arg: 'URL', help: 'Hub endpoint (default: $HF_ENDPOINT or https://huggingface.co)', section: 'Source' },
  token: { kind: 'string', arg: 'TOKEN', help: 'access token for gated repos (default: $HF_TOKEN); never printed or written', section: 'Source' },
  local: { kind: 'string', arg: 'DIR', help: 'a downloaded model folder: config.json + *.safetensors (no network); or a .gguf file, or a folder of .gguf files', section: 'Source' },
  gguf: { kind: 'string', arg: 'FILE_OR_PATTERN', help: 'GGUF repos: the .gguf files to read, a glob (*Q4_K*) or a substring (Q8_0); default all', section: 'Source' },
  file: { kind: 'string', arg: 'FILE', help: 'batch: one model id or URL per line, # comments (alias: --batch)', section: 'Batch' },
  batch: { kind: 'string', arg: 'FILE', help: 'same as --file', section: 'Batch' },
  'continue-on-error': { kind: 'boolean', help: 'batch: carry on after a failed model (default: stop at the first)', section: 'Batch' },
  log: { kind: 'string', arg: 'PATH', help: 'batch: a JSON-lines log, one line per model (status, code, duration, outputs)', section: 'Batch' },
  jobs: { kind: 'string', arg: 'N', help: 'batch: models imported at once (default 4)', section: 'Batch' },
  json: { kind: 'boolean', help: 'stdout is exactly one JSON document (a batch: every model with its status)', section: 'Output' },
  out: { kind: 'string', arg: 'DIR', help: 'write the add-model files (a batch: one sub-folder per model, ORG__NAME)', section: 'Output' },
  target: { kind: 'string', arg: 'flashinfer', help: 'update a FlashInfer-Bench models.ts (needs --models-ts)', section: 'Output' },
  'models-ts': { kind: 'string', arg: 'PATH', help: 'the models.ts to update (backup + atomic write)', section: 'Output' },
  replace: {
    kind: 'boolean',
    help: 'replace an existing entry with the same id (models.ts, --catalog, --coverage); the existing curated name and description are kept unless --name / --description are given, and the run says so',
    section: 'Output',
  },
  id: { kind: 'string', arg: 'ID', help: 'the models.ts entry id', section: 'Output' },
  name: { kind: 'string', arg: 'NAME', help: 'the models.ts entry name', section: 'Output' },
  description: { kind: 'string', arg: 'TEXT', help: 'the models.ts entry description', section: 'Output' },
  coverage: {
    kind: 'string',
    arg: 'PATH',
    help: 'add the model\'s section and Summary row to a FlashInfer-Bench model_coverage.mdx (statuses from the Hub dataset flashinfer-ai/flashinfer-trace, or the bundled snapshot when it cannot be read; the run says which)',
    section: 'Output',
  },
  catalog: {
    kind: 'string',
    arg: 'PATH',
    help: 'insert into an llm-sizer models.json catalogue (byte-preserving, among its sorted neighbours; checked against the schema and rules, refused on a violation unless --force)',
    section: 'Output',
  },
  'catalog-schema': { kind: 'string', arg: 'FILE', help: 'the catalogue\'s JSON schema (default: the bundled llm-sizer schema)', section: 'Output' },
  'perf-config': { kind: 'string', arg: 'PATH', help: 'write the Mantile perf-model config (gap reports under model_builder/gaps/); a batch: a folder, one ORG__NAME.json per model', section: 'Output' },
  'perf-config-dir': { kind: 'string', arg: 'DIR', help: 'the same, as DIR/{org}_{Name}.json (Mantile\'s backend/data/model_configs)', section: 'Output' },
  'emit-definitions': { kind: 'string', arg: 'DIR', help: 'write a Definition JSON skeleton for each missing Definition', section: 'Output' },
  definitions: { kind: 'string', arg: 'FILE|URL', help: 'a Definitions catalogue replacing the bundled dataset snapshot', section: 'Options' },
  tp: { kind: 'string', arg: 'N[,N..]', help: 'tensor-parallel degree for Definition names (default 1); a list such as 1,2,4,8 analyses one fetch once per --tp/--ep combination (--out gets ID-tpN-epM sub-folders, --json an array)', section: 'Options' },
  ep: { kind: 'string', arg: 'N[,N..]', help: 'expert-parallel degree for Definition names (default 1); a list as for --tp', section: 'Options' },
  'page-sizes': { kind: 'string', arg: '1,64', help: 'page sizes for paged attention Definitions (default 1,64: each kernel family keeps the sizes the dataset has)', section: 'Options' },
  'gemm-tp': { kind: 'string', arg: 'tp1|split', help: 'GEMM names at full (TP 1) shapes, the project\'s convention (default), or split per GPU by --tp', section: 'Options' },
  'legacy-names': { kind: 'boolean', help: 'older gemm_n_{N}_k_{K} naming', section: 'Options' },
  context: { kind: 'string', arg: 'N', help: 'context length: KV-cache bytes, catalogue and perf config (default: the config\'s)', section: 'Options' },
  'gpu-memory': { kind: 'string', arg: '24GiB', help: 'GGUF: whether each quantization file (weights + KV cache at --context) fits this GPU memory', section: 'Options' },
  params: { kind: 'string', arg: 'B', help: 'parameter count in billions for the catalogue and perf config (the report keeps both)', section: 'Options' },
  'dry-run': { kind: 'boolean', help: 'compute everything, write nothing; diffs of files that would change go to stderr', section: 'Other' },
  force: {
    kind: 'boolean',
    help: 'two meanings: change existing files without asking (no y/N prompt on a terminal); and with --catalog, write an entry that breaks the catalogue\'s schema or rules, with a warning per violation',
    section: 'Other',
  },
  'keep-backups': { kind: 'boolean', help: 'keep a new timestamped backup per update (default: one backup per file)', section: 'Other' },
  quiet: { kind: 'boolean', help: 'no progress on stderr', section: 'Other' },
  version: { kind: 'boolean', help: 'print the version and exit', section: 'Other' },
  help: { kind: 'boolean', short: 'h', help: 'this text', section: 'Other' },
} as const satisfies Record<string, FlagRow>;

export type FlagName = keyof typeof FLAGS;
type ValueOf<R> = R extends { kind: 'boolean' } ? boolean : R extends { multiple: true } ? string[] : string;
export type Values = { [K in FlagName]?: ValueOf<(typeof FLAGS)[K]> };

const SECTIONS: Section[] = ['Source', 'Batch', 'Output', 'Options', 'Other'];

export function usageText(): string {
  const lines = [
    'Usage: import-model ORG/NAME [options]',
    '       import-model --url https://huggingface.co/ORG/NAME [options]',
    '       import-model --local DIR [--model ORG/NAME] [options]',
    '       batch-import --file models.txt [--continue-on-error] [--log PATH] [--jobs N] [options]',
  ];
  for (const section of SECTIONS) {
    lines.push('', `${section}:`);
    for (const [name, row] of Object.entries(FLAGS) as Array<[string, FlagRow]>) {
      if (row.section !== section) continue;
      const left = `  --${name}${row.arg ? ` ${row.arg}` : ''}`;
      const help = wrap(row.help, 72);
      lines.push(`${left.padEnd(28)}${help[0]}`, ...help.slice(1).map((l) => `${''.padEnd(28)}${l}`));
    }
  }
  // Wrapped between "N CODES" groups, never inside one.
  const exits = wrap(`Exit codes: 0\u00a0ok, ${exitCodeHelp().replace(/ (?=E_)/g, '\u00a0')}.`, 96).map((l) => l.replace(/\u00a0/g, ' '));
  lines.push('', exits[0]!, ...exits.slice(1).map((l) => `            ${l}`), 'A batch exits 0 only if every model succeeded.');
  return lines.join('\n');
}

/** `text` in lines of at most `width` characters (words never split). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...out, line];
}

/** "2 E_USAGE/E_BAD_TOKEN, 3 E_NOT_FOUND, ...": from the core's error-code table. */
function exitCodeHelp(): string {
  const byExit = new Map<number, string[]>();
  for (const e of ERROR_CODE_TABLE) byExit.set(e.exit, [...(byExit.get(e.exit) ?? []), e.code]);
  return [...byExit].sort((a, b) => a[0] - b[0]).map(([exit, codes]) => `${exit} ${codes.join('/')}`).join(', ');
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest flag to a misspelt one, when close enough to be a typo. */
export function suggestFlag(unknown: string): string | undefined {
  const bare = unknown.replace(/^-+/, '').replace(/=.*$/, '');
  let best: string | undefined;
  let bestD = Infinity;
  for (const name of Object.keys(FLAGS)) {
    const d = name.startsWith(bare) && bare.length >= 3 ? 0.5 : distance(bare, name);
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(bare.length / 3)) ? `--${best}` : undefined;
}

export interface ParsedArgs {
  values: Values;
  positionals: string[];
}

export function parseCli(argv: string[]): ParsedArgs {
  const options = Object.fromEntries(
    (Object.entries(FLAGS) as Array<[string, FlagRow]>).map(([name, row]) => [
      name,
      { type: row.kind, ...(row.multiple && { multiple: true }), ...(row.short && { short: row.short }) },
    ]),
  ) as Parameters<typeof parseArgs>[0] extends infer C ? (C extends { options?: infer O } ? NonNullable<O> : never) : never;
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { values: values as Values, positionals };
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    const flag = /'(-[^' ]+)'/.exec(msg)?.[1];
    const hint = flag !== undefined && /unknown option/i.test(msg) ? suggestFlag(flag) : undefined;
    const text = flag !== undefined && /unknown option/i.test(msg) ? `unknown flag ${flag}` : msg;
    throw new HfmiError('E_USAGE', `${text}${hint ? ` (did you mean ${hint}?)` : ''} (see --help)`, {
      ...(flag !== undefined && { path: flag }),
    });
  }
}

#!/usr/bin/env node
// import-model: describe a HuggingFace model for downstream tools.
// Progress goes to stderr, results to stdout or files. Errors: one line on stderr starting with a stable code.
// The flags are one table (flags.ts); sources (model_source.ts); the run and its writes (run_models.ts).
import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { parseByteSize } from '../core/byte_size.js';
import { HfmiError } from '../core/errors.js';
import { LIMITS } from '../core/generated/limits.js';
import { fetchBounded } from '../hub/bounded_fetch.js';
import { validateToken } from '../hub/token.js';
import { readRegularFile } from '../targets/regular_file.js';
import { parseCli, usageText, type Values } from './flags.js';
import { modelSpecs } from './model_source.js';
import { runModels, type RunContext } from './run_models.js';
import { describeFailure } from './terminal_output.js';

export const USAGE = usageText();

function usage(message: string, path: string): never {
  throw new HfmiError('E_USAGE', `${message} (see --help)`, { path });
}

function positiveInt(values: Values, key: 'context' | 'jobs'): number | undefined {
  const raw = values[key];
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(raw)) usage(`--${key} must be a positive integer, got "${raw}"`, `--${key}`);
  return Number(raw);
}

function paramsBillions(values: Values): number | undefined {
  const raw = values.params;
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(n > 0) || n > 1e6) usage(`--params must be a positive number of billions, got "${raw}"`, '--params');
  return n;
}

/** --tp/--ep as a list ("1,2,4,8"): every combination is analysed from one fetch. */
function degreeList(values: Values, key: 'tp' | 'ep'): number[] {
  const raw = values[key];
  if (raw === undefined) return [1];
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^[1-9]\d{0,8}$/.test(p))) {
    usage(`--${key} must be a positive integer or a comma-separated list of them, got "${raw}"`, `--${key}`);
  }
  return [...new Set(parts.map(Number))];
}

function gemmTp(values: Values): 'tp1' | 'split' | undefined {
  const raw = values['gemm-tp'];
  if (raw === undefined) return undefined;
  if (raw !== 'tp1' && raw !== 'split') usage(`--gemm-tp must be "tp1" or "split", got "${raw}"`, '--gemm-tp');
  return raw;
}

function pageSizes(values: Values): number[] | undefined {
  const raw = values['page-sizes'];
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => !/^[1-9]\d{0,5}$/.test(p))) {
    usage(`--page-sizes must be a comma-separated list of positive integers, got "${raw}"`, '--page-sizes');
  }
  return parts.map(Number);
}

/** --definitions: a URL (bounded download) or a regular file, both capped by the limits table. */
async function readDefinitions(source: string | undefined): Promise<Uint8Array | undefined> {
  if (source === undefined) return undefined;
  if (/^https?:\/\//.test(source)) {
    return fetchBounded(source, { maxBytes: LIMITS.definitionsBytes, limitName: 'definitionsBytes', what: '--definitions' });
  }
  return readRegularFile(source, LIMITS.definitionsBytes, '--definitions', 'definitionsBytes');
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return `${pkg.name} ${pkg.version}`;
}

/** The CLI. `mode` 'batch' is batch-import: the same flags, and a batch even for one listed model. */
export async function main(argv: string[], mode: 'single' | 'batch' = 'single'): Promise<number> {
  const { values, positionals } = parseCli(argv);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (values.version) {
    process.stdout.write((await packageVersion()) + '\n');
    return 0;
  }
  if (values.target !== undefined && values.target !== 'flashinfer') {
    usage(`--target must be "flashinfer", got "${values.target}"`, '--target');
  }
  if (values.target !== undefined && values['models-ts'] === undefined) {
    usage('--target flashinfer needs --models-ts PATH', '--models-ts');
  }
  if (values['models-ts'] !== undefined && values.target === undefined) {
    usage('--models-ts needs --target flashinfer', '--target');
  }
  if (values['perf-config'] !== undefined && values['perf-config-dir'] !== undefined) {
    usage('give --perf-config FILE or --perf-config-dir DIR, not both', '--perf-config-dir');
  }
  // (--force alone is fine: it also skips the y/N prompt.)
  if (values['catalog-schema'] !== undefined && values.catalog === undefined) usage('--catalog-schema applies to --catalog', '--catalog-schema');
  const endpointRaw = values.endpoint ?? process.env['HF_ENDPOINT'];
  const endpoint = endpointRaw !== undefined && endpointRaw !== '' ? endpointRaw : undefined;
  // Checked where it enters: a token with control characters or non-ASCII is E_BAD_TOKEN, never shown.
  const token = validateToken(values.token ?? process.env['HF_TOKEN'], values.token !== undefined ? '--token' : 'HF_TOKEN');
  const specs = await modelSpecs(values, positionals, endpoint);
  const fromFile = values.file !== undefined || values.batch !== undefined;
  if (mode === 'batch' && !fromFile && specs.length === 0) usage('batch-import needs --file FILE', '--file');
  if (specs.length === 0 && values.local === undefined) {
    usage(fromFile ? 'the batch file lists no model' : 'give ORG/NAME, --url URL, --file FILE or --local DIR', fromFile ? '--file' : '--model');
  }
  const batch = mode === 'batch' || fromFile || specs.length > 1;
  if (batch && values.local !== undefined) usage('--local takes a single model', '--local');
  if (batch && (values.id !== undefined || values.name !== undefined || values.description !== undefined)) {
    usage('--id, --name and --description apply to a single model', values.id !== undefined ? '--id' : '--name');
  }
  if (!batch && (values['continue-on-error'] || values.log !== undefined)) {
    usage('--continue-on-error and --log apply to a batch (--file FILE)', values.log !== undefined ? '--log' : '--continue-on-error');
  }
  // The lists are checked before anything is fetched.
  const tps = degreeList(values, 'tp');
  const eps = degreeList(values, 'ep');
  const sweep = tps.length * eps.length > 1;
  if (sweep && values.target !== undefined) usage('--target takes a single --tp/--ep', '--tp');
  if (sweep && values.coverage !== undefined) usage('--coverage takes a single --tp/--ep', '--tp');
  const gemm = gemmTp(values);
  const context = positiveInt(values, 'context');
  const sizes = pageSizes(values);
  const params = paramsBillions(values);
  const jobs = positiveInt(values, 'jobs') ?? 4;
  const definitions = await readDefinitions(values.definitions);
  const ctx: RunContext = {
    values,
    analysis: {
      ...(values.id !== undefined && { id: values.id }),
      ...(values.name !== undefined && { name: values.name }),
      ...(values.description !== undefined && { description: values.description }),
      ...(context !== undefined && { contextLength: context }),
      ...(sizes !== undefined && { pageSizes: sizes }),
      ...(values['legacy-names'] && { legacyNames: true }),
      ...(gemm !== undefined && { gemmTp: gemm }),
      ...(definitions !== undefined && { definitions }),
      ...(values['gpu-memory'] !== undefined && { gpuMemory: parseByteSize(values['gpu-memory'], '--gpu-memory') }),
    },
    overrides: { ...(params !== undefined && { paramsBillions: params }), ...(context !== undefined && { contextLength: context }) },
    ...(endpoint !== undefined && { endpoint }),
    ...(token !== undefined && { token }),
    tps,
    eps,
    jobs,
    batch,
  };
  return runModels(specs.length > 0 ? specs : [undefined], ctx);
}

/** Prints one line `CODE: message [at path]` to stderr and returns the exit code. */
export function reportError(e: unknown): number {
  const f = describeFailure(e);
  process.stderr.write(`${f.code}: ${f.message}\n`);
  return f.exitCode;
}

export function runMain(argv: string[], mode: 'single' | 'batch'): void {
  main(argv, mode).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.exitCode = reportError(e);
    },
  );
}

/** True when this module is the process's entry script (not imported by batch_import). */
function isEntry(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) runMain(process.argv.slice(2), 'single');

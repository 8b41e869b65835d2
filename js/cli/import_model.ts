#!/usr/bin/env node
// import-model: describe a HuggingFace model for downstream tools.
// Progress goes to stderr, results to stdout or files. Errors: one line on stderr starting with a stable code.
import { parseArgs } from 'node:util';

import { EXIT_CODES, HfmiError, redactSecrets } from '../core/errors.js';
import { toCodedError } from '../core/fs_errors.js';
import { ERROR_CODE_TABLE } from '../core/generated/error_codes.js';
import { LIMITS } from '../core/generated/limits.js';
import { fetchBounded } from '../hub/bounded_fetch.js';
import { escapeControls } from '../hub/printable.js';
import { validateToken } from '../hub/token.js';
import { readUserFile } from '../targets/file_writes.js';
import { describePlan, planOutputFolder } from '../targets/output_folder.js';
import { readRegularFile } from '../targets/regular_file.js';
import * as api from '../index.node.js';
import type { ImportResult } from '../api.js';
import { readLocalFolder } from './local_folder.js';
import { writeDefinitionSkeletons, writeOutputFolder } from '../targets/output_folder.js';
import { updateModelsTsFile } from '../targets/models_ts_file.js';
import { updateCatalogFile } from '../targets/catalog_file.js';
import { coverageSource, updateCoverageFile } from '../targets/coverage_file.js';
import { unifiedDiff } from '../targets/file_writes.js';

export const USAGE = `Usage: import-model --model ORG/NAME [options]
       import-model --url https://huggingface.co/ORG/NAME [options]
       import-model --local DIR [--model ORG/NAME] [options]
       import-model --batch FILE [options]        (one model id per line; # comments)

Source:
  --model ORG/NAME        HuggingFace model id (repeatable for a batch)
  --url URL               a Hub URL instead of --model
  --revision REV          branch, tag or commit (default: main)
  --endpoint URL          Hub endpoint (default: $HF_ENDPOINT or https://huggingface.co)
  --token TOKEN           access token for gated repos (default: $HF_TOKEN); never printed or written
  --local DIR             a downloaded model folder: config.json + *.safetensors (no network)
Output:
  --json                  stdout is exactly one JSON document: model_architecture.json
                          (a JSON array of them for a batch)
  --out DIR               write model_config.json, model_architecture.json, module_mapping.json,
                          model_addition_summary.md, tensors.csv (a sub-folder per model in a batch)
  --target flashinfer     update a FlashInfer-Bench models.ts (needs --models-ts)
  --models-ts PATH        the models.ts to update (backup + atomic write)
  --replace               replace an existing entry with the same id (models.ts, --catalog, --coverage);
                          models.ts keeps the entry's curated name and description unless --name /
                          --description are given, and says what it kept
  --id ID --name NAME --description TEXT   the models.ts entry's fields
  --coverage PATH         add the model's section and Summary row to a FlashInfer-Bench model_coverage.mdx
                          (statuses from the Hub dataset flashinfer-ai/flashinfer-trace, or the bundled
                          snapshot when it cannot be read; the run says which)
  --catalog PATH          insert into a models.json calculator catalogue (sorted by parameter count)
  --perf-config PATH      write the per-layer performance-model config
  --emit-definitions DIR  write a Definition JSON skeleton for each missing Definition
  --definitions FILE|URL  a Definitions catalogue replacing the bundled dataset snapshot
  --tp N --ep N           tensor/expert parallel degrees for Definition names (default 1); lists
                          such as --tp 1,2,4,8 analyse one fetch once per combination
  --page-sizes 1,64       page sizes for paged attention Definitions (default 1,64: each kernel
                          family keeps the sizes the dataset has)
  --gemm-tp tp1|split     GEMM names at full (TP 1) shapes, the project's convention (default), or
                          split per GPU by --tp
  --legacy-names          older gemm_n_{N}_k_{K} naming
  --context N             context length for KV-cache bytes (default: max_position_embeddings)
  --dry-run               compute everything, write nothing; print diffs of files that would change
  --keep-backups          keep a new timestamped backup per update (default: one backup per file)
  --quiet                 no progress on stderr
  --help                  this text

Exit codes: 0 ok, ${exitCodeHelp()}.`;

/** "2 E_USAGE/E_BAD_TOKEN, 3 E_NOT_FOUND, ...": from the core's error-code table. */
function exitCodeHelp(): string {
  const byExit = new Map<number, string[]>();
  for (const e of ERROR_CODE_TABLE) byExit.set(e.exit, [...(byExit.get(e.exit) ?? []), e.code]);
  return [...byExit].sort((a, b) => a[0] - b[0]).map(([exit, codes]) => `${exit} ${codes.join('/')}`).join(', ');
}

const OPTIONS = {
  model: { type: 'string', multiple: true },
  url: { type: 'string' },
  batch: { type: 'string' },
  revision: { type: 'string' },
  endpoint: { type: 'string' },
  token: { type: 'string' },
  local: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  target: { type: 'string' },
  'models-ts': { type: 'string' },
  replace: { type: 'boolean' },
  id: { type: 'string' },
  name: { type: 'string' },
  description: { type: 'string' },
  catalog: { type: 'string' },
  'perf-config': { type: 'string' },
  'emit-definitions': { type: 'string' },
  definitions: { type: 'string' },
  tp: { type: 'string' },
  ep: { type: 'string' },
  'page-sizes': { type: 'string' },
  'legacy-names': { type: 'boolean' },
  coverage: { type: 'string' },
  'gemm-tp': { type: 'string' },
  context: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'keep-backups': { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

function usage(message: string, path: string): never {
  throw new HfmiError('E_USAGE', `${message} (see --help)`, { path });
}

function positiveInt(values: Values, key: 'tp' | 'ep' | 'context'): number | undefined {
  const raw = values[key];
  if (raw === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(raw)) usage(`--${key} must be a positive integer, got "${raw}"`, `--${key}`);
  return Number(raw);
}

/** --tp/--ep as a list ("1,2,4,8"): every combination is analysed from one fetch. */
function degreeList(values: Values, key: 'tp' | 'ep'): number[] {
  const raw = values[key];
  if (raw === undefined) return [1];
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => !/^[1-9]\d{0,8}$/.test(p))) usage(`--${key} must be a positive integer or a comma-separated list of them, got "${raw}"`, `--${key}`);
  return [...new Set(parts.map(Number))];
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

function gemmTp(values: Values): 'tp1' | 'split' | undefined {
  const raw = values['gemm-tp'];
  if (raw === undefined) return undefined;
  if (raw !== 'tp1' && raw !== 'split') usage(`--gemm-tp must be "tp1" or "split", got "${raw}"`, '--gemm-tp');
  return raw;
}

async function readDefinitions(source: string | undefined): Promise<Uint8Array | undefined> {
  if (source === undefined) return undefined;
  if (/^https?:\/\//.test(source)) {
    return fetchBounded(source, { maxBytes: LIMITS.definitionsBytes, limitName: 'definitionsBytes', what: '--definitions' });
  }
  return readRegularFile(source, LIMITS.definitionsBytes, '--definitions', 'definitionsBytes');
}

async function modelList(values: Values): Promise<string[]> {
  const models = [...(values.model ?? [])];
  if (values.url !== undefined) models.push(values.url);
  if (values.batch !== undefined) {
    let text: string;
    try {
      text = await readUserFile(values.batch, '--batch');
    } catch (e) {
      if (e instanceof HfmiError) throw e;
      usage(`--batch: cannot read ${values.batch}`, '--batch');
    }
    for (const line of text.split(/\r?\n/)) {
      const t = line.replace(/#.*/, '').trim();
      if (t) models.push(t);
    }
  }
  return models;
}

function progressPrinter(quiet: boolean, model: string) {
  if (quiet) return undefined;
  return (e: api.ProgressEvent) => {
    const what = e.shard ? `${e.phase} ${escapeControls(e.shard)}` : e.phase;
    process.stderr.write(`[${model}] ${what} ${e.done}/${e.total} (${e.bytes} bytes)\n`);
  };
}

async function runOne(model: string | undefined, values: Values, definitions: Uint8Array | undefined, batch: boolean): Promise<Run[]> {
  const analysis = {
    ...(values.id !== undefined && !batch && { id: values.id }),
    ...(values.name !== undefined && !batch && { name: values.name }),
    ...(values.description !== undefined && !batch && { description: values.description }),
    ...(positiveInt(values, 'context') !== undefined && { contextLength: positiveInt(values, 'context') }),
    ...(pageSizes(values) !== undefined && { pageSizes: pageSizes(values) }),
    ...(values['legacy-names'] && { legacyNames: true }),
    ...(gemmTp(values) !== undefined && { gemmTp: gemmTp(values) }),
    ...(definitions !== undefined && { definitions }),
  };
  // One fetch, analysed once per --tp/--ep combination (the lists are checked before anything is fetched).
  const tps = degreeList(values, 'tp');
  const eps = degreeList(values, 'ep');
  const sweep = async (handle: api.ModelHandle): Promise<Run[]> => {
    const runs: Run[] = [];
    try {
      for (const tp of tps) {
        for (const ep of eps) runs.push({ result: await handle.analyze({ ...analysis, tp, ep }), tp, ep });
      }
    } finally {
      handle.dispose();
    }
    return runs;
  };
  if (values.local !== undefined) {
    const files = await readLocalFolder(values.local, model ?? values.local.replace(/\/+$/, '').split('/').slice(-2).join('/'));
    return sweep(await api.openFiles(files));
  }
  if (model === undefined) usage('give --model ORG/NAME, --url URL, --batch FILE or --local DIR', '--model');
  const endpoint = values.endpoint ?? process.env.HF_ENDPOINT;
  // Checked where it enters: a token with control characters or non-ASCII is E_BAD_TOKEN, never shown.
  const token = validateToken(values.token ?? process.env.HF_TOKEN, values.token !== undefined ? '--token' : 'HF_TOKEN');
  const progress = progressPrinter(values.quiet === true, model);
  return sweep(await api.fetchModel(model, {
    ...(endpoint !== undefined && endpoint !== '' && { endpoint }),
    ...(token !== undefined && token !== '' && { token }),
    ...(values.revision !== undefined && { revision: values.revision }),
    ...(progress !== undefined && { onProgress: progress }),
  }));
}

/** One analysis of a --tp/--ep sweep. */
interface Run {
  result: ImportResult;
  tp: number;
  ep: number;
}

async function writeTargets(result: ImportResult, values: Values, outDir: string | undefined): Promise<void> {
  const dryRun = values['dry-run'] === true;
  const say = (line: string) => {
    if (!values.quiet) process.stderr.write(line + '\n');
  };
  if (outDir !== undefined) {
    const plan = describePlan(outDir, await planOutputFolder(outDir, Object.keys(result.outputs)), dryRun);
    if (plan !== undefined) process.stderr.write(`${escapeControls(plan)}\n`); // even with --quiet: files are replaced
    if (dryRun) say(`dry-run: would write ${Object.keys(result.outputs).length} files to ${outDir}`);
    else for (const p of await writeOutputFolder(outDir, result)) say(`wrote ${p}`);
  }
  if (values['emit-definitions'] !== undefined) {
    if (dryRun) say(`dry-run: would write ${Object.keys(result.definitionSkeletons).length} Definition skeletons`);
    else for (const p of await writeDefinitionSkeletons(values['emit-definitions'], result)) say(`wrote ${p}`);
  }
  if (values['perf-config'] !== undefined) {
    const { writeFileAtomic } = await import('../targets/file_writes.js');
    if (dryRun) say(`dry-run: would write ${values['perf-config']}`);
    else {
      await writeFileAtomic(values['perf-config'], JSON.stringify(result.perfModelConfig, null, 2) + '\n');
      say(`wrote ${values['perf-config']}`);
    }
  }
  let displayName = values.name ?? result.entryName;
  if (values.target !== undefined) {
    const path = values['models-ts'];
    if (path === undefined) usage('--target flashinfer needs --models-ts PATH', '--models-ts');
    const outcome = await updateModelsTsFile(
      api,
      path,
      result,
      { id: result.entryId, name: result.entryName, description: result.entryDescription },
      {
        replace: values.replace === true,
        dryRun,
        keepBackups: values['keep-backups'] === true,
        keepName: values.name === undefined,
        keepDescription: values.description === undefined,
      },
    );
    if (dryRun) process.stdout.write(outcome.diff);
    else say(`${outcome.action} "${result.entryId}" in ${path}${outcome.backup ? ` (backup: ${outcome.backup})` : ''}`);
    for (const k of outcome.kept) say(`kept the existing entry's ${k.field}: ${JSON.stringify(k.value)} (give --${k.field} to change it)`);
    displayName = outcome.kept.find((k) => k.field === 'name')?.value ?? displayName;
  }
  if (values.coverage !== undefined) {
    const endpoint = values.endpoint ?? process.env.HF_ENDPOINT;
    const token = values.token ?? process.env.HF_TOKEN;
    const source = await coverageSource({
      offline: values.local !== undefined,
      ...(endpoint !== undefined && endpoint !== '' && { endpoint }),
      ...(token !== undefined && token !== '' && { token }),
    });
    const outcome = await updateCoverageFile(
      api,
      values.coverage,
      result,
      {
        displayName,
        ...(positiveInt(values, 'tp') !== undefined && { tp: positiveInt(values, 'tp') }),
        ...(positiveInt(values, 'ep') !== undefined && { ep: positiveInt(values, 'ep') }),
        ...(pageSizes(values) !== undefined && { pageSizes: pageSizes(values) }),
        ...(gemmTp(values) !== undefined && { gemmTp: gemmTp(values) }),
        replace: values.replace === true,
      },
      source,
      { dryRun, keepBackups: values['keep-backups'] === true },
    );
    say(
      source.source === 'dataset'
        ? 'coverage statuses from the Hub dataset flashinfer-ai/flashinfer-trace (tree API)'
        : `coverage statuses from the bundled snapshot (dataset not read: ${source.reason ?? 'unknown'})`,
    );
    if (dryRun) process.stdout.write(outcome.diff);
    else say(`${outcome.action} "${displayName}" in ${values.coverage}${outcome.backup ? ` (backup: ${outcome.backup})` : ''}`);
  }
  if (values.catalog !== undefined) {
    const outcome = await updateCatalogFile(values.catalog, result.catalogEntry, {
      replace: values.replace === true,
      dryRun,
      keepBackups: values['keep-backups'] === true,
    });
    if (dryRun) process.stdout.write(unifiedDiff(outcome.before, outcome.after, 'models.json'));
    else say(`${outcome.action} "${String(result.catalogEntry.id)}" in ${values.catalog}`);
  }
}

function summaryLine(r: ImportResult): string {
  const a = r.architecture;
  const p = a.parameters;
  return (
    `${r.modelId}: ${a.architecture_type}, ${a.num_layers} layers, ${a.attention.num_heads}/${a.attention.num_kv_heads} heads ` +
    `(head_dim ${a.attention.head_dim}, ${a.attention.type}), ${a.mlp.type} MLP, ` +
    (p.total === null ? 'parameters unknown (the config lacks a field the count needs)' : `${p.total.toLocaleString('en-US')} parameters (${p.source})`) +
    (p.active !== null && p.active !== p.total ? `, ${p.active.toLocaleString('en-US')} active` : '')
  );
}

export async function main(argv: string[]): Promise<number> {
  let values: Values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new HfmiError('E_USAGE', `${msg} (see --help)`);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
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
  const models = await modelList(values);
  if (models.length === 0 && values.local === undefined) {
    usage('give --model ORG/NAME, --url URL, --batch FILE or --local DIR', '--model');
  }
  const batch = models.length > 1;
  if (batch && values.local !== undefined) usage('--local takes a single model', '--local');
  if (batch && values['models-ts'] === undefined && (values.id !== undefined || values.name !== undefined)) {
    usage('--id/--name apply to a single model', '--id');
  }
  const definitions = await readDefinitions(values.definitions);
  const results: ImportResult[] = [];
  let failures = 0;
  let lastCode = 0;
  for (const model of models.length ? models : [undefined]) {
    try {
      const runs = await runOne(model, values, definitions, batch);
      if (runs.length > 1 && values.target !== undefined) usage('--target takes a single --tp/--ep', '--tp');
      for (const { result, tp, ep } of runs) {
        const sub = runs.length > 1 ? `${result.entryId}-tp${tp}-ep${ep}` : result.entryId;
        const outDir = values.out === undefined ? undefined : batch || runs.length > 1 ? `${values.out}/${sub}` : values.out;
        await writeTargets(result, values, outDir);
        results.push(result);
        // With --json, stdout is the document: the human summary goes to stderr instead.
        if (!values.quiet && values.json) process.stderr.write(summaryLine(result) + '\n');
        for (const w of result.warnings) if (!values.quiet) process.stderr.write(`warning: ${escapeControls(w)}\n`);
      }
    } catch (e) {
      if (!batch) throw e;
      failures++;
      lastCode = reportError(e);
    }
  }
  if (values.json) {
    const docs = results.map((r) => r.architecture);
    process.stdout.write(JSON.stringify(batch || docs.length > 1 ? docs : docs[0], null, 2) + '\n');
  } else if (!values['dry-run'] || values.target === undefined) {
    for (const r of results) process.stdout.write(summaryLine(r) + '\n');
  }
  return failures ? lastCode || 1 : 0;
}

/** Prints one line `CODE: message [at path]` to stderr (redacted, control characters escaped: a name
 *  from a server can never start a forged line) and returns the exit code of the core's table.
 *  File-system failures are E_IO; only real bugs are E_INTERNAL. */
function reportError(e: unknown): number {
  const err = toCodedError(e);
  const where = err.path ? ` [at ${err.path}]` : '';
  process.stderr.write(`${err.code}: ${escapeControls(redactSecrets(`${err.message}${where}`))}\n`);
  return EXIT_CODES[err.code] ?? 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = reportError(e);
  },
);

#!/usr/bin/env node
// import-model: describe a HuggingFace model for downstream tools.
// Progress goes to stderr, results to stdout or files. Errors: one line on stderr starting with a stable code.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { HfmiError, type ErrorCode } from '../core/errors.js';
import * as api from '../index.node.js';
import type { ImportResult } from '../api.js';
import { readLocalFolder } from './local_folder.js';
import { writeDefinitionSkeletons, writeOutputFolder } from '../targets/output_folder.js';
import { updateModelsTsFile } from '../targets/models_ts_file.js';
import { updateCatalogFile } from '../targets/catalog_file.js';
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
  --replace               replace an existing entry with the same id (models.ts and --catalog)
  --id ID --name NAME --description TEXT   the models.ts entry's fields
  --catalog PATH          insert into an llm-sizer models.json catalogue (byte-preserving, among its sorted
                          neighbours; checked against the catalogue's schema and rules, refused on a violation)
  --catalog-schema FILE   the catalogue's JSON schema (default: the bundled llm-sizer schema)
  --force                 --catalog: write an entry that breaks the schema or the rules, with warnings
  --perf-config PATH      write the Mantile perf-model config (gap reports under model_builder/gaps/)
  --perf-config-dir DIR   the same, as DIR/{org}_{Name}.json (Mantile's backend/data/model_configs)
  --emit-definitions DIR  write a Definition JSON skeleton for each missing Definition
  --definitions FILE|URL  a Definitions catalogue replacing the bundled dataset snapshot
  --tp N --ep N           tensor/expert parallel degrees for Definition names (default 1)
  --page-sizes 1,64       page sizes for paged attention Definitions (default 1)
  --legacy-names          older gemm_n_{N}_k_{K} naming
  --context N             context length for KV-cache bytes (default: max_position_embeddings)
  --dry-run               compute everything, write nothing; print diffs of files that would change
  --quiet                 no progress on stderr
  --help                  this text

Exit codes: 0 ok, 2 E_USAGE, 3 E_NOT_FOUND, 4 E_GATED, 5 E_BAD_CONFIG/E_BAD_HEADER/E_BAD_INDEX,
            6 E_NETWORK/E_TIMEOUT/E_BAD_RESPONSE, 7 E_BAD_MODELS_TS, 1 anything else.`;

const EXIT_CODES: Partial<Record<ErrorCode, number>> = {
  E_USAGE: 2,
  E_NOT_FOUND: 3,
  E_GATED: 4,
  E_BAD_CONFIG: 5,
  E_BAD_HEADER: 5,
  E_BAD_INDEX: 5,
  E_NETWORK: 6,
  E_TIMEOUT: 6,
  E_BAD_RESPONSE: 6,
  E_BAD_MODELS_TS: 7,
  E_BAD_CATALOG: 7,
  E_CATALOG_SCHEMA: 7,
};

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
  'perf-config-dir': { type: 'string' },
  'catalog-schema': { type: 'string' },
  force: { type: 'boolean' },
  'emit-definitions': { type: 'string' },
  definitions: { type: 'string' },
  tp: { type: 'string' },
  ep: { type: 'string' },
  'page-sizes': { type: 'string' },
  'legacy-names': { type: 'boolean' },
  context: { type: 'string' },
  'dry-run': { type: 'boolean' },
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

function pageSizes(values: Values): number[] | undefined {
  const raw = values['page-sizes'];
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => !/^[1-9]\d{0,5}$/.test(p))) {
    usage(`--page-sizes must be a comma-separated list of positive integers, got "${raw}"`, '--page-sizes');
  }
  return parts.map(Number);
}

async function readDefinitions(source: string | undefined): Promise<Uint8Array | undefined> {
  if (source === undefined) return undefined;
  if (/^https?:\/\//.test(source)) {
    let response: Response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(30_000) });
    } catch {
      throw new HfmiError('E_NETWORK', `--definitions: could not fetch ${source}`, { path: '--definitions' });
    }
    if (!response.ok) {
      throw new HfmiError('E_NOT_FOUND', `--definitions: ${source} answered HTTP ${response.status}`, { path: '--definitions' });
    }
    return new Uint8Array(await response.arrayBuffer());
  }
  try {
    return new Uint8Array(await readFile(source));
  } catch {
    throw new HfmiError('E_USAGE', `--definitions: cannot read ${source}`, { path: '--definitions' });
  }
}

async function modelList(values: Values): Promise<string[]> {
  const models = [...(values.model ?? [])];
  if (values.url !== undefined) models.push(values.url);
  if (values.batch !== undefined) {
    let text: string;
    try {
      text = await readFile(values.batch, 'utf8');
    } catch {
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
    const what = e.shard ? `${e.phase} ${e.shard}` : e.phase;
    process.stderr.write(`[${model}] ${what} ${e.done}/${e.total} (${e.bytes} bytes)\n`);
  };
}

async function runOne(model: string | undefined, values: Values, definitions: Uint8Array | undefined, batch: boolean) {
  const analysis = {
    ...(values.id !== undefined && !batch && { id: values.id }),
    ...(values.name !== undefined && !batch && { name: values.name }),
    ...(values.description !== undefined && !batch && { description: values.description }),
    ...(positiveInt(values, 'tp') !== undefined && { tp: positiveInt(values, 'tp') }),
    ...(positiveInt(values, 'ep') !== undefined && { ep: positiveInt(values, 'ep') }),
    ...(positiveInt(values, 'context') !== undefined && { contextLength: positiveInt(values, 'context') }),
    ...(pageSizes(values) !== undefined && { pageSizes: pageSizes(values) }),
    ...(values['legacy-names'] && { legacyNames: true }),
    ...(definitions !== undefined && { definitions }),
  };
  if (values.local !== undefined) {
    const files = await readLocalFolder(values.local, model ?? values.local.replace(/\/+$/, '').split('/').slice(-2).join('/'));
    return api.analyzeFiles(files, analysis);
  }
  if (model === undefined) usage('give --model ORG/NAME, --url URL, --batch FILE or --local DIR', '--model');
  const endpoint = values.endpoint ?? process.env.HF_ENDPOINT;
  const token = values.token ?? process.env.HF_TOKEN;
  const progress = progressPrinter(values.quiet === true, model);
  return api.importModel(model, {
    ...analysis,
    ...(endpoint !== undefined && endpoint !== '' && { endpoint }),
    ...(token !== undefined && token !== '' && { token }),
    ...(values.revision !== undefined && { revision: values.revision }),
    ...(progress !== undefined && { onProgress: progress }),
  });
}

async function writeTargets(result: ImportResult, values: Values, outDir: string | undefined): Promise<void> {
  const dryRun = values['dry-run'] === true;
  const say = (line: string) => {
    if (!values.quiet) process.stderr.write(line + '\n');
  };
  if (outDir !== undefined) {
    if (dryRun) say(`dry-run: would write ${Object.keys(result.outputs).length} files to ${outDir}`);
    else for (const p of await writeOutputFolder(outDir, result)) say(`wrote ${p}`);
  }
  if (values['emit-definitions'] !== undefined) {
    if (dryRun) say(`dry-run: would write ${Object.keys(result.definitionSkeletons).length} Definition skeletons`);
    else for (const p of await writeDefinitionSkeletons(values['emit-definitions'], result)) say(`wrote ${p}`);
  }
  if (values['perf-config'] !== undefined || values['perf-config-dir'] !== undefined) {
    const { writePerfConfig } = await import('../targets/perf_config_file.js');
    const target = values['perf-config'] !== undefined ? { file: values['perf-config'] } : { dir: values['perf-config-dir']! };
    const { files } = await writePerfConfig(result, target, { dryRun });
    for (const f of files) say(dryRun ? `dry-run: would write ${f}` : `wrote ${f}`);
  }
  if (values.target !== undefined) {
    const path = values['models-ts'];
    if (path === undefined) usage('--target flashinfer needs --models-ts PATH', '--models-ts');
    const outcome = await updateModelsTsFile(
      api,
      path,
      result,
      { id: result.entryId, name: result.entryName, description: result.entryDescription },
      { replace: values.replace === true, dryRun },
    );
    if (dryRun) process.stdout.write(outcome.diff);
    else say(`${outcome.action} "${result.entryId}" in ${path}${outcome.backup ? ` (backup: ${outcome.backup})` : ''}`);
  }
  if (values.catalog !== undefined) {
    const outcome = await updateCatalogFile(values.catalog, result.catalogEntry, {
      replace: values.replace === true,
      dryRun,
      force: values.force === true,
      keepName: values.name === undefined,
      ...(values['catalog-schema'] !== undefined && { schemaPath: values['catalog-schema'] }),
    });
    for (const issue of outcome.issues) {
      const forced = issue.severity === 'error' ? ' (written anyway: --force)' : '';
      if (!values.quiet || issue.severity === 'error') process.stderr.write(`warning: ${values.catalog}: ${issue.message}${forced}\n`);
    }
    if (outcome.kept.length > 0) say(`kept the existing entry's ${outcome.kept.join(', ')} in ${values.catalog}`);
    if (dryRun) process.stdout.write(unifiedDiff(outcome.before ?? '', outcome.after ?? '', 'models.json'));
    else say(`${outcome.action} "${outcome.id}" in ${values.catalog}`);
  }
}

function summaryLine(r: ImportResult): string {
  const a = r.architecture;
  const p = a.parameters;
  return (
    `${r.modelId}: ${a.architecture_type}, ${a.num_layers} layers, ${a.attention.num_heads}/${a.attention.num_kv_heads} heads ` +
    `(head_dim ${a.attention.head_dim}, ${a.attention.type}), ${a.mlp.type} MLP, ` +
    `${p.total.toLocaleString('en-US')} parameters (${p.source})` +
    (p.active !== p.total ? `, ${p.active.toLocaleString('en-US')} active` : '')
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
  if (values['perf-config'] !== undefined && values['perf-config-dir'] !== undefined) {
    usage('give --perf-config FILE or --perf-config-dir DIR, not both', '--perf-config-dir');
  }
  if ((values['catalog-schema'] !== undefined || values.force) && values.catalog === undefined) {
    usage('--catalog-schema and --force apply to --catalog', values.force ? '--force' : '--catalog-schema');
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
      const result = await runOne(model, values, definitions, batch);
      const outDir = values.out === undefined ? undefined : batch ? `${values.out}/${result.entryId}` : values.out;
      await writeTargets(result, values, outDir);
      results.push(result);
      // With --json, stdout is the document: the human summary goes to stderr instead.
      if (!values.quiet && values.json) process.stderr.write(summaryLine(result) + '\n');
      for (const w of result.warnings) if (!values.quiet) process.stderr.write(`warning: ${w}\n`);
    } catch (e) {
      if (!batch) throw e;
      failures++;
      lastCode = reportError(e);
    }
  }
  if (values.json) {
    const docs = results.map((r) => r.architecture);
    process.stdout.write(JSON.stringify(batch ? docs : docs[0], null, 2) + '\n');
  } else if (!values['dry-run'] || values.target === undefined) {
    for (const r of results) process.stdout.write(summaryLine(r) + '\n');
  }
  return failures ? lastCode || 1 : 0;
}

/** Prints one line `CODE: message [at path]` to stderr and returns the exit code. */
function reportError(e: unknown): number {
  if (e instanceof HfmiError) {
    const where = e.path ? ` [at ${e.path}]` : '';
    process.stderr.write(`${e.code}: ${e.message}${where}\n`);
    return EXIT_CODES[e.code] ?? 1;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`E_INTERNAL: ${msg.split('\n')[0]}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = reportError(e);
  },
);

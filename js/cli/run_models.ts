// Runs one model or a batch: imports (N at once), writes each model's own files as soon as it is in,
// keeps only what the end needs (entries, status), then updates the user's shared files (models.ts,
// models.json) in one atomic write each, after a y/N question on a terminal.
import { appendFile, writeFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

import * as api from '../index.node.js';
import type { ArchitectureJson, ImportResult, ModuleTreeJson } from '../api.js';
import { HfmiError } from '../core/errors.js';
import { writeFileAtomic } from '../targets/file_writes.js';
import { unifiedDiff } from '../targets/diff.js';
import { updateModelsTsFile, updateModelsTsFileMany } from '../targets/models_ts_file.js';
import { updateCatalogFile, updateCatalogFileMany } from '../targets/catalog_file.js';
import { writeDefinitionSkeletons, writeOutputFolder } from '../targets/output_folder.js';
import { readLocalFolder } from './local_folder.js';
import { confirmChange, mustAsk } from './confirm.js';
import { collectGarbage } from './release_memory.js';
import { applyOverrides, type Overrides, type OverrideRow } from './overrides.js';
import { dedupeWarnings, describeFailure, escapeControl, ProgressDisplay } from './terminal_output.js';
import type { ModelSpec } from './model_source.js';
import type { Values } from './flags.js';

export interface RunContext {
  values: Values;
  analysis: api.AnalysisOptions;
  overrides: Overrides;
  endpoint?: string;
  token?: string;
  jobs: number;
  /** A batch (--file, or several ids): sub-folders per model, a summary, a status per model. */
  batch: boolean;
}

/** What is kept of a model once its own files are written: small, so a batch's memory stays flat. */
interface ModelOutcome {
  modelId: string;
  status: 'ok' | 'failed' | 'skipped';
  code?: string;
  message?: string;
  exitCode?: number;
  durationMs: number;
  outputs: string[];
  summary?: string;
  overrides?: OverrideRow[];
  architecture?: ArchitectureJson;
  modelsTs?: { entry: { id: string; name: string; description: string }; moduleTree: ModuleTreeJson };
  catalogEntry?: Record<string, unknown>;
}

/** Output sub-folder of a batch model: the whole id, so orgA/x and orgB/x never collide. */
export function batchFolderName(modelId: string): string {
  return modelId.replace(/\//g, '__');
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

/** The default model id of a --local folder: its last two path segments (works for ".", "dir/"). */
function localModelId(dir: string): string {
  return resolve(dir).split(sep).filter(Boolean).slice(-2).join('/') || 'local/model';
}

async function importOne(spec: ModelSpec | undefined, ctx: RunContext, progress: ReturnType<ProgressDisplay['start']>, signal: AbortSignal): Promise<ImportResult> {
  const { values } = ctx;
  if (values.local !== undefined) {
    const files = await readLocalFolder(values.local, spec?.modelId ?? localModelId(values.local));
    return api.analyzeFiles(files, ctx.analysis);
  }
  if (spec === undefined) throw new HfmiError('E_USAGE', 'give ORG/NAME, --url URL, --file FILE or --local DIR (see --help)', { path: '--model' });
  return api.importModel(spec.modelId, {
    ...ctx.analysis,
    ...(ctx.endpoint !== undefined && { endpoint: ctx.endpoint }),
    ...(ctx.token !== undefined && { token: ctx.token }),
    ...(spec.revision !== undefined && { revision: spec.revision }),
    signal,
    onProgress: progress.onProgress,
    onRetry: progress.onRetry,
  });
}

/** Writes the model's own files (never a shared user file) and returns their paths. */
async function writeOwnFiles(result: ImportResult, ctx: RunContext, display: ProgressDisplay): Promise<string[]> {
  const { values } = ctx;
  const dryRun = values['dry-run'] === true;
  const written: string[] = [];
  const outDir = values.out === undefined ? undefined : ctx.batch ? `${values.out}/${batchFolderName(result.modelId)}` : values.out;
  if (outDir !== undefined) {
    if (dryRun) display.say(`dry-run: would write ${Object.keys(result.outputs).length} files to ${outDir}`);
    else written.push(...(await writeOutputFolder(outDir, result)));
  }
  if (values['emit-definitions'] !== undefined) {
    if (dryRun) display.say(`dry-run: would write ${Object.keys(result.definitionSkeletons).length} Definition skeletons`);
    else written.push(...(await writeDefinitionSkeletons(values['emit-definitions'], result)));
  }
  if (values['perf-config'] !== undefined) {
    const path = ctx.batch ? perfConfigPath(values['perf-config'], result.modelId) : values['perf-config'];
    if (dryRun) display.say(`dry-run: would write ${path}`);
    else {
      await writeFileAtomic(path, JSON.stringify(result.perfModelConfig, null, 2) + '\n');
      written.push(path);
    }
  }
  if (ctx.batch && written.length > 0) display.say(`[${escapeControl(result.modelId)}] wrote ${written.length} files${outDir ? ` (${outDir})` : ''}`);
  else for (const p of written) display.say(`wrote ${p}`);
  return written;
}

/** In a batch, --perf-config names a folder: one {ORG__NAME}.json per model. */
function perfConfigPath(dir: string, modelId: string): string {
  return `${dir}/${batchFolderName(modelId)}.json`;
}

async function runOne(spec: ModelSpec | undefined, ctx: RunContext, display: ProgressDisplay, signal: AbortSignal): Promise<ModelOutcome> {
  const started = Date.now();
  const modelId = spec?.modelId ?? ctx.values.local ?? '';
  const progress = display.start(modelId);
  try {
    let result: ImportResult | undefined = await importOne(spec, ctx, progress, signal);
    const overrides = applyOverrides(result, ctx.overrides);
    const outputs = await writeOwnFiles(result, ctx, display);
    for (const w of dedupeWarnings(result.warnings)) display.say(`warning: [${escapeControl(result.modelId)}] ${w}`);
    for (const r of overrides) {
      display.say(`override: ${r.field} ${r.override.toLocaleString('en-US')} (computed ${r.computed.toLocaleString('en-US')})`);
    }
    const outcome: ModelOutcome = {
      modelId: result.modelId,
      status: 'ok',
      durationMs: Date.now() - started,
      outputs,
      summary: summaryLine(result),
      overrides,
      ...(ctx.values.json && { architecture: result.architecture }),
      ...(ctx.values.target !== undefined && {
        modelsTs: {
          entry: { id: result.entryId, name: result.entryName, description: result.entryDescription },
          moduleTree: result.moduleTree,
        },
      }),
      ...(ctx.values.catalog !== undefined && { catalogEntry: result.catalogEntry }),
    };
    result = undefined; // released: only the outcome lives on
    display.end(modelId, true);
    return outcome;
  } catch (e) {
    display.end(modelId, false);
    const aborted = signal.aborted && (e === signal.reason || !(e instanceof HfmiError));
    const f = describeFailure(e);
    return aborted
      ? { modelId, status: 'skipped', message: 'stopped after an earlier failure', durationMs: Date.now() - started, outputs: [] }
      : { modelId, status: 'failed', code: f.code, message: f.message, exitCode: f.exitCode, durationMs: Date.now() - started, outputs: [] };
  }
}

/** One JSON line of the --log file. */
function logLine(o: ModelOutcome): string {
  return (
    JSON.stringify({
      id: o.modelId,
      status: o.status,
      ...(o.code !== undefined && { code: o.code }),
      ...(o.message !== undefined && { message: o.message }),
      duration_ms: o.durationMs,
      outputs: o.outputs,
    }) + '\n'
  );
}

/** Imports every model (`jobs` at once); stops launching after a failure unless --continue-on-error. */
async function importAll(specs: Array<ModelSpec | undefined>, ctx: RunContext, display: ProgressDisplay): Promise<ModelOutcome[]> {
  const outcomes: ModelOutcome[] = new Array(specs.length);
  const stop = new AbortController();
  const keepGoing = ctx.values['continue-on-error'] === true;
  const log = ctx.values.log;
  if (log !== undefined) await writeFile(log, '');
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const i = next++;
      const spec = specs[i];
      const o = stop.signal.aborted
        ? { modelId: spec?.modelId ?? '', status: 'skipped' as const, message: 'stopped after an earlier failure', durationMs: 0, outputs: [] }
        : await runOne(spec, ctx, display, stop.signal);
      outcomes[i] = o;
      // The model's result is unreachable now: release it before the next one grows the heap.
      if (ctx.batch) collectGarbage();
      if (log !== undefined) await appendFile(log, logLine(o));
      if (o.status === 'failed') {
        if (ctx.batch) display.say(`failed: ${escapeControl(o.modelId)}: ${o.code}: ${o.message}`);
        if (!keepGoing) stop.abort(new HfmiError('E_USAGE', 'stopped after an earlier failure'));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.jobs, specs.length) }, worker));
  return outcomes;
}

/** Shows the diff of a shared file and asks on a terminal; true when the write may go ahead. */
async function mayWrite(path: string, diff: string, ctx: RunContext, display: ProgressDisplay, existing = true): Promise<boolean> {
  if (diff === '') return !ctx.values['dry-run'];
  if (ctx.values['dry-run']) {
    // With --json, stdout is the JSON document: the diff goes to stderr.
    (ctx.values.json ? process.stderr : process.stdout).write(diff);
    return false;
  }
  if (!existing || !mustAsk({ force: ctx.values.force === true, dryRun: false })) return true;
  display.close();
  const yes = await confirmChange(path, diff);
  if (!yes) display.sayAlways(`${path} left unchanged`);
  return yes;
}

/** models.ts and models.json: one read, every entry checked, one atomic write each. */
async function updateSharedFiles(ok: ModelOutcome[], ctx: RunContext, display: ProgressDisplay): Promise<void> {
  const { values } = ctx;
  const replace = values.replace === true;
  const path = values['models-ts'];
  const items = ok.flatMap((o) => (o.modelsTs ? [o.modelsTs] : []));
  if (values.target !== undefined && path !== undefined && items.length > 0) {
    const one = items.length === 1 ? items[0]! : undefined;
    const preview = one
      ? await updateModelsTsFile(api, path, { moduleTree: one.moduleTree } as ImportResult, one.entry, { replace, dryRun: true })
      : await updateModelsTsFileMany(api, path, items, { replace, dryRun: true });
    if (await mayWrite(path, preview.diff, ctx, display)) {
      const done = one
        ? await updateModelsTsFile(api, path, { moduleTree: one.moduleTree } as ImportResult, one.entry, { replace, dryRun: false })
        : await updateModelsTsFileMany(api, path, items, { replace, dryRun: false });
      const backup = done.backup ? ` (backup: ${done.backup})` : '';
      display.say(`${items.length === 1 ? `${'action' in done ? done.action : ''} "${items[0]!.entry.id}"` : `${items.length} entries`} in ${path}${backup}`);
    }
  }
  const entries = ok.flatMap((o) => (o.catalogEntry ? [o.catalogEntry] : []));
  if (values.catalog !== undefined && entries.length > 0) {
    const catalog = values.catalog;
    const preview =
      entries.length === 1
        ? await updateCatalogFile(catalog, entries[0]!, { replace, dryRun: true })
        : await updateCatalogFileMany(catalog, entries, { replace, dryRun: true });
    const diff = unifiedDiff(preview.before, preview.after, 'models.json');
    if (await mayWrite(catalog, diff, ctx, display, preview.before !== '')) {
      if (entries.length === 1) await updateCatalogFile(catalog, entries[0]!, { replace, dryRun: false });
      else await updateCatalogFileMany(catalog, entries, { replace, dryRun: false });
      display.say(`${entries.length === 1 ? `"${String(entries[0]!['id'])}"` : `${entries.length} entries`} in ${catalog}`);
    }
  }
}

/** Runs everything and returns the exit code. */
export async function runModels(specs: Array<ModelSpec | undefined>, ctx: RunContext): Promise<number> {
  const display = new ProgressDisplay(process.stderr, {
    quiet: ctx.values.quiet === true,
    tty: process.stderr.isTTY === true,
    total: specs.length,
  });
  let outcomes: ModelOutcome[];
  try {
    outcomes = await importAll(specs, ctx, display);
    const ok = outcomes.filter((o) => o.status === 'ok');
    const allOk = ok.length === outcomes.length;
    // Shared files change only when the batch went through (or the user asked to carry on).
    if (ok.length > 0 && (allOk || ctx.values['continue-on-error'])) await updateSharedFiles(ok, ctx, display);
  } finally {
    display.close();
  }
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (!ctx.batch && failed.length === 1) {
    const f = failed[0]!;
    process.stderr.write(`${f.code}: ${f.message}\n`);
    return f.exitCode ?? 1;
  }
  const ok = outcomes.filter((o) => o.status === 'ok');
  if (ctx.values.json) {
    const doc = ctx.batch
      ? outcomes.map((o) => ({
          model_id: o.modelId,
          status: o.status,
          ...(o.code !== undefined && { code: o.code }),
          ...(o.message !== undefined && { message: o.message }),
          ...(o.architecture !== undefined && { architecture: o.architecture }),
        }))
      : ok[0]?.architecture;
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    if (!ctx.values.quiet) for (const o of ok) process.stderr.write(`${o.summary}\n`);
  } else if (!ctx.values['dry-run'] || ctx.values.target === undefined) {
    for (const o of ok) process.stdout.write(`${o.summary}\n`);
  }
  if (ctx.batch) {
    const skipped = outcomes.filter((o) => o.status === 'skipped').length;
    const lines = [`batch: ${ok.length} ok, ${failed.length} failed${skipped ? `, ${skipped} not run` : ''} (of ${outcomes.length})`];
    for (const f of failed) lines.push(`  failed: ${escapeControl(f.modelId)} ${f.code}: ${f.message}`);
    process.stderr.write(lines.join('\n') + '\n');
  }
  if (failed.length > 0) return failed[0]!.exitCode ?? 1;
  return outcomes.some((o) => o.status !== 'ok') ? 1 : 0;
}

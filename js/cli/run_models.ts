// Runs one model or a batch: imports (N at once; each model fetched once and analysed once per --tp/--ep
// combination), writes each model's own files as soon as it is in, keeps only what the end needs
// (entries, status), then updates the user's shared files (models.ts, model_coverage.mdx, models.json)
// in one locked, atomic write each, after a y/N question on a terminal.
import { appendFile, writeFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

import * as api from '../index.node.js';
import type { ArchitectureJson, FullImportResult } from '../api.js';
import { HfmiError } from '../core/errors.js';
import { unifiedDiff } from '../targets/diff.js';
import { updateModelsTsFile, type ModelsTsItem } from '../targets/models_ts_file.js';
import { updateCatalogFile } from '../targets/catalog_file.js';
import { coverageSource, updateCoverageFile } from '../targets/coverage_file.js';
import { writePerfConfig } from '../targets/perf_config_file.js';
import { describePlan, planOutputFolder, writeDefinitionSkeletons, writeOutputFolder } from '../targets/output_folder.js';
import { readLocalSource } from './local_gguf.js';
import { ggufTable } from './gguf_table.js';
import { confirmChange, mustAsk } from './confirm.js';
import { collectGarbage } from './release_memory.js';
import { applyOverrides, type Overrides, type OverrideRow } from './overrides.js';
import { dedupeWarnings, describeFailure, escapeControl, ProgressDisplay } from './terminal_output.js';
import type { ModelSpec } from './model_source.js';
import type { Values } from './flags.js';

export interface RunContext {
  values: Values;
  /** Every option but the parallel degrees, which come from `tps` x `eps`. */
  analysis: api.AnalysisOptions;
  /** --tp / --ep lists (one value each unless a sweep). */
  tps: number[];
  eps: number[];
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
  overrides?: OverrideRow[];
  /** Summary lines, one per --tp/--ep combination. */
  summaries?: string[];
  /** With --json: one per --tp/--ep combination. */
  architectures?: ArchitectureJson[];
  modelsTs?: ModelsTsItem;
  catalogEntry?: Record<string, unknown>;
  /** With --coverage: the model's model_config.json and its default display name. */
  coverage?: { configText: string; displayName: string };
}

/** One analysis of a --tp/--ep sweep. */
interface Run {
  result: FullImportResult;
  tp: number;
  ep: number;
}

/** Output sub-folder of a batch model: the whole id, so orgA/x and orgB/x never collide. */
export function batchFolderName(modelId: string): string {
  return modelId.replace(/\//g, '__');
}

function summaryLine(r: FullImportResult): string {
  const a = r.architecture;
  const p = a.parameters;
  // The config's strings are the server's: escaped like every printed name.
  return escapeControl(
    `${r.modelId}: ${a.architecture_type}, ${a.num_layers} layers, ${a.attention.num_heads}/${a.attention.num_kv_heads} heads ` +
    `(head_dim ${a.attention.head_dim}, ${a.attention.type}), ${a.mlp.type} MLP, ` +
    `${p.total === null ? 'unknown' : p.total.toLocaleString('en-US')} parameters (${p.source})` +
    (p.active !== p.total && p.active !== null ? `, ${p.active.toLocaleString('en-US')} active` : '')
  );
}

/** The default model id of a --local folder: its last two path segments (works for ".", "dir/"). */
function localModelId(dir: string): string {
  return resolve(dir).split(sep).filter(Boolean).slice(-2).join('/') || 'local/model';
}

/** Fetches (or reads) the model once and analyses it once per --tp/--ep combination. */
async function importOne(spec: ModelSpec | undefined, ctx: RunContext, progress: ReturnType<ProgressDisplay['start']>, signal: AbortSignal): Promise<Run[]> {
  const { values } = ctx;
  let handle: api.ModelHandle;
  if (values.local !== undefined) {
    const files = await readLocalSource(values.local, spec?.modelId ?? localModelId(values.local), values.gguf);
    handle = await api.openFiles(files);
  } else {
    if (spec === undefined) throw new HfmiError('E_USAGE', 'give ORG/NAME, --url URL, --file FILE or --local DIR (see --help)', { path: '--model' });
    handle = await api.fetchModel(spec.modelId, {
      ...(ctx.endpoint !== undefined && { endpoint: ctx.endpoint }),
      ...(ctx.token !== undefined && { token: ctx.token }),
      ...(spec.revision !== undefined && { revision: spec.revision }),
      ...(values.gguf !== undefined && { gguf: values.gguf }),
      // A batch has several models in flight: each keeps only its bytes until its analysis, which builds,
      // uses and frees its core session in one step, so the sessions never coexist in the WASM memory.
      ...(ctx.batch && { decodeWhileFetching: false }),
      signal,
      onProgress: progress.onProgress,
      onRetry: progress.onRetry,
    });
  }
  const runs: Run[] = [];
  try {
    for (const tp of ctx.tps) {
      for (const ep of ctx.eps) runs.push({ result: await handle.analyze({ ...ctx.analysis, tp, ep, toolOutputs: true }), tp, ep });
    }
  } finally {
    handle.dispose();
  }
  return runs;
}

/** Writes the model's own files (never a shared user file) and returns their paths. `sweep` names the
 *  --tp/--ep combination when there are several (its own --out sub-folder). */
async function writeOwnFiles(run: Run, sweep: boolean, ctx: RunContext, display: ProgressDisplay): Promise<string[]> {
  const { values } = ctx;
  const { result } = run;
  const dryRun = values['dry-run'] === true;
  const written: string[] = [];
  const sub = [
    ...(ctx.batch ? [batchFolderName(result.modelId)] : []),
    ...(sweep ? [`${result.entryId}-tp${run.tp}-ep${run.ep}`] : []),
  ];
  const outDir = values.out === undefined ? undefined : [values.out, ...sub].join('/');
  if (outDir !== undefined) {
    const plan = describePlan(outDir, await planOutputFolder(outDir, Object.keys(result.outputs)), dryRun);
    if (plan !== undefined) process.stderr.write(`${escapeControl(plan)}\n`); // even with --quiet: files are replaced
    if (dryRun) display.say(`dry-run: would write ${Object.keys(result.outputs).length} files to ${outDir}`);
    else written.push(...(await writeOutputFolder(outDir, result)));
  }
  if (values['emit-definitions'] !== undefined) {
    if (dryRun) display.say(`dry-run: would write ${Object.keys(result.definitionSkeletons).length} Definition skeletons`);
    else written.push(...(await writeDefinitionSkeletons(values['emit-definitions'], result)));
  }
  if (values['perf-config'] !== undefined || values['perf-config-dir'] !== undefined) {
    const target =
      values['perf-config'] !== undefined
        ? { file: ctx.batch ? perfConfigPath(values['perf-config'], result.modelId) : values['perf-config'] }
        : { dir: values['perf-config-dir']! };
    const { files } = await writePerfConfig(result, target, { dryRun });
    if (dryRun) for (const f of files) display.say(`dry-run: would write ${f}`);
    else written.push(...files);
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
    let runs: Run[] | undefined = await importOne(spec, ctx, progress, signal);
    const outputs: string[] = [];
    const overrides: OverrideRow[] = [];
    for (const run of runs) {
      const { result } = run;
      overrides.push(...applyOverrides(result, ctx.overrides));
      outputs.push(...(await writeOwnFiles(run, runs.length > 1, ctx, display)));
      for (const w of dedupeWarnings(result.warnings)) display.say(`warning: [${escapeControl(result.modelId)}] ${w}`);
    }
    for (const r of overrides) {
      const computed = r.computed === null ? 'unknown' : r.computed.toLocaleString('en-US');
      display.say(`override: ${r.field} ${r.override.toLocaleString('en-US')} (computed ${computed})`);
    }
    const result = runs[0]!.result; // --target, --catalog and --coverage take a single --tp/--ep
    const outcome: ModelOutcome = {
      modelId: result.modelId,
      status: 'ok',
      durationMs: Date.now() - started,
      outputs,
      summaries: runs.map((r) => [summaryLine(r.result), ...ggufTable(r.result, ctx.analysis.gpuMemory as number | undefined)].join('\n')),
      overrides,
      ...(ctx.values.json && { architectures: runs.map((r) => r.result.architecture) }),
      ...(ctx.values.target !== undefined && {
        modelsTs: {
          entry: { id: result.entryId, name: result.entryName, description: result.entryDescription },
          moduleTree: result.moduleTree,
        },
      }),
      ...(ctx.values.catalog !== undefined && { catalogEntry: result.catalogEntry }),
      ...(ctx.values.coverage !== undefined && {
        coverage: { configText: result.outputs['model_config.json'], displayName: ctx.values.name ?? result.entryName },
      }),
    };
    runs = undefined; // released: only the outcome lives on
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

/** models.ts, model_coverage.mdx and models.json: each read once under its lock, every entry checked,
 *  one atomic write each (one model or a batch alike). */
async function updateSharedFiles(ok: ModelOutcome[], ctx: RunContext, display: ProgressDisplay): Promise<void> {
  const { values } = ctx;
  const replace = values.replace === true;
  const keepBackups = values['keep-backups'] === true;
  // The display name the coverage section gets: the models.ts entry's, kept curated names included.
  const displayNames = new Map<string, string>();
  const path = values['models-ts'];
  const items = ok.flatMap((o) => (o.modelsTs ? [o.modelsTs] : []));
  if (values.target !== undefined && path !== undefined && items.length > 0) {
    const options = { replace, keepBackups, keepName: values.name === undefined, keepDescription: values.description === undefined };
    const preview = await updateModelsTsFile(api, path, items, { ...options, dryRun: true });
    if (await mayWrite(path, preview.diff, ctx, display)) {
      const done = await updateModelsTsFile(api, path, items, { ...options, dryRun: false });
      const backup = done.backup ? ` (backup: ${done.backup})` : '';
      const one = done.entries.length === 1 ? done.entries[0]! : undefined;
      display.say(`${one ? `${one.action} "${escapeControl(one.id)}"` : `${done.entries.length} entries`} in ${path}${backup}`);
    }
    for (const e of preview.entries) {
      for (const k of e.kept) {
        display.say(`kept the existing entry's ${k.field}: ${escapeControl(JSON.stringify(k.value))} (give --${k.field} to change it)`);
        if (k.field === 'name') displayNames.set(e.id, k.value);
      }
    }
  }
  const covered = ok.flatMap((o) => (o.coverage ? [{ ...o.coverage, id: o.modelsTs?.entry.id }] : []));
  if (values.coverage !== undefined && covered.length > 0) {
    const file = values.coverage;
    const source = await coverageSource({
      offline: values.local !== undefined,
      ...(ctx.endpoint !== undefined && { endpoint: ctx.endpoint }),
      ...(ctx.token !== undefined && { token: ctx.token }),
    });
    display.say(
      source.source === 'dataset'
        ? 'coverage statuses from the Hub dataset flashinfer-ai/flashinfer-trace (tree API)'
        : `coverage statuses from the bundled snapshot (dataset not read: ${escapeControl(source.reason ?? 'unknown')})`,
    );
    for (const c of covered) {
      const displayName = (c.id !== undefined ? displayNames.get(c.id) : undefined) ?? c.displayName;
      const request = {
        displayName,
        tp: ctx.tps[0]!,
        ep: ctx.eps[0]!,
        ...(ctx.analysis.pageSizes !== undefined && { pageSizes: ctx.analysis.pageSizes }),
        ...(ctx.analysis.gemmTp !== undefined && { gemmTp: ctx.analysis.gemmTp }),
        replace,
      };
      const preview = await updateCoverageFile(api, file, c.configText, request, source, { dryRun: true });
      if (await mayWrite(file, preview.diff, ctx, display)) {
        const done = await updateCoverageFile(api, file, c.configText, request, source, { dryRun: false, keepBackups });
        display.say(`${done.action} "${escapeControl(displayName)}" in ${file}${done.backup ? ` (backup: ${done.backup})` : ''}`);
      }
    }
  }
  const entries = ok.flatMap((o) => (o.catalogEntry ? [o.catalogEntry] : []));
  if (values.catalog !== undefined && entries.length > 0) {
    const catalog = values.catalog;
    const options = {
      replace,
      keepBackups,
      // --force also means "write an entry that breaks the schema or the rules, with a warning".
      force: values.force === true,
      keepName: values.name === undefined,
      ...(values['catalog-schema'] !== undefined && { schemaPath: values['catalog-schema'] }),
    };
    const preview = await updateCatalogFile(catalog, entries, { ...options, dryRun: true });
    for (const e of preview.entries) {
      for (const issue of e.issues) {
        const forced = issue.severity === 'error' ? ' (written anyway: --force)' : '';
        if (!values.quiet || issue.severity === 'error') process.stderr.write(`warning: ${catalog}: ${escapeControl(issue.message)}${forced}\n`);
      }
      if (e.kept.length > 0) display.say(`kept the existing entry's ${e.kept.join(', ')} in ${catalog}`);
    }
    const diff = unifiedDiff(preview.before, preview.after, 'models.json');
    if (await mayWrite(catalog, diff, ctx, display, preview.before !== '')) {
      const done = await updateCatalogFile(catalog, entries, { ...options, dryRun: false });
      const one = done.entries.length === 1 ? done.entries[0]! : undefined;
      const backup = done.backup ? ` (backup: ${done.backup})` : '';
      display.say(`${one ? `${one.action} "${escapeControl(one.id)}"` : `${done.entries.length} entries`} in ${catalog}${backup}`);
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
          ...(o.architectures !== undefined && (o.architectures.length === 1 ? { architecture: o.architectures[0] } : { architectures: o.architectures })),
        }))
      : // One model: its architecture; a --tp/--ep sweep: an array, one per combination.
        ok[0]?.architectures !== undefined && ok[0].architectures.length > 1
        ? ok[0].architectures
        : ok[0]?.architectures?.[0];
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
    if (!ctx.values.quiet) for (const o of ok) for (const line of o.summaries ?? []) process.stderr.write(`${line}\n`);
  } else if (!ctx.values['dry-run'] || ctx.values.target === undefined) {
    for (const o of ok) for (const line of o.summaries ?? []) process.stdout.write(`${line}\n`);
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

// What the CLI prints on stderr: progress (one line updated in place on a terminal, one line per phase
// otherwise), retries, warnings once each with a count, and coded error lines.
import type { ProgressEvent } from '../api.js';
import { EXIT_CODES, redactSecrets, type HfmiError } from '../core/errors.js';
import { toCodedError } from '../core/fs_errors.js';
import { escapeControls } from '../hub/printable.js';

/** The exit code of each error code: the core's table (src/policy), never a copy. */
export { EXIT_CODES };

/** Control characters (terminal escapes, newlines, bidi overrides) shown escaped, so a name cannot forge output. */
export const escapeControl = escapeControls;

export interface CodedFailure {
  code: string;
  message: string;
  exitCode: number;
}

/**
 * Any thrown value as a coded line: file-system failures are E_IO (E_LOCKED, E_TOO_LARGE as coded),
 * only real bugs E_INTERNAL; secrets redacted and control characters escaped (the last-resort line too).
 */
export function describeFailure(e: unknown): CodedFailure {
  const err = toCodedError(e);
  const where = err.path ? ` [at ${err.path}]` : '';
  return { code: err.code, message: escapeControls(redactSecrets(`${err.message}${where}`)), exitCode: EXIT_CODES[err.code] ?? 1 };
}

/** Where a warning says which module it concerns: "(used by A/B/c)". Not part of what it says. */
const WHERE = / \(used by ([^)]*)\)/;

/**
 * Each distinct warning once, with how many times it came: the same message about several modules
 * is one line, with the count and the first module.
 */
export function dedupeWarnings(warnings: readonly string[]): string[] {
  const groups = new Map<string, { n: number; first?: string }>();
  for (const w of warnings) {
    const where = WHERE.exec(w)?.[1];
    const key = w.replace(WHERE, '');
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { n: 1, ...(where !== undefined && { first: where }) });
  }
  return [...groups].map(([w, g]) => {
    const where = g.first === undefined ? '' : g.n > 1 ? ` (used by ${g.first} and ${g.n - 1} more)` : ` (used by ${g.first})`;
    return escapeControl(`${w}${where}${g.n > 1 ? ` (x${g.n})` : ''}`);
  });
}

function megabytes(n: number): string {
  return n < 1e6 ? `${(n / 1e3).toFixed(1)} kB` : `${(n / 1e6).toFixed(1)} MB`;
}

interface ModelState {
  phase: ProgressEvent['phase'] | 'start';
  shardsDone: number;
  shards: number;
  files: number;
  bytes: number;
}

/**
 * One progress display for one model or a whole batch. On a terminal: a single status line rewritten
 * in place. Otherwise (a log, CI): one line per model and phase.
 */
export class ProgressDisplay {
  private readonly models = new Map<string, ModelState>();
  private readonly started = Date.now();
  private finished = 0;
  private failed = 0;
  private lineShown = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly opts: { quiet: boolean; tty: boolean; total: number },
  ) {
    if (opts.tty && !opts.quiet) {
      this.timer = setInterval(() => this.render(), 100);
      this.timer.unref();
    }
  }

  private elapsed(): string {
    return `${((Date.now() - this.started) / 1000).toFixed(1)} s`;
  }

  /** Writes a whole line, clearing the status line first (and redrawing it after). */
  say(line: string): void {
    if (this.opts.quiet) return;
    if (this.lineShown) this.stream.write('\r\x1b[K');
    this.stream.write(line + '\n');
    this.lineShown = false;
    if (this.opts.tty) this.render();
  }

  /** Always printed, even with --quiet (errors, the batch summary). */
  sayAlways(line: string): void {
    if (this.lineShown) this.stream.write('\r\x1b[K');
    this.stream.write(line + '\n');
    this.lineShown = false;
  }

  start(model: string): { onProgress: (e: ProgressEvent) => void; onRetry: (delayMs: number, error: HfmiError) => void } {
    const state: ModelState = { phase: 'start', shardsDone: 0, shards: 0, files: 0, bytes: 0 };
    this.models.set(model, state);
    const name = escapeControl(model);
    return {
      onProgress: (e) => {
        const changed = e.phase !== state.phase;
        state.phase = e.phase;
        state.bytes = e.bytes;
        if (e.phase === 'header') {
          state.shardsDone = e.done;
          state.shards = e.total;
        }
        if (e.phase !== 'done' && (e.phase !== 'header' || e.done > 0)) state.files++;
        if (this.opts.quiet || this.opts.tty || !changed) return;
        const what =
          e.phase === 'header' ? `shard headers (${e.total})` : e.phase === 'model-info' ? 'model info' : e.phase === 'config' ? 'config.json' : e.phase;
        this.say(`[${name}] ${what}`);
      },
      onRetry: (delayMs, error) => {
        const why = error.status !== undefined ? `HTTP ${error.status}` : error.code;
        this.say(`[${name}] retrying in ${(delayMs / 1000).toFixed(delayMs < 1000 ? 1 : 0)} s: ${why}`);
      },
    };
  }

  end(model: string, ok: boolean, detail = ''): void {
    const state = this.models.get(model);
    this.models.delete(model);
    this.finished++;
    if (!ok) this.failed++;
    if (!this.opts.tty && ok && state) {
      this.say(`[${escapeControl(model)}] done: ${state.shards} shards, ${megabytes(state.bytes)}${detail}, ${this.elapsed()}`);
    }
  }

  private render(): void {
    if (this.opts.quiet || !this.opts.tty) return;
    let files = 0;
    let bytes = 0;
    let shardsDone = 0;
    let shards = 0;
    for (const s of this.models.values()) {
      files += s.files;
      bytes += s.bytes;
      shardsDone += s.shardsDone;
      shards += s.shards;
    }
    const batch = this.opts.total > 1 ? `models ${this.finished}/${this.opts.total}${this.failed ? ` (${this.failed} failed)` : ''}, ` : '';
    const line = `${batch}files ${files}, ${megabytes(bytes)}, shards ${shardsDone}/${shards}, ${this.elapsed()}`;
    this.stream.write(`\r\x1b[K${line.slice(0, Math.max(20, (this.stream.columns || 100) - 1))}`);
    this.lineShown = true;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.lineShown) this.stream.write('\r\x1b[K');
    this.lineShown = false;
  }
}

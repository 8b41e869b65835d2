// One HTTP exchange with the Hub: timeout, retries with bounded backoff, error mapping, accounting.
// The token goes only into the Authorization header; URLs kept in errors never carry credentials.
import { HfmiError, type ErrorCode } from '../core/errors.js';

export interface HttpOptions {
  token?: string;
  signal?: AbortSignal;
  /** Per attempt, covering headers and body. */
  timeoutMs: number;
  /** Extra attempts after the first, for 429, 5xx, network errors, timeouts and broken bodies. */
  retries: number;
  /** First backoff delay; doubled per retry, with jitter, capped by maxRetryDelayMs. */
  retryBaseDelayMs: number;
  /** Cap for backoff delays and for a server's Retry-After. */
  maxRetryDelayMs: number;
  /** The fetch to use (default: the global fetch), as in @huggingface/hub. */
  fetch?: typeof fetch;
  /** Told before each retry's wait (the CLI prints "retrying in 2 s: HTTP 503"). */
  onRetry?: (delayMs: number, error: HfmiError) => void;
}

/** What a consumer gets: the response plus the means to count bytes and stop the transfer. */
export interface Exchange {
  response: Response;
  url: string;
  /** Counts body bytes read (for stats). */
  count(n: number): void;
  /** Stops the transfer (used after reading the bytes we need from a longer body). */
  stop(): void;
}

export interface RequestSpec {
  url: string;
  /** Inclusive byte range. */
  range?: { start: number; end: number };
  /** Round-trip depth of the request this one depends on (0 for the first round trip). */
  after: number;
  /** Statuses handed to the consumer instead of being turned into errors (e.g. 404 for optional files). */
  passStatuses?: number[];
  /** How to describe a 401/403/404 (the caller knows what the request was for). */
  describe: (status: number, response: Response) => HfmiError;
}

/** A body failure worth retrying (truncated, reset): thrown by consumers. */
export class TransientBodyError extends Error {
  constructor(message: string, readonly code: ErrorCode = 'E_BAD_RESPONSE') {
    super(message);
  }
}

class Retry {
  constructor(readonly error: HfmiError, readonly delayMs?: number) {}
}

/** Strips credentials and query from a URL for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}

const TIMEOUT = Symbol('timeout');
const STOPPED = Symbol('stopped');

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After in ms (seconds or an HTTP date), or undefined. */
function retryAfterMs(response: Response): number | undefined {
  const v = response.headers.get('retry-after');
  if (v === null) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export class HubHttp {
  requests = 0;
  bytesFetched = 0;
  roundTrips = 0;

  constructor(private readonly opts: HttpOptions) {}

  /**
   * Sends the request (retrying as configured) and runs `consume` on the response within the same
   * timeout. Returns the consumer's value and the round-trip depth of the attempt that succeeded.
   */
  async exchange<T>(spec: RequestSpec, consume: (x: Exchange) => Promise<T>): Promise<{ value: T; depth: number }> {
    const where = safeUrl(spec.url);
    let depth = spec.after;
    for (let attempt = 0; ; attempt++) {
      depth++;
      if (depth > this.roundTrips) this.roundTrips = depth;
      const outcome = await this.attempt(spec, where, consume);
      if (!(outcome instanceof Retry)) return { value: outcome.value, depth };
      if (attempt >= this.opts.retries) throw outcome.error;
      const backoff = Math.min(
        this.opts.maxRetryDelayMs,
        this.opts.retryBaseDelayMs * 2 ** attempt * (0.75 + Math.random() / 2),
      );
      const wait = outcome.delayMs !== undefined ? Math.min(this.opts.maxRetryDelayMs, outcome.delayMs) : backoff;
      try {
        this.opts.onRetry?.(wait, outcome.error);
      } catch {
        // a failing callback must not break the fetch
      }
      await sleep(wait, this.opts.signal);
    }
  }

  private async attempt<T>(
    spec: RequestSpec,
    where: string,
    consume: (x: Exchange) => Promise<T>,
  ): Promise<{ value: T } | Retry> {
    const user = this.opts.signal;
    if (user?.aborted) throw user.reason;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMEOUT), this.opts.timeoutMs);
    const onUserAbort = () => controller.abort(user?.reason);
    user?.addEventListener('abort', onUserAbort, { once: true });
    const headers: Record<string, string> = {};
    if (this.opts.token) headers['Authorization'] = `Bearer ${this.opts.token}`;
    // With a Range, fetch itself asks for `Accept-Encoding: identity` (Fetch standard, HTTP-network-or-
    // cache fetch: "If httpRequest's header list contains `Range`, append `Accept-Encoding`/`identity`"),
    // so byte offsets are file offsets; readers still cope with a server that encodes anyway.
    if (spec.range) headers['Range'] = `bytes=${spec.range.start}-${spec.range.end}`;
    this.requests++;
    const why = () => (controller.signal.reason === TIMEOUT ? 'timeout' : user?.aborted ? 'user' : 'other');
    const timeoutError = () =>
      new HfmiError('E_TIMEOUT', `request timed out after ${this.opts.timeoutMs} ms: ${where}`, { url: where });
    let response: Response | undefined;
    try {
      try {
        response = await (this.opts.fetch ?? fetch)(spec.url, { headers, signal: controller.signal, redirect: 'follow' });
      } catch (err) {
        const reason = why();
        if (reason === 'user') throw user?.reason;
        if (reason === 'timeout') return new Retry(timeoutError());
        return new Retry(
          new HfmiError('E_NETWORK', `network error for ${where}: ${describeCause(err)}`, { url: where, cause: err }),
        );
      }
      const status = response.status;
      if (status === 429 || (status >= 500 && status <= 599)) {
        const error = new HfmiError(
          'E_NETWORK',
          `the server answered HTTP ${status}${status === 429 ? ' (rate limited)' : ''} for ${where}, after ${this.opts.retries + 1} attempt(s)`,
          { url: where, status },
        );
        return new Retry(error, retryAfterMs(response));
      }
      if (!response.ok && !(spec.passStatuses ?? []).includes(status)) {
        throw spec.describe(status, response);
      }
      const res = response;
      try {
        const value = await consume({
          response: res,
          url: where,
          count: (n) => {
            this.bytesFetched += n;
          },
          stop: () => controller.abort(STOPPED),
        });
        return { value };
      } catch (err) {
        const reason = why();
        if (reason === 'user') throw user?.reason;
        if (reason === 'timeout') return new Retry(timeoutError());
        if (err instanceof HfmiError) throw err;
        if (err instanceof TransientBodyError) {
          return new Retry(new HfmiError(err.code, `${err.message}: ${where}`, { url: where, status }));
        }
        return new Retry(
          new HfmiError('E_BAD_RESPONSE', `the response body broke off (${describeCause(err)}): ${where}`, {
            url: where,
            status,
            cause: err,
          }),
        );
      }
    } finally {
      clearTimeout(timer);
      user?.removeEventListener('abort', onUserAbort);
      // Anything not read to the end is cancelled so the connection does not keep streaming.
      if (response && !controller.signal.aborted && response.body && !response.bodyUsed) {
        response.body.cancel().catch(() => undefined);
      }
    }
  }
}

function describeCause(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    const inner = cause instanceof Error ? `${cause.name}: ${cause.message}` : '';
    return inner ? `${err.message} (${inner})` : err.message;
  }
  return String(err);
}

/** True when the response carries a content coding (gzip, br, ...): its lengths are not file offsets. */
export function isEncoded(response: Response): boolean {
  const v = (response.headers.get('content-encoding') ?? '').trim().toLowerCase();
  return v !== '' && v !== 'identity';
}

/**
 * Streams a body to `onChunk`, counting bytes, and stops at `maxBytes` (a row of the limits table, named
 * by `limitName`) with E_TOO_LARGE: an endless or oversized body never grows past its cap. A body
 * shorter than its (unencoded) Content-Length is a transient short response. Returns the byte count.
 */
export async function streamBody(
  x: Exchange,
  maxBytes: number,
  what: string,
  limitName: string,
  onChunk: (chunk: Uint8Array) => void,
): Promise<number> {
  const body = x.response.body;
  if (!body) return 0;
  // With a Content-Encoding, Content-Length counts the encoded bytes: only a size hint then.
  const declared = isEncoded(x.response) ? NaN : Number(x.response.headers.get('content-length') ?? NaN);
  const tooLarge = (size?: number) =>
    new HfmiError('E_TOO_LARGE', `${what} is ${size === undefined ? 'over' : `${size} bytes, over`} the ${maxBytes}-byte limit (${limitName}): ${x.url}`, {
      url: x.url,
    });
  if (Number.isFinite(declared) && declared > maxBytes) {
    x.stop();
    throw tooLarge(declared);
  }
  const reader = body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    x.count(value.length);
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      x.stop();
      throw tooLarge();
    }
    onChunk(value);
  }
  if (Number.isFinite(declared) && total < declared) {
    throw new TransientBodyError(`short response: ${what} ended after ${total} of ${declared} bytes`);
  }
  return total;
}

/** Reads a whole body, bounded as streamBody. */
export async function readAll(x: Exchange, maxBytes: number, what: string, limitName = 'limit'): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const total = await streamBody(x, maxBytes, what, limitName, (chunk) => parts.push(chunk));
  return concat(parts, total);
}

export function concat(parts: Uint8Array[], total = parts.reduce((s, p) => s + p.length, 0)): Uint8Array {
  if (parts.length === 1 && parts[0]!.length === total) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p.subarray(0, Math.min(p.length, total - at)), at);
    at += p.length;
    if (at >= total) break;
  }
  return out;
}

/**
 * A body read with the default reader, as views of the response's own chunks: nothing is copied here (a header a
 * chunk holds whole is kept as a view of it), and only the bytes taken are counted as fetched, so the rest of a
 * chunk a reader stops short of is not (a BYOB reader read them into buffers of ours: one copy more per chunk,
 * about a tenth more CPU for the 16 and 163 header bodies of Qwen3-30B-A3B and DeepSeek-V3).
 */
export interface ChunkSource {
  /** The bytes of the current chunk not yet taken (the next chunk when none are left), or null at the end of the body. */
  peek(): Promise<Uint8Array | null>;
  /** Takes the first `n` bytes of what peek() gave (n at most its length) and counts them as fetched: a view. */
  take(n: number): Uint8Array;
  cancel(): Promise<void>;
}

export function chunkSource(body: ReadableStream<Uint8Array>, x: Exchange): ChunkSource {
  const reader = body.getReader();
  let pending: Uint8Array = new Uint8Array(0);
  return {
    async peek() {
      while (pending.length === 0) {
        const { done, value } = await reader.read();
        if (done) return null;
        pending = value;
      }
      return pending;
    },
    take(n) {
      const out = pending.subarray(0, n);
      pending = pending.subarray(out.length);
      x.count(out.length);
      return out;
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

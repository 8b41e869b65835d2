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

/** Pulls at most `max` bytes at a time from a body; BYOB when the platform supports it, so the
 *  client takes exactly the bytes it needs and no chunk overshoot is counted as fetched. */
export interface ByteSource {
  /** Up to `max` bytes, or null at the end of the body. */
  read(max: number): Promise<Uint8Array | null>;
  /**
   * Reads up to `end - start` bytes into `dest[start, end)`, with no buffer of its own (a header is read
   * into one buffer of its exact length, not into a garbage chunk per read: 163 headers at once made tens
   * of MB of short-lived ArrayBuffers per DeepSeek-V3 import). A BYOB read transfers `dest`'s buffer, so
   * the destination comes back as `dest` (the same bytes, a new view); `n` is 0 at the end of the body.
   */
  readInto(dest: Uint8Array, start: number, end: number): Promise<{ dest: Uint8Array; n: number }>;
  cancel(): Promise<void>;
}

export function byteSource(body: ReadableStream<Uint8Array>, x: Exchange): ByteSource {
  let byob: ReadableStreamBYOBReader | undefined;
  try {
    byob = body.getReader({ mode: 'byob' });
  } catch {
    byob = undefined;
  }
  if (byob) {
    const reader = byob;
    return {
      async read(max) {
        for (;;) {
          const { done, value } = await reader.read(new Uint8Array(Math.max(1, Math.min(max, 1 << 20))));
          if (value && value.length > 0) {
            x.count(value.length);
            return value;
          }
          if (done) return null;
        }
      },
      async readInto(dest, start, end) {
        const length = dest.length;
        for (;;) {
          const { done, value } = await reader.read(new Uint8Array(dest.buffer, dest.byteOffset + start, end - start));
          if (value === undefined) return { dest: new Uint8Array(length), n: 0 }; // cancelled: nothing kept
          const back = new Uint8Array(value.buffer, value.byteOffset - start, length);
          if (value.length > 0) {
            x.count(value.length);
            return { dest: back, n: value.length };
          }
          if (done) return { dest: back, n: 0 };
          dest = back;
        }
      },
      cancel: () => reader.cancel().catch(() => undefined),
    };
  }
  const reader = body.getReader();
  let pending: Uint8Array | undefined;
  return {
    async read(max) {
      if (!pending || pending.length === 0) {
        const { done, value } = await reader.read();
        if (done) return null;
        x.count(value.length);
        pending = value;
      }
      const out = pending.subarray(0, Math.min(max, pending.length));
      pending = pending.subarray(out.length);
      return out;
    },
    async readInto(dest, start, end) {
      const chunk = await this.read(end - start);
      if (chunk === null) return { dest, n: 0 };
      dest.set(chunk, start);
      return { dest, n: chunk.length };
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

// One bounded download outside the model's files (e.g. --definitions URL): the hub client's HTTP layer
// (timeout, retries, redaction), and a body cap from the limits table, so an endless body stops at
// its cap with E_TOO_LARGE instead of growing without bound.
import { HfmiError } from '../core/errors.js';
import { HubHttp, readAll, safeUrl } from './http.js';

export interface BoundedFetchOptions {
  /** The cap, a row of the limits table (LIMITS.x), and its name for the message. */
  maxBytes: number;
  limitName: string;
  /** What the body is, for messages ("--definitions"). */
  what: string;
  timeoutMs?: number;
  retries?: number;
  signal?: AbortSignal;
}

export async function fetchBounded(url: string, o: BoundedFetchOptions): Promise<Uint8Array> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HfmiError('E_USAGE', `${o.what}: not a URL: ${JSON.stringify(safeUrl(url))}`, { path: o.what });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HfmiError('E_USAGE', `${o.what}: only http(s) URLs are fetched`, { path: o.what });
  }
  const http = new HubHttp({
    ...(o.signal !== undefined && { signal: o.signal }),
    timeoutMs: o.timeoutMs ?? 30_000,
    retries: o.retries ?? 2,
    retryBaseDelayMs: 500,
    maxRetryDelayMs: 5_000,
  });
  const r = await http.exchange(
    {
      url,
      after: 0,
      describe: (status) =>
        new HfmiError(status === 404 ? 'E_NOT_FOUND' : 'E_BAD_RESPONSE', `${o.what}: ${safeUrl(url)} answered HTTP ${status}`, {
          status,
          url: safeUrl(url),
          path: o.what,
        }),
    },
    (x) => readAll(x, o.maxBytes, o.what, o.limitName),
  );
  return r.value;
}

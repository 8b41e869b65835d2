// An access token is checked once, where it enters (CLI flag or HF_TOKEN, library option, the page's
// field): printable ASCII only. A token with control characters (two pasted lines, a CRLF file) or
// non-ASCII would be refused by the HTTP library with a message that embeds it; here it is refused
// with E_BAD_TOKEN, and the value is never shown. A valid token is registered with the redaction step.
import { HfmiError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';

/** Why `token` cannot be sent, or undefined when it can. Never includes the token. */
export function tokenProblem(token: string): string | undefined {
  if (token.length === 0) return 'the token is empty';
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return `the token has a control character at position ${i + 1} (a pasted line break?)`;
    if (c > 0x7e) return `the token has a non-ASCII character at position ${i + 1}`;
    if (c === 0x20) return `the token has a space at position ${i + 1}`;
  }
  if (token.length > 4096) return 'the token is longer than 4096 characters';
  return undefined;
}

/**
 * The token to send, or undefined for none (an empty string). Anything but printable ASCII, a trailing
 * line break included, is E_BAD_TOKEN: a token is never silently altered. `where` names the source for
 * the message ("--token", "HF_TOKEN", "options.token").
 */
export function validateToken(token: string | undefined, where = 'token'): string | undefined {
  if (token === undefined) return undefined;
  if (typeof token !== 'string') throw new HfmiError('E_BAD_TOKEN', `${where} must be a string`, { path: where });
  if (token === '') return undefined;
  registerSecret(token); // redact even a refused value, wherever it might surface
  const problem = tokenProblem(token);
  if (problem !== undefined) {
    throw new HfmiError('E_BAD_TOKEN', `${where}: ${problem}; the token is not shown: paste it again as one line`, { path: where });
  }
  return token;
}

/** The Hub's own origin: a token may always go there. */
export const HUB_ORIGIN = 'https://huggingface.co';

/**
 * Whether a token may be sent to `endpoint`: only to huggingface.co or to the endpoint the user typed
 * (compared by origin), never to one that came from a link or a redirect. Pure; for the page's form.
 */
export function tokenMayGoTo(endpoint: string, typedByUser?: string): boolean {
  const origin = (u: string | undefined) => {
    if (u === undefined || u.trim() === '') return undefined;
    try {
      const url = new URL(u.trim());
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
    } catch {
      return undefined;
    }
  };
  const target = origin(endpoint);
  if (target === undefined) return false;
  return target === HUB_ORIGIN || target === origin(typedByUser);
}

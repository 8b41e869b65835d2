// The one redaction step every error message passes (HfmiError's constructor, the CLI's last-resort
// line): removes each registered secret (the tokens validated by js/hub/token.ts) and any Authorization
// value, whatever produced the text (an HTTP library's "invalid header value" message, a redirect URL).
const secrets = new Set<string>();

/** Remembers a secret for the redaction step (called once, where the token enters). */
export function registerSecret(secret: string): void {
  if (secret.length >= 4) secrets.add(secret);
  // A value with line breaks may be printed line by line: each long enough part is a secret too.
  // eslint-disable-next-line no-control-regex
  for (const part of secret.split(/[\u0000-\u001f\u007f]+/)) if (part.length >= 4 && part !== secret) secrets.add(part);
}

const AUTH_VALUE = /(authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token)\s+)?[^\s"',;}]+/gi;
const BEARER = /\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const HF_TOKEN = /\bhf_[A-Za-z0-9]{6,}\b/g;

/** `text` without secrets: registered tokens, Authorization header values, Bearer credentials, hf_ tokens. */
export function redactSecrets(text: string): string {
  let out = String(text);
  for (const s of secrets) {
    if (out.includes(s)) out = out.split(s).join('[REDACTED]');
    // A token with control characters can be printed escaped (JSON, inspect): redact that form too.
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s && out.includes(escaped)) out = out.split(escaped).join('[REDACTED]');
  }
  return out
    .replace(AUTH_VALUE, (_m, head: string, scheme: string | undefined) => `${head}${scheme ? `${scheme} ` : ''}[REDACTED]`)
    .replace(BEARER, (_m, word: string) => `${word} [REDACTED]`)
    .replace(HF_TOKEN, '[REDACTED]');
}

// KV-cache bytes for a context length chosen on the page.
// The core reports the bytes one token adds (all layers, and full-attention layers only) and the bytes
// for one context length, with sliding/chunked layers capped at their window. For another length the
// page uses   full × ctx + (per_token − full) × min(ctx, window)   but only when that rule reproduces
// the core's own number at the core's context length; otherwise the page asks the core again.
import type { KvCacheJson } from 'hf-model-import';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** KV bytes (without the constant state) for `context` tokens, by the rule above. */
export function kvBytesByRule(kv: KvCacheJson, slidingWindow: number | undefined, context: number): number {
  const full = num(kv['bytes_per_token_full_attention']) ?? kv.bytes_per_token;
  const windowed = kv.bytes_per_token - full;
  const windowedTokens = windowed > 0 && slidingWindow !== undefined && slidingWindow > 0 ? Math.min(context, slidingWindow) : context;
  return full * context + windowed * windowedTokens;
}

/** True when the rule gives exactly the core's bytes_for_context at the core's context length. */
export function kvRuleHolds(kv: KvCacheJson, slidingWindow: number | undefined): boolean {
  return kvBytesByRule(kv, slidingWindow, kv.context_length) === kv.bytes_for_context;
}

export function kvStateBytes(kv: KvCacheJson): number {
  return num(kv.state_bytes) ?? 0;
}

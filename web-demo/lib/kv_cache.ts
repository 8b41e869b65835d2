// KV-cache bytes for a context length chosen on the page.
// The core reports bytes per token and the bytes for one context length (windowed layers capped at
// their window). When the linear rule (bytes_per_token × context + fixed state) reproduces the core's own
// number, it is exact for any context and is used on the page; otherwise the page asks the core again.
import type { KvCacheJson } from 'hf-model-import';

export function linearKvBytes(kv: KvCacheJson, context: number): number {
  return kv.bytes_per_token * context + (typeof kv.state_bytes === 'number' ? kv.state_bytes : 0);
}

/** True when the linear rule gives the core's bytes_for_context at the core's context length. */
export function kvIsLinear(kv: KvCacheJson): boolean {
  return linearKvBytes(kv, kv.context_length) === kv.bytes_for_context;
}

'use client';
// KV cache per token, and for a context length chosen here. The linear rule is used only when it
// reproduces the core's own number (no window-capped layers); otherwise the core is asked again.
import { useEffect, useState } from 'react';
import type { KvCacheJson } from 'hf-model-import';

import { formatBytes, formatCount } from '../lib/format';
import { kvIsLinear, linearKvBytes } from '../lib/kv_cache';

interface Props {
  kv: KvCacheJson;
  onRecompute: (contextLength: number) => void;
}

export function KvCachePanel({ kv, onRecompute }: Props) {
  const [context, setContext] = useState(String(kv.context_length));
  useEffect(() => setContext(String(kv.context_length)), [kv.context_length]);
  const chosen = /^[1-9]\d{0,9}$/.test(context.trim()) ? Number(context.trim()) : undefined;
  const linear = kvIsLinear(kv);
  const bytes = chosen === undefined ? undefined : chosen === kv.context_length ? kv.bytes_for_context : linear ? linearKvBytes(kv, chosen) : undefined;
  return (
    <section className="card" data-testid="kv-cache">
      <h2>KV cache</h2>
      <table className="kv-table">
        <tbody>
          <tr>
            <th scope="row">per token</th>
            <td data-testid="kv-bytes-per-token" data-value={kv.bytes_per_token}>
              {formatCount(kv.bytes_per_token)} bytes ({formatBytes(kv.bytes_per_token)})
            </td>
          </tr>
          <tr>
            <th scope="row">bytes per element</th>
            <td>{kv.bytes_per_element}</td>
          </tr>
          {typeof kv.state_bytes === 'number' && kv.state_bytes > 0 && (
            <tr>
              <th scope="row">fixed state</th>
              <td>{formatBytes(kv.state_bytes)}</td>
            </tr>
          )}
          <tr>
            <th scope="row">
              <label htmlFor="context-length">context length</label>
            </th>
            <td>
              <input
                id="context-length"
                data-testid="context-length-input"
                inputMode="numeric"
                value={context}
                onChange={(e) => setContext(e.target.value)}
              />{' '}
              tokens
            </td>
          </tr>
          <tr>
            <th scope="row">for that context</th>
            <td data-testid="kv-bytes-for-context" data-value={bytes ?? ''}>
              {chosen === undefined ? (
                'enter a positive integer'
              ) : bytes !== undefined ? (
                `${formatCount(bytes)} bytes (${formatBytes(bytes)})`
              ) : (
                <button type="button" onClick={() => onRecompute(chosen)}>
                  Compute for {formatCount(chosen)} tokens
                </button>
              )}
            </td>
          </tr>
        </tbody>
      </table>
      {!linear && <p className="note">Some layers keep a bounded window, so the cache does not grow linearly; the core computes each context.</p>}
    </section>
  );
}

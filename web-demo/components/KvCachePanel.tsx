'use client';
// KV cache per token, and for a context length chosen here (see lib/kv_cache.ts for when the page
// computes it itself and when it asks the core again).
import { useEffect, useState } from 'react';
import type { KvCacheJson } from 'hf-model-import';

import { formatBytes, formatCount } from '../lib/format';
import { kvBytesByRule, kvRuleHolds, kvStateBytes } from '../lib/kv_cache';

interface Props {
  kv: KvCacheJson;
  slidingWindow: number | undefined;
  onRecompute: (contextLength: number) => void;
}

const bytesText = (n: number) => `${formatCount(n)} bytes (${formatBytes(n)})`;

export function KvCachePanel({ kv, slidingWindow, onRecompute }: Props) {
  const [context, setContext] = useState(String(kv.context_length));
  useEffect(() => {
    setContext(String(kv.context_length));
  }, [kv.context_length]);
  const chosen = /^[1-9]\d{0,9}$/.test(context.trim()) ? Number(context.trim()) : undefined;
  const ruleHolds = kvRuleHolds(kv, slidingWindow);
  const state = kvStateBytes(kv);
  const kvBytes =
    chosen === undefined ? undefined : chosen === kv.context_length ? kv.bytes_for_context : ruleHolds ? kvBytesByRule(kv, slidingWindow, chosen) : undefined;
  const full = typeof kv['bytes_per_token_full_attention'] === 'number' ? (kv['bytes_per_token_full_attention'] as number) : undefined;
  const notes = Array.isArray(kv['notes']) ? (kv['notes'] as unknown[]).filter((n): n is string => typeof n === 'string') : [];
  return (
    <section className="card" data-testid="kv-cache">
      <h2>KV cache</h2>
      <table className="kv-table">
        <tbody>
          <tr>
            <th scope="row">per token</th>
            <td data-testid="kv-bytes-per-token" data-value={kv.bytes_per_token}>
              {bytesText(kv.bytes_per_token)}
            </td>
          </tr>
          {full !== undefined && full !== kv.bytes_per_token && (
            <tr>
              <th scope="row">per token past the window</th>
              <td>{bytesText(full)} (full-attention layers only)</td>
            </tr>
          )}
          <tr>
            <th scope="row">bytes per element</th>
            <td>{kv.bytes_per_element}</td>
          </tr>
          {state > 0 && (
            <tr>
              <th scope="row">constant state</th>
              <td>{bytesText(state)} per sequence</td>
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
            <th scope="row">KV for that context</th>
            <td data-testid="kv-bytes-for-context" data-value={kvBytes ?? ''}>
              {chosen === undefined ? (
                'enter a positive integer'
              ) : kvBytes !== undefined ? (
                bytesText(kvBytes)
              ) : (
                <button type="button" data-testid="kv-recompute" onClick={() => onRecompute(chosen)}>
                  Compute for {formatCount(chosen)} tokens
                </button>
              )}
            </td>
          </tr>
          {kvBytes !== undefined && state > 0 && (
            <tr>
              <th scope="row">with the state</th>
              <td data-testid="kv-total-for-context">{bytesText(kvBytes + state)}</td>
            </tr>
          )}
        </tbody>
      </table>
      {notes.length > 0 && (
        <ul className="notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

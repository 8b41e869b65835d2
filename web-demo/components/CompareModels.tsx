'use client';
// Two of this session's imports side by side: architecture facts, parameters per component and the
// KV cache per token.
import { useState, type ReactNode } from 'react';
import type { FullImportResult } from 'hf-model-import';

import { attentionText } from '../lib/attention_text';
import { formatBytes, formatCount } from '../lib/format';

interface Row {
  key: string;
  label: string;
  /** The number behind the cell (data-value), when there is one. */
  value: (r: FullImportResult) => number | undefined;
  text: (r: FullImportResult) => ReactNode;
}

const num = (label: string, key: string, f: (r: FullImportResult) => number | undefined): Row => ({
  key,
  label,
  value: f,
  text: (r) => {
    const v = f(r);
    return v === undefined ? '—' : formatCount(v);
  },
});

function rows(a: FullImportResult, b: FullImportResult): Row[] {
  const components = [...new Set([...Object.keys(a.architecture.parameters.by_component), ...Object.keys(b.architecture.parameters.by_component)])];
  return [
    { key: 'architecture', label: 'Architecture', value: () => undefined, text: (r) => `${r.architecture.architecture_type} (${r.architecture.model_type})` },
    num('Layers', 'num_layers', (r) => r.architecture.num_layers ?? undefined),
    num('Hidden size', 'hidden_size', (r) => r.architecture.hidden_size ?? undefined),
    num('Vocabulary', 'vocab_size', (r) => r.architecture.vocab_size ?? undefined),
    { key: 'attention', label: 'Attention', value: () => undefined, text: (r) => attentionText(r.architecture) },
    {
      key: 'mlp',
      label: 'MLP',
      value: () => undefined,
      text: (r) =>
        r.architecture.mlp.type === 'moe'
          ? `MoE: ${r.architecture.mlp.num_experts ?? '?'} experts, ${r.architecture.mlp.experts_per_token ?? '?'} per token`
          : `dense, intermediate ${formatCount(r.architecture.mlp.intermediate_size)}`,
    },
    num('Parameters', 'total', (r) => r.architecture.parameters.total ?? undefined),
    num('Active per token', 'active', (r) => r.architecture.parameters.active ?? undefined),
    ...components.map((c) => num(`  ${c}`, `component:${c}`, (r) => r.architecture.parameters.by_component[c])),
    {
      key: 'kv_bytes_per_token',
      label: 'KV cache per token',
      value: (r) => r.architecture.kv_cache?.bytes_per_token,
      text: (r) => (r.architecture.kv_cache ? `${formatCount(r.architecture.kv_cache.bytes_per_token)} B (${formatBytes(r.architecture.kv_cache.bytes_per_token)})` : '—'),
    },
  ];
}

export function CompareModels({ results }: { results: FullImportResult[] }) {
  const [left, setLeft] = useState(0);
  const [right, setRight] = useState(1);
  if (results.length < 2) return null;
  const a = results[Math.min(left, results.length - 1)]!;
  const b = results[Math.min(right, results.length - 1)]!;
  const picker = (value: number, set: (n: number) => void, testId: string) => (
    <select data-testid={testId} value={value} onChange={(e) => set(Number(e.target.value))}>
      {results.map((r, i) => (
        <option key={`${r.modelId}-${i}`} value={i}>
          {r.modelId}
        </option>
      ))}
    </select>
  );
  return (
    <section className="card" data-testid="compare">
      <h2>Compare two models</h2>
      <div className="actions">
        {picker(left, setLeft, 'compare-a')}
        <span>vs</span>
        {picker(right, setRight, 'compare-b')}
      </div>
      <div className="table-scroll">
        <table className="data-table" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">{a.modelId}</th>
              <th scope="col">{b.modelId}</th>
            </tr>
          </thead>
          <tbody>
            {rows(a, b).map((row) => (
              <tr key={row.key} data-row={row.key}>
                <th scope="row">{row.label}</th>
                {[a, b].map((r, i) => (
                  <td key={i} className="num" data-side={i === 0 ? 'a' : 'b'} data-value={row.value(r) ?? ''}>
                    {row.text(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// The architecture at a glance: what the model is, its size, and where the numbers came from.
import type { ReactNode } from 'react';
import type { FullImportResult } from 'hf-model-import';

import { attentionText } from '../lib/attention_text';
import { formatBytes, formatCount, formatShortCount } from '../lib/format';
import type { LocalSelection } from '../lib/local_files';

interface Props {
  result: FullImportResult;
  local: LocalSelection | undefined;
}

export function ArchitectureSummary({ result, local }: Props) {
  const a = result.architecture;
  const p = a.parameters;
  const mlp = a.mlp;
  const rows: [string, ReactNode, string?][] = [
    ['Model', result.modelId, 'model-id'],
    ['Revision', result.sha ? `${result.revision} (${result.sha.slice(0, 12)})` : result.revision],
    ['Architecture', `${a.architecture_type} (${a.model_type})`, 'architecture-type'],
    ['Layers', <span key="l" data-testid="num-layers" data-value={a.num_layers ?? undefined}>{a.num_layers ?? 'unknown'}</span>],
    ['Hidden size', formatCount(a.hidden_size)],
    ['Vocabulary', formatCount(a.vocab_size)],
    [
      'Attention',
      attentionText(a),
      'attention',
    ],
    [
      'MLP',
      mlp.type === 'moe'
        ? `MoE: ${mlp.num_experts ?? '?'} experts, ${mlp.experts_per_token ?? '?'} per token, ${mlp.num_shared_experts ?? 0} shared` +
          (mlp.dense_layers !== undefined ? `; ${mlp.dense_layers} dense + ${mlp.moe_layers ?? '?'} MoE layers` : '')
        : `dense, intermediate ${formatCount(mlp.intermediate_size)}, ${mlp.activation}`,
      'mlp',
    ],
    ['Normalization', `${a.normalization.type} (ε ${a.normalization.epsilon})`],
    [
      'Parameters',
      p.total === null ? (
        <span key="p" data-testid="total-params">
          unknown: the config lacks a field the count needs (see the config issues)
        </span>
      ) : (
        <span key="p">
          <strong data-testid="total-params" data-value={p.total}>
            {formatCount(p.total)}
          </strong>{' '}
          ({formatShortCount(p.total)}, from {p.source === 'safetensors' ? 'safetensors headers' : p.source === 'gguf' ? 'GGUF tensor infos' : 'config only'})
        </span>
      ),
    ],
  ];
  if (p.active !== null && p.active !== p.total) {
    rows.push([
      'Active per token',
      <span key="a" data-testid="active-params" data-value={p.active}>
        {formatCount(p.active)} ({formatShortCount(p.active)})
      </span>,
    ]);
  }
  if (p.reconciliation) {
    const r = p.reconciliation;
    rows.push([
      'Config estimate',
      `${formatCount(r.config_total)}: ${r.agree ? 'agrees within 1%' : `differs by ${(100 * r.relative_diff).toFixed(2)}%`}` +
        (r.reasons.length ? ` (${r.reasons.join('; ')})` : ''),
      'reconciliation',
    ]);
  }
  if (a.special_features.length) rows.push(['Features', a.special_features.join(', ')]);
  if (result.shardSource !== 'local') {
    rows.push([
      'Fetched',
      `${result.stats.requests} requests, ${formatBytes(result.stats.bytesFetched)}, ${result.stats.roundTrips} round trips (shards from ${result.shardSource})`,
      'fetch-stats',
    ]);
  } else {
    rows.push(['Source', `local files (${local?.files.shards?.length ?? 0} safetensors headers), no network`, 'fetch-stats']);
  }
  if (local?.index) {
    rows.push([
      'Index',
      `${local.index.fileName}: ${local.index.shards.length} shards` +
        (local.index.totalSize !== undefined ? `, metadata.total_size ${formatCount(local.index.totalSize)} bytes` : '') +
        (local.missingShards.length ? `; ${local.missingShards.length} shard header(s) not given` : ''),
    ]);
  }
  return (
    <section className="card summary" data-testid="summary">
      <h2>Architecture summary</h2>
      <table className="kv-table">
        <tbody>
          {rows.map(([k, v, id]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td {...(id && { 'data-testid': id })}>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

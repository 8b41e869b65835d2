// Weight memory: per stored dtype (parameters and bytes in the files), and the weights' bytes at
// standard precisions, from model_architecture.json's parameters.by_dtype and memory.
import type { ArchitectureJson } from 'hf-model-import';

import { formatBytes, formatCount } from '../lib/format';

/** memory's keys for the weights at a standard precision, in display order. */
const PRECISIONS: [key: string, label: string][] = [
  ['weight_bytes_stored', 'as stored (all tensors)'],
  ['fp32_bytes', 'fp32'],
  ['bf16_bytes', 'bf16 / fp16'],
  ['fp8_bytes', 'fp8'],
  ['int4_bytes', 'int4'],
];

const numberRecord = (v: unknown): Record<string, number> =>
  v && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'))
    : {};

export function MemoryTable({ architecture }: { architecture: ArchitectureJson }) {
  const memory = (architecture.memory ?? {}) as Record<string, unknown>;
  const params = numberRecord(architecture.parameters.by_dtype);
  const stored = numberRecord(memory['stored_bytes_by_dtype']);
  const dtypes = [...new Set([...Object.keys(params), ...Object.keys(stored)])].sort();
  const precisions = PRECISIONS.filter(([k]) => typeof memory[k] === 'number');
  const largest = memory['largest_layer'] as { by_params?: number; params?: number; by_bytes?: number; bytes?: number } | undefined;
  const p = architecture.parameters as unknown as Record<string, unknown>;
  const aux = (typeof p['quantization_aux_elements'] === 'number' ? p['quantization_aux_elements'] : 0) + (typeof p['buffers'] === 'number' ? p['buffers'] : 0);
  const notes = Array.isArray(memory['notes']) ? (memory['notes'] as unknown[]).filter((n): n is string => typeof n === 'string') : [];
  return (
    <section className="card" data-testid="memory-table">
      <h2>Memory</h2>
      {dtypes.length === 0 ? (
        <p className="note">No safetensors headers: parameters come from the config, with no stored dtypes.</p>
      ) : (
        <table className="data-table" data-testid="memory-by-dtype">
          <caption>Per stored dtype</caption>
          <thead>
            <tr>
              <th scope="col">dtype</th>
              <th scope="col" className="num">
                bytes of all its tensors
              </th>
              <th scope="col" className="num">
                of which parameters (count)
              </th>
            </tr>
          </thead>
          <tbody>
            {dtypes.map((dtype) => (
              <tr key={dtype} data-dtype={dtype} data-params={params[dtype] ?? 0} data-bytes={stored[dtype] ?? ''}>
                <td>{dtype}</td>
                <td className="num">{stored[dtype] !== undefined ? formatBytes(stored[dtype]) : '—'}</td>
                <td className="num">{params[dtype] !== undefined ? formatCount(params[dtype]) : 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dtypes.length > 0 && aux > 0 && (
        <p className="note" data-testid="memory-aux-note">
          The bytes count every stored tensor of a dtype. Besides parameters they include {formatCount(aux)} elements that are not
          parameters (quantization scales and buffers), so a row&apos;s bytes can be far more than its parameter count implies.
        </p>
      )}
      {precisions.length > 0 && (
        <table className="data-table" data-testid="memory-by-precision">
          <caption>Weights at a precision</caption>
          <thead>
            <tr>
              <th scope="col">precision</th>
              <th scope="col" className="num">
                bytes
              </th>
              <th scope="col" className="num">
                size
              </th>
            </tr>
          </thead>
          <tbody>
            {precisions.map(([k, label]) => (
              <tr key={k} data-precision={k} data-bytes={memory[k] as number}>
                <td>{label}</td>
                <td className="num">{formatCount(memory[k] as number)}</td>
                <td className="num">{formatBytes(memory[k] as number)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {largest && typeof largest.by_params === 'number' && largest.by_params >= 0 && (
        <p className="note">
          Largest decoder layer: #{largest.by_params} with {formatCount(largest.params ?? 0)} parameters
          {typeof largest.by_bytes === 'number' && largest.by_bytes >= 0 && largest.bytes
            ? `; by stored bytes #${largest.by_bytes} (${formatBytes(largest.bytes)})`
            : ''}
          .
        </p>
      )}
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

// Weight memory: the parameters per stored dtype, and the bytes the weights take per precision.
import type { ArchitectureJson } from 'hf-model-import';

import { formatBytes, formatCount } from '../lib/format';

/** "as_stored" -> "as stored". */
const label = (k: string) => k.replace(/_/g, ' ');

function describe(v: unknown): string {
  if (typeof v === 'number') return formatCount(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

export function MemoryTable({ architecture }: { architecture: ArchitectureJson }) {
  const byDtype = Object.entries(architecture.parameters.by_dtype).filter(([, v]) => typeof v === 'number');
  const memory = Object.entries(architecture.memory ?? {});
  const bytesRows = memory.filter(([, v]) => typeof v === 'number') as [string, number][];
  const otherRows = memory.filter(([, v]) => typeof v !== 'number');
  return (
    <section className="card" data-testid="memory-table">
      <h2>Memory</h2>
      <table className="data-table">
        <caption>Parameters per stored dtype</caption>
        <thead>
          <tr>
            <th scope="col">dtype</th>
            <th scope="col" className="num">
              parameters
            </th>
          </tr>
        </thead>
        <tbody>
          {byDtype.map(([dtype, n]) => (
            <tr key={dtype} data-dtype={dtype}>
              <td>{dtype}</td>
              <td className="num">{formatCount(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {bytesRows.length > 0 && (
        <table className="data-table" data-testid="memory-bytes">
          <caption>Weight bytes per precision</caption>
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
            {bytesRows.map(([k, v]) => (
              <tr key={k} data-precision={k}>
                <td>{label(k)}</td>
                <td className="num">{formatCount(v)}</td>
                <td className="num">{formatBytes(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {otherRows.length > 0 && (
        <ul className="notes">
          {otherRows.map(([k, v]) => (
            <li key={k}>
              {label(k)}: {describe(v)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

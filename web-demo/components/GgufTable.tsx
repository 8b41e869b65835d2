// The GGUF quantization table: one row per quantization file of the repo (split parts grouped), sorted by
// size, with its parts, quantization (and the real mix of ggml types), bits per weight, parameters, the
// memory to load it, and whether that fits the GPU memory entered in the form.
import type { GgufFileJson } from 'hf-model-import';

import { formatBytes, formatCount, formatShortCount } from '../lib/format';
import { fitsText, formatBitsPerWeight, ggufSize, typeMix } from '../lib/gguf_rows';

interface Props {
  rows: GgufFileJson[];
  /** The GPU memory the rows were checked against, as the user typed it ("" when none). */
  gpuMemory: string;
}

export function GgufTable({ rows, gpuMemory }: Props) {
  if (rows.length === 0) return null;
  const context = rows[0]!.context_length;
  const fitsHeader = gpuMemory.trim() !== '' ? `fits ${gpuMemory.trim()}` : 'fits';
  return (
    <section className="card" data-testid="gguf-table">
      <h2>GGUF quantizations</h2>
      <p className="note">
        {rows.length} file{rows.length === 1 ? '' : 's'}, smallest first. Memory is the tensor data plus the KV cache
        {' '}for {formatCount(context)} tokens.{' '}
        {gpuMemory.trim() === '' ? 'Enter a GPU memory in the form (such as 24GiB) to see which fit.' : `Fits: at most ${gpuMemory.trim()}.`}
      </p>
      <div className="table-scroll">
        <table className="data-table gguf">
          <thead>
            <tr>
              <th scope="col">file</th>
              <th scope="col" className="num">
                parts
              </th>
              <th scope="col">quantization</th>
              <th scope="col" className="num">
                size
              </th>
              <th scope="col" className="num">
                bits / weight
              </th>
              <th scope="col" className="num">
                parameters
              </th>
              <th scope="col" className="num">
                memory
              </th>
              <th scope="col">{fitsHeader}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const mix = typeMix(r);
              return (
                <tr
                  key={r.file}
                  data-file={r.file}
                  data-parts={r.parts}
                  data-quantization={r.quantization}
                  data-size={ggufSize(r)}
                  data-tensor-bytes={r.tensor_bytes}
                  data-bits={r.bits_per_weight}
                  data-params={r.parameters}
                  data-memory={r.memory_bytes}
                  data-fits={r.fits_gpu === null ? '' : String(r.fits_gpu)}
                >
                  <td className="gguf-file" data-label="file">{r.file}</td>
                  <td className="num" data-label="parts">
                    {r.parts}
                  </td>
                  <td data-label="quantization">
                    <span>
                      {r.quantization || '—'}
                      {mix !== '' && <span className="type-mix">{mix}</span>}
                    </span>
                  </td>
                  <td className="num" data-label="size" title={`${formatCount(ggufSize(r))} bytes`}>
                    {formatBytes(ggufSize(r))}
                  </td>
                  <td className="num" data-label="bits / weight">
                    {formatBitsPerWeight(r.bits_per_weight)}
                  </td>
                  <td className="num" data-label="parameters" title={formatCount(r.parameters)}>
                    {formatShortCount(r.parameters)}
                  </td>
                  <td className="num" data-label="memory" title={`${formatCount(r.memory_bytes)} bytes`}>
                    {formatBytes(r.memory_bytes)}
                  </td>
                  <td className={r.fits_gpu === null ? '' : r.fits_gpu ? 'ok' : 'bad'} data-label={fitsHeader}>{fitsText(r.fits_gpu)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

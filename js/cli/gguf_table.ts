// The terminal table of a GGUF import: one line per quantization file (size, bits per weight, parameters,
// memory at the context length, and whether it fits --gpu-memory).
import type { ImportResult } from '../api.js';
import { escapeControl } from './terminal_output.js';

const GB = 1e9;

/** The table's lines (none for an import without GGUF files). */
export function ggufTable(r: ImportResult, gpuMemory?: number): string[] {
  const rows = r.gguf ?? [];
  if (rows.length === 0) return [];
  const ctx = rows[0]!.context_length;
  const head = ['file', 'quant', 'size GB', 'bpw', 'parameters', `memory GB @${ctx}`, ...(gpuMemory !== undefined ? [`fits ${(gpuMemory / 2 ** 30).toFixed(1)} GiB`] : [])];
  const body = rows.map((g) => [
    escapeControl(g.file + (g.parts > 1 ? ` (${g.parts} parts)` : '')),
    escapeControl(g.quantization),
    (g.file_bytes / GB).toFixed(2),
    g.bits_per_weight.toFixed(2),
    g.parameters.toLocaleString('en-US'),
    (g.memory_bytes / GB).toFixed(2),
    ...(gpuMemory !== undefined ? [g.fits_gpu === true ? 'yes' : g.fits_gpu === false ? 'no' : '?'] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [`${escapeControl(r.modelId)}: ${rows.length} GGUF file(s)`, line(head), ...body.map(line)];
}

// The GGUF quantization table's rows: one per quantization file of the import (`result.gguf`, split parts
// already grouped by the package), checked on the way in and sorted by size, smallest first. Pure
// functions (no React, no package import) so a Node test can run them.

/** One ggml type's share of a file (model_architecture.json's gguf[].by_type values). */
export interface GgufTypeShare {
  tensors?: number;
  parameters?: number;
  bytes?: number;
  bits_per_weight?: number;
}

/** One quantization file, as the package reports it (`result.gguf[]`). */
export interface GgufFileRow {
  file: string;
  parts: number;
  quantization: string;
  bits_per_weight: number;
  tensor_bytes: number;
  parameters: number;
  by_type: Record<string, GgufTypeShare>;
  /** Memory to load the file: its tensor data plus the KV cache for `context_length` tokens. */
  memory_bytes: number;
  /** Whether memory_bytes fits the GPU memory asked for; null (or absent) when none was given. */
  fits_gpu: boolean | null;
  /** The file's size on the hub (every part), when known. */
  file_bytes?: number;
  context_length?: number;
  kv_cache_bytes?: number;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function rowOf(v: unknown): GgufFileRow | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Record<string, unknown>;
  if (typeof r['file'] !== 'string' || !isCount(r['tensor_bytes']) || !isCount(r['parameters'])) return undefined;
  const byType = r['by_type'] && typeof r['by_type'] === 'object' ? (r['by_type'] as Record<string, GgufTypeShare>) : {};
  const fits = r['fits_gpu'];
  return {
    file: r['file'],
    parts: isCount(r['parts']) && r['parts'] >= 1 ? r['parts'] : 1,
    quantization: typeof r['quantization'] === 'string' ? r['quantization'] : '',
    bits_per_weight: isCount(r['bits_per_weight']) ? r['bits_per_weight'] : Number.NaN,
    tensor_bytes: r['tensor_bytes'],
    parameters: r['parameters'],
    by_type: byType,
    memory_bytes: isCount(r['memory_bytes']) ? r['memory_bytes'] : Number.NaN,
    fits_gpu: typeof fits === 'boolean' ? fits : null,
    ...(isCount(r['file_bytes']) && { file_bytes: r['file_bytes'] }),
    ...(isCount(r['context_length']) && { context_length: r['context_length'] }),
    ...(isCount(r['kv_cache_bytes']) && { kv_cache_bytes: r['kv_cache_bytes'] }),
  };
}

/** A row's size: the file on the hub (all its parts) when known, else its tensor data. */
export const ggufSize = (r: GgufFileRow): number => r.file_bytes ?? r.tensor_bytes;

/** The rows of `result.gguf` (absent or not an array: none), sorted by size, then by file name. */
export function ggufRows(gguf: unknown): GgufFileRow[] {
  if (!Array.isArray(gguf)) return [];
  return gguf
    .map(rowOf)
    .filter((r): r is GgufFileRow => r !== undefined)
    .sort((a, b) => ggufSize(a) - ggufSize(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Bits per weight with two decimals ("4.89"), or "—" when unknown. */
export function formatBitsPerWeight(bits: number): string {
  return Number.isFinite(bits) ? bits.toFixed(2) : '—';
}

/** "yes" / "no", or "—" when no GPU memory was given. */
export function fitsText(fits: boolean | null): string {
  return fits === null ? '—' : fits ? 'yes' : 'no';
}

/** The real mix of ggml types in a file, by share of its tensor bytes, largest first ("Q4_K 62%, Q6_K 23%, …"). */
export function typeMix(r: GgufFileRow, limit = 3): string {
  const shares = Object.entries(r.by_type)
    .filter(([, s]) => isCount(s.bytes) && s.bytes > 0)
    .sort((a, b) => (b[1].bytes ?? 0) - (a[1].bytes ?? 0));
  const total = shares.reduce((n, [, s]) => n + (s.bytes ?? 0), 0);
  if (total === 0) return '';
  const shown = shares.slice(0, limit).map(([t, s]) => `${t} ${Math.round((100 * (s.bytes ?? 0)) / total)}%`);
  return shares.length > limit ? `${shown.join(', ')}, …` : shown.join(', ');
}

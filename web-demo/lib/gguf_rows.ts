// The GGUF quantization table's rows: one per quantization file of the import (the package's
// `result.gguf`, split parts already grouped), sorted by size on the hub, smallest first.
import type { GgufFileJson } from 'hf-model-import';

/** A row's size: the whole file on the hub (every part: header, padding and data). */
export const ggufSize = (r: GgufFileJson): number => r.file_bytes;

/** The rows of `result.gguf` (absent for a non-GGUF import: none), sorted by size, then by file name. */
export function ggufRows(gguf: readonly GgufFileJson[] | undefined): GgufFileJson[] {
  return [...(gguf ?? [])].sort((a, b) => ggufSize(a) - ggufSize(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Bits per weight with two decimals ("4.89"). */
export function formatBitsPerWeight(bits: number): string {
  return Number.isFinite(bits) ? bits.toFixed(2) : '—';
}

/** "yes" / "no", or "—" when no GPU memory was given. */
export function fitsText(fits: boolean | null): string {
  return fits === null ? '—' : fits ? 'yes' : 'no';
}

/** The real mix of ggml types in a file, by share of its tensor bytes, largest first ("Q4_K 74%, Q6_K 26%"). */
export function typeMix(r: GgufFileJson, limit = 3): string {
  const shares = Object.entries(r.by_type)
    .filter(([, s]) => s.bytes > 0)
    .sort((a, b) => b[1].bytes - a[1].bytes);
  const total = shares.reduce((n, [, s]) => n + s.bytes, 0);
  if (total === 0) return '';
  // Types under half a percent of the bytes (norms in F32, ...) are left out.
  const shown = shares.map(([t, s]) => [t, Math.round((100 * s.bytes) / total)] as const).filter(([, pct]) => pct > 0);
  const text = shown.slice(0, limit).map(([t, pct]) => `${t} ${pct}%`);
  return shown.length > limit ? `${text.join(', ')}, …` : text.join(', ');
}

// Byte sizes as users write them ("24GiB", "80 GB"): the GPU memory option of a GGUF analysis and the CLI's --gpu-memory.
import { HfmiError } from './errors.js';

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** "24GiB", "80 GB", "24G" (binary), or a number of bytes -> bytes; E_USAGE otherwise. */
export function parseByteSize(value: number | string, name = 'gpuMemory'): number {
  const m = typeof value === 'number' ? null : /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  const unit = m ? BYTE_UNITS[m[2]!.toLowerCase()] : undefined;
  const bytes = typeof value === 'number' ? value : m && unit !== undefined ? Math.round(Number(m[1]) * unit) : Number.NaN;
  if (!Number.isFinite(bytes) || bytes <= 0 || bytes > 2 ** 53) {
    throw new HfmiError('E_USAGE', `${name} must be a size such as 24GiB, 80GB or a number of bytes, got ${JSON.stringify(value)}`, { path: name });
  }
  return bytes;
}

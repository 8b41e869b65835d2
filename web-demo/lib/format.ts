// Number formatting for the page: exact counts with separators, and short human forms.

/** A count the core may leave null (neither the config nor the family gives it) shows as "unknown". */
export function formatCount(n: number | null): string {
  return n === null ? 'unknown' : n.toLocaleString('en-US');
}

/** 8030261248 -> "8.03B", 1234567 -> "1.23M". */
export function formatShortCount(n: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (Math.abs(n) >= size) return `${(n / size).toFixed(2)}${suffix}`;
  }
  return String(n);
}

/** Binary units: 16060522496 -> "14.96 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(2)} ${units[i]}`;
}

export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  return `${((100 * part) / whole).toFixed(1)}%`;
}

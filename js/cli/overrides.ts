// --params B and --context N: what goes into the catalogue entry and the perf config, with the
// computed value kept beside the override in the report (model_addition_summary.md).
import type { FullImportResult } from '../api.js';

export interface Overrides {
  /** Parameters in billions. */
  paramsBillions?: number;
  contextLength?: number;
}

export interface OverrideRow {
  field: string;
  override: number;
  /** Null when the core could not count it (a config missing a size, no headers). */
  computed: number | null;
}

function formatParams(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(2)}B` : `${(n / 1e6).toFixed(2)}M`;
}

/** Applies the overrides to `result` in place and returns the rows the report shows. */
export function applyOverrides(result: FullImportResult, o: Overrides): OverrideRow[] {
  const rows: OverrideRow[] = [];
  if (o.paramsBillions !== undefined) {
    const computed = result.architecture.parameters.total;
    rows.push({ field: 'parameters', override: Math.round(o.paramsBillions * 1e9), computed });
    result.catalogEntry = { ...result.catalogEntry, parameters_billions: o.paramsBillions };
    result.perfModelConfig = {
      ...result.perfModelConfig,
      total_params: Math.round(o.paramsBillions * 1e9),
      total_params_formatted: formatParams(o.paramsBillions * 1e9),
    };
  }
  if (o.contextLength !== undefined) {
    const computed = Number(result.catalogEntry['default_context_length'] ?? 0);
    rows.push({ field: 'context length', override: o.contextLength, computed });
    result.catalogEntry = { ...result.catalogEntry, default_context_length: o.contextLength };
  }
  if (rows.length > 0) {
    const table = [
      '',
      '## Overrides',
      '',
      'Given on the command line; used in the catalogue entry and the perf config.',
      '',
      '| Field | Override | Computed |',
      '|---|---:|---:|',
      ...rows.map((r) => `| ${r.field} | ${r.override.toLocaleString('en-US')} | ${r.computed === null ? 'unknown' : r.computed.toLocaleString('en-US')} |`),
      '',
    ].join('\n');
    result.outputs = { ...result.outputs, 'model_addition_summary.md': result.outputs['model_addition_summary.md'] + table };
  }
  return rows;
}

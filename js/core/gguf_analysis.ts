// The GGUF half of an analysis (js/core/core_api.ts makeHandle): the rows of a repo read from GGUF, one per
// quantization file, and the result they complete. Imported statically: as a chunk of its own (import() only for a
// handle with GGUF headers) it saved 810 bytes gzip of a safetensors import's JS but cost a shared chunk of 1,051
// (core_session and byte_size), 321 more in all.
import { parseByteSize } from './byte_size.js';
import type { AnalysisOptions, FullImportResult, ImportResult } from './api_types.js';
import type { HandleBytes, LiveSession } from './core_api.js';
import { unwrap } from './core_session.js';
import type { GgufFileJson, RawCoreModule } from './core_types.js';
import { HfmiError } from './errors.js';

const textDecoder = new TextDecoder();

/** The GGUF analysis of a handle's headers: one row per file, the HF-style config the metadata imply, notes. */
export function analyzeGgufFiles(
  core: RawCoreModule,
  live: LiveSession,
  bytes: HandleBytes,
  options: AnalysisOptions,
): { rows: GgufFileJson[]; config: unknown; files: string[]; warnings: string[] } {
  if (!core.GgufRepo) throw new HfmiError('E_INTERNAL', 'this core was built without GGUF support');
  if (!live.gguf) {
    const repo = new core.GgufRepo();
    try {
      for (const f of bytes.gguf ?? []) unwrap(repo.addPart(f.name, f.headerBytes, f.fileSize));
    } catch (e) {
      repo.delete();
      throw e;
    }
    live.gguf = repo;
  }
  const r = unwrap<{
    gguf: (Omit<GgufFileJson, 'fits_gpu'> & { fits_gpu?: boolean })[];
    architecture: { config?: unknown; files?: string[]; notes?: string[]; reconciliation?: string[] } | null;
    notes: string[];
  }>(
    live.gguf.analyze(
      JSON.stringify({
        ...(options.contextLength !== undefined && { context_length: options.contextLength }),
        ...(options.gpuMemory !== undefined && { gpu_memory_bytes: parseByteSize(options.gpuMemory) }),
        ...(bytes.configBytes.length > 0 && { config_json: textDecoder.decode(bytes.configBytes) }),
      }),
    ),
  );
  if (r.gguf.length === 0 || !r.architecture) {
    throw new HfmiError('E_BAD_HEADER', `no complete GGUF file among ${bytes.gguf?.length ?? 0} header(s)${r.notes.length > 0 ? ': ' + r.notes.join('; ') : ''}`);
  }
  const warnings = [
    ...r.notes,
    ...(r.architecture.notes ?? []),
    ...(r.architecture.reconciliation ?? []).map((x) => `GGUF metadata and config.json disagree: ${x}`),
  ];
  return {
    rows: r.gguf.map((row) => ({ ...row, fits_gpu: row.fits_gpu ?? null })),
    config: r.architecture.config,
    files: r.architecture.files ?? [],
    warnings,
  };
}

/** A result with the GGUF rows: in `gguf`, model_architecture.json and the catalogue entry (one entry, a quantizations list). */
export function withGguf(result: ImportResult | FullImportResult, g: { rows: GgufFileJson[]; warnings: string[] }): ImportResult | FullImportResult {
  const architecture = { ...result.architecture, gguf: g.rows };
  const merged = { ...result, gguf: g.rows, architecture, warnings: [...result.warnings, ...g.warnings] };
  if (!('outputs' in result)) return merged;
  // The result is this analysis's own: its outputs are updated in place, so the lazy files stay lazy.
  const outputs = result.outputs;
  outputs['model_architecture.json'] = JSON.stringify(architecture, null, 2) + '\n';
  return {
    ...merged,
    outputs,
    catalogEntry: {
      ...result.catalogEntry,
      quantizations: g.rows.map((r) => ({ quantization: r.quantization, file: r.file, bits_per_weight: r.bits_per_weight, file_bytes: r.file_bytes })),
    },
  };
}

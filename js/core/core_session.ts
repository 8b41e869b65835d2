// A typed wrapper over the raw embind session: JSON envelopes in, values or HfmiError out.
import { HfmiError, type ErrorCode } from './errors.js';
import { LIMITS } from './generated/limits.js';
import type {
  AnalysisJson,
  AnalyzeOptionsJson,
  Envelope,
  IndexSummaryJson,
  RawCoreModule,
  RawSession,
  ToolOutputsJson,
} from './core_types.js';

/** Parses a core JSON envelope; throws the core's coded error as an HfmiError. */
const utf8 = new TextDecoder();

/**
 * The text of a core output: a string, or a view of the core's memory (large outputs: analyze, tensorsCsv),
 * decoded at once, before any other call into the core can move or reuse that memory.
 */
export function coreText(out: string | Uint8Array): string {
  return typeof out === 'string' ? out : utf8.decode(out);
}

/**
 * Text the core wrote, kept as bytes and decoded on first use: the view is copied out of the core's memory at
 * once (a memcpy; the view is invalid after the next call into the core), the decoding (milliseconds for a large
 * MoE's tensors.csv) waits until a caller reads the text.
 */
export function deferredText(out: string | Uint8Array): () => string {
  if (typeof out === 'string') return () => out;
  const bytes = out.slice();
  let text: string | undefined;
  return () => (text ??= utf8.decode(bytes));
}

export function unwrap<T>(envelope: string | Uint8Array): T {
  let parsed: Envelope<T>;
  try {
    parsed = JSON.parse(coreText(envelope)) as Envelope<T>;
  } catch {
    throw new HfmiError('E_INTERNAL', 'the core returned text that is not JSON');
  }
  if (!parsed.ok) {
    const e = parsed.error;
    throw new HfmiError(e.code as ErrorCode, e.message, e.path ? { path: e.path } : {});
  }
  return parsed as unknown as T;
}

export class CoreSession {
  private readonly raw: RawSession;
  /** Tensors decoded so far, across shards (bounded by the limits table's tensorsPerModel). */
  private tensorCount = 0;

  constructor(readonly core: RawCoreModule) {
    this.raw = new core.Session();
  }

  setConfig(bytes: Uint8Array): void {
    unwrap(this.raw.setConfig(bytes));
  }

  setDefinitionsCatalog(bytes: Uint8Array): void {
    unwrap(this.raw.setDefinitionsCatalog(bytes));
  }

  /** A sink for the streaming index parser (plugged into the hub client's index fallback). */
  indexSink(): { feed(chunk: Uint8Array): void; finish(): { shards: string[] } } {
    return {
      feed: (chunk) => {
        unwrap(this.raw.indexFeed(chunk));
      },
      finish: () => unwrap<IndexSummaryJson>(this.raw.indexFinish()),
    };
  }

  /** The header bytes config.json implies for the whole model; throws the core's E_BAD_CONFIG when it is refused. */
  estimateHeaderBytes(configBytes: Uint8Array): number {
    return unwrap<{ bytes: number }>(this.core.estimateHeaderSize(configBytes)).bytes;
  }

  /** The header bytes this session's config (set first) implies: no second parse of config.json. */
  estimateHeaderBytesFromConfig(): number {
    return unwrap<{ bytes: number }>(this.raw.estimateHeaderSize()).bytes;
  }

  /** Decodes one shard's header; refuses a model past the limits table's tensorsPerModel with E_TOO_LARGE. */
  addHeader(shard: string, bytes: Uint8Array, fileSize: number): number {
    return this.counted(this.raw.addHeader(shard, bytes, fileSize));
  }

  /** GGUF imports: one file's (or split part's) tensor infos as the model's tensors, as addHeader does for a shard. */
  addGgufHeader(file: string, bytes: Uint8Array, fileSize: number): number {
    return this.counted(this.raw.addGgufHeader(file, bytes, fileSize));
  }

  /** The tensors a header added, held to the limits table's tensorsPerModel across the whole model. */
  private counted(envelope: string): number {
    const tensors = unwrap<{ tensors: number }>(envelope).tensors;
    this.tensorCount += tensors;
    if (this.tensorCount > LIMITS.tensorsPerModel) {
      throw new HfmiError('E_TOO_LARGE', `the model has more than ${LIMITS.tensorsPerModel} tensors (tensorsPerModel), the largest model supported`);
    }
    return tensors;
  }

  /** The analysis, without the tool outputs. */
  analyze(options: AnalyzeOptionsJson): AnalysisJson {
    const { ok: _ok, ...rest } = unwrap<AnalysisJson & { ok: true }>(this.raw.analyze(JSON.stringify(options)));
    return rest;
  }

  /**
   * The analysis with the tool outputs; their tensors_csv is read from the core now and decoded when first read
   * (see deferredText). Only a module with them (RawCoreModule.toolOutputs) makes them.
   */
  analyzeToolOutputs(options: AnalyzeOptionsJson): AnalysisJson & ToolOutputsJson {
    if (!this.core.toolOutputs) throw new HfmiError('E_INTERNAL', 'this core was built without the tool outputs');
    const { ok: _ok, ...rest } = unwrap<Omit<AnalysisJson & ToolOutputsJson, 'tensors_csv'> & { ok: true }>(
      this.raw.analyzeToolOutputs(JSON.stringify(options)),
    );
    const csv = deferredText(this.raw.tensorsCsv());
    return Object.defineProperty(rest, 'tensors_csv', { get: csv, enumerable: true }) as AnalysisJson & ToolOutputsJson;
  }

  dispose(): void {
    this.raw.delete();
  }
}

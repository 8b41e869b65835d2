// The core's embind modules as emcc builds them (wasm/core_bindings.cpp, wasm/targets_bindings.cpp,
// wasm/byte_area.cpp), and their adaptation to the shape the rest of the package uses (RawCoreModule): sessions
// and GGUF repositories cross the boundary as handles, not embind classes (whose runtime would add 2.3 KB gzip to
// the glue), bytes go in through the input area and large texts come out through the output area
// (wasm/byte_area.hpp). Only this file knows that.
import type { RawCoreModule, RawGgufRepo, RawSession } from './core_types.js';
import type { RawTargetsModule } from './targets_module.js';

/** A session's or a GGUF repository's handle in the module. */
type Handle = number;

/** The functions an emcc-built module exports (the ones its binding files register). */
export interface EmbindModule {
  /** The module's memory (the glue replaces it when the memory grows: read it after each call). */
  HEAPU8: Uint8Array;
  /** Room for `size` bytes in the input area; returns their address. */
  inputArea(size: number): number;
  /** The address of the text the last text-returning call left in the output area. */
  outputArea(): number;
  sessionOpen(): Handle;
  sessionClose(h: Handle): void;
  sessionSetConfig(h: Handle, bytes: Uint8Array): string;
  sessionSetDefinitionsCatalog(h: Handle, bytes: Uint8Array): string;
  /** The chunk is in the input area. */
  sessionIndexFeed(h: Handle): string;
  sessionIndexFinish(h: Handle): string;
  /** The header bytes are in the input area. */
  sessionAddHeader(h: Handle, shard: string, fileSize: number): string;
  sessionAddGgufHeader?(h: Handle, file: string, fileSize: number): string;
  /** The envelope's length in the output area. */
  sessionAnalyze(h: Handle, optionsJson: string): number;
  /** The same with the tool outputs (not in the browser's light import module). */
  sessionAnalyzeToolOutputs?(h: Handle, optionsJson: string): number;
  /** tensors.csv's length in the output area (with sessionAnalyzeToolOutputs). */
  sessionTensorsCsv?(h: Handle): number;
  sessionEstimateHeaderSize(h: Handle): string;
  ggufRepoOpen?(): Handle;
  ggufRepoClose?(h: Handle): void;
  /** The prefix bytes are in the input area. */
  ggufRepoAddPart?(h: Handle, file: string, fileSize: number): string;
  ggufRepoAnalyze?(h: Handle, optionsJson: string): string;
  version(): string;
  estimateHeaderSize(configBytes: Uint8Array): string;
  updateModelsTs(fileText: string, entryJson: string, replace: boolean): string;
  updateCoverage(configBytes: string, fileText: string, requestJson: string): string;
  /** The catalogue bytes are in the input area. */
  updateCatalog(entryJson: string, optionsJson: string): string;
  updateGapsReadme(readme: string, reportsJson: string, hfModelId: string): string;
  policyTables(): string;
}

/** Copies `bytes` into the module's input area (one TypedArray.set), for the call that takes them next. */
function put(m: EmbindModule, bytes: Uint8Array): void {
  const at = m.inputArea(bytes.length);
  m.HEAPU8.set(bytes, at);
}

/** The `length` bytes a call left in the output area, as a view (valid until the next call into the module). */
function taken(m: EmbindModule, length: number): Uint8Array {
  const at = m.outputArea();
  return m.HEAPU8.subarray(at, at + length);
}

/**
 * The import half of a module: sessions, GGUF repositories (when built with them), the header size estimate. A
 * browser import module has no updaters (they are the updaters' module, adaptTargets); RawCoreModule's updater
 * members are there in Node and the single-file build (adaptAll).
 */
export function adaptCore(m: EmbindModule): RawCoreModule {
  class Session implements RawSession {
    private readonly h = m.sessionOpen();
    setConfig(bytes: Uint8Array) {
      return m.sessionSetConfig(this.h, bytes);
    }
    setDefinitionsCatalog(bytes: Uint8Array) {
      return m.sessionSetDefinitionsCatalog(this.h, bytes);
    }
    indexFeed(chunk: Uint8Array) {
      put(m, chunk);
      return m.sessionIndexFeed(this.h);
    }
    indexFinish() {
      return m.sessionIndexFinish(this.h);
    }
    addHeader(shard: string, bytes: Uint8Array, fileSize: number) {
      put(m, bytes);
      return m.sessionAddHeader(this.h, shard, fileSize);
    }
    addGgufHeader(file: string, bytes: Uint8Array, fileSize: number) {
      put(m, bytes);
      return m.sessionAddGgufHeader!(this.h, file, fileSize);
    }
    analyze(optionsJson: string) {
      return taken(m, m.sessionAnalyze(this.h, optionsJson));
    }
    analyzeToolOutputs(optionsJson: string) {
      return taken(m, m.sessionAnalyzeToolOutputs!(this.h, optionsJson));
    }
    tensorsCsv() {
      return taken(m, m.sessionTensorsCsv!(this.h));
    }
    estimateHeaderSize() {
      return m.sessionEstimateHeaderSize(this.h);
    }
    delete() {
      m.sessionClose(this.h);
    }
  }
  class GgufRepo implements RawGgufRepo {
    private readonly h = m.ggufRepoOpen!();
    addPart(file: string, bytes: Uint8Array, fileSize: number) {
      put(m, bytes);
      return m.ggufRepoAddPart!(this.h, file, fileSize);
    }
    analyze(optionsJson: string) {
      return m.ggufRepoAnalyze!(this.h, optionsJson);
    }
    delete() {
      m.ggufRepoClose!(this.h);
    }
  }
  return {
    Session,
    ...(m.ggufRepoOpen && { GgufRepo }),
    ...(m.sessionAnalyzeToolOutputs && { toolOutputs: true }),
    // embind's functions do not use `this`.
    version: m.version,
    estimateHeaderSize: m.estimateHeaderSize,
  } as Partial<RawCoreModule> as RawCoreModule;
}

/** The updater half of a module (the browser's updaters' module, or the Node and single-file modules). */
export function adaptTargets(m: EmbindModule): RawTargetsModule {
  return {
    updateModelsTs: m.updateModelsTs,
    updateCoverage: m.updateCoverage,
    updateCatalog: (catalog, entryJson, optionsJson) => {
      put(m, catalog);
      return m.updateCatalog(entryJson, optionsJson);
    },
    updateGapsReadme: m.updateGapsReadme,
    policyTables: m.policyTables,
  };
}

/** A module with both halves (Node, the single-file build). */
export const adaptAll = (m: EmbindModule): RawCoreModule => ({ ...adaptCore(m), ...adaptTargets(m) });

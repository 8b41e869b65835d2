// Offline mode: turns dropped or picked files into the package's LocalFiles, with no network.
// A shard can be given whole or as its first 8 + N bytes (the header); only those bytes are read,
// with Blob.slice, so a multi-GB shard costs a few kilobytes of memory.
import type { LocalFiles, LocalShard } from 'hf-model-import';

/** The safetensors format's own cap on a header's JSON length (reference implementations use 100 MB). */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface IndexSummary {
  fileName: string;
  shards: string[];
  totalSize?: number;
}

export interface LocalSelection {
  files: LocalFiles;
  /** The shard index, when one was given: it names the shards whose headers complete the picture. */
  index?: IndexSummary;
  /** Shards the index names that were not given. */
  missingShards: string[];
  notes: string[];
}

export class LocalFilesError extends Error {
  readonly code = 'E_USAGE';
}

async function readBytes(blob: Blob, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(start, end).arrayBuffer());
}

/** Reads the first 8 + N bytes of a safetensors file (N = little-endian u64 in its first 8 bytes). */
async function readHeaderBytes(file: File): Promise<LocalShard> {
  const first8 = await readBytes(file, 0, 8);
  const name = file.name.replace(/\.header$/i, '');
  if (first8.length < 8) return { name, bytes: first8, fileSize: file.size };
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  // An absurd length is handed to the core as is: it answers with a coded E_BAD_HEADER.
  const want = n > BigInt(MAX_HEADER_BYTES) ? 8 : 8 + Number(n);
  const bytes = want === 8 ? first8 : await readBytes(file, 0, want);
  // A file holding only the header does not tell the shard's real size: 0 means unknown to the core.
  const fileSize = file.size > want ? file.size : 0;
  return { name, bytes, fileSize };
}

function isIndexName(name: string): boolean {
  return /\.index\.json$/i.test(name);
}

function modelIdFromConfig(config: Uint8Array): string | undefined {
  try {
    const json = JSON.parse(new TextDecoder().decode(config)) as { _name_or_path?: unknown };
    const p = json._name_or_path;
    if (typeof p === 'string' && /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(p)) return p;
  } catch {
    // the core reports a bad config with its own coded error
  }
  return undefined;
}

async function readIndex(file: File): Promise<IndexSummary> {
  const text = await file.text();
  let json: { weight_map?: Record<string, unknown>; metadata?: { total_size?: unknown } };
  try {
    json = JSON.parse(text);
  } catch {
    throw new LocalFilesError(`${file.name} is not valid JSON`);
  }
  const shards = [...new Set(Object.values(json.weight_map ?? {}).filter((v): v is string => typeof v === 'string'))].sort();
  const total = json.metadata?.total_size;
  return { fileName: file.name, shards, ...(typeof total === 'number' && { totalSize: total }) };
}

/**
 * Sorts the chosen files: config.json (or the one other .json that is not an index), an optional
 * *.index.json, and *.safetensors files (whole shards or header-only files; a ".header" suffix is dropped).
 */
export async function readLocalSelection(list: File[], modelIdInput: string): Promise<LocalSelection> {
  const notes: string[] = [];
  const jsons = list.filter((f) => /\.json$/i.test(f.name));
  const indexFile = jsons.find((f) => isIndexName(f.name));
  const configFile = jsons.find((f) => f.name === 'config.json') ?? jsons.filter((f) => !isIndexName(f.name))[0];
  if (!configFile) throw new LocalFilesError('no config.json among the files: drop the model\'s config.json (and optionally its shard headers)');
  const shardFiles = list.filter((f) => /\.safetensors$/i.test(f.name) || /\.header$/i.test(f.name));
  for (const f of list) {
    if (f !== configFile && f !== indexFile && !shardFiles.includes(f)) notes.push(`ignored ${f.name}`);
  }
  const config = new Uint8Array(await configFile.arrayBuffer());
  const shards = await Promise.all(shardFiles.map(readHeaderBytes));
  shards.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const index = indexFile ? await readIndex(indexFile) : undefined;
  const given = new Set(shards.map((s) => s.name));
  const missingShards = index ? index.shards.filter((s) => !given.has(s)) : [];
  if (index && missingShards.length > 0 && shards.length > 0) {
    notes.push(`${missingShards.length} of ${index.shards.length} shards named by ${index.fileName} were not given: the counts cover the given headers only`);
  }
  const modelId = modelIdInput.trim() || modelIdFromConfig(config) || 'local/model';
  return { files: { modelId, config, shards }, ...(index && { index }), missingShards, notes };
}

// The fixture hub's repositories: tests/fixtures/repos/<org>/<name>/{repo.json, config.json, tensors.json, ...}.
// Shard files are virtual: a safetensors header built from tensors.json, followed by zeros (never stored).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ggufVirtualFile } from './gguf_files.js';

import { DTYPE_BITS } from '../core/generated/dtypes.js'; // bits per element: the core's dtype table

export interface RepoJson {
  gated: boolean;
  sha: string;
  files: string[];
  /** false: /api/models answers 404, so a client must fall back to the index. */
  model_info?: boolean;
}

type TensorRow = [name: string, dtype: string, shape: number[]];

interface TensorsJson {
  metadata?: Record<string, string>;
  shards: Record<string, TensorRow[]>;
}

/** A file as served: `size` bytes whose first `head.length` bytes are `head`, the rest zeros. */
export interface VirtualFile {
  size: number;
  head: Uint8Array;
  contentType: string;
}

export interface Repo {
  id: string;
  gated: boolean;
  sha: string;
  files: string[];
  modelInfo: boolean;
  /** Parameter counts per dtype (what the Hub shows under "safetensors"). */
  parametersByDtype: Record<string, number>;
  file(name: string): VirtualFile | undefined;
}

/** The safetensors header of one shard: 8-byte LE length + JSON padded with spaces to a multiple of 8. */
export function buildSafetensorsHeader(metadata: Record<string, string> | undefined, rows: TensorRow[]): {
  header: Uint8Array;
  dataBytes: number;
} {
  const obj: Record<string, unknown> = {};
  if (metadata) obj['__metadata__'] = metadata;
  let at = 0;
  for (const [name, dtype, shape] of rows) {
    const bits = DTYPE_BITS[dtype];
    if (bits === undefined) throw new Error(`fixture: unknown dtype ${dtype} for ${name}`);
    const bytes = (shape.reduce((a, b) => a * b, 1) * bits) / 8;
    obj[name] = { dtype, shape, data_offsets: [at, at + bytes] };
    at += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(obj));
  const padded = Math.ceil(json.length / 8) * 8;
  const header = new Uint8Array(8 + padded).fill(0x20);
  new DataView(header.buffer).setBigUint64(0, BigInt(padded), true);
  header.set(json, 8);
  return { header, dataBytes: at };
}

/** A Buffer viewed as a plain Uint8Array (no copy). */
function u8(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
}

function contentTypeOf(name: string): string {
  if (name.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}

class FixtureRepo implements Repo {
  readonly id: string;
  readonly gated: boolean;
  readonly sha: string;
  readonly files: string[];
  readonly modelInfo: boolean;
  private tensorsCache: TensorsJson | null | undefined;
  private readonly built = new Map<string, VirtualFile>();

  constructor(id: string, private readonly dir: string, json: RepoJson) {
    this.id = id;
    this.gated = json.gated === true;
    this.sha = json.sha;
    this.files = json.files;
    this.modelInfo = json.model_info !== false;
  }

  private tensors(): TensorsJson | null {
    if (this.tensorsCache === undefined) {
      const p = join(this.dir, 'tensors.json');
      this.tensorsCache = existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as TensorsJson) : null;
    }
    return this.tensorsCache;
  }

  get parametersByDtype(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const rows of Object.values(this.tensors()?.shards ?? {})) {
      for (const [, dtype, shape] of rows) out[dtype] = (out[dtype] ?? 0) + shape.reduce((a, b) => a * b, 1);
    }
    return out;
  }

  file(name: string): VirtualFile | undefined {
    if (!this.files.includes(name)) return undefined;
    const cached = this.built.get(name);
    if (cached) return cached;
    const vf = this.build(name);
    if (vf) this.built.set(name, vf);
    return vf;
  }

  private build(name: string): VirtualFile | undefined {
    const t = this.tensors();
    const rows = t?.shards[name];
    if (rows) {
      const { header, dataBytes } = buildSafetensorsHeader(t?.metadata, rows);
      return { size: header.length + dataBytes, head: header, contentType: 'application/octet-stream' };
    }
    const gguf = ggufVirtualFile(this.dir, name); // header-only GGUF fixtures, served at their real size
    if (gguf) return gguf;
    const onDisk = join(this.dir, name);
    if (existsSync(onDisk) && !name.includes('..')) {
      const bytes = u8(readFileSync(onDisk));
      return { size: bytes.length, head: bytes, contentType: contentTypeOf(name) };
    }
    if (name === 'model.safetensors.index.json' && t) {
      // Listed but not stored (DeepSeek-V3's would be ~7 MB): built from tensors.json.
      const bytes = new TextEncoder().encode(JSON.stringify(synthesizeIndex(t), null, 2) + '\n');
      return { size: bytes.length, head: bytes, contentType: 'application/json' };
    }
    return undefined; // listed (e.g. pytorch_model-*.bin) but not servable: 404
  }
}

function synthesizeIndex(t: TensorsJson): { metadata: { total_size: number }; weight_map: Record<string, string> } {
  let total = 0;
  const entries: [string, string][] = [];
  for (const [shard, rows] of Object.entries(t.shards)) {
    for (const [name, dtype, shape] of rows) {
      total += (shape.reduce((a, b) => a * b, 1) * (DTYPE_BITS[dtype] ?? 0)) / 8;
      entries.push([name, shard]);
    }
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { metadata: { total_size: total }, weight_map: Object.fromEntries(entries) };
}

/** Loads repos lazily from `root`; unknown ids give undefined. */
export class RepoStore {
  private readonly repos = new Map<string, Repo | null>();
  constructor(readonly root: string) {}

  get(id: string): Repo | undefined {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) || id.includes('..')) return undefined;
    let repo = this.repos.get(id);
    if (repo === undefined) {
      const dir = join(this.root, ...id.split('/'));
      const p = join(dir, 'repo.json');
      repo = existsSync(p) ? new FixtureRepo(id, dir, JSON.parse(readFileSync(p, 'utf8')) as RepoJson) : null;
      this.repos.set(id, repo);
    }
    return repo ?? undefined;
  }
}

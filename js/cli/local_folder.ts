// Reads a downloaded model folder (config.json + *.safetensors) without network: only the config and
// the first 8 + N bytes of each shard are read, never the weights.
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { HfmiError } from '../core/errors.js';
import type { LocalFiles, LocalShard } from '../api.js';

const MAX_HEADER = 25_000_000;

async function readHeader(path: string, name: string): Promise<LocalShard> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const prefix = Buffer.alloc(8);
    const { bytesRead } = await handle.read(prefix, 0, 8, 0);
    if (bytesRead < 8) throw new HfmiError('E_BAD_HEADER', `${name}: file is shorter than the 8-byte header length`);
    const n = prefix.readBigUInt64LE(0);
    if (n > BigInt(MAX_HEADER)) {
      throw new HfmiError('E_BAD_HEADER', `${name}: header length ${n} exceeds the 25 MB cap`);
    }
    const total = Math.min(8 + Number(n), size);
    const bytes = Buffer.alloc(total);
    await handle.read(bytes, 0, total, 0);
    return { name, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), fileSize: size };
  } finally {
    await handle.close();
  }
}

// The index beside config.json, for the total_size cross-check (the safetensors one first).
const INDEX_NAMES = ['model.safetensors.index.json', 'pytorch_model.bin.index.json'];
const MAX_INDEX = 64 * 1024 * 1024;

async function readIndexBeside(dir: string, entries: string[]): Promise<Uint8Array | undefined> {
  const name = INDEX_NAMES.find((n) => entries.includes(n));
  if (!name) return undefined;
  const { size } = await stat(join(dir, name));
  if (size > MAX_INDEX) {
    throw new HfmiError('E_BAD_INDEX', `${name}: ${size} bytes exceeds the 64 MB cap`, { path: name });
  }
  return new Uint8Array(await readFile(join(dir, name)));
}

export async function readLocalFolder(dir: string, modelId: string): Promise<LocalFiles> {
  let entries: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
    entries = await readdir(dir);
  } catch {
    throw new HfmiError('E_USAGE', `--local ${dir}: not a readable directory`, { path: '--local' });
  }
  if (!entries.includes('config.json')) {
    throw new HfmiError('E_NOT_FOUND', `--local ${dir}: no config.json in the folder`, { path: '--local' });
  }
  const config = new Uint8Array(await readFile(join(dir, 'config.json')));
  const shardNames = entries.filter((e) => e.endsWith('.safetensors')).sort();
  const shards: LocalShard[] = [];
  for (const name of shardNames) shards.push(await readHeader(join(dir, name), name));
  const index = await readIndexBeside(dir, entries);
  return { modelId, revision: 'local', config, shards, ...(index && { index }) };
}

// Reads a downloaded model folder (config.json + *.safetensors) without network: only the config and
// the first 8 + N bytes of each shard are read, never the weights.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { HfmiError } from '../core/errors.js';
import { LIMITS } from '../core/generated/limits.js';
import type { LocalFiles, LocalShard } from '../api.js';
import { escapeControls } from '../hub/printable.js';
import { shardNameProblem } from '../hub/shard_names.js';
import { openRegularFile, readRegularFile } from '../targets/regular_file.js';

const MAX_HEADER = LIMITS.headerBytes;

/** config.json of a local folder: a regular file, at most the limits table's configBytes. */
async function readLocalConfig(path: string): Promise<Uint8Array> {
  return readRegularFile(path, LIMITS.configBytes, '--local', 'configBytes');
}

/** The folder's shard names, each judged by the core's shard-name policy (shown escaped when refused). */
function checkLocalShardNames(names: string[], dir: string): string[] {
  if (names.length > LIMITS.shardsPerModel) {
    throw new HfmiError('E_TOO_LARGE', `--local ${dir}: ${names.length} shard files, over the limit of ${LIMITS.shardsPerModel} (shardsPerModel)`, {
      path: '--local',
    });
  }
  for (const name of names) {
    const problem = shardNameProblem(name);
    if (problem !== '') {
      throw new HfmiError('E_BAD_INDEX', `--local ${dir}: unsafe shard file name ${escapeControls(JSON.stringify(name))} (${problem})`, {
        path: '--local',
      });
    }
  }
  return names;
}

async function readHeader(path: string, name: string): Promise<LocalShard> {
  const { handle, size } = await openRegularFile(path, '--local');
  try {
    const prefix = Buffer.alloc(8);
    const { bytesRead } = await handle.read(prefix, 0, 8, 0);
    if (bytesRead < 8) throw new HfmiError('E_BAD_HEADER', `${escapeControls(name)}: file is shorter than the 8-byte header length`);
    const n = prefix.readBigUInt64LE(0);
    if (n > BigInt(MAX_HEADER)) {
      throw new HfmiError('E_BAD_HEADER', `${escapeControls(name)}: header length ${n} exceeds the ${MAX_HEADER}-byte cap (headerBytes)`);
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

/** The index beside config.json: a regular file, at most the limits table's indexBytes. */
async function readIndexBeside(dir: string, entries: string[]): Promise<Uint8Array | undefined> {
  const name = INDEX_NAMES.find((n) => entries.includes(n));
  if (!name) return undefined;
  return readRegularFile(join(dir, name), LIMITS.indexBytes, '--local', 'indexBytes');
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
  const config = await readLocalConfig(join(dir, 'config.json'));
  const shardNames = checkLocalShardNames(entries.filter((e) => e.endsWith('.safetensors')).sort(), dir);
  const shards: LocalShard[] = [];
  for (const name of shardNames) shards.push(await readHeader(join(dir, name), name));
  const index = await readIndexBeside(dir, entries);
  return { modelId, revision: 'local', config, shards, ...(index && { index }) };
}

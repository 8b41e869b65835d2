// --local with GGUF: a .gguf file (its sibling split parts with it), or a folder holding .gguf files (with or
// without config.json). Only each file's header is read: a first slice, then what the core's decoder says
// remains (its estimate), never the weights. A folder with safetensors files goes to readLocalFolder.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import type { LocalFiles, LocalShard } from '../api.js';
import { unwrap } from '../core/core_session.js';
import { HfmiError } from '../core/errors.js';
import { LIMITS } from '../core/generated/limits.js';
import { loadCore } from '../core/load_core.node.js';
import { GGUF_FIRST_RANGE, GGUF_MAX_HEADER_BYTES, ggufSplitName, listGgufFiles, type GgufPartDecode } from '../hub/gguf_fetch_plan.js';
import { escapeControls } from '../hub/printable.js';
import { openRegularFile, readRegularFile } from '../targets/regular_file.js';
import { readLocalFolder } from './local_folder.js';

/** The header of one local .gguf file: read in growing slices until the core's decoder says it is complete. */
async function readGgufHeader(path: string, name: string, decode: (bytes: Uint8Array, size: number) => GgufPartDecode): Promise<LocalShard> {
  const { handle, size } = await openRegularFile(path, '--local');
  try {
    let want = Math.min(size, GGUF_FIRST_RANGE);
    for (;;) {
      const buf = Buffer.alloc(want);
      const { bytesRead } = await handle.read(buf, 0, want, 0);
      const bytes = new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
      const d = decode(bytes, size);
      if (d.complete) return { name, bytes: bytes.subarray(0, d.header_bytes), fileSize: size };
      const next = Math.min(size, Math.max(d.header_bytes, d.estimated_header_bytes) + 4096 + Math.ceil(d.estimated_header_bytes / 64));
      if (bytesRead >= size || next <= bytesRead || next > GGUF_MAX_HEADER_BYTES) {
        throw new HfmiError('E_BAD_HEADER', `${escapeControls(name)}: the GGUF header does not end within ${bytesRead} bytes`, { path: '--local' });
      }
      want = next;
    }
  } finally {
    await handle.close();
  }
}

/**
 * The files of `--local PATH`: a .gguf file, a folder with .gguf files and no safetensors (config.json
 * optional), else the safetensors folder reader. `pattern` (--gguf) picks files in a folder.
 */
export async function readLocalSource(path: string, modelId: string, pattern?: string): Promise<LocalFiles> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch {
    throw new HfmiError('E_USAGE', `--local ${path}: not a readable file or directory`, { path: '--local' });
  }
  let dir = path;
  let names: string[];
  if (isFile) {
    if (!path.toLowerCase().endsWith('.gguf')) throw new HfmiError('E_USAGE', `--local ${path}: a file must be a .gguf file`, { path: '--local' });
    dir = dirname(path);
    const own = basename(path);
    const group = ggufSplitName(own);
    names = group.count > 1 ? (await readdir(dir)).filter((e) => ggufSplitName(e).group === group.group).sort() : [own];
  } else {
    const entries = await readdir(dir);
    if (entries.some((e) => e.endsWith('.safetensors')) || !entries.some((e) => e.toLowerCase().endsWith('.gguf'))) {
      return readLocalFolder(path, modelId);
    }
    names = listGgufFiles(entries, pattern).files;
    if (entries.includes('config.json')) {
      const config = await readRegularFile(join(dir, 'config.json'), LIMITS.configBytes, '--local', 'configBytes');
      return { modelId, revision: 'local', config, gguf: await readAll(dir, names) };
    }
  }
  return { modelId, revision: 'local', config: new Uint8Array(0), gguf: await readAll(dir, names) };
}

async function readAll(dir: string, names: string[]): Promise<LocalShard[]> {
  const core = await loadCore();
  if (!core.GgufRepo) throw new HfmiError('E_INTERNAL', 'this core was built without GGUF support');
  const repo = new core.GgufRepo();
  try {
    const out: LocalShard[] = [];
    for (const name of names) {
      out.push(await readGgufHeader(join(dir, name), name, (bytes, size) => unwrap<GgufPartDecode>(repo.addPart(name, bytes, size))));
    }
    return out;
  } finally {
    repo.delete();
  }
}

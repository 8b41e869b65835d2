// Opening a user's file for reading: regular files only, bounded. The open is non-blocking, so a FIFO
// named config.json or *.safetensors gets a coded error at once instead of hanging, and a device or a
// directory is refused before any read. Sizes are checked against the limits table.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

import { HfmiError } from '../core/errors.js';
import { ioError } from '../core/fs_errors.js';

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Opens `path` for reading if it is a regular file (following symlinks); E_IO otherwise. */
export async function openRegularFile(path: string, flag?: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw ioError(path, e, undefined, flag);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      throw new HfmiError('E_IO', `${path}: ${kindOf(st)}, not a regular file: only regular files are read`, {
        ...(flag !== undefined && { path: flag }),
      });
    }
    return { handle, size: st.size };
  } catch (e) {
    await handle.close().catch(() => undefined);
    if (e instanceof HfmiError) throw e;
    throw ioError(path, e, undefined, flag);
  }
}

/** Reads a whole regular file of at most `maxBytes` (a row of the limits table, named by `limitName`). */
export async function readRegularFile(path: string, maxBytes: number, flag?: string, limitName = 'limit'): Promise<Uint8Array> {
  const { handle, size } = await openRegularFile(path, flag);
  try {
    if (size > maxBytes) {
      throw new HfmiError('E_TOO_LARGE', `${path} is ${size} bytes, over the ${maxBytes}-byte limit (${limitName})`, {
        ...(flag !== undefined && { path: flag }),
      });
    }
    // Read at most maxBytes + 1, whatever the size said (a file can grow while we read).
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(size, 0) + 1));
    let got = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got === buf.length) break;
    }
    if (got > maxBytes) {
      throw new HfmiError('E_TOO_LARGE', `${path} is over the ${maxBytes}-byte limit (${limitName})`, { ...(flag !== undefined && { path: flag }) });
    }
    return new Uint8Array(buf.buffer, buf.byteOffset, got);
  } catch (e) {
    if (e instanceof HfmiError) throw e;
    throw ioError(path, e, undefined, flag);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

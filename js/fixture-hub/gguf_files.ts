// GGUF files on the fixture hub: `<file>.head` holds the whole GGUF header and `gguf.json` the file's real
// size (scripts/generate_gguf_fixtures.mjs). Served as the header followed by zeros up to that size.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VirtualFile } from './repo_store.js';

interface GgufJson {
  files: Record<string, { size: number }>;
}

/** The virtual file for a listed `.gguf` name, or undefined when the repo has no header for it. */
export function ggufVirtualFile(dir: string, name: string): VirtualFile | undefined {
  if (!name.endsWith('.gguf') || name.includes('..') || name.includes('/')) return undefined;
  const specPath = join(dir, 'gguf.json');
  const headPath = join(dir, `${name}.head`);
  if (!existsSync(specPath) || !existsSync(headPath)) return undefined;
  const size = (JSON.parse(readFileSync(specPath, 'utf8')) as GgufJson).files[name]?.size;
  if (typeof size !== 'number') return undefined;
  const b = readFileSync(headPath);
  return { size, head: new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength), contentType: 'application/octet-stream' };
}

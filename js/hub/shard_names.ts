// The shard-name policy of the core (src/policy/shard_names.cpp), applied in TypeScript to names from
// the model info's siblings and from local folders before any request or open. Its parameters come from
// the generated tables; tests/fixtures/policy/shard_names.json holds the cases both sides must answer alike.
import { LIMITS } from '../core/generated/limits.js';
import { SHARD_FORBIDDEN_CHARS, SHARD_SUFFIXES } from '../core/generated/shard_names.js';

const utf8 = new TextEncoder();

/** Why `name` is refused, or "" when it is a safe relative shard file name (same answers as the core). */
export function shardNameProblem(name: string): string {
  if (typeof name !== 'string' || name === '') return 'shard name is empty';
  const bytes = utf8.encode(name).length;
  if (bytes > LIMITS.shardNameBytes) return `shard name is longer than ${LIMITS.shardNameBytes} bytes`;
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return 'shard name contains a control character';
    if (SHARD_FORBIDDEN_CHARS.includes(ch)) return `shard name contains '${ch}'`;
  }
  if (name.startsWith('/')) return 'shard name is an absolute path';
  if (name.includes('..')) return "shard name contains '..'";
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.') return "shard name has an empty or '.' path segment";
    if (utf8.encode(segment).length > LIMITS.shardNameSegmentBytes) {
      return `shard name has a path segment longer than ${LIMITS.shardNameSegmentBytes} bytes`;
    }
  }
  const base = name.slice(name.lastIndexOf('/') + 1);
  for (const s of SHARD_SUFFIXES) if (name.endsWith(s.suffix) && base.length > s.suffix.length) return '';
  return 'shard name does not end in .safetensors or .bin';
}

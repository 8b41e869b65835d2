// bench/RESULTS.md is a list of marked blocks, one per section:
//   <!-- NAME -->
//   ...
//   <!-- /NAME -->
// Every benchmark part replaces only its own blocks, so a partial run (`--only import`, `node
// bench/batch_bench.mjs`, another engineer's section) never erases another section. A block that is not
// in the file yet goes where SECTION_ORDER puts it; an unknown block stays where it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './common.mjs';

export const RESULTS_MD = join(ROOT, 'bench/RESULTS.md');

/** The file's order of sections (names of blocks). */
export const SECTION_ORDER = [
  'summary',
  'targets-package',
  'targets-deepseek',
  'cpu-profile',
  'cpu-ab',
  'cpu-notes',
  'import-bench',
  'gguf-bench',
  'batch-bench',
  'core-bench',
  'size-bench',
  'catalog-bench',
  'fuzz',
  'sanitizers',
];

const TITLE = '# Benchmarks and hardening results';
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const blockRe = (name) => new RegExp(`<!-- ${esc(name)}(?: [^>]*)? -->[\\s\\S]*?<!-- /${esc(name)} -->`);

/** `body` (lines or text) wrapped in NAME's markers. */
export function block(name, body) {
  const text = (Array.isArray(body) ? body.join('\n') : body).replace(/\s+$/, '');
  return `<!-- ${name} -->\n${text}\n<!-- /${name} -->`;
}

/** The names of the blocks in `md`, in file order. */
export function blockNames(md) {
  return [...md.matchAll(/<!-- ([a-z0-9-]+)(?: [^>]*)? -->/g)].map((m) => m[1]).filter((n) => md.includes(`<!-- /${n} -->`));
}

/** `md` with each block of `blocks` ({name: lines | text}) replaced or inserted; every other block kept. */
export function replaceBlocks(md, blocks) {
  let out = md.trim() === '' ? `${TITLE}\n` : md;
  for (const [name, body] of Object.entries(blocks)) {
    const text = block(name, body);
    const re = blockRe(name);
    if (re.test(out)) {
      out = out.replace(re, () => text);
      continue;
    }
    // Insert before the first present block that comes later in SECTION_ORDER, else at the end.
    const rank = SECTION_ORDER.indexOf(name);
    const later = rank < 0 ? undefined : blockNames(out).find((n) => SECTION_ORDER.indexOf(n) > rank);
    if (later !== undefined) {
      const at = out.search(blockRe(later));
      out = `${out.slice(0, at)}${text}\n\n${out.slice(at)}`;
    } else {
      out = `${out.replace(/\s*$/, '')}\n\n${text}\n`;
    }
  }
  return out.endsWith('\n') ? out : `${out}\n`;
}

/** Reads bench/RESULTS.md, replaces (or inserts) the given blocks, writes it back. */
export function writeBlocks(blocks, path = RESULTS_MD) {
  const md = existsSync(path) ? readFileSync(path, 'utf8') : '';
  writeFileSync(path, replaceBlocks(md, blocks));
}

// Which models a command line names: positional ids, --model, --url and a batch file. A Hub URL is
// accepted only on the endpoint's host (or huggingface.co / hf.co), and only in the Hub's page forms.
import { HfmiError } from '../core/errors.js';
import { parseModelRef } from '../hub/model_ref.js';
import { readUserFile } from '../targets/file_writes.js';
import { escapeControl } from './terminal_output.js';
import type { Values } from './flags.js';

export interface ModelSpec {
  /** ORG/NAME as given (the batch's key). */
  modelId: string;
  revision?: string;
}

const HUB_HOSTS = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);
/** Path words after ORG/NAME that are followed by a revision. */
const URL_FORMS = new Set(['tree', 'blob', 'resolve']);

function usage(message: string, path: string): never {
  throw new HfmiError('E_USAGE', `${message} (see --help)`, { path });
}

/** A Hub URL to ORG/NAME and the revision it names, or E_USAGE. */
export function parseHubUrl(raw: string, endpoint: string | undefined, flag = '--url'): ModelSpec {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    usage(`${flag}: not a URL: ${escapeControl(raw.slice(0, 200))}`, flag);
  }
  const allowed = new Set(HUB_HOSTS);
  if (endpoint) {
    try {
      allowed.add(new URL(endpoint).host.toLowerCase());
    } catch {
      // a bad endpoint is reported where it is used
    }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') usage(`${flag}: only http(s) Hub URLs are accepted`, flag);
  if (!allowed.has(url.host.toLowerCase())) {
    usage(
      `${flag}: ${escapeControl(url.host)} is not the Hub (accepted hosts: ${[...allowed].join(', ')}); ` +
        'use --endpoint for another Hub',
      flag,
    );
  }
  let parts: string[];
  try {
    parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  } catch {
    usage(`${flag}: the URL's path is not valid percent-encoding`, flag);
  }
  if (parts.length < 2) usage(`${flag}: expected https://huggingface.co/ORG/NAME`, flag);
  const rest = parts.slice(2);
  if (rest.length > 0 && !(URL_FORMS.has(rest[0]!) && rest.length >= 2 && (rest[0] !== 'tree' || rest.length === 2))) {
    usage(`${flag}: expected ORG/NAME, ORG/NAME/tree/REV, ORG/NAME/blob/REV/... or ORG/NAME/resolve/REV/...`, flag);
  }
  const ref = parseModelRef(`${parts[0]}/${parts[1]}`);
  return { modelId: ref.modelId, ...(rest.length >= 2 && { revision: rest[1]! }) };
}

/** One entry of a list: an id or a URL. */
export function parseModelArg(raw: string, endpoint: string | undefined, flag: string): ModelSpec {
  if (/^[a-z]+:\/\//i.test(raw)) return parseHubUrl(raw, endpoint, flag);
  return { modelId: parseModelRef(raw).modelId };
}

/** Reads a batch file: one id or URL per line, # comments, blank lines skipped. */
export async function readBatchFile(path: string, endpoint: string | undefined, flag: string): Promise<ModelSpec[]> {
  let text: string;
  try {
    text = await readUserFile(path, flag); // regular files only, capped by the limits table
  } catch (e) {
    if (e instanceof HfmiError) throw e;
    usage(`${flag}: cannot read ${path}`, flag);
  }
  const specs: ModelSpec[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.replace(/#.*/, '').trim();
    if (!t) return;
    try {
      specs.push(parseModelArg(t, endpoint, flag));
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      usage(`${flag} ${path} line ${i + 1}: ${why.replace(/ \(see --help\)$/, '')}`, flag);
    }
  });
  return specs;
}

/** Every model the command line names, with --revision checked against the URL's. */
export async function modelSpecs(values: Values, positionals: string[], endpoint: string | undefined): Promise<ModelSpec[]> {
  const specs: ModelSpec[] = [];
  for (const p of positionals) specs.push(parseModelArg(p, endpoint, 'model id'));
  for (const m of values.model ?? []) specs.push(parseModelArg(m, endpoint, '--model'));
  if (values.url !== undefined) specs.push(parseHubUrl(values.url, endpoint));
  if (values.file !== undefined && values.batch !== undefined && values.file !== values.batch) {
    usage('--file and --batch are the same option: give one', '--file');
  }
  const batchFile = values.file ?? values.batch;
  if (batchFile !== undefined) specs.push(...(await readBatchFile(batchFile, endpoint, values.file ? '--file' : '--batch')));
  const revision = values.revision;
  return specs.map((s) => {
    if (revision === undefined) return s;
    if (s.revision !== undefined && s.revision !== revision) {
      usage(`--revision ${escapeControl(revision)} disagrees with the URL's revision ${escapeControl(s.revision)}`, '--revision');
    }
    return { ...s, revision };
  });
}

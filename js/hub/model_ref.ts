// Model references: "ORG/NAME", "NAME", or a Hub URL such as https://huggingface.co/ORG/NAME/tree/REV.
import { HfmiError } from '../core/errors.js';

export interface ModelRef {
  modelId: string;
  revision?: string;
}

const SEGMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,95})$/;
/** Path words after ORG/NAME on a Hub page that are followed by a revision. */
const REVISION_WORDS = new Set(['tree', 'blob', 'resolve', 'commit', 'raw']);
/** Hub pages that are not model ids: /datasets/..., /spaces/..., /docs ... */
const NOT_MODELS = new Set(['datasets', 'spaces', 'docs', 'api', 'models', 'settings', 'organizations', 'collections', 'papers']);

export function isValidModelId(id: string): boolean {
  const parts = id.split('/');
  if (parts.length < 1 || parts.length > 2) return false;
  return parts.every((p) => SEGMENT.test(p) && !p.includes('..') && !p.endsWith('.') && !p.endsWith('-'));
}

/** Parses "ORG/NAME", "NAME" or a Hub URL (https://huggingface.co/ORG/NAME[/tree/REV]); E_USAGE on junk. */
export function parseModelRef(input: string): ModelRef {
  const raw = typeof input === 'string' ? input.trim() : '';
  const junk = () =>
    new HfmiError('E_USAGE', `not a model id or Hub model URL: ${JSON.stringify(raw.slice(0, 200))} (expected ORG/NAME or https://huggingface.co/ORG/NAME)`);
  if (raw === '') throw junk();
  if (/^https?:\/\//i.test(raw)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw junk();
    }
    const parts = url.pathname.split('/').filter((p) => p !== '').map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        throw junk();
      }
    });
    if (parts.length < 2 || NOT_MODELS.has(parts[0]!)) throw junk();
    const modelId = `${parts[0]}/${parts[1]}`;
    if (!isValidModelId(modelId)) throw junk();
    if (parts.length >= 4 && REVISION_WORDS.has(parts[2]!)) {
      return { modelId, revision: parts[3]! };
    }
    if (parts.length > 2 && !REVISION_WORDS.has(parts[2]!) && parts[2] !== 'discussions' && parts[2] !== 'commits') {
      throw junk();
    }
    return { modelId };
  }
  if (!isValidModelId(raw)) throw junk();
  return { modelId: raw };
}

// Readable explanations for the package's error codes (HfmiError.code), one row per code.

export interface ErrorHelp {
  title: string;
  /** What the user can do about it. */
  action: string;
}

const HELP: Record<string, ErrorHelp> = {
  E_GATED: {
    title: 'This model is gated',
    action:
      'Open the model page on the Hub, request access (accept the license), then create an access token ' +
      '(Settings → Access Tokens, "read") and paste it into the Token field. The token stays in this page\'s memory: ' +
      'it is never put in the URL or in browser storage.',
  },
  E_NOT_FOUND: {
    title: 'Model not found',
    action: 'Check the model id (ORG/NAME) and the revision. Private repos also answer "not found" without a token.',
  },
  E_NETWORK: {
    title: 'Network error',
    action: 'The hub could not be reached. Check the endpoint and your connection, then try again.',
  },
  E_TIMEOUT: {
    title: 'The hub did not answer in time',
    action: 'Try again; a slow connection or an overloaded hub can cause this.',
  },
  E_BAD_RESPONSE: {
    title: 'Unexpected answer from the hub',
    action: 'The endpoint answered something that is not the Hub API. Check the endpoint URL.',
  },
  E_BAD_CONFIG: {
    title: 'The model\'s config.json cannot be used',
    action: 'The config is not valid JSON or lacks a required field (see the path). Fix the config, or drop a corrected one below.',
  },
  E_BAD_HEADER: {
    title: 'A safetensors header is invalid',
    action: 'A shard header could not be decoded. When dropping files, give the first 8 + N bytes of each shard (or the whole file).',
  },
  E_BAD_INDEX: {
    title: 'The shard index is invalid',
    action: 'model.safetensors.index.json could not be parsed.',
  },
  E_USAGE: {
    title: 'Invalid input',
    action: 'Check the fields: the model id is ORG/NAME or a Hub URL; TP, EP and page sizes are positive integers.',
  },
};

export function errorHelp(code: string): ErrorHelp {
  return HELP[code] ?? { title: 'Something went wrong', action: 'The message above says what failed.' };
}

export interface ShownError {
  code: string;
  message: string;
  path?: string;
  status?: number;
}

/** Any thrown value as a coded error (HfmiError carries a code; other errors become E_INTERNAL). */
export function toShownError(e: unknown): ShownError {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const x = e as { code: string; message?: unknown; path?: unknown; status?: unknown };
    return {
      code: x.code,
      message: typeof x.message === 'string' ? x.message : String(x.message),
      ...(typeof x.path === 'string' && { path: x.path }),
      ...(typeof x.status === 'number' && { status: x.status }),
    };
  }
  return { code: 'E_INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

'use client';
// An import error as a readable message: what happened, what to do, and the code for machines.
import { useEffect, useRef } from 'react';

import { errorHelp, type ShownError } from '../lib/error_help';

interface Props {
  error: ShownError;
  endpoint: string;
  model: string;
}

export function ErrorPanel({ error, endpoint, model }: Props) {
  const help = errorHelp(error.code);
  const panel = useRef<HTMLElement>(null);
  // Bring the message into view: it appears below the form. (Braces: newer browsers' scrollIntoView
  // returns a promise, which must not become the effect's cleanup.)
  useEffect(() => {
    void panel.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);
  const modelPage = model.trim() && !/^https?:/i.test(model.trim()) ? `${endpoint}/${model.trim()}` : undefined;
  return (
    <section className="card error" role="alert" ref={panel}>
      <h2>{help.title}</h2>
      <p data-testid="error">
        <code data-testid="error-code">{error.code}</code>: <span data-testid="error-message">{error.message}</span>
        {error.path && <span className="error-path"> (at {error.path})</span>}
      </p>
      <p className="error-action" data-testid="error-action">
        {help.action}
        {error.code === 'E_GATED' && modelPage && (
          <>
            {' '}
            Model page:{' '}
            <a href={modelPage} target="_blank" rel="noreferrer noopener">
              {modelPage}
            </a>
          </>
        )}
      </p>
    </section>
  );
}

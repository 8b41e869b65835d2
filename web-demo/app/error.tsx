'use client';
// The page's error boundary: a crash of the page itself (not an import error, which the page shows in
// place) is still shown as a coded message instead of a blank page.

export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="page">
      <section className="card error" role="alert">
        <h2>The page failed</h2>
        <p data-testid="error">
          <code data-testid="error-code">E_INTERNAL</code>: <span data-testid="error-message">{error.message}</span>
        </p>
        <div data-testid="status" data-state="error" className="visually-hidden">
          error
        </div>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </section>
    </main>
  );
}

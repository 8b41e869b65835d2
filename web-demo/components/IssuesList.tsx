// Validation issues (severity, code, path, message) and the import's warnings.
import type { ValidationIssue } from 'hf-model-import';

export function IssuesList({ issues, warnings }: { issues: ValidationIssue[]; warnings: string[] }) {
  // Warnings already listed as issues are not repeated.
  const issueMessages = new Set(issues.map((i) => i.message));
  const extraWarnings = warnings.filter((w) => !issueMessages.has(w));
  return (
    <section className="card" data-testid="issues" data-count={issues.length}>
      <h2>Validation</h2>
      {issues.length === 0 ? (
        <p className="ok">No issues: every check passed.</p>
      ) : (
        <ul className="issues">
          {issues.map((i, n) => (
            <li key={n} className={`issue ${i.severity}`} data-severity={i.severity} data-code={i.code}>
              <span className={`badge severity-${i.severity}`}>{i.severity}</span> <code>{i.code}</code>
              {i.path && (
                <>
                  {' '}
                  at <code>{i.path}</code>
                </>
              )}
              : {i.message}
            </li>
          ))}
        </ul>
      )}
      {extraWarnings.length > 0 && (
        <ul className="issues" data-testid="warnings">
          {extraWarnings.map((w) => (
            <li key={w} className="issue warning">
              <span className="badge severity-warning">warning</span> {w}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

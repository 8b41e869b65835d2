// model_architecture.json as the package produces it (and as the CLI's --json prints it).
import type { ArchitectureJson } from 'hf-model-import';

export function ReportJson({ architecture }: { architecture: ArchitectureJson }) {
  return (
    <section className="card">
      <details>
        <summary>
          <h2 className="inline">model_architecture.json</h2>
        </summary>
        <pre className="code" data-testid="report-json">
          {JSON.stringify(architecture, null, 2)}
        </pre>
      </details>
    </section>
  );
}

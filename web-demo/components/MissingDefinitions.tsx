// Definition names the module tree uses that the Definitions catalogue does not have yet.

export function MissingDefinitions({ missing }: { missing: string[] }) {
  return (
    <section className="card" data-testid="missing-definitions" data-count={missing.length}>
      <h2>Missing definitions</h2>
      {missing.length === 0 ? (
        <p className="ok">Every Definition named here exists in the catalogue.</p>
      ) : (
        <>
          <p className="note">{missing.length} Definition(s) to write before the model can be benchmarked:</p>
          <ul className="missing-list">
            {missing.map((d) => (
              <li key={d}>
                <code>{d}</code>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

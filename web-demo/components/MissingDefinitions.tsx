'use client';
// Definition names the module tree uses that the Definitions catalogue does not have yet, each with
// its JSON skeleton to download (the same file the CLI's --emit-definitions writes), or all as a zip.
import { downloadBlob, downloadText } from '../lib/download';
import { zipDeflate } from '../lib/zip';

interface Props {
  missing: string[];
  skeletons: Record<string, unknown>;
}

const skeletonText = (skeleton: unknown) => JSON.stringify(skeleton, null, 2) + '\n';

export function MissingDefinitions({ missing, skeletons }: Props) {
  const withSkeleton = missing.filter((d) => skeletons[d] !== undefined);
  const downloadAll = async () => {
    const encoder = new TextEncoder();
    const zip = await zipDeflate(withSkeleton.map((d) => ({ name: `definitions/${d}.json`, data: encoder.encode(skeletonText(skeletons[d])) })));
    downloadBlob('definitions.zip', new Blob([zip], { type: 'application/zip' }));
  };
  return (
    <section className="card" data-testid="missing-definitions" data-count={missing.length}>
      <h2>Missing definitions</h2>
      {missing.length === 0 ? (
        <p className="ok">Every Definition named here exists in the catalogue.</p>
      ) : (
        <>
          <p className="note">{missing.length} Definition(s) to write before the model can be benchmarked:</p>
          {withSkeleton.length > 0 && (
            <div className="actions">
              <button type="button" data-testid="download-all-definitions" onClick={() => void downloadAll()}>
                Download all {withSkeleton.length} skeletons (.zip)
              </button>
            </div>
          )}
          <ul className="missing-list">
            {missing.map((d) => (
              <li key={d}>
                <code>{d}</code>
                {skeletons[d] !== undefined && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="link-button"
                      data-testid="download-definition"
                      data-name={d}
                      onClick={() => downloadText(`${d}.json`, skeletonText(skeletons[d]), 'application/json')}
                    >
                      skeleton
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

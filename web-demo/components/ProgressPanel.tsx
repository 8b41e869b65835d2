// Progress of a hub import: config, model info, index (fallback only), each shard header, bytes fetched.
import { formatBytes } from '../lib/format';
import type { Phase, ProgressState } from '../lib/progress_state';

const PHASE_LABELS: [Phase, string][] = [
  ['config', 'config.json'],
  ['model-info', 'model info (file list)'],
  ['index', 'shard index'],
];

export function ProgressPanel({ progress, running }: { progress: ProgressState; running: boolean }) {
  const headers = progress.phases.header;
  const elapsed = ((progress.finishedAt ?? Date.now()) - progress.startedAt) / 1000;
  const shardTotal = progress.shardTotal;
  const done = progress.shardsDone.length;
  return (
    <section className="card progress" data-testid="progress" data-running={running ? 'true' : 'false'}>
      <h2>Progress</h2>
      <ul className="phases">
        {PHASE_LABELS.filter(([p]) => p !== 'index' || progress.phases.index).map(([phase, label]) => {
          const s = progress.phases[phase];
          return (
            <li key={phase} data-testid={`progress-${phase}`} className={s && s.done >= s.total ? 'ok' : 'pending'}>
              {label}: {s ? `${s.done}/${s.total}` : running ? 'fetching…' : '—'}
            </li>
          );
        })}
        <li data-testid="progress-header" className={headers && headers.done >= headers.total ? 'ok' : 'pending'}>
          shard headers: {headers ? `${headers.done}/${headers.total}` : shardTotal === 0 && progress.phases.done ? 'none' : running ? 'waiting…' : '—'}
        </li>
        <li data-testid="progress-bytes">
          fetched: {formatBytes(progress.bytes)} ({progress.bytes.toLocaleString('en-US')} bytes) in {elapsed.toFixed(1)} s
        </li>
      </ul>
      {shardTotal > 0 && (
        <>
          <progress max={shardTotal} value={done} aria-label="shard headers read" />
          <div className="shard-grid" aria-hidden="true">
            {Array.from({ length: shardTotal }, (_, i) => (
              <span key={i} className={i < done ? 'cell done' : 'cell'} />
            ))}
          </div>
          {done > 0 && <p className="last-shard">last header: {progress.shardsDone[done - 1]}</p>}
        </>
      )}
    </section>
  );
}

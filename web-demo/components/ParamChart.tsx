// A hand-drawn SVG bar chart of the parameters per component (embeddings, attention, experts, ...).
import type { ParametersJson } from 'hf-model-import';

import { formatCount, formatPercent, formatShortCount } from '../lib/format';

const BAR_HEIGHT = 22;
const GAP = 8;
const LABEL_WIDTH = 130;
const BAR_WIDTH = 250;
const VALUE_WIDTH = 130;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;

/** "routed_experts" -> "routed experts". */
function label(component: string): string {
  return component.replace(/_/g, ' ');
}

export function ParamChart({ parameters }: { parameters: ParametersJson }) {
  const rows = Object.entries(parameters.by_component)
    .filter(([, v]) => typeof v === 'number' && v > 0)
    .sort((x, y) => y[1] - x[1]);
  const sum = rows.reduce((s, [, v]) => s + v, 0);
  const max = rows.length ? rows[0]![1] : 1;
  const height = Math.max(1, rows.length) * (BAR_HEIGHT + GAP);
  return (
    <section className="card" data-testid="param-chart">
      <h2>Parameters by component</h2>
      {rows.length === 0 ? (
        <p>No per-component breakdown.</p>
      ) : (
        <svg
          className="bar-chart"
          viewBox={`0 0 ${WIDTH} ${height}`}
          width={WIDTH}
          height={height}
          role="img"
          aria-label={`parameters by component, ${formatCount(sum)} in all`}
        >
          {rows.map(([component, value], i) => {
            const y = i * (BAR_HEIGHT + GAP);
            const w = Math.max(1, (BAR_WIDTH * value) / max);
            return (
              <g key={component} data-component={component} data-value={value}>
                <title>{`${label(component)}: ${formatCount(value)} (${formatPercent(value, sum)})`}</title>
                <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT / 2} className="bar-label" textAnchor="end" dominantBaseline="middle">
                  {label(component)}
                </text>
                <rect x={LABEL_WIDTH} y={y} width={w} height={BAR_HEIGHT} rx={3} className={`bar bar-${i % 6}`} />
                <text x={LABEL_WIDTH + w + 6} y={y + BAR_HEIGHT / 2} className="bar-value" dominantBaseline="middle">
                  {`${formatShortCount(value)} · ${formatPercent(value, sum)}`}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      {parameters.buffers ? <p className="note">Buffers stored in the files (not parameters): {formatCount(parameters.buffers)}</p> : null}
    </section>
  );
}

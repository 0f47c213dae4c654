/** Throughput per block, the run against the sequential baseline measured on the same blocks. */
import { useMemo } from 'react';
import { max, scaleLinear } from 'd3';
import { selectRunStrategy, useApp } from '../store/store.ts';
import { formatRate, throughputSeries, type ThroughputPoint } from '../charts/math.ts';
import {
  BLOCK_CHART_LEFT,
  BLOCK_CHART_RIGHT,
  BLOCK_CHART_WIDTH,
  BLOCK_PLOT_MID_X,
  blockScale,
  blockSeriesPath,
} from '../charts/blockAxis.ts';
import { BlockAxisMarks, BlockHitColumns, EmptyPlotNote, ValueGrid } from './PerBlockChartMarks.tsx';
import { ContentionPerBlock } from './ContentionPerBlock.tsx';

const W = BLOCK_CHART_WIDTH;
const H = 220;
const M = { top: 12, right: BLOCK_CHART_RIGHT, bottom: 30, left: BLOCK_CHART_LEFT };

export function Throughput() {
  const blocks = useApp((s) => s.blocks);
  const baseline = useApp((s) => s.baseline);
  const strategy = useApp(selectRunStrategy);
  const total = useApp((s) => s.ran?.totalBlocks ?? s.blocks.length);
  const series = useMemo(() => throughputSeries(blocks.filter(Boolean), baseline.blocks), [blocks, baseline.blocks]);
  // The blocks the run has reached (the baseline may be ahead): each gets a point and a column.
  const reached = series.filter((p): p is ThroughputPoint & { run: number } => p.run !== null);
  const x = blockScale(total);
  const empty = series.length === 0;
  // A sequential run is its own baseline: a second, identical line would hide under the first.
  const ownBaseline = strategy === 'sequential';
  const top = max(series, (p) => Math.max(p.run ?? 0, p.baseline ?? 0)) ?? 1;
  const y = scaleLinear()
    .domain([0, top * 1.1 || 1])
    .nice()
    .range([H - M.bottom, M.top]);
  return (
    <section className="panel" aria-labelledby="tp-title">
      <h2 id="tp-title">Throughput per block</h2>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label="Transactions per second for each block"
        className="chart"
        data-testid="throughput-chart"
      >
        {/* No rate axis before the first block: ticks of an empty 0–1 domain read "0 0 0 1 1 1". */}
        {empty && (
          <EmptyPlotNote top={M.top} bottom={H - M.bottom} testId="throughput-empty">
            Run a scenario to plot each block&apos;s transactions per second.
          </EmptyPlotNote>
        )}
        <ValueGrid y={y} ticks={empty ? [] : y.ticks(5)} format={formatRate} />
        {/* Block numbers, and the block the other views show, marked on both per-block charts. */}
        <BlockAxisMarks x={x} total={total} top={M.top} bottom={H - M.bottom} labelY={H - M.bottom + 16} />
        {/* Nor, before the first block, the block axis's label: alone, it floated under the note. */}
        {!empty && (
          <text x={BLOCK_PLOT_MID_X} y={H - 2} textAnchor="middle" className="axis-label">
            block
          </text>
        )}
        {!ownBaseline && <path d={blockSeriesPath(series, x, y, (p) => p.baseline)} className="series baseline" />}
        <path d={blockSeriesPath(series, x, y, (p) => p.run)} className="series run" />
        {reached.map((p) => (
          <circle key={p.block} cx={x(p.block)} cy={y(p.run)} r={4} className="dot run" />
        ))}
        <BlockHitColumns
          x={x}
          top={M.top}
          bottom={H - M.bottom}
          columns={reached.map((p) => ({
            block: p.block,
            title: `block ${p.block}: ${formatRate(p.run)} tx/s${p.baseline && !ownBaseline ? `, sequential ${formatRate(p.baseline)} tx/s` : ''}`,
          }))}
        />
      </svg>
      <p className="legend">
        <span className="swatch run" /> {strategy}
        {ownBaseline ? (
          ' (the baseline)'
        ) : (
          <>
            {' '}
            <span className="swatch baseline" /> sequential baseline
            {/* Its room is kept when hidden: on a narrow page it wraps the legend onto a second
                line, which came and went with the baseline and moved every view below. */}
            <span
              className={baseline.status === 'running' ? undefined : 'reserved'}
              aria-hidden={baseline.status !== 'running'}
            >
              {' '}
              (measuring…)
            </span>
          </>
        )}
      </p>
      <ContentionPerBlock />
    </section>
  );
}

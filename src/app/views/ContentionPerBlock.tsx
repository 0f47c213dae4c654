/**
 * Aborts and dependency waits per block, under the throughput chart and on its block axis: where
 * contention cost a block re-executions (aborts) or parked a reader on an ESTIMATE (waits), so a
 * throughput dip can be read against its cause. Colours are the timeline's for the same events.
 */
import { useMemo } from 'react';
import { max, scaleLinear } from 'd3';
import { useApp } from '../store/store.ts';
import { contentionSeries, countAxis } from '../charts/math.ts';
import { BLOCK_CHART_WIDTH, blockScale, blockSeriesPath } from '../charts/blockAxis.ts';
import { BlockAxisMarks, BlockHitColumns, EmptyPlotNote, ValueGrid } from './PerBlockChartMarks.tsx';
import { TRACE_COLORS } from '../charts/traceColors.ts';

const W = BLOCK_CHART_WIDTH;
const H = 120;
const TOP = 10;
const BOTTOM = 22;

export function ContentionPerBlock() {
  const blocks = useApp((s) => s.blocks);
  const total = useApp((s) => s.ran?.totalBlocks ?? s.blocks.length);
  const series = useMemo(() => contentionSeries(blocks.filter(Boolean)), [blocks]);
  // Drawn empty before the first block, as the throughput chart is, so the panel does not grow
  // by this chart's height when a run's first block arrives.
  const empty = series.length === 0;
  const x = blockScale(total);
  const axis = countAxis(max(series, (p) => Math.max(p.aborts, p.waits)) ?? 0);
  const y = scaleLinear()
    .domain([0, axis.top])
    .range([H - BOTTOM, TOP]);
  return (
    <div className="contention-chart">
      <h3 id="cp-title">Aborts and waits per block</h3>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="cp-title"
        className="chart"
        data-testid="contention-chart"
      >
        {empty && (
          <EmptyPlotNote top={TOP} bottom={H - BOTTOM}>
            Each block&apos;s aborts and waits, once it has run.
          </EmptyPlotNote>
        )}
        {/* No count axis before the first block: a grid from 0 would read as a count of zero. */}
        <ValueGrid y={y} ticks={empty ? [] : axis.ticks} />
        <BlockAxisMarks x={x} total={total} top={TOP} bottom={H - BOTTOM} labelY={H - BOTTOM + 15} />
        <path
          d={blockSeriesPath(series, x, y, (p) => p.waits)}
          className="series waits"
          stroke={TRACE_COLORS.suspend}
        />
        <path
          d={blockSeriesPath(series, x, y, (p) => p.aborts)}
          className="series aborts"
          stroke={TRACE_COLORS['validate-abort']}
        />
        <BlockHitColumns
          x={x}
          top={TOP}
          bottom={H - BOTTOM}
          columns={series.map((p) => ({
            block: p.block,
            title: `block ${p.block}: ${p.aborts} ${p.aborts === 1 ? 'abort' : 'aborts'}, ${p.waits} ${p.waits === 1 ? 'wait' : 'waits'}`,
          }))}
        />
      </svg>
      <p className="legend">
        <span title="A validation failed: the transaction runs again">
          <span className="swatch" style={{ background: TRACE_COLORS['validate-abort'] }} /> aborts (re-executions)
        </span>
        <span title="A read hit an ESTIMATE and waited for its writer">
          <span className="swatch" style={{ background: TRACE_COLORS.suspend }} /> waits on an ESTIMATE
        </span>
      </p>
    </div>
  );
}

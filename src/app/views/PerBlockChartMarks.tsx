/**
 * What the per-block charts draw alike: the note of an empty plot, the value gridlines across the
 * shared plot width, the block numbers under the plot, a dotted rule at the block the other views
 * show, and a click target per block.
 */
import type { ReactNode } from 'react';
import type { ScaleLinear } from 'd3';
import {
  BLOCK_CHART_LEFT,
  BLOCK_CHART_RIGHT,
  BLOCK_CHART_WIDTH,
  BLOCK_PLOT_MID_X,
  blockColumn,
  blockTicks,
} from '../charts/blockAxis.ts';
import { pinBlock } from '../store/actions.ts';
import { selectShownBlock, useApp } from '../store/store.ts';

/** What an empty plot says, in its middle: a chart is drawn, empty, before the first block. */
export function EmptyPlotNote({
  top,
  bottom,
  testId,
  children,
}: {
  top: number;
  bottom: number;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <text x={BLOCK_PLOT_MID_X} y={(top + bottom) / 2} textAnchor="middle" className="empty-note" data-testid={testId}>
      {children}
    </text>
  );
}

/** A gridline and its label, left of the plot, at each tick of the value axis. */
export function ValueGrid({
  y,
  ticks,
  format = String,
}: {
  y: ScaleLinear<number, number>;
  ticks: readonly number[];
  format?: (value: number) => string;
}) {
  return (
    <>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={BLOCK_CHART_LEFT} x2={BLOCK_CHART_WIDTH - BLOCK_CHART_RIGHT} y1={y(t)} y2={y(t)} className="grid" />
          <text x={BLOCK_CHART_LEFT - 6} y={y(t)} dy="0.32em" textAnchor="end" className="tick">
            {format(t)}
          </text>
        </g>
      ))}
    </>
  );
}

export function BlockAxisMarks({
  x,
  total,
  top,
  bottom,
  labelY,
}: {
  x: ScaleLinear<number, number>;
  total: number;
  /** The plot's top and bottom edges, which the rule spans. */
  top: number;
  bottom: number;
  /** Baseline of the block numbers. */
  labelY: number;
}) {
  const shown = useApp(selectShownBlock);
  return (
    <>
      {blockTicks(x, total).map((t) => (
        <text key={t} x={x(t)} y={labelY} textAnchor="middle" className="tick">
          {t}
        </text>
      ))}
      {shown !== null && (
        <line x1={x(shown)} x2={x(shown)} y1={top} y2={bottom} className="shown-block" data-block={shown} />
      )}
    </>
  );
}

/**
 * Each block's column, full plot height, as its click target and tooltip (see blockColumn). Drawn
 * last, over the series, so both charts pick a block the same way: anywhere in its column, not
 * only on a 4-px point.
 */
export function BlockHitColumns({
  x,
  columns,
  top,
  bottom,
}: {
  x: ScaleLinear<number, number>;
  columns: readonly { block: number; title: string }[];
  top: number;
  bottom: number;
}) {
  return (
    <>
      {columns.map(({ block, title }) => {
        const { x0, x1 } = blockColumn(x, block);
        return (
          <rect
            key={block}
            x={x0}
            width={x1 - x0}
            y={top}
            height={bottom - top}
            className="block-hit"
            data-block={block}
            onClick={() => pinBlock(block)}
          >
            <title>{title}</title>
          </rect>
        );
      })}
    </>
  );
}

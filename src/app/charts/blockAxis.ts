/**
 * The block axis the per-block charts share. The throughput chart and the aborts-and-waits
 * chart under it use one width and one horizontal margin, so block b sits at the same x in
 * both: a dip in throughput lines up with the aborts that caused it.
 */
import { line, scaleLinear, type ScaleLinear } from 'd3';

export const BLOCK_CHART_WIDTH = 560;
export const BLOCK_CHART_LEFT = 56;
export const BLOCK_CHART_RIGHT = 16;
/** The plot's horizontal middle, where a chart centres its notes and its axis label. */
export const BLOCK_PLOT_MID_X = (BLOCK_CHART_LEFT + BLOCK_CHART_WIDTH - BLOCK_CHART_RIGHT) / 2;

/** x of each block, 0 .. total - 1, across the shared plot width. */
export function blockScale(total: number): ScaleLinear<number, number> {
  return scaleLinear()
    .domain([0, Math.max(1, total - 1)])
    .range([BLOCK_CHART_LEFT, BLOCK_CHART_WIDTH - BLOCK_CHART_RIGHT]);
}

/** The blocks to label: at most ten, whole numbers only. */
export function blockTicks(x: ScaleLinear<number, number>, total: number): number[] {
  return x.ticks(Math.min(10, total)).filter(Number.isInteger);
}

/**
 * The click target of block `block`: from halfway to the block before to halfway to the next,
 * within the plot. The columns tile the plot, so a click anywhere picks the nearest block, and
 * never overlap, however many blocks a run has (a line's points are too small to hit then).
 */
export function blockColumn(x: ScaleLinear<number, number>, block: number): { x0: number; x1: number } {
  const half = (x(1) - x(0)) / 2;
  const [left, right] = x.range() as [number, number];
  return { x0: Math.max(left, x(block) - half), x1: Math.min(right, x(block) + half) };
}

/**
 * A series as an SVG path through each block's point; a block whose `value` is null (not measured
 * yet) breaks the line there.
 */
export function blockSeriesPath<P extends { block: number }>(
  points: P[],
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
  value: (p: P) => number | null,
): string {
  return (
    line<P>()
      .defined((p) => value(p) !== null)
      .x((p) => x(p.block))
      .y((p) => y(value(p) ?? 0))(points) ?? ''
  );
}

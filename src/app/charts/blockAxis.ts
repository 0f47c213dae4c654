/**
 * The block axis the per-block charts share. The throughput chart and the aborts-and-waits
 * chart under it use one width and one horizontal margin, so block b sits at the same x in
 * both: a dip in throughput lines up with the aborts that caused it.
 */
import { scaleLinear, type ScaleLinear } from 'd3';

export const BLOCK_CHART_WIDTH = 560;
export const BLOCK_CHART_LEFT = 56;
export const BLOCK_CHART_RIGHT = 16;

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

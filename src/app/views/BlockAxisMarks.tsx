/**
 * What the per-block charts draw alike on their shared block axis: the block numbers under the
 * plot, and a dotted rule at the block the other views show.
 */
import type { ScaleLinear } from 'd3';
import { blockTicks } from '../charts/blockAxis.ts';
import { selectShownBlock, useApp } from '../store/store.ts';

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

/**
 * Arrowheads for the conflict graph's links. A link runs from the transaction that wrote a value
 * to the one that read it; the head sits at the reader, its tip on the reader's rim, so the
 * direction reads on the picture itself (in a force layout a link's ends are in no order).
 */

/** Tip, then the two corners of the base: x, y pairs in the caller's coordinates. */
export type Triangle = [number, number, number, number, number, number];

/**
 * The head of a link arriving at (toX, toY) along the direction from (fromX, fromY): for a
 * straight link its other end, for a curve its control point (a quadratic curve leaves its end
 * along the line to the control point). The tip stops `tipGap` short of the end (the node's
 * rim); `length` and `halfWidth` size the head. Null when the two points coincide, so there is
 * no direction to point in.
 */
export function arrowHead(
  fromX: number,
  fromY: number,
  toX: number,
  toY: number,
  tipGap: number,
  length: number,
  halfWidth: number,
): Triangle | null {
  const dx = toX - fromX;
  const dy = toY - fromY;
  const d = Math.hypot(dx, dy);
  if (d === 0) return null;
  const ux = dx / d;
  const uy = dy / d;
  const tipX = toX - ux * tipGap;
  const tipY = toY - uy * tipGap;
  const baseX = tipX - ux * length;
  const baseY = tipY - uy * length;
  // The base runs across the link: the direction turned a quarter.
  return [tipX, tipY, baseX - uy * halfWidth, baseY + ux * halfWidth, baseX + uy * halfWidth, baseY - ux * halfWidth];
}

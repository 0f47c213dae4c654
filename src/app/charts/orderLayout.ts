/**
 * The conflict graph in transaction order: node i on a grid read row by row, each row turning
 * back like a snake (boustrophedon), so transactions i and i + 1 are always side by side.
 *
 * A force layout places nodes by their links alone, and folds a long chain (a hot pool's 1,000
 * swaps, each reading the one before) into a ball where the chain cannot be seen. In block order
 * the same chain is one unbroken line, and a block without conflicts a grid with no edges.
 */

/** How the conflict graph places its nodes: by their links (d3-force), or in transaction order. */
export const GRAPH_LAYOUTS = ['force', 'order'] as const;
export type GraphLayout = (typeof GRAPH_LAYOUTS)[number];

/**
 * Distance between neighbours, in graph units: a third more than the force layout's link
 * distance, so the link between two neighbours shows between their dots.
 */
export const ORDER_SPACING = 16;

/**
 * Positions (x, y pairs) of n nodes in transaction order, centred on the origin like the force
 * layout's. `aspect` is the grid's width over its height, about the panel's.
 */
export function orderLayout(n: number, aspect = 1.5, spacing = ORDER_SPACING): Float32Array {
  const positions = new Float32Array(n * 2);
  if (n === 0) return positions;
  const cols = Math.max(1, Math.ceil(Math.sqrt(n * aspect)));
  const rows = Math.ceil(n / cols);
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / cols);
    const along = i % cols;
    const col = row % 2 === 0 ? along : cols - 1 - along;
    positions[i * 2] = (col - (cols - 1) / 2) * spacing;
    positions[i * 2 + 1] = (row - (rows - 1) / 2) * spacing;
  }
  return positions;
}

/**
 * The control point of a link drawn as a quadratic curve in the order layout. A link between
 * neighbours stays straight, so a chain reads as a line; a longer one bows to the left of its
 * direction (above a row read left to right), by more the longer it is, so it passes over the
 * transactions between its ends instead of running through them and hiding under its
 * neighbours' links. The curve's apex is half the control point's offset from the chord.
 */
export function orderLinkControl(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  spacing = ORDER_SPACING,
): [number, number] {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length = Math.hypot(dx, dy);
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  if (length <= spacing * 1.01) return [mx, my];
  // Apex 0.35 of the extra length above the chord, at most 1.5 rows: two apart clears the
  // middle dot, and a link across the block stays near its own rows.
  const offset = 2 * Math.min(0.35 * (length - spacing), 1.5 * spacing);
  return [mx + (dy / length) * offset, my - (dx / length) * offset];
}

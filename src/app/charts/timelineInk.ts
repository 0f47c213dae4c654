/**
 * What the worker timeline paints, as rectangles whose area is proportional to time.
 *
 * Drawing each event as its own bar of at least one pixel overstates short events: zoomed out on
 * a default block, a pixel column holds about 37 µs, a validation takes 0.2 µs, and a 1-pixel
 * validation bar painted over the executions around it made validation look like half of a
 * worker's time. Instead each lane's pixel columns accumulate how much of their time each event
 * kind covers, and a column is filled bottom-up with one band per kind whose height is that share
 * (idle time stays blank). Adjacent columns with the same bands merge into one rectangle, so a
 * zoomed-in view of long events costs a rectangle per event, as before.
 */

export interface InkEvents {
  worker: ArrayLike<number>;
  kind: ArrayLike<number>;
  start: ArrayLike<number>;
  end: ArrayLike<number>;
}

export interface InkRect {
  lane: number;
  kind: number;
  /** Left edge and width in pixels (canvas coordinates). */
  x: number;
  w: number;
  /** Offset from the lane band's top, and height, in pixels (fractional: canvas blends them). */
  y: number;
  h: number;
}

export interface InkGeometry {
  /** Time (ms) to canvas x. */
  x: (t: number) => number;
  /** The drawable span in pixels, [left, right). */
  left: number;
  right: number;
  lanes: number;
  kinds: number;
  /** Height of a lane's band in pixels. */
  height: number;
}

/** The whole pixel columns the geometry spans: the first one's x, and how many. */
function columnsOf(g: InkGeometry): { left: number; columns: number } {
  const left = Math.floor(g.left);
  return { left, columns: Math.max(0, Math.ceil(g.right) - left) };
}

/**
 * Share of each pixel column's time covered by each kind, per lane:
 * coverage[(lane * kinds + kind) * columns + column], columns counted from `left`.
 */
export function timelineCoverage(trace: InkEvents, idx: readonly number[], g: InkGeometry): Float64Array {
  const { left, columns } = columnsOf(g);
  const cover = new Float64Array(g.lanes * g.kinds * columns);
  for (const i of idx) {
    const lane = trace.worker[i]!;
    if (lane < 0 || lane >= g.lanes) continue;
    const x0 = Math.max(g.x(trace.start[i]!), left) - left;
    const x1 = Math.min(g.x(trace.end[i]!), left + columns) - left;
    if (!(x1 > x0)) continue;
    const row = (lane * g.kinds + trace.kind[i]!) * columns;
    const c0 = Math.floor(x0);
    const c1 = Math.min(Math.ceil(x1), columns) - 1;
    if (c0 === c1) {
      cover[row + c0]! += x1 - x0;
      continue;
    }
    cover[row + c0]! += c0 + 1 - x0;
    for (let c = c0 + 1; c < c1; c++) cover[row + c] = cover[row + c]! + 1;
    cover[row + c1]! += x1 - c1;
  }
  return cover;
}

/**
 * The rectangles to fill: per lane and column, bands stacked from the bottom in kind order, each
 * as tall as its kind's share of the column; equal neighbouring columns merged. Heights are not
 * rounded: a kind with 2% of every column would round to nothing everywhere, and a fractional
 * band is drawn as a faint line, which is what 2% of the time looks like.
 */
export function timelineInk(trace: InkEvents, idx: readonly number[], g: InkGeometry): InkRect[] {
  const { left, columns } = columnsOf(g);
  const cover = timelineCoverage(trace, idx, g);
  const rects: InkRect[] = [];
  const tops = new Float64Array(g.kinds + 1);
  const previous = new Float64Array(g.kinds + 1);
  for (let lane = 0; lane < g.lanes; lane++) {
    /** Open rectangle per kind: the column it started at, or -1. */
    const openAt = new Int32Array(g.kinds).fill(-1);
    previous.fill(0);
    const close = (kind: number, column: number): void => {
      const from = openAt[kind]!;
      if (from < 0) return;
      const y0 = g.height - previous[kind + 1]!;
      rects.push({ lane, kind, x: left + from, w: column - from, y: y0, h: previous[kind + 1]! - previous[kind]! });
      openAt[kind] = -1;
    };
    for (let c = 0; c <= columns; c++) {
      // Cumulative band tops for this column (a column past the end is empty and closes all).
      let share = 0;
      tops[0] = 0;
      for (let k = 0; k < g.kinds; k++) {
        if (c < columns) share += cover[(lane * g.kinds + k) * columns + c]!;
        tops[k + 1] = Math.min(share, 1) * g.height;
      }
      for (let k = 0; k < g.kinds; k++) {
        const same = tops[k] === previous[k] && tops[k + 1] === previous[k + 1];
        if (same) continue;
        close(k, c);
        if (tops[k + 1]! > tops[k]!) openAt[k] = c;
      }
      previous.set(tops);
    }
  }
  return rects;
}

/** How far (pixels) a click may land from an event and still pick it: bars are often sub-pixel. */
export const PICK_SLACK_PX = 4;

/**
 * The event a click at canvas x `px` in `lane` picks: one covering that instant, else the nearest
 * within PICK_SLACK_PX pixels, else -1. Only events with a transaction (`tx ≥ 0`) count. Exact
 * hits alone missed most clicks zoomed out, where a pixel column holds several events and the
 * gaps between them (a validation, a task claim) fall under the pointer as often as a bar does.
 */
export function eventAtPixel(
  trace: InkEvents & { tx: ArrayLike<number> },
  idx: readonly number[],
  g: Pick<InkGeometry, 'x'>,
  lane: number,
  px: number,
): number {
  let best = -1;
  let bestDistance = PICK_SLACK_PX;
  for (const i of idx) {
    if (trace.worker[i] !== lane || trace.tx[i]! < 0) continue;
    const x0 = g.x(trace.start[i]!);
    const x1 = g.x(trace.end[i]!);
    const distance = px < x0 ? x0 - px : px > x1 ? px - x1 : 0;
    if (distance < bestDistance) {
      best = i;
      if (distance === 0) break;
      bestDistance = distance;
    }
  }
  return best;
}

/** An event wide enough on screen to be told apart from its neighbours: where it starts, and its transaction. */
export interface EventMark {
  lane: number;
  /** The event's visible start and width in pixels (clipped to the drawable span). */
  x: number;
  w: number;
  tx: number;
  incarnation: number;
  /** The event's position in the trace. */
  event: number;
}

/**
 * The events at least `minWidth` pixels wide in view. Zoomed in, back-to-back executions of the
 * same kind merge into one band of ink; marking where each starts (and, where it fits, which
 * transaction it is) lets a class read a small block task by task. Zoomed out nothing is that
 * wide, so nothing is marked and the ink stays proportional to time.
 */
export function eventMarks(
  trace: InkEvents & { tx: ArrayLike<number>; incarnation: ArrayLike<number> },
  idx: readonly number[],
  g: Pick<InkGeometry, 'x' | 'left' | 'right' | 'lanes'>,
  minWidth: number,
): EventMark[] {
  const marks: EventMark[] = [];
  for (const i of idx) {
    const lane = trace.worker[i]!;
    if (lane < 0 || lane >= g.lanes || trace.tx[i]! < 0) continue;
    const x0 = Math.max(g.x(trace.start[i]!), g.left);
    const x1 = Math.min(g.x(trace.end[i]!), g.right);
    if (x1 - x0 >= minWidth)
      marks.push({ lane, x: x0, w: x1 - x0, tx: trace.tx[i]!, incarnation: trace.incarnation[i]!, event: i });
  }
  return marks;
}

/** Where one event of the selected transaction is, widened to be seen: lane, left edge, width. */
export interface TxSpan {
  lane: number;
  x: number;
  w: number;
}

/**
 * Every event of transaction `tx` (executions, waits, validations) in view, each at least
 * `minWidth` pixels wide about its middle: the timeline outlines them, so the inspector's
 * transaction can be found among thousands of events zoomed out, where a 10 µs execution is a
 * fraction of a pixel. Clipped to the drawable span.
 */
export function txEventSpans(
  trace: InkEvents & { tx: ArrayLike<number> },
  idx: readonly number[],
  g: Pick<InkGeometry, 'x' | 'left' | 'right' | 'lanes'>,
  tx: number,
  minWidth: number,
): TxSpan[] {
  return eventSpans(
    trace,
    idx.filter((i) => trace.tx[i] === tx),
    g,
    minWidth,
  );
}

/**
 * Where events `idx` are in view (lane, left edge, width), each widened to at least `minWidth`
 * pixels about its middle, then clipped to the drawable span.
 */
export function eventSpans(
  trace: InkEvents,
  idx: readonly number[],
  g: Pick<InkGeometry, 'x' | 'left' | 'right' | 'lanes'>,
  minWidth = 0,
): TxSpan[] {
  const spans: TxSpan[] = [];
  for (const i of idx) {
    const lane = trace.worker[i]!;
    if (lane < 0 || lane >= g.lanes) continue;
    let x0 = g.x(trace.start[i]!);
    let x1 = g.x(trace.end[i]!);
    if (x1 - x0 < minWidth) [x0, x1] = [(x0 + x1 - minWidth) / 2, (x0 + x1 + minWidth) / 2];
    x0 = Math.max(x0, g.left);
    x1 = Math.min(x1, g.right);
    if (x1 > x0) spans.push({ lane, x: x0, w: x1 - x0 });
  }
  return spans;
}

/** The views' math, which needs no browser: series, axes, the conflict graph's models and layouts. */
import { describe, expect, it } from 'vitest';
import { stats } from './helpers.ts';
import { indexTrace, TX_KINDS, type BlockDetail, type TraceColumns } from '../src/engine/index.ts';
import {
  blockEvents,
  contentionSeries,
  countAxis,
  formatRate,
  graphModel,
  incidentLinks,
  hotKeys,
  medianBlockStats,
  speedup,
  throughputSeries,
  timeAxisLabels,
} from '../src/app/charts/math.ts';
import { scaleLinear } from 'd3';
import { wholeTransform } from '../src/app/charts/zoom.ts';
import {
  BLOCK_CHART_LEFT,
  BLOCK_CHART_RIGHT,
  BLOCK_CHART_WIDTH,
  blockColumn,
  blockScale,
  blockTicks,
} from '../src/app/charts/blockAxis.ts';
import { KIND_COLORS, REEXECUTED_RING, kindCounts } from '../src/app/charts/graphColors.ts';
import { SELECTED_TX_COLOR } from '../src/app/charts/selection.ts';
import { ORDER_SPACING, orderLayout, orderLinkControl } from '../src/app/charts/orderLayout.ts';
import { arrowHead } from '../src/app/charts/arrowHead.ts';

describe('chart math', () => {
  it('pairs run and baseline per block and computes the overall speedup from wall times', () => {
    const run = [stats(0, 1000, 5), stats(1, 1000, 5)];
    const base = [stats(0, 1000, 10), stats(1, 1000, 20), stats(2, 1000, 10)];
    expect(throughputSeries(run, base)).toEqual([
      { block: 0, run: 200000, baseline: 100000 },
      { block: 1, run: 200000, baseline: 50000 },
      { block: 2, run: null, baseline: 100000 },
    ]);
    expect(speedup(run, base)).toBe(3); // (10 + 20) / (5 + 5) over the blocks both have
    expect(speedup([], base)).toBeNull();
  });

  it('gives each block its aborts and waits, on whole-number ticks from zero', () => {
    const run = [
      { ...stats(0, 1000, 5), aborts: 12, suspensions: 3 },
      { ...stats(1, 1000, 5), aborts: 0, suspensions: 0 },
    ];
    expect(contentionSeries(run)).toEqual([
      { block: 0, aborts: 12, waits: 3 },
      { block: 1, aborts: 0, waits: 0 },
    ]);
    // No aborts at all: the axis still runs 0–4, so the zero line is drawn at the bottom.
    expect(countAxis(0)).toEqual({ top: 4, ticks: [0, 1, 2, 3, 4] });
    // Never half an abort, even where a linear scale would tick at 0.5 (ten ticks over 0–4).
    expect(countAxis(3, 10)).toEqual({ top: 4, ticks: [0, 1, 2, 3, 4] });
    const wide = countAxis(137);
    expect(wide.top).toBeGreaterThanOrEqual(137);
    expect(wide.ticks[0]).toBe(0);
    expect(wide.ticks.every(Number.isInteger)).toBe(true);
  });

  it('puts block b at the same x on both per-block charts, with whole blocks as ticks', () => {
    const x = blockScale(10);
    expect(x(0)).toBe(BLOCK_CHART_LEFT);
    expect(x(9)).toBe(BLOCK_CHART_WIDTH - BLOCK_CHART_RIGHT);
    expect(blockTicks(x, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(blockTicks(blockScale(3), 3)).toEqual([0, 1, 2]);
    // One block has an axis of its own width, not a zero-width one.
    expect(blockScale(1)(0)).toBe(BLOCK_CHART_LEFT);
  });

  it("gives each block a click column that tiles the plot, however many blocks, around the block's x", () => {
    for (const total of [1, 2, 4, 300, 1000]) {
      const x = blockScale(total);
      const columns = Array.from({ length: total }, (_, b) => blockColumn(x, b));
      expect(columns[0]!.x0).toBe(BLOCK_CHART_LEFT);
      expect(columns.at(-1)!.x1).toBeCloseTo(total === 1 ? x(0.5) : BLOCK_CHART_WIDTH - BLOCK_CHART_RIGHT, 9);
      columns.forEach((c, b) => {
        expect(c.x0).toBeLessThanOrEqual(x(b));
        expect(c.x1).toBeGreaterThanOrEqual(x(b));
        // Each column starts where the one before ends: no gap, no overlap.
        if (b > 0) expect(c.x0).toBeCloseTo(columns[b - 1]!.x1, 9);
      });
    }
  });

  it("colours no kind like either of the graph's rings, nor two kinds alike", () => {
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((v, i) => v - rgb(b)[i]!));
    const kinds = Object.entries(KIND_COLORS);
    expect(kinds.map(([k]) => k).sort()).toEqual([...TX_KINDS].sort());
    for (const [kind, color] of kinds) {
      // A liquidation drawn in the re-executed ring's red read as re-executed.
      expect(distance(color, REEXECUTED_RING), kind).toBeGreaterThan(90);
      expect(distance(color, SELECTED_TX_COLOR), kind).toBeGreaterThan(90);
      // The quality spec finds node ink by red differing from green (edges are grey).
      expect(rgb(color)[0], kind).not.toBe(rgb(color)[1]);
      for (const [other, otherColor] of kinds)
        if (other < kind) expect(distance(color, otherColor), `${kind} ~ ${other}`).toBeGreaterThan(30);
    }
  });

  it('counts the kinds a block has, in the engine order, leaving absent kinds out', () => {
    const code = (k: (typeof TX_KINDS)[number]) => TX_KINDS.indexOf(k);
    const kinds = [code('oracle'), code('swap'), code('transfer'), code('swap'), code('liquidate')];
    expect(kindCounts(Int32Array.from(kinds))).toEqual([
      { kind: 'transfer', count: 1 },
      { kind: 'swap', count: 2 },
      { kind: 'liquidate', count: 1 },
      { kind: 'oracle', count: 1 },
    ]);
    expect(kindCounts(new Int32Array(0))).toEqual([]);
  });

  it("takes each block's median wall time over several baseline runs", () => {
    const runs = [
      [stats(0, 1000, 10), stats(1, 1000, 30)],
      [stats(0, 1000, 40), stats(1, 1000, 20)], // block 0 landed on a busy moment
      [stats(0, 1000, 12), stats(1, 1000, 25)],
    ];
    const base = medianBlockStats(runs);
    expect(base.map((b) => b.wallMs)).toEqual([12, 25]);
    expect(base.map((b) => b.txPerSec)).toEqual([1000 / 0.012, 1000 / 0.025]);
    expect(medianBlockStats([runs[0]!, runs[1]!]).map((b) => b.wallMs)).toEqual([25, 25]);
    expect(medianBlockStats([])).toEqual([]);
  });

  // Three transactions: 0 and 2 write key 5, 1 writes key 9; 1 and 2 read key 5 written by 0.
  const detail: BlockDetail = {
    readStart: Int32Array.from([0, 0, 1, 2]),
    readKeys: Int32Array.from([5, 5]),
    readVersions: Int32Array.from([0, 0]),
    readIncarnations: Int32Array.from([0, 0]),
    writeStart: Int32Array.from([0, 1, 2, 3]),
    writeKeys: Int32Array.from([5, 9, 5]),
    writeValues: BigInt64Array.from([1n, 2n, 3n]),
    incarnations: Int32Array.from([1, 1, 3]),
    validations: Int32Array.from([1, 1, 3]),
    edges: Int32Array.from([0, 1, 0, 2]),
  };

  it('ranks hot keys by writers with their incarnations and readers', () => {
    expect(hotKeys(detail, 1)).toEqual([
      {
        key: 5,
        writers: [
          { tx: 0, incarnations: 1 },
          { tx: 2, incarnations: 3 },
        ],
        readers: 2,
      },
    ]);
    expect(hotKeys(detail, 10).map((k) => k.key)).toEqual([5, 9]);
  });

  it('marks re-executed transactions in the graph model', () => {
    const g = graphModel(detail);
    expect(g.nodes).toBe(3);
    expect(Array.from(g.reexecuted)).toEqual([0, 0, 1]);
    expect(Array.from(g.links)).toEqual([0, 1, 0, 2]);
  });

  it("finds a node's links both ways, writer and reader", () => {
    // 0 → 1, 0 → 2, 1 → 3, 2 → 3 (writer → reader), as offsets into the pairs.
    const links = Int32Array.from([0, 1, 0, 2, 1, 3, 2, 3]);
    expect(incidentLinks(links, 0)).toEqual([0, 2]);
    expect(incidentLinks(links, 1)).toEqual([0, 4]);
    expect(incidentLinks(links, 3)).toEqual([4, 6]);
    expect(incidentLinks(links, 9)).toEqual([]);
  });

  it('selects one block of the trace and its time span', () => {
    const trace: TraceColumns = {
      count: 3,
      worker: Int32Array.from([0, 1, 0]),
      kind: Int32Array.from([0, 0, 2]),
      block: Int32Array.from([0, 1, 1]),
      tx: Int32Array.from([0, 0, 0]),
      incarnation: Int32Array.from([0, 0, 0]),
      blocking: Int32Array.from([-1, -1, -1]),
      start: Float64Array.from([1, 5, 7]),
      end: Float64Array.from([2, 6, 9]),
      dropped: 0,
    };
    expect(blockEvents(indexTrace(trace), 1)).toEqual({ idx: [1, 2], t0: 5, t1: 9 });
    expect(blockEvents(indexTrace(trace), 4)).toEqual({ idx: [], t0: 0, t1: 1 });
    // The block's clock, from its opening to the end of its commit, where its stats give one.
    expect(blockEvents(indexTrace(trace), 1, { startMs: 4, wallMs: 5.5 })).toEqual({ idx: [1, 2], t0: 4, t1: 9.5 });
    expect(blockEvents(indexTrace(trace), 1, { startMs: 4, wallMs: 2 })).toEqual({ idx: [1, 2], t0: 4, t1: 9 });
    // A first task timed a clock step before the opening (threads read the clock in steps).
    const step = 1 / 128; // about Chromium's 5 µs step, and exact in binary
    expect(blockEvents(indexTrace(trace), 1, { startMs: 5 + step, wallMs: 4 })).toEqual({
      idx: [1, 2],
      t0: 5,
      t1: 9 + step,
    });
    expect(blockEvents(indexTrace(trace), 1, { wallMs: 5 })).toEqual({ idx: [1, 2], t0: 5, t1: 9 });
  });

  it('labels the time axis at round times since the block began, inside the canvas', () => {
    // A block from 1234.567 ms to 1242.667 ms of the run, drawn on pixels 64..600.
    const x = scaleLinear().domain([1234.567, 1242.667]).range([64, 600]);
    const labels = timeAxisLabels(x, 1234.567, 600, (label) => label.length * 6);
    expect(labels.map((l) => l.label)).toEqual([
      '0 ms',
      '1 ms',
      '2 ms',
      '3 ms',
      '4 ms',
      '5 ms',
      '6 ms',
      '7 ms',
      '8 ms',
    ]);
    expect(labels[0]!.x).toBe(64);
    for (const l of labels) expect(l.x + l.label.length * 6).toBeLessThanOrEqual(600);
    // The last tick (8 ms) sits 6.6 px from the edge: its label is pulled left to end there.
    expect(labels.at(-1)!.x).toBe(600 - 4 * 6);
    expect(labels[2]!.x).toBeCloseTo(64 + (2 / 8.1) * 536, 6);
    // Wider labels: 8 ms pulled left would overlap 7 ms, so it is dropped; no two labels touch.
    const wide = timeAxisLabels(x, 1234.567, 600, (label) => label.length * 12);
    expect(wide.map((l) => l.label)).toEqual(['0 ms', '1 ms', '2 ms', '3 ms', '4 ms', '5 ms', '6 ms', '7 ms']);
    for (let i = 1; i < wide.length; i++) expect(wide[i]!.x).toBeGreaterThanOrEqual(wide[i - 1]!.x + 4 * 12 + 4);
  });

  it('formats rates compactly', () => {
    expect([formatRate(950), formatRate(12_345), formatRate(2_500_000)]).toEqual(['950', '12.3k', '2.50M']);
  });
});

describe('fitting a graph to its canvas', () => {
  it('scales a small layout up to fill the view, centred, up to the greatest scale', () => {
    // 8 nodes in 40 × 20 graph units, a 600 × 400 canvas, 28 px to spare, at most 3×.
    const t = wholeTransform([-10, -5, 30, 15], [600, 400], 28, [0.2, 3]);
    expect(t.k).toBe(3);
    // The layout's centre (10, 5) lands on the view's centre.
    expect([10 * t.k + t.x, 5 * t.k + t.y]).toEqual([300, 200]);
    // Capped by the tighter side below the maximum: 300 × 100 units fit at (600 − 56) / 300.
    expect(wholeTransform([0, 0, 300, 100], [600, 400], 28, [0.2, 3]).k).toBeCloseTo(544 / 300);
    // A single node (no extent) gets the maximum, not a division by zero.
    expect(wholeTransform([4, 4, 4, 4], [600, 400], 28, [0.2, 3]).k).toBe(3);
  });

  it('shrinks a large layout onto the view, down to the least scale', () => {
    // 1,200 × 400 units on a 600 × 400 canvas: (600 − 56) / 1200 on the tighter side, centred.
    const t = wholeTransform([-500, -100, 700, 300], [600, 400], 28, [0.2, 3]);
    expect(t.k).toBeCloseTo(544 / 1200);
    expect(100 * t.k + t.x).toBeCloseTo(300);
    expect(100 * t.k + t.y).toBeCloseTo(200);
    // Every corner of the layout lands inside the view, 28 px from its edges or more.
    for (const [x, y] of [
      [-500, -100],
      [700, 300],
    ] as const) {
      expect(x * t.k + t.x).toBeGreaterThanOrEqual(28 - 1e-9);
      expect(x * t.k + t.x).toBeLessThanOrEqual(600 - 28 + 1e-9);
      expect(y * t.k + t.y).toBeGreaterThanOrEqual(28 - 1e-9);
      expect(y * t.k + t.y).toBeLessThanOrEqual(400 - 28 + 1e-9);
    }
    // Never below the least scale, however large the layout.
    expect(wholeTransform([0, 0, 100_000, 10], [600, 400], 28, [0.2, 3]).k).toBe(0.2);
  });
});

describe('the conflict graph in transaction order', () => {
  const at = (p: Float32Array, i: number): [number, number] => [p[i * 2]!, p[i * 2 + 1]!];
  const distance = (p: Float32Array, i: number, j: number): number =>
    Math.hypot(at(p, i)[0] - at(p, j)[0], at(p, i)[1] - at(p, j)[1]);

  it('keeps every transaction beside the next, so a chain is one unbroken line', () => {
    for (const n of [1, 2, 8, 16, 999, 1000, 2001]) {
      const p = orderLayout(n);
      expect(p).toHaveLength(n * 2);
      for (let i = 0; i + 1 < n; i++) expect(distance(p, i, i + 1)).toBeCloseTo(ORDER_SPACING);
      // No two transactions share a place.
      expect(new Set(Array.from({ length: n }, (_x, i) => at(p, i).join())).size).toBe(n);
    }
  });

  it('reads row by row, each row turning back, in a block about as wide as asked', () => {
    // 8 transactions at aspect 1.5: 4 columns (ceil √12), 2 rows; the second row runs back.
    const p = orderLayout(8);
    const xs = Array.from({ length: 8 }, (_x, i) => at(p, i)[0]);
    const ys = Array.from({ length: 8 }, (_x, i) => at(p, i)[1]);
    expect(xs).toEqual([-1.5, -0.5, 0.5, 1.5, 1.5, 0.5, -0.5, -1.5].map((c) => c * ORDER_SPACING));
    expect(ys).toEqual([-0.5, -0.5, -0.5, -0.5, 0.5, 0.5, 0.5, 0.5].map((r) => r * ORDER_SPACING));
    // 1,000 transactions: 39 columns and 26 rows, centred on the origin as the force layout is.
    const q = orderLayout(1000);
    const width = Math.max(...q.filter((_v, i) => i % 2 === 0)) - Math.min(...q.filter((_v, i) => i % 2 === 0));
    const height = Math.max(...q.filter((_v, i) => i % 2 === 1)) - Math.min(...q.filter((_v, i) => i % 2 === 1));
    expect([width, height]).toEqual([38 * ORDER_SPACING, 25 * ORDER_SPACING]);
    expect(orderLayout(0)).toHaveLength(0);
  });

  it('draws a link between neighbours straight and bows a longer one over the nodes between', () => {
    const s = ORDER_SPACING;
    // Neighbours: the control point is the midpoint, so the curve is the straight segment.
    expect(orderLinkControl(0, 0, s, 0)).toEqual([s / 2, 0]);
    expect(orderLinkControl(0, 0, 0, s)).toEqual([0, s / 2]);
    // Two apart, left to right: the apex (half the control point's offset) passes above the
    // middle node, whose dot (radius 4) would otherwise hide the link under its neighbours'.
    const [cx, cy] = orderLinkControl(0, 0, 2 * s, 0);
    expect(cx).toBe(s);
    expect(-cy / 2).toBeGreaterThan(4);
    // Right to left (a row running back) it bows the other way, below.
    expect(orderLinkControl(2 * s, 0, 0, 0)[1]).toBeCloseTo(-cy);
    // A link across the block bows no more than a row and a half, so it stays near its rows.
    expect(-orderLinkControl(0, 0, 40 * s, 0)[1] / 2).toBeCloseTo(1.5 * s);
  });
});

describe("a link's arrowhead", () => {
  it('points at the reader, its tip on the rim and its base across the link', () => {
    // Writer at the origin, reader 10 to the right: the tip stops 4 short of the reader.
    expect(arrowHead(0, 0, 10, 0, 4, 3, 1)).toEqual([6, 0, 3, 1, 3, -1]);
    // Any direction: the tip is tipGap from the reader toward the writer, the base `length`
    // further back, its corners `halfWidth` to either side and at equal distance from the tip.
    const [tx, ty, lx, ly, rx, ry] = arrowHead(2, 7, -4, -1, 2.5, 6, 2)!;
    expect(Math.hypot(tx + 4, ty + 1)).toBeCloseTo(2.5);
    expect(Math.hypot(tx - 2, ty - 7)).toBeCloseTo(10 - 2.5);
    const [bx, by] = [(lx + rx) / 2, (ly + ry) / 2];
    expect(Math.hypot(bx - tx, by - ty)).toBeCloseTo(6);
    expect(Math.hypot(lx - rx, ly - ry)).toBeCloseTo(4);
    // The base's middle lies back toward the writer, on the link's line.
    expect(Math.hypot(bx - 2, by - 7)).toBeCloseTo(10 - 2.5 - 6);
    expect(Math.hypot(lx - tx, ly - ty)).toBeCloseTo(Math.hypot(rx - tx, ry - ty));
  });

  it('follows a curve in along its control point, and has no direction when the ends meet', () => {
    // A bowed order-layout link arrives from above-left, not along its chord.
    const [cx, cy] = orderLinkControl(0, 0, 2 * ORDER_SPACING, 0);
    const [tx, ty] = arrowHead(cx, cy, 2 * ORDER_SPACING, 0, 4, 7, 3)!;
    expect(ty).toBeLessThan(0);
    expect(tx).toBeLessThan(2 * ORDER_SPACING);
    expect(arrowHead(3, 3, 3, 3, 4, 7, 3)).toBeNull();
  });
});

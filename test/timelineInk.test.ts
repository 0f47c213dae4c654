/**
 * The worker timeline's ink: area proportional to time at any zoom, so short events (validations)
 * are not painted as wide as the executions around them.
 */
import { describe, expect, it } from 'vitest';
import { traceRows as events } from './traceRows.ts';
import {
  eventAtPixel,
  eventMarks,
  eventSpans,
  PICK_SLACK_PX,
  timelineInk,
  type InkGeometry,
  type InkRect,
  txEventSpans,
} from '../src/app/charts/timelineInk.ts';

const EXECUTE = 0;
const VALIDATE = 2;

const geometry = (msPerPx: number, px: number, lanes = 1): InkGeometry => ({
  x: (t) => 10 + t / msPerPx,
  left: 10,
  right: 10 + px,
  lanes,
  kinds: 5,
  height: 20,
});

const area = (rects: InkRect[], kind: number, lane = 0): number =>
  rects.filter((r) => r.kind === kind && r.lane === lane).reduce((s, r) => s + r.w * r.h, 0);

describe('timeline ink', () => {
  it('zoomed out, short validations between executions get their share of ink, not a pixel each', () => {
    // A worker executing 10 µs transactions, each followed by its 0.2 µs validation, drawn at
    // 37 µs per pixel (a default block across a 270-pixel lane).
    const rows: [number, number, number, number][] = [];
    let t = 0;
    for (let i = 0; i < 1000; i++) {
      rows.push([0, EXECUTE, t, t + 0.01]);
      rows.push([0, VALIDATE, t + 0.01, t + 0.0102]);
      t += 0.0102;
    }
    const { trace, idx } = events(rows);
    const rects = timelineInk(trace, idx, geometry(0.037, 280));
    const share = area(rects, VALIDATE) / (area(rects, VALIDATE) + area(rects, EXECUTE));
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.04); // the time share is 0.2 / 10.2 = 2%
    // Busy all along: about every pixel of the 276 busy columns is inked.
    expect(area(rects, VALIDATE) + area(rects, EXECUTE)).toBeCloseTo((t / 0.037) * 20, -1);
  });

  it('zoomed in, each event is one rectangle at its own place, and idle time stays blank', () => {
    const { trace, idx } = events([
      [0, EXECUTE, 0, 1],
      [0, VALIDATE, 1, 1.5],
      [1, EXECUTE, 2, 3],
    ]);
    const rects = timelineInk(trace, idx, geometry(0.01, 400, 2));
    expect(rects).toEqual([
      { lane: 0, kind: EXECUTE, x: 10, w: 100, y: 0, h: 20 },
      { lane: 0, kind: VALIDATE, x: 110, w: 50, y: 0, h: 20 },
      { lane: 1, kind: EXECUTE, x: 210, w: 100, y: 0, h: 20 },
    ]);
  });

  it('bands in a column stack without overlapping and never leave the lane', () => {
    const rows: [number, number, number, number][] = [];
    for (let i = 0; i < 300; i++) rows.push([0, i % 5, i * 0.013, i * 0.013 + 0.004 + (i % 3) * 0.003]);
    const { trace, idx } = events(rows);
    const rects = timelineInk(trace, idx, geometry(0.05, 100));
    expect(rects.length).toBeGreaterThan(0);
    for (let c = 10; c < 110; c++) {
      const bands = rects.filter((r) => r.x <= c && c < r.x + r.w).sort((a, b) => a.y - b.y);
      for (const r of bands) expect(r.y >= 0 && r.h > 0 && r.y + r.h <= 20).toBe(true);
      for (let k = 1; k < bands.length; k++)
        expect(bands[k]!.y).toBeGreaterThanOrEqual(bands[k - 1]!.y + bands[k - 1]!.h);
    }
  });

  it('events outside the visible span are clipped', () => {
    const { trace, idx } = events([[0, EXECUTE, -1, 0.5]]);
    expect(timelineInk(trace, idx, geometry(0.01, 400))).toEqual([
      { lane: 0, kind: EXECUTE, x: 10, w: 50, y: 0, h: 20 },
    ]);
  });
});

describe('timeline click', () => {
  // Two workers at 0.01 ms per pixel from x = 10: lane 0 executes tx 7 over [0, 0.1] ms (x 10–20)
  // and validates tx 3 over [0.15, 0.151] ms (x 25–25.1); the block marker (tx -1) spans lane 0's
  // whole block; lane 1 executes tx 9 over [0.3, 0.4] ms (x 40–50).
  const { trace, idx } = events([
    [0, 4, 0, 0.5],
    [0, EXECUTE, 0, 0.1],
    [0, VALIDATE, 0.15, 0.151],
    [1, EXECUTE, 0.3, 0.4],
  ]);
  const withTx = { ...trace, tx: [-1, 7, 3, 9] };
  const g = geometry(0.01, 400, 2);
  const txAt = (lane: number, px: number): number => {
    const i = eventAtPixel(withTx, idx, g, lane, px);
    return i < 0 ? -1 : withTx.tx[i]!;
  };

  it('picks the event under the pointer, never the block marker', () => {
    expect(txAt(0, 15)).toBe(7);
    expect(txAt(1, 45)).toBe(9);
  });

  it('picks a sub-pixel event from a click a few pixels off it, and the nearer of two', () => {
    expect(txAt(0, 25.05)).toBe(3);
    expect(txAt(0, 24)).toBe(3); // 1 px from tx 3, 4 px from tx 7
    expect(txAt(0, 21)).toBe(7); // 1 px from tx 7, 4 px from tx 3
  });

  it('picks nothing farther than the slack, or in another lane', () => {
    expect(txAt(0, 25.1 + PICK_SLACK_PX + 0.5)).toBe(-1);
    expect(txAt(1, 15)).toBe(-1);
    expect(txAt(2, 15)).toBe(-1);
  });
});

describe('telling back-to-back tasks apart', () => {
  // Four executions of 0.35 ms back to back on one worker, then a 0.001 ms validation.
  const rows: [number, number, number, number][] = [
    [0, EXECUTE, 0, 0.35],
    [0, EXECUTE, 0.35, 0.7],
    [0, EXECUTE, 0.7, 1.05],
    [0, EXECUTE, 1.05, 1.4],
    [0, VALIDATE, 1.4, 1.401],
  ];
  const { trace, idx } = events(rows);
  const full = { ...trace, tx: [0, 2, 5, 2, 2], incarnation: [0, 0, 0, 1, 1] };

  it('marks each event wide enough on screen, with its transaction and incarnation', () => {
    // 0.01 ms per pixel: each execution is 35 px wide, the validation a tenth of a pixel.
    const marks = eventMarks(full, idx, geometry(0.01, 500), 8);
    expect(marks.map((m) => [m.tx, m.incarnation])).toEqual([
      [0, 0],
      [2, 0],
      [5, 0],
      [2, 1],
    ]);
    expect(marks[1]!.x).toBeCloseTo(45);
    expect(marks[1]!.w).toBeCloseTo(35);
  });

  it("knows each mark's event, and places any events' spans as drawn, clipped to the view", () => {
    expect(eventMarks(full, idx, geometry(0.01, 500), 8).map((m) => m.event)).toEqual([0, 1, 2, 3]);
    // The second and last executions (hatched when a pause stretched them): 35 px each at
    // 0.01 ms per pixel; in a 50 px view the second is cut at 50 and the last is out of view.
    expect(eventSpans(trace, [1, 3], geometry(0.01, 500))).toEqual([
      { lane: 0, x: 45, w: 35 },
      { lane: 0, x: 115, w: 35 },
    ]);
    expect(eventSpans(trace, [1, 3], geometry(0.01, 50))).toEqual([{ lane: 0, x: 45, w: 15 }]);
  });

  it('marks nothing zoomed out, and clips a mark to the view', () => {
    // 0.1 ms per pixel: executions are 3.5 px, narrower than a mark needs.
    expect(eventMarks(full, idx, geometry(0.1, 500), 8)).toEqual([]);
    // A 50 px view from t = 0: the second execution starts at 35 px and is cut at 50.
    const clipped = eventMarks(full, idx, geometry(0.01, 50), 8);
    expect(clipped.map((m) => m.tx)).toEqual([0, 2]);
    expect(clipped[1]!.w).toBeCloseTo(15);
  });
});

describe("outlining the inspector's transaction", () => {
  // Transaction 2 executes twice (incarnations 0 and 1) on two workers and is validated once;
  // transaction 5 runs between.
  const rows: [number, number, number, number][] = [
    [0, EXECUTE, 0, 0.35],
    [1, EXECUTE, 0.1, 0.45],
    [0, EXECUTE, 0.35, 0.7],
    [0, VALIDATE, 0.7, 0.701],
  ];
  const { trace, idx } = events(rows);
  const full = { ...trace, tx: [2, 5, 2, 2] };

  it("finds every event of the transaction, in its lane, and none of another's", () => {
    // 0.01 ms per pixel: executions 35 px wide, the validation a tenth of a pixel, widened to 4.
    const spans = txEventSpans(full, idx, geometry(0.01, 500, 2), 2, 4);
    expect(spans.map((s) => s.lane)).toEqual([0, 0, 0]);
    expect(spans[0]!.x).toBeCloseTo(10);
    expect(spans[0]!.w).toBeCloseTo(35);
    expect(spans[1]!.x).toBeCloseTo(45);
    // The validation, centred on its 0.1 px: from 80.05 − 2 to 80.05 + 2.
    expect(spans[2]!.x).toBeCloseTo(78.05);
    expect(spans[2]!.w).toBeCloseTo(4);
    expect(txEventSpans(full, idx, geometry(0.01, 500, 2), 5, 4)).toEqual([{ lane: 1, x: 20, w: 35 }]);
    expect(txEventSpans(full, idx, geometry(0.01, 500, 2), 7, 4)).toEqual([]);
  });

  it('zoomed out, a sub-pixel event still gets the least width; out of view, none', () => {
    // 0.1 ms per pixel: the second execution spans 13.5–17 px, widened to 4 about its middle;
    // the first, 10–13.5 px, is widened too and then clipped at the view's left edge.
    const spans = txEventSpans(full, idx, geometry(0.1, 500, 2), 2, 4);
    expect(spans[1]!.x).toBeCloseTo(13.25);
    expect(spans[1]!.w).toBeCloseTo(4);
    expect(spans[0]!.x).toBeCloseTo(10);
    expect(spans[0]!.w).toBeCloseTo(3.75);
    // A view from 0.8 ms on shows none of them.
    const later: InkGeometry = { ...geometry(0.01, 100, 2), x: (t) => 10 + (t - 0.8) / 0.01 };
    expect(txEventSpans(full, idx, later, 2, 4)).toEqual([]);
  });
});

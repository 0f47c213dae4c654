/**
 * Late starts on the worker timeline: a lane still empty well after the block's first task began,
 * though every worker has work from the start, belongs to a worker that was not running.
 */
import { describe, expect, it } from 'vitest';
import { traceRows as events } from './traceRows.ts';
import { TK } from '../src/engine/index.ts';
import { LATE_MIN_MS, lateStartNote, lateStarts } from '../src/app/charts/lateStarts.ts';

describe('late starts', () => {
  it("finds a worker whose first task began over LATE_MIN_MS after the block's first", () => {
    const { trace, block } = events([
      [0, TK.execute, 1, 1.1],
      [0, TK.execute, 1.1, 1.2],
      [1, TK.execute, 1.5, 1.6],
      [1, TK.validateOk, 1.6, 1.61],
    ]);
    expect(lateStarts(trace, block, 2)).toEqual([{ worker: 1, from: 1, to: 1.5, never: false }]);
    expect(lateStartNote(lateStarts(trace, block, 2))).toBe('worker 1 started 500 µs late');
  });

  it('leaves a wake-up alone: a lane empty for LATE_MIN_MS or less', () => {
    const { trace, block } = events([
      [0, TK.execute, 1, 1.3],
      [1, TK.execute, 1 + LATE_MIN_MS, 1.4],
    ]);
    expect(lateStarts(trace, block, 2)).toEqual([]);
    expect(lateStartNote([])).toBe('');
  });

  it('measures from whichever worker began first, worker 0 included', () => {
    const { trace, block } = events([
      [1, TK.execute, 0, 0.5],
      [0, TK.execute, 2, 2.5],
      [2, TK.execute, 1, 1.5],
    ]);
    expect(lateStarts(trace, block, 3)).toEqual([
      { worker: 0, from: 0, to: 2, never: false },
      { worker: 2, from: 0, to: 1, never: false },
    ]);
    expect(lateStartNote(lateStarts(trace, block, 3))).toBe('2 workers started late, by up to 2.00 ms');
  });

  it("measures from the block's opening where known, so every worker late shows", () => {
    const { trace, block } = events([
      [0, TK.execute, 3, 3.5],
      [1, TK.execute, 3.1, 3.6],
    ]);
    // Both began 3 ms after the block opened at 0: from the first task alone, nobody was late.
    expect(lateStarts(trace, block, 2)).toEqual([]);
    const clock = { ...block, t0: 0, t1: 3.7 };
    expect(lateStarts(trace, clock, 2)).toEqual([
      { worker: 0, from: 0, to: 3, never: false },
      { worker: 1, from: 0, to: 3.1, never: false },
    ]);
    expect(lateStartNote(lateStarts(trace, clock, 2))).toBe('2 workers started late, by up to 3.10 ms');
    // A worker that never started is striped to the block's end: its clock waited for it.
    expect(lateStarts(trace, clock, 3)).toContainEqual({ worker: 2, from: 0, to: 3.7, never: true });
    // A first task timed a clock step before the opening (blockEvents then starts the span at the
    // task): nobody is late by the step.
    expect(lateStarts(trace, { ...block, t0: 3.005, t1: 3.7 }, 2)).toEqual([]);
  });

  it('says a worker with no task in the block never started, when the block lasted long enough', () => {
    const { trace, block } = events([
      [0, TK.execute, 0, 1],
      [1, TK.execute, 0.6, 2],
    ]);
    expect(lateStarts(trace, block, 3)).toEqual([
      { worker: 1, from: 0, to: 0.6, never: false },
      { worker: 2, from: 0, to: 2, never: true },
    ]);
    expect(lateStartNote(lateStarts(trace, block, 3))).toBe('worker 1 started 600 µs late, worker 2 never started');
    expect(lateStartNote(lateStarts(trace, block, 4))).toBe('worker 1 started 600 µs late, 2 workers never started');
    // A block over before a worker could have woken: no lane is marked.
    const quick = events([
      [0, TK.execute, 0, 0.01],
      [0, TK.execute, 0.01, 0.02],
    ]);
    expect(lateStarts(quick.trace, quick.block, 2)).toEqual([]);
  });

  it('marks nothing in a block too small for parallel execution, nor in one without events', () => {
    // Worker 0 ran it alone, sequentially: the other workers had no work.
    const { trace, block } = events([[0, TK.block, 0, 1]]);
    expect(lateStarts(trace, block, 2)).toEqual([]);
    expect(lateStarts(trace, { idx: [], t0: 0, t1: 1 }, 2)).toEqual([]);
  });
});

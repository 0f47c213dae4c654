import { describe, expect, it } from 'vitest';
import { TraceReader, TraceWriter, traceEvents, TK } from '../src/engine/index.ts';

function ring(workers: number, capacity: number) {
  return {
    times: new Float64Array(new SharedArrayBuffer(workers * capacity * 16)),
    words: new Int32Array(new SharedArrayBuffer(workers * capacity * 12)),
    counts: new Int32Array(new SharedArrayBuffer(workers * 4)),
  };
}

describe('trace ring', () => {
  it('pulls only new events, indexes them by block, and keeps what the ring later overwrites', () => {
    const r = ring(2, 8);
    const w0 = new TraceWriter(r.times, r.words, r.counts, 0, 8);
    const w1 = new TraceWriter(r.times, r.words, r.counts, 1, 8);
    const reader = new TraceReader(2, 8);
    w0.record(TK.execute, 0, 1, 0, 1, 2);
    w1.record(TK.validateOk, 0, 1, 0, 2, 3);
    const first = reader.pull(r.times, r.words, r.counts);
    expect(first.count).toBe(2);
    expect(first.byBlock.get(0)).toEqual([0, 1]);
    for (let i = 0; i < 6; i++) w0.record(TK.execute, 1, 10 + i, 0, 10 + i, 11 + i);
    const second = reader.pull(r.times, r.words, r.counts);
    expect(second.count).toBe(8);
    expect(second.byBlock.get(1)).toHaveLength(6);
    expect(Array.from(second.tx.subarray(2, 8))).toEqual([10, 11, 12, 13, 14, 15]);
    // Worker 0 laps its 8-slot ring: the plain reader sees only the newest 8, the incremental one
    // kept everything it pulled before and reports what it missed.
    for (let i = 0; i < 10; i++) w0.record(TK.execute, 2, 100 + i, 0, 100 + i, 101 + i);
    const third = reader.pull(r.times, r.words, r.counts);
    expect(third.byBlock.get(1)).toHaveLength(6);
    expect(third.dropped).toBe(3); // 10 new events, 7 still readable with a slot of margin
    expect(third.byBlock.get(2)).toHaveLength(7);
    // A fresh reader sees only what is still in the rings: 7 readable events of worker 0 + 1.
    const fresh = new TraceReader(2, 8).pull(r.times, r.words, r.counts);
    expect(fresh.count).toBe(8);
    expect(traceEvents(fresh).filter((e) => e.worker === 1)).toEqual([
      { worker: 1, kind: 'validate-ok', block: 0, start: 2, end: 3, tx: 1, incarnation: 0 },
    ]);
  });
});

/** A transaction's history in the inspector, read from a real trace ring (no timing asserted). */
import { describe, expect, it } from 'vitest';
import { TraceReader, TraceWriter, TK, TRACE_EVENT_WORDS } from '../src/engine/index.ts';
import { describeHistory, txHistory } from '../src/app/store/txHistory.ts';
import { pausedEvents } from '../src/app/charts/pauses.ts';
import { blockEvents } from '../src/app/charts/math.ts';

function pulledTrace(record: (w0: TraceWriter, w1: TraceWriter) => void) {
  const capacity = 64;
  const times = new Float64Array(new SharedArrayBuffer(2 * capacity * 16));
  const words = new Int32Array(new SharedArrayBuffer(2 * capacity * 4 * TRACE_EVENT_WORDS));
  const counts = new Int32Array(new SharedArrayBuffer(2 * 4));
  record(new TraceWriter(times, words, counts, 0, capacity), new TraceWriter(times, words, counts, 1, capacity));
  return new TraceReader(2, capacity).pull(times, words, counts);
}

describe('transaction history', () => {
  // Block 1 starts at 10 ms. Tx 5 runs on worker 1 while tx 4 runs on worker 0; tx 5's first
  // incarnation is aborted by worker 0's validation, and its second waits on an ESTIMATE once.
  const trace = pulledTrace((w0, w1) => {
    w0.record(TK.execute, 0, 5, 0, 1, 2); // the same transaction index in the block before
    w0.record(TK.block, 1, -1, 0, 10, 10.01);
    w0.record(TK.execute, 1, 4, 0, 10.01, 10.2);
    w1.record(TK.execute, 1, 5, 0, 10.02, 10.15);
    w0.record(TK.validateAbort, 1, 5, 0, 10.2, 10.21);
    w1.record(TK.suspend, 1, 5, 1, 10.21, 10.25, 4); // an ESTIMATE of tx 4
    w0.record(TK.validateOk, 1, 4, 0, 10.21, 10.22);
    w0.record(TK.execute, 1, 5, 2, 10.3, 10.45);
    w1.record(TK.validateOk, 1, 5, 2, 10.46, 10.47);
  });

  it("lists only this transaction's events in this block, in time order across workers", () => {
    const h = txHistory(trace, 1, 5);
    expect(h.map((e) => [e.kind, e.worker, e.incarnation])).toEqual([
      ['execute', 1, 0],
      ['validate-abort', 0, 0],
      ['suspend', 1, 1],
      ['execute', 0, 2],
      ['validate-ok', 1, 2],
    ]);
    // Times count from the block's first event (its marker at 10 ms), as the timeline's axis does.
    expect(h[0]!.start).toBeCloseTo(0.02, 9);
    expect(h[4]!.end).toBeCloseTo(0.47, 9);
    expect(txHistory(trace, 1, 4).map((e) => e.kind)).toEqual(['execute', 'validate-ok']);
    expect(txHistory(trace, 0, 5).map((e) => e.kind)).toEqual(['execute']);
    expect(txHistory(trace, 2, 5)).toEqual([]);
  });

  it('lists a validation after the execution it checked, from no earlier than its end', () => {
    // Worker 1's clock runs behind worker 0's (as two workers' clocks in a page can), and its
    // events start where its previous one ended: its validation of tx 3 is recorded as starting
    // before worker 0's execution of tx 3 even began, and its validation of tx 4 before tx 4's
    // execution ended. Tx 3's incarnation 1 then ran on worker 1, while worker 0 finished a late
    // validation of incarnation 0.
    const skewed = pulledTrace((w0, w1) => {
      w0.record(TK.execute, 0, 3, 0, 1.02, 1.03);
      w1.record(TK.validateAbort, 0, 3, 0, 1.015, 1.032);
      w0.record(TK.execute, 0, 4, 0, 1.03, 1.04);
      w1.record(TK.validateOk, 0, 4, 0, 1.035, 1.045);
      w1.record(TK.execute, 0, 3, 1, 1.028, 1.05); // on worker 1's clock: after its abort at 1.032
      w0.record(TK.validateOk, 0, 3, 0, 1.04, 1.041);
      w0.record(TK.validateOk, 0, 3, 1, 1.06, 1.061);
    });
    const tx3 = txHistory(skewed, 0, 3);
    expect(tx3.map((e) => [e.kind, e.incarnation])).toEqual([
      ['execute', 0],
      ['validate-abort', 0],
      ['validate-ok', 0],
      ['execute', 1],
      ['validate-ok', 1],
    ]);
    // Times count from the block's first event (1.015 ms); the abort is shown from 1.03 ms.
    expect(tx3[1]!.start).toBeCloseTo(0.015, 9);
    expect(tx3[1]!.end).toBeCloseTo(0.017, 9);
    expect(tx3[2]!.start).toBeCloseTo(0.025, 9); // after the execution's end already: as recorded
    // Incarnation 1 began at 1.028 ms by worker 1's clock, which would read as before the
    // validations above it: it is shown from the last of them, ending as recorded.
    expect(tx3[3]!.start).toBeCloseTo(0.025, 9);
    expect(tx3[3]!.end).toBeCloseTo(0.035, 9);
    const tx4 = txHistory(skewed, 0, 4);
    expect(tx4.map((e) => e.kind)).toEqual(['execute', 'validate-ok']);
    expect(tx4[1]!.start).toBeCloseTo(0.025, 9);
    expect(tx4[1]!.end).toBeCloseTo(0.03, 9);
    expect(describeHistory(tx3)[1]).toBe('validation aborted incarnation 0 in 2.0 µs: a read had changed');
  });

  it('says what each event did, and whether a read of an ESTIMATE waited', () => {
    expect(describeHistory(txHistory(trace, 1, 5))).toEqual([
      'executed incarnation 0 in 130 µs',
      'validation aborted incarnation 0 in 10 µs: a read had changed',
      // Its next execution is incarnation 2: incarnation 1 was suspended until the writer finished.
      'incarnation 1 ran 40 µs, read an ESTIMATE of tx 4 and waited for tx 4 to finish',
      'executed incarnation 2 in 150 µs',
      'validated incarnation 2 in 10 µs',
    ]);
    // The writer finished between the read and the suspension: the same incarnation runs again.
    const raced = pulledTrace((w0) => {
      w0.record(TK.suspend, 0, 3, 0, 1, 1.1, 1);
      w0.record(TK.execute, 0, 3, 0, 1.1, 1.3);
      w0.record(TK.suspend, 0, 4, 0, 1.3, 1.4);
    });
    expect(describeHistory(txHistory(raced, 0, 3))).toEqual([
      'incarnation 0 ran 100 µs, read an ESTIMATE of tx 1, but tx 1 had just finished: it ran again at once',
      'executed incarnation 0 in 200 µs',
    ]);
    // Nothing after it in the trace (a run stopped there). Tx 4's event names no writer, as in
    // a trace file from before version 3, which recorded none.
    expect(describeHistory(txHistory(raced, 0, 4))).toEqual(['incarnation 0 ran 100 µs, read an ESTIMATE and stopped']);
  });

  it("marks a task a pause stretched: far longer than its block's others of its kind", () => {
    // Executions of 10 µs, one of 2 ms; validations of 1 µs, one of 0.5 ms; and one execution
    // of 0.2 ms: 20 times the rest, but too short to be anything but work.
    const paused = pulledTrace((w0, w1) => {
      for (let tx = 0; tx < 6; tx++) w0.record(TK.execute, 0, tx, 0, tx * 0.01, tx * 0.01 + 0.01);
      w1.record(TK.execute, 0, 6, 0, 0, 2);
      w1.record(TK.execute, 0, 7, 0, 2, 2.2);
      for (let tx = 0; tx < 6; tx++) w0.record(TK.validateOk, 0, tx, 0, 3 + tx * 0.001, 3 + tx * 0.001 + 0.001);
      w1.record(TK.validateOk, 0, 6, 0, 3, 3.5);
    });
    const events = blockEvents(paused, 0).idx;
    expect(pausedEvents(paused, events).map((i) => [paused.kind[i], paused.tx[i]])).toEqual([
      [TK.execute, 6],
      [TK.validateOk, 6],
    ]);
    expect(describeHistory(txHistory(paused, 0, 6))).toEqual([
      'executed incarnation 0 in 2.00 ms (paused)',
      'validated incarnation 0 in 500 µs (paused)',
    ]);
    expect(describeHistory(txHistory(paused, 0, 7))).toEqual(['executed incarnation 0 in 200 µs']);
    expect(txHistory(paused, 0, 1).map((e) => e.paused)).toEqual([false, false]);
    // Under a microsecond (a browser clock's step is 5 µs or more), no duration is given.
    const instant = pulledTrace((w0) => {
      w0.record(TK.execute, 0, 1, 0, 1, 1.01);
      w0.record(TK.validateOk, 0, 1, 0, 1.01, 1.01);
      w0.record(TK.suspend, 0, 2, 0, 1.01, 1.01);
    });
    expect(describeHistory(txHistory(instant, 0, 1))).toEqual([
      'executed incarnation 0 in 10 µs',
      'validated incarnation 0',
    ]);
    expect(describeHistory(txHistory(instant, 0, 2))).toEqual(['incarnation 0 read an ESTIMATE and stopped']);
  });
});

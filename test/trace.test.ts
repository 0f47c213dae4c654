import { describe, expect, it } from 'vitest';
import {
  parseTraceFile,
  TraceReader,
  traceFileOf,
  TraceWriter,
  traceEvents,
  TK,
  TRACE_EVENT_WORDS,
  ValidationError,
} from '../src/engine/index.ts';
import { traceClockProblems } from './traceClock.ts';

function ring(workers: number, capacity: number) {
  return {
    times: new Float64Array(new SharedArrayBuffer(workers * capacity * 16)),
    words: new Int32Array(new SharedArrayBuffer(workers * capacity * 4 * TRACE_EVENT_WORDS)),
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
      { worker: 1, kind: 'validate-ok', block: 0, start: 2, end: 3, tx: 1, incarnation: 0, blocking: -1 },
    ]);
  });
});

describe('trace reader memory bound', () => {
  function recordBlocks(w: TraceWriter, blocks: number[], perBlock: number): void {
    for (const b of blocks) for (let i = 0; i < perBlock; i++) w.record(TK.execute, b, b * 100 + i, 0, b, b + 0.5);
  }

  it('lets go of the oldest whole blocks past its budget, down to three quarters of it', () => {
    const r = ring(1, 64);
    const w = new TraceWriter(r.times, r.words, r.counts, 0, 64);
    const reader = new TraceReader(1, 64, 8);
    recordBlocks(w, [0, 1], 3);
    const early = reader.pull(r.times, r.words, r.counts);
    expect(early.released).toBe(0);
    recordBlocks(w, [2, 3], 3);
    // 12 events > 8: blocks 0 and 1 go (12 → 9 → 6 ≤ 6), blocks 2 and 3 stay whole.
    const late = reader.pull(r.times, r.words, r.counts);
    expect(late.count).toBe(6);
    expect(late.released).toBe(6);
    expect(late.releasedBefore).toBe(2);
    expect(late.dropped).toBe(0);
    expect([...late.byBlock.keys()]).toEqual([2, 3]);
    expect(late.byBlock.get(3)).toEqual([3, 4, 5]);
    expect(Array.from(late.tx.subarray(0, 6))).toEqual([200, 201, 202, 300, 301, 302]);
    // Every column moves with its event: the kept ones are the last 6 a reader without a budget sees.
    const whole = new TraceReader(1, 64).pull(r.times, r.words, r.counts);
    expect(traceEvents(late)).toEqual(traceEvents(whole).slice(6));
    // A trace handed out before keeps its own arrays: a view drawing it is not disturbed.
    expect(Array.from(early.tx.subarray(0, 6))).toEqual([0, 1, 2, 100, 101, 102]);
    expect(early.byBlock.get(0)).toEqual([0, 1, 2]);
    // The file of a trace with released blocks counts their events as missing.
    expect(traceFileOf(late, { scenario: '', strategy: 'block-stm', workers: 1, blocks: [] }).dropped).toBe(6);
  });

  it('never lets go of the newest block, however large', () => {
    const r = ring(1, 64);
    const w = new TraceWriter(r.times, r.words, r.counts, 0, 64);
    const reader = new TraceReader(1, 64, 8);
    recordBlocks(w, [0], 20);
    const trace = reader.pull(r.times, r.words, r.counts);
    expect(trace.count).toBe(20);
    expect(trace.released).toBe(0);
    expect(trace.byBlock.get(0)).toHaveLength(20);
  });
});

describe('trace file', () => {
  const run = { scenario: 'seed=3&blocks=1', strategy: 'block-stm', workers: 2, blocks: [] };
  function recorded() {
    const r = ring(2, 16);
    const w0 = new TraceWriter(r.times, r.words, r.counts, 0, 16);
    const w1 = new TraceWriter(r.times, r.words, r.counts, 1, 16);
    w0.record(TK.execute, 0, 0, 0, 0.12345678, 0.5);
    w1.record(TK.execute, 0, 1, 0, 0.2, 0.6);
    w1.record(TK.suspend, 0, 2, 0, 0.6, 0.7, 1); // tx 2 read an ESTIMATE of tx 1
    w0.record(TK.validateAbort, 0, 1, 0, 0.7, 0.8);
    w0.record(TK.execute, 1, 1, 1, 1.0, 1.4);
    return new TraceReader(2, 16).pull(r.times, r.words, r.counts);
  }

  it('round-trips through JSON into the columns the timeline reads', () => {
    const trace = recorded();
    const file = traceFileOf(trace, run);
    const back = parseTraceFile(JSON.parse(JSON.stringify(file)));
    expect(back.run).toEqual(run);
    // The reader keeps times to 0.1 µs as the file does, so the page and its export hold the
    // same numbers (a legend's "15.15 ms" cannot read "15.14 ms" from the file).
    expect(trace.start[0]).toBe(0.1235);
    expect(traceEvents(back.trace)).toEqual(traceEvents(trace));
    expect(traceEvents(back.trace).map((e) => e.blocking)).toEqual([-1, -1, -1, -1, 1]);
    expect(back.trace.byBlock.get(0)).toHaveLength(4);
    expect(back.trace.byBlock.get(1)).toHaveLength(1);
  });

  const stats = (startMs?: number) => ({
    block: 0,
    txs: 3,
    ...(startMs === undefined ? {} : { startMs }),
    wallMs: 0.8,
    txPerSec: 3750,
    executions: 3,
    validations: 1,
    aborts: 1,
    suspensions: 1,
    edges: 1,
    fellBackToSequential: false,
  });

  it('reads a version 2 file, from before suspends named their writer', () => {
    const file = JSON.parse(JSON.stringify(traceFileOf(recorded(), { ...run, blocks: [stats(0.1)] }))) as {
      version: number;
      events: Record<string, unknown>;
    };
    expect(file.version).toBe(3);
    file.version = 2;
    // A version 2 file has no such column, and may not carry one.
    expect(() => parseTraceFile(file)).toThrow(/^trace\.events\.blocking: unknown field/);
    delete file.events.blocking;
    const back = parseTraceFile(file);
    expect(back.version).toBe(2);
    expect(Array.from(back.trace.blocking)).toEqual([-1, -1, -1, -1, -1]);
    expect(Array.from(back.trace.kind)).toEqual(Array.from(recorded().kind.subarray(0, 5)));
  });

  it("keeps each block's start, and reads a version 1 file, from before blocks had one", () => {
    const withStart = { ...run, blocks: [stats(0.1)] };
    const file = JSON.parse(JSON.stringify(traceFileOf(recorded(), withStart))) as Record<string, unknown>;
    expect(parseTraceFile(file)).toMatchObject({ version: 3, run: withStart });
    // Version 1: no startMs (and times on the epoch clock, which parsing does not mind).
    const older = JSON.parse(JSON.stringify(traceFileOf(recorded(), { ...run, blocks: [stats()] }))) as Record<
      string,
      unknown
    >;
    older.version = 1;
    delete (older.events as Record<string, unknown>).blocking;
    const back = parseTraceFile(older);
    expect(back.version).toBe(1);
    expect(back.run.blocks[0]).not.toHaveProperty('startMs');
    // Version 2 promises every block's start.
    older.version = 2;
    expect(() => parseTraceFile(older)).toThrow(/^trace\.blocks\[0\]\.startMs: expected a time in ms ≥ 0/);
    const bad = JSON.parse(JSON.stringify(traceFileOf(recorded(), { ...run, blocks: [stats(-1)] }))) as unknown;
    expect(() => parseTraceFile(bad)).toThrow(/^trace\.blocks\[0\]\.startMs: expected a time in ms ≥ 0/);
  });

  it("the clock check used on real files names an event outside its block's clock", () => {
    // recorded(): block 0's events span 0.1235–0.8, block 1's 1.0–1.4.
    const trace = recorded();
    const block = (b: number, startMs: number | undefined, wallMs: number) => ({
      ...stats(startMs),
      block: b,
      wallMs,
    });
    expect(traceClockProblems([block(0, 0.1, 0.75), block(1, 0.95, 0.5)], trace)).toEqual([]);
    expect(traceClockProblems([block(0, 0.2, 0.75), block(1, 0.95, 0.5)], trace)).toEqual([
      "block 0's event 0 (0.1235–0.5) is outside 0.2–0.95",
    ]);
    expect(traceClockProblems([block(0, 0.1, 0.5), block(1, 0.95, 0.5)], trace)).toHaveLength(1);
    expect(traceClockProblems([block(0, 0.1, 0.95), block(1, 0.9, 0.5)], trace)).toEqual([
      'block 1 starts at 0.9, before 1.05',
    ]);
    expect(traceClockProblems([block(0, undefined, 0.75)], trace)).toEqual(['block 0 has no startMs']);
  });

  it.each([
    ['a wrong format', (f: Record<string, unknown>) => (f.format = 'other'), /^trace\.format: expected "dexsim-trace"/],
    ['a newer version', (f: Record<string, unknown>) => (f.version = 4), /^trace\.version: expected 3 \(or 2 or 1/],
    ['an unknown field', (f: Record<string, unknown>) => (f.colour = 'red'), /^trace\.colour: unknown field/],
    [
      'an unknown kind',
      (f: Record<string, unknown>) => (f.kinds = ['execute', 'nap']),
      /^trace\.kinds\[1\]: expected one of/,
    ],
    [
      'columns of different lengths',
      (f: Record<string, unknown>) => (f.events as Record<string, number[]>).tx!.pop(),
      /^trace\.events\.tx: expected 5 entries/,
    ],
    [
      'a worker the run did not have',
      (f: Record<string, unknown>) => ((f.events as Record<string, number[]>).worker![2] = 2),
      /^trace\.events\.worker\[2\]: expected an integer from 0 to 1/,
    ],
    [
      'a suspend without the writer it waited on',
      (f: Record<string, unknown>) => ((f.events as Record<string, number[]>).blocking![4] = -1),
      /^trace\.events\.blocking\[4\]: expected an integer from 0 to 1/,
    ],
    [
      'a suspend on a writer not below it',
      (f: Record<string, unknown>) => ((f.events as Record<string, number[]>).blocking![4] = 2),
      /^trace\.events\.blocking\[4\]: expected an integer from 0 to 1/,
    ],
    [
      'a writer on an event that is not a suspend',
      (f: Record<string, unknown>) => ((f.events as Record<string, number[]>).blocking![0] = 0),
      /^trace\.events\.blocking\[0\]: expected -1: only a suspend has a writer/,
    ],
    [
      'an event that ends before it starts',
      (f: Record<string, unknown>) => ((f.events as Record<string, number[]>).end![0] = -1),
      /^trace\.events\.end\[0\]: expected a time in ms ≥ start/,
    ],
    [
      'a block without its statistics',
      (f: Record<string, unknown>) => (f.blocks = [{}]),
      /^trace\.blocks\[0\]\.block: expected/,
    ],
  ])('rejects %s, naming the field', (_name, spoil, message) => {
    const file = JSON.parse(JSON.stringify(traceFileOf(recorded(), run))) as Record<string, unknown>;
    spoil(file);
    expect(() => parseTraceFile(file)).toThrow(ValidationError);
    expect(() => parseTraceFile(file)).toThrow(message);
  });

  it('rejects what is not a trace file at all', () => {
    expect(() => parseTraceFile([1, 2])).toThrow(/^trace: expected an object/);
  });
});

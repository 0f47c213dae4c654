/**
 * The trace: each worker appends fixed-size events (time, kind, tx, incarnation) to its own
 * region of a shared ring, so recording needs no coordination and the UI reads it whenever it
 * likes. An event's time is milliseconds since the run started, on a clock all workers share.
 */

export const TRACE_KINDS = ['execute', 'suspend', 'validate-ok', 'validate-abort', 'block'] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];
export const TK = { execute: 0, suspend: 1, validateOk: 2, validateAbort: 3, block: 4 } as const;

export interface TraceEvent {
  worker: number;
  kind: TraceKind;
  /** Start and end, ms since the run started. */
  start: number;
  end: number;
  tx: number;
  incarnation: number;
  block: number;
}

/** Writer side: one per worker. Each event is [start, end] times + [kind | block << 4, tx, incarnation]. */
export class TraceWriter {
  private readonly base: number;

  constructor(
    private readonly times: Float64Array,
    private readonly words: Int32Array,
    private readonly counts: Int32Array,
    private readonly worker: number,
    private readonly capacity: number,
  ) {
    this.base = worker * capacity;
  }

  record(kind: number, block: number, tx: number, incarnation: number, start: number, end: number): void {
    const n = this.counts[this.worker]!;
    const at = this.base + (n % this.capacity);
    this.times[at * 2] = start;
    this.times[at * 2 + 1] = end;
    this.words[at * 3] = kind | (block << 4);
    this.words[at * 3 + 1] = tx;
    this.words[at * 3 + 2] = incarnation;
    Atomics.store(this.counts, this.worker, n + 1);
  }
}

/** Reader side: the events still in the ring, oldest first per worker. */
export function readTrace(
  times: Float64Array,
  words: Int32Array,
  counts: Int32Array,
  workers: number,
  capacity: number,
): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (let w = 0; w < workers; w++) {
    const n = Atomics.load(counts, w);
    for (let e = Math.max(0, n - capacity); e < n; e++) {
      const at = w * capacity + (e % capacity);
      const word = words[at * 3]!;
      out.push({
        worker: w,
        kind: TRACE_KINDS[word & 15]!,
        block: word >> 4,
        start: times[at * 2]!,
        end: times[at * 2 + 1]!,
        tx: words[at * 3 + 1]!,
        incarnation: words[at * 3 + 2]!,
      });
    }
  }
  return out;
}

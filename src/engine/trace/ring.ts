/**
 * The trace: each worker appends fixed-size events (time, kind, tx, incarnation, and for a read
 * of an ESTIMATE the writer it hit) to its own region of a shared ring, so recording needs no
 * coordination and the UI reads it whenever it likes. An event's time is milliseconds since the
 * run started, on a clock all workers share.
 */

/**
 * A time as traces keep it: ms to 0.1 µs, finer than any clock here resolves. The reader stores
 * events this way and blocks their start (`BlockStats.startMs`), so the page's timeline, its
 * legend and an exported file all work from the same numbers (a file rounded on its own could
 * say 15.14 ms where the page had said 15.15). Idempotent: a rounded time rounds to itself.
 */
export const traceTime = (ms: number): number => Math.round(ms * 1e4) / 1e4;

export const TRACE_KINDS = ['execute', 'suspend', 'validate-ok', 'validate-abort', 'block'] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];
export const TK = { execute: 0, suspend: 1, validateOk: 2, validateAbort: 3, block: 4 } as const;

/**
 * The task an event of `kind` was: an execution (with the partial ones a read of an ESTIMATE
 * stopped) or a validation; null for a block marker.
 */
export function taskClass(kind: number): 'execution' | 'validation' | null {
  if (kind === TK.execute || kind === TK.suspend) return 'execution';
  if (kind === TK.validateOk || kind === TK.validateAbort) return 'validation';
  return null;
}

export interface TraceEvent {
  worker: number;
  kind: TraceKind;
  /** Start and end, ms since the run started. */
  start: number;
  end: number;
  tx: number;
  incarnation: number;
  /**
   * For a `suspend`, the transaction whose ESTIMATE the read hit (Block-STM's blocking
   * transaction, the writer it waits on); -1 for every other kind.
   */
  blocking: number;
  block: number;
}

/** Int32 words per event in a ring: kind | block << 4, tx, incarnation, blocking. */
export const TRACE_EVENT_WORDS = 4;

/** Writer side: one per worker. Each event is [start, end] times + TRACE_EVENT_WORDS words. */
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

  /** End of this worker's previous event: the start of its next one (see `mark`). */
  private last = 0;

  /** The worker was idle or is starting a block: its next event starts now, not at `last`. */
  restart(now: number): void {
    this.last = now;
  }

  /**
   * Record an event that ends now and began where this worker's previous event ended. One clock
   * read per event instead of two (clock reads were most of the recording cost in browsers); the
   * scheduler's sub-microsecond step between tasks is folded into the next bar, and real gaps
   * are kept by `restart`.
   */
  mark(kind: number, block: number, tx: number, incarnation: number, now: number, blocking = -1): void {
    this.record(kind, block, tx, incarnation, this.last, now, blocking);
    this.last = now;
  }

  record(
    kind: number,
    block: number,
    tx: number,
    incarnation: number,
    start: number,
    end: number,
    blocking = -1,
  ): void {
    const n = this.counts[this.worker]!;
    const at = this.base + (n % this.capacity);
    const word = at * TRACE_EVENT_WORDS;
    this.times[at * 2] = start;
    this.times[at * 2 + 1] = end;
    this.words[word] = kind | (block << 4);
    this.words[word + 1] = tx;
    this.words[word + 2] = incarnation;
    this.words[word + 3] = blocking;
    Atomics.store(this.counts, this.worker, n + 1);
  }
}

/**
 * The trace's columns, in the order a trace file lists them, each with its array type: the one
 * place a new column is named. The reader, the file writer and the file parser all build their
 * columns from it. `blocking` is -1 but for `suspend` events (see TraceEvent).
 */
const TRACE_COLUMNS = {
  worker: Int32Array,
  kind: Int32Array,
  block: Int32Array,
  tx: Int32Array,
  incarnation: Int32Array,
  blocking: Int32Array,
  start: Float64Array,
  end: Float64Array,
} as const;
export type TraceColumnName = keyof typeof TRACE_COLUMNS;
export const TRACE_COLUMN_NAMES = Object.keys(TRACE_COLUMNS) as TraceColumnName[];
export type TraceColumnArrays = { [K in TraceColumnName]: InstanceType<(typeof TRACE_COLUMNS)[K]> };

/** Empty columns for `n` events. */
export function allocTraceColumns(n: number): TraceColumnArrays {
  const out = {} as Record<TraceColumnName, Int32Array | Float64Array>;
  for (const name of TRACE_COLUMN_NAMES) out[name] = new TRACE_COLUMNS[name](n);
  return out as TraceColumnArrays;
}

/** Columnar copy of the trace (typed arrays, no per-event objects): cheap enough for a UI frame. */
export interface TraceColumns extends TraceColumnArrays {
  count: number;
  /** Events lost because a worker's ring wrapped before they were read. */
  dropped: number;
  /**
   * Events of whole old blocks the reader let go to keep its memory bounded (see TraceReader):
   * every block below `releasedBefore` has none left. Absent (0) for a trace read from a file.
   */
  released?: number;
  releasedBefore?: number;
}

/** Trace columns with an index of event positions per block (what a timeline looks up). */
export interface IndexedTrace extends TraceColumns {
  byBlock: ReadonlyMap<number, readonly number[]>;
}

/** Add event position `i` to block `block`'s list in a by-block index. */
export function indexEvent(byBlock: Map<number, number[]>, block: number, i: number): void {
  const list = byBlock.get(block);
  if (list) list.push(i);
  else byBlock.set(block, [i]);
}

/**
 * How many events a reader keeps by default: about 90 MB of columns and index. A run of 900
 * blocks' worth of the default 1,000 transactions fits whole; beyond that the oldest blocks go.
 */
export const TRACE_KEEP_EVENTS = 2_000_000;

/**
 * Reads a trace ring incrementally: each pull copies only the events written since the last
 * one, into growing columns, and indexes them by block. Cheap enough to call after every block
 * (which is how the app and the CLI keep a ring from lapping), and it keeps events the ring later
 * overwrites (as long as it is pulled before a worker laps it).
 *
 * It keeps at most `keep` events: past that, the oldest whole blocks are released (never the
 * newest, which may still be running), down to three quarters of `keep`, so a long run's trace
 * costs bounded memory and releasing happens rarely. Released blocks are whole, so a block a
 * view shows is either complete or reported as released, never silently partial.
 */
export class TraceReader {
  private readonly consumed: number[];
  private capacityOut = 0;
  private count = 0;
  private dropped = 0;
  private released = 0;
  private releasedBefore = 0;
  private cols = allocTraceColumns(4096);
  private byBlock = new Map<number, number[]>();

  constructor(
    private readonly workers: number,
    private readonly capacity: number,
    private readonly keep = TRACE_KEEP_EVENTS,
  ) {
    this.consumed = new Array<number>(workers).fill(0);
    this.capacityOut = 4096;
  }

  private grow(need: number): void {
    if (need <= this.capacityOut) return;
    let cap = this.capacityOut;
    while (cap < need) cap *= 2;
    const next = allocTraceColumns(cap);
    for (const k of TRACE_COLUMN_NAMES) (next[k] as Int32Array).set(this.cols[k] as Int32Array);
    this.cols = next;
    this.capacityOut = cap;
  }

  pull(times: Float64Array, words: Int32Array, counts: Int32Array): IndexedTrace {
    for (let w = 0; w < this.workers; w++) {
      const n = Atomics.load(counts, w);
      // Keep one slot of margin: the worker may be overwriting the oldest slot right now.
      const from = Math.max(this.consumed[w]!, n - this.capacity + 1);
      this.dropped += Math.max(0, from - this.consumed[w]!);
      this.grow(this.count + Math.max(0, n - from));
      const c = this.cols;
      for (let e = from; e < n; e++) {
        const at = w * this.capacity + (e % this.capacity);
        const first = at * TRACE_EVENT_WORDS;
        const word = words[first]!;
        const i = this.count++;
        c.worker[i] = w;
        c.kind[i] = word & 15;
        c.block[i] = word >> 4;
        c.tx[i] = words[first + 1]!;
        c.incarnation[i] = words[first + 2]!;
        c.blocking[i] = words[first + 3]!;
        c.start[i] = traceTime(times[at * 2]!);
        c.end[i] = traceTime(times[at * 2 + 1]!);
        indexEvent(this.byBlock, word >> 4, i);
      }
      this.consumed[w] = Math.max(this.consumed[w]!, n);
    }
    if (this.count > this.keep) this.releaseOldBlocks();
    return {
      count: this.count,
      dropped: this.dropped,
      released: this.released,
      releasedBefore: this.releasedBefore,
      byBlock: this.byBlock,
      ...this.cols,
    };
  }

  /**
   * Let go of the oldest blocks until at most ¾ of `keep` events remain, or only the newest block
   * does. The kept events move into fresh columns and a fresh index: a trace handed out earlier
   * (which a view may still be drawing) keeps its own arrays intact.
   */
  private releaseOldBlocks(): void {
    const blocks = [...this.byBlock.keys()].sort((a, b) => a - b);
    let remaining = this.count;
    let cut = 0;
    while (cut < blocks.length - 1 && remaining > Math.floor(this.keep * 0.75))
      remaining -= this.byBlock.get(blocks[cut++]!)!.length;
    if (cut === 0) return;
    const before = blocks[cut]!;
    const old = this.cols;
    const next = allocTraceColumns(this.capacityOut);
    const byBlock = new Map<number, number[]>();
    const kept: number[] = [];
    for (let i = 0; i < this.count; i++) {
      const b = old.block[i]!;
      if (b < before) continue;
      indexEvent(byBlock, b, kept.length);
      kept.push(i);
    }
    // Column by column, as grow() does, so a new column needs no line here.
    for (const k of TRACE_COLUMN_NAMES) {
      const from = old[k];
      const to = next[k];
      for (let j = 0; j < kept.length; j++) to[j] = from[kept[j]!]!;
    }
    this.released += this.count - kept.length;
    this.releasedBefore = before;
    this.count = kept.length;
    this.cols = next;
    this.byBlock = byBlock;
  }
}

/** The events of a trace as objects (for export or inspection; views read the columns). */
export function traceEvents(trace: TraceColumns): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (let i = 0; i < trace.count; i++)
    out.push({
      worker: trace.worker[i]!,
      kind: TRACE_KINDS[trace.kind[i]!]!,
      block: trace.block[i]!,
      start: trace.start[i]!,
      end: trace.end[i]!,
      tx: trace.tx[i]!,
      incarnation: trace.incarnation[i]!,
      blocking: trace.blocking[i]!,
    });
  return out;
}

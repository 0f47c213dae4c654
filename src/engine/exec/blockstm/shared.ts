/**
 * The shared memory of a Block-STM run: every buffer workers coordinate through. Allocated once
 * per run (sized for the largest block and the worker count) and reset between blocks.
 *
 * Layout, per transaction i (n = capacity in transactions), in meta[i·TX_STRIDE + T.*]:
 * - status: incarnation << 2 | status (READY, EXECUTING, EXECUTED, ABORTING)
 * - lock: futex guarding status and the dependency list of i
 * - depHead / depNext: transactions suspended on i (an intrusive list; j waits on one writer)
 * - writeCount, readCount, validations, receipt
 * and in per-transaction regions:
 * - write slots i·MAX_WRITES … in writeSlots: key, flags (incarnation << 2 | ESTIMATE | DELETED)
 *   and the value, in one 16-byte record
 * - reads i·MAX_READS … : key, writer slot (-1 = storage), writer incarnation in readSet
 * Per key written in the block: an open-addressing table entry with a seqlock and a sorted array
 * (in a bump-allocated arena) of the write slots that wrote it, so "the highest writer below j"
 * is a binary search.
 */
import { TRACE_EVENT_WORDS } from '../../trace/ring.ts';

export const MAX_WRITES = 32;
export const MAX_READS = 128;
/**
 * Fields of a write slot and of a read, interleaved: a transaction's slots and reads each sit in
 * a few cache lines rather than spread over parallel arrays the other worker also reads. A write
 * slot is [key, flags, value low word, value high word]: a reader loads the flags, the value and
 * the flags again, so keeping them in one 16-byte record (one cache line) saves a cache miss per
 * versioned read when the writer ran on another core.
 */
export const SLOT_WIDTH = 4;
export const WS = { key: 0, flags: 1, valueLow: 2, valueHigh: 3 } as const;
/** Index of write slot `slot`'s value in the BigInt64Array view of writeSlots. */
export const valueIndex = (slot: number): number => slot * 2 + 1;
/**
 * A read is [key, writer slot (-1: storage), writer incarnation, key-table entry (-1: none),
 * the entry's sequence number when read]: the last two let validation confirm a read with two
 * loads instead of searching the key's writer list again (see `mvValidate`).
 */
export const READ_WIDTH = 5;
export const RS = { key: 0, slot: 1, incarnation: 2, entry: 3, seq: 4 } as const;
/**
 * Trace events each worker's ring holds (32 bytes each: 8.4 MB per worker). Readers pull after
 * every block, so a ring must hold one block's events with room for a reader that is late (a
 * busy page): a 20,000-transaction block on one worker records 40,000 events, and at vmCost 0
 * one worker records up to about 1.4 million a second (two per transaction), so 2^18 leave a
 * late reader about 190 ms. At 2^16, with the app pulling once a second, a 2-million-transaction
 * run lost half its events.
 */
export const TRACE_EVENTS_PER_WORKER = 1 << 18;

/**
 * Indexes into ctrl (Int32Array). Each counter sits on its own 64-byte cache line: the hot ones
 * are hit by every worker on every task, and sharing a line would make them bounce together.
 */
const LINE = 16;
export const C = {
  executionIdx: 0 * LINE,
  validationIdx: 1 * LINE,
  decreaseCnt: 2 * LINE,
  /** Workers that have entered the run (the start barrier before block 0). */
  arrived: 3 * LINE,
  done: 4 * LINE,
  arenaTop: 5 * LINE,
  /** 0 running, 1 cancelled, 2 faulted. */
  abort: 6 * LINE,
  blockEpoch: 7 * LINE,
  finished: 8 * LINE,
  workSeq: 9 * LINE,
  sleepers: 10 * LINE,
  blockSize: 11 * LINE,
  zero: 12 * LINE,
  /** Transactions in the previous block (whose key-table entries the next reset clears). */
  previousBlockSize: 14 * LINE,
  size: 15 * LINE,
} as const;

/** Per-worker counters (Int32Array, one cache line per worker). */
export const S = {
  executions: 0,
  validations: 1,
  aborts: 2,
  suspensions: 3,
  active: 4,
  /** Key-table entries this worker claimed in the block (listed in its `claimed` region). */
  claimed: 5,
} as const;
export const STAT_WIDTH = LINE;

/**
 * Per-transaction record in `meta`: one cache line per transaction, so workers running
 * neighbouring transactions never write the same line (false sharing cost ~1 µs per tx before).
 */
export const TX_STRIDE = LINE;
export const T = {
  status: 0,
  lock: 1,
  /** Head of the list of transactions suspended on this one, as tx + 1 (0 = none). */
  depHead: 2,
  /** Next in the list this transaction is suspended in, as tx + 1 (0 = end). */
  depNext: 3,
  writeCount: 4,
  readCount: 5,
  validations: 6,
  receipt: 7,
} as const;

export interface BlockStmBuffers {
  capacity: number;
  workers: number;
  tableCapacity: number;
  arenaCapacity: number;
  ctrl: SharedArrayBuffer | ArrayBuffer;
  times: SharedArrayBuffer | ArrayBuffer;
  meta: SharedArrayBuffer | ArrayBuffer;
  writeSlots: SharedArrayBuffer | ArrayBuffer;
  readSet: SharedArrayBuffer | ArrayBuffer;
  table: SharedArrayBuffer | ArrayBuffer;
  claimed: SharedArrayBuffer | ArrayBuffer;
  arena: SharedArrayBuffer | ArrayBuffer;
  stats: SharedArrayBuffer | ArrayBuffer;
  traceTimes: SharedArrayBuffer | ArrayBuffer;
  traceWords: SharedArrayBuffer | ArrayBuffer;
  traceCount: SharedArrayBuffer | ArrayBuffer;
}

/** Typed views over the buffers; cheap to build in each worker. */
export interface BlockStmMemory {
  capacity: number;
  workers: number;
  tableMask: number;
  arenaCapacity: number;
  ctrl: Int32Array;
  /** [0] block start (ms, shared clock), [1] run start */
  times: Float64Array;
  meta: Int32Array;
  /** Write slot i at i · SLOT_WIDTH: key, flags and value (fields in WS). */
  writeSlots: Int32Array;
  /** writeSlots as int64s: slot i's value is at valueIndex(i). */
  writeValues: BigInt64Array;
  /** Read r of tx j at (j · MAX_READS + r) · READ_WIDTH (fields in RS). */
  readSet: Int32Array;
  /** Key-table entries, ENTRY_WIDTH words each (fields in E). */
  table: Int32Array;
  /** Per worker, the entries it claimed this block: region w starts at w · claimedPerWorker. */
  claimed: Int32Array;
  claimedPerWorker: number;
  arena: Int32Array;
  stats: Int32Array;
  traceTimes: Float64Array;
  traceWords: Int32Array;
  traceCount: Int32Array;
}

const pow2 = (x: number): number => 2 ** Math.ceil(Math.log2(Math.max(2, x)));

export function allocateBlockStm(
  capacity: number,
  workers: number,
  alloc: (bytes: number) => SharedArrayBuffer | ArrayBuffer,
  trace: boolean,
): BlockStmBuffers {
  const n = Math.max(1, capacity);
  // Distinct keys written in a block stay well under 16 per transaction; load factor ≤ 0.5 then.
  // At most 16 distinct keys per transaction on average keeps the load factor ≤ ½; a worker
  // may claim up to half the table, which bounds each worker's claimed list.
  const tableCapacity = pow2(n * 16);
  // Doubling lists use at most 4 slots per write; each worker may strand part of one chunk.
  const arenaCapacity = n * MAX_WRITES * 4 + workers * 1024 + 64;
  const i32 = (count: number): SharedArrayBuffer | ArrayBuffer => alloc(count * 4);
  const traceEvents = trace ? TRACE_EVENTS_PER_WORKER * workers : 1;
  const table = i32(tableCapacity * ENTRY_WIDTH);
  clearTable(new Int32Array(table));
  return {
    capacity: n,
    workers,
    tableCapacity,
    arenaCapacity,
    ctrl: i32(C.size),
    times: alloc(8 * 4),
    meta: i32(n * TX_STRIDE),
    writeSlots: i32(n * MAX_WRITES * SLOT_WIDTH),
    readSet: i32(n * MAX_READS * READ_WIDTH),
    table,
    claimed: i32((tableCapacity >> 1) * workers),
    arena: i32(arenaCapacity),
    stats: i32(workers * STAT_WIDTH),
    traceTimes: alloc(traceEvents * 16),
    traceWords: i32(traceEvents * TRACE_EVENT_WORDS),
    traceCount: i32(workers),
  };
}

export function attachBlockStm(b: BlockStmBuffers): BlockStmMemory {
  return {
    capacity: b.capacity,
    workers: b.workers,
    tableMask: b.tableCapacity - 1,
    arenaCapacity: b.arenaCapacity,
    ctrl: new Int32Array(b.ctrl),
    times: new Float64Array(b.times),
    meta: new Int32Array(b.meta),
    writeSlots: new Int32Array(b.writeSlots),
    writeValues: new BigInt64Array(b.writeSlots),
    readSet: new Int32Array(b.readSet),
    table: new Int32Array(b.table),
    claimed: new Int32Array(b.claimed),
    claimedPerWorker: b.tableCapacity >> 1,
    arena: new Int32Array(b.arena),
    stats: new Int32Array(b.stats),
    traceTimes: new Float64Array(b.traceTimes),
    traceWords: new Int32Array(b.traceWords),
    traceCount: new Int32Array(b.traceCount),
  };
}

/** Reset the run-level control words, trace counters and key table so buffers can serve another run. */
export function resetRunControl(b: BlockStmBuffers): void {
  new Int32Array(b.ctrl).fill(0);
  new Int32Array(b.traceCount).fill(0);
  clearTable(new Int32Array(b.table));
}

/**
 * Reset everything a block uses; called by worker 0 while the others wait at the barrier.
 * Only the key-table entries the previous block used are cleared, not the whole table.
 */
export function resetForBlock(m: BlockStmMemory, n: number): void {
  const c = m.ctrl;
  // Clear exactly the entries the previous block claimed, from each worker's list.
  for (let w = 0; w < m.workers; w++) {
    const count = m.stats[w * STAT_WIDTH + S.claimed]!;
    const base = w * m.claimedPerWorker;
    for (let i = 0; i < count; i++) {
      const at = m.claimed[base + i]! * ENTRY_WIDTH;
      m.table[at + E.key] = -1;
      m.table[at + E.seq] = 0;
      m.table[at + E.len] = 0;
      m.table[at + E.cap] = 0;
      m.table[at + E.top] = 0;
    }
  }
  const previous = Atomics.load(c, C.previousBlockSize);
  for (const i of [C.executionIdx, C.validationIdx, C.decreaseCnt, C.done, C.arenaTop, C.finished])
    Atomics.store(c, i, 0);
  Atomics.store(c, C.blockSize, n);
  Atomics.store(c, C.previousBlockSize, n);
  // depHead/depNext hold transaction + 1, so a zeroed record means "no dependency".
  m.meta.fill(0, 0, Math.max(n, previous) * TX_STRIDE);
  m.stats.fill(0);
}

/**
 * A key-table entry is one 32-byte record, so a lookup touches one cache line (five parallel
 * arrays cost five, and let workers writing different keys bounce shared lines).
 */
export const ENTRY_WIDTH = 8;
export const E = {
  /** The key, or -1 for an empty entry. */
  key: 0,
  /** Seqlock over the writer list: odd while a writer inserts. */
  seq: 1,
  /** The entry's writer list (ascending write slots) in the arena: start, length, capacity. */
  ptr: 2,
  len: 3,
  cap: 4,
  /**
   * The highest write slot in the list plus one (0: empty, which a zeroed entry already is): a
   * reader above it needs neither the list nor its length.
   */
  top: 5,
} as const;

function clearTable(table: Int32Array): void {
  table.fill(0);
  for (let e = 0; e < table.length; e += ENTRY_WIDTH) table[e + E.key] = -1;
}

/** The key table's hash (shared by the multi-version memory and the reset). */
export function tableHash(key: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

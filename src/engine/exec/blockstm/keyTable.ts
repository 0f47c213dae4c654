/**
 * The multi-version memory's key table (see mvmemory.ts): one open-addressing entry per key
 * written in the block, holding the entry's seqlock and its writers' sorted slot list, which
 * lives in a shared arena that workers carve up in chunks of their own. Readers go through
 * `mvRead`; this file is the writers' side (claiming an entry, inserting a slot under the lock)
 * and the lookups both sides share.
 */
import { C, E, ENTRY_WIDTH, S, STAT_WIDTH, tableHash, type BlockStmMemory } from './shared.ts';
import { relax } from './sync.ts';

export class EngineLimitError extends Error {}

/** Arena slots a worker takes from the shared bump pointer at once. */
export const ARENA_CHUNK = 1024;

/**
 * A worker's allocator in the shared arena: it takes chunks from the shared bump pointer and
 * carves them up locally, so recording writes touches no counter other workers also touch.
 */
export class ArenaAllocator {
  private pos = 0;
  private end = 0;
  /** Entries this worker claimed so far in the block (published to stats for the reset). */
  private claimedCount = 0;

  constructor(
    private readonly m: BlockStmMemory,
    private readonly worker: number,
  ) {}

  /** Remember a claimed entry in this worker's list; no counter shared with other workers. */
  noteClaimed(e: number): void {
    const m = this.m;
    if (this.claimedCount === m.claimedPerWorker) throw new EngineLimitError('multi-version table is full');
    m.claimed[this.worker * m.claimedPerWorker + this.claimedCount++] = e;
    m.stats[this.worker * STAT_WIDTH + S.claimed] = this.claimedCount;
  }

  alloc(size: number): number {
    if (this.pos + size > this.end) {
      const chunk = Math.max(ARENA_CHUNK, size);
      const start = Atomics.add(this.m.ctrl, C.arenaTop, chunk);
      if (start + chunk > this.m.arenaCapacity) throw new EngineLimitError('multi-version arena is full');
      this.pos = start;
      this.end = start + chunk;
    }
    const at = this.pos;
    this.pos += size;
    return at;
  }
}

/**
 * Entry index of `key`, or -1 when no transaction wrote it in this block. Validation looks keys
 * up with this one: its loads are ordered with the writers' claims, so a claim made before the
 * validation is seen by it.
 */
export function findEntry(m: BlockStmMemory, key: number): number {
  let e = tableHash(key) & m.tableMask;
  for (;;) {
    const k = Atomics.load(m.table, e * ENTRY_WIDTH + E.key);
    if (k === key) return e;
    if (k === -1) return -1;
    e = (e + 1) & m.tableMask;
  }
}

/**
 * `findEntry` with plain loads, for an execution's reads. Within a block an entry's key only
 * goes from -1 to its key (claimed by compare-exchange, cleared between blocks behind the
 * barrier), so a plain load can be stale but never wrong: a stale -1 reads storage as if the
 * read came just before the claim, the read is recorded as a storage read, and validation,
 * which looks the key up with `findEntry`, finds the entry and re-reads it. An atomic load costs
 * about 7 ns against under 1 for a plain one, and a transaction makes one lookup per key it reads.
 */
export function lookupEntry(m: BlockStmMemory, key: number): number {
  const t = m.table;
  let e = tableHash(key) & m.tableMask;
  for (;;) {
    const k = t[e * ENTRY_WIDTH + E.key]!;
    if (k === key) return e;
    if (k === -1) return -1;
    e = (e + 1) & m.tableMask;
  }
}

export function claimEntry(m: BlockStmMemory, key: number, owner: ArenaAllocator): number {
  let e = tableHash(key) & m.tableMask;
  for (let probes = 0; probes <= m.tableMask; probes++) {
    // A plain probe (see lookupEntry): a stale -1 only sends us to the compare-exchange, which
    // returns the key that is really there.
    const k = m.table[e * ENTRY_WIDTH + E.key]!;
    if (k === key) return e;
    if (k === -1) {
      const prev = Atomics.compareExchange(m.table, e * ENTRY_WIDTH + E.key, -1, key);
      if (prev === -1) {
        owner.noteClaimed(e);
        return e;
      }
      if (prev === key) return e;
    }
    e = (e + 1) & m.tableMask;
  }
  throw new EngineLimitError('multi-version table is full');
}

/**
 * Insert a write slot into its key's sorted list (seqlocked). Returns the sequence number the
 * entry had just before: it is that plus 2 afterwards.
 */
export function insertSlot(
  m: BlockStmMemory,
  e: number,
  slot: number,
  spinScratch: Int32Array,
  arenaAlloc: ArenaAllocator,
): number {
  const t = m.table;
  const at = e * ENTRY_WIDTH;
  const seq = lockEntry(t, at + E.seq, spinScratch);
  // Inside the seqlock plain accesses suffice: the closing atomic increment publishes them, and
  // readers re-check the sequence before trusting what they read.
  const arena = m.arena;
  let ptr = t[at + E.ptr]!;
  const len = t[at + E.len]!;
  const cap = t[at + E.cap]!;
  if (len === cap) {
    const newCap = cap === 0 ? 4 : cap * 2;
    const newPtr = arenaAlloc.alloc(newCap);
    // Most entries are new (len 0); a typed-array builtin call costs more than the copy.
    for (let i = 0; i < len; i++) arena[newPtr + i] = arena[ptr + i]!;
    ptr = newPtr;
    t[at + E.ptr] = ptr;
    t[at + E.cap] = newCap;
  }
  let pos = len;
  while (pos > 0 && arena[ptr + pos - 1]! > slot) {
    arena[ptr + pos] = arena[ptr + pos - 1]!;
    pos--;
  }
  arena[ptr + pos] = slot;
  t[at + E.len] = len + 1;
  if (slot >= t[at + E.top]!) t[at + E.top] = slot + 1;
  Atomics.add(t, at + E.seq, 1);
  return seq;
}

/** Take and release an entry's seqlock: tells validators its list changed meaning. */
export function bumpSequence(m: BlockStmMemory, e: number, spinScratch: Int32Array): void {
  const at = e * ENTRY_WIDTH + E.seq;
  lockEntry(m.table, at, spinScratch);
  Atomics.add(m.table, at, 1);
}

/** Take an entry's seqlock (even → odd); returns the even value it had. Release: add 1. */
function lockEntry(t: Int32Array, seqAt: number, spinScratch: Int32Array): number {
  let spins = 0;
  for (;;) {
    const seq = Atomics.load(t, seqAt);
    if ((seq & 1) === 0 && Atomics.compareExchange(t, seqAt, seq, seq + 1) === seq) return seq;
    relax(++spins, spinScratch, C.zero);
  }
}

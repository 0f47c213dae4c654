/**
 * Multi-version memory (Block-STM §3, aptos-core `mvhashmap`), in shared typed arrays.
 *
 * Each transaction i owns MAX_WRITES write slots (slot = i·MAX_WRITES + s). A slot keeps its key
 * for the whole block; a later incarnation that stops writing the key marks the slot DELETED
 * rather than freeing it, so readers never see a slot change meaning under them. Each key written
 * in the block has a table entry listing its write slots in ascending order (slot order is
 * transaction order), guarded by a seqlock: writers (inserting a slot) make the sequence odd,
 * readers retry when it was odd or moved.
 *
 * A slot's flags word is incarnation << 2 | ESTIMATE | DELETED. Writers store the value before
 * the flags, and every rewrite of a value is preceded by an ESTIMATE marking (abort), so a reader
 * that loads flags, value, flags and sees the same flags twice has a consistent pair.
 *
 * The key table itself (entries, their seqlocks and the arena their lists live in) is in
 * keyTable.ts; this file is what a transaction does with it: read, record, validate, commit.
 */
import {
  C,
  E,
  ENTRY_WIDTH,
  MAX_READS,
  MAX_WRITES,
  READ_WIDTH,
  RS,
  S,
  SLOT_WIDTH,
  STAT_WIDTH,
  T,
  TX_STRIDE,
  valueIndex,
  WS,
  type BlockStmMemory,
} from './shared.ts';
import {
  bumpSequence,
  claimEntry,
  EngineLimitError,
  findEntry,
  insertSlot,
  lookupEntry,
  type ArenaAllocator,
} from './keyTable.ts';
import { relax } from './sync.ts';
import type { TxKeys } from './txKeys.ts';

export const FLAG_DELETED = 1;
export const FLAG_ESTIMATE = 2;

/**
 * Where a versioned read came from, written into a reusable object. The value itself is the
 * return value: a long-lived object rewritten with a fresh BigInt per read costs a write barrier
 * and drags values into the old generation.
 */
export interface ReadOutcome {
  /** 0 = value found (slot ≥ 0) or storage (slot = -1); 1 = hit an ESTIMATE of `blocking`. */
  kind: 0 | 1;
  slot: number;
  incarnation: number;
  blocking: number;
  /** The key's table entry (-1: no transaction had written the key) and its seqlock value then. */
  entry: number;
  seq: number;
}

export const newReadOutcome = (): ReadOutcome => ({
  kind: 0,
  slot: -1,
  incarnation: 0,
  blocking: -1,
  entry: -1,
  seq: 0,
});

/**
 * Index of the highest slot below `limit` among list[0..hi] (ascending), or -1. Scanned from the
 * top, or binary-searched when the list is long (a hot key's).
 */
function lowerIndex(arena: Int32Array, ptr: number, hi: number, limit: number): number {
  if (hi < 8) {
    let p = hi;
    while (p >= 0 && Atomics.load(arena, ptr + p) >= limit) p--;
    return p;
  }
  let lo = 0;
  let end = hi + 1;
  while (lo < end) {
    const mid = (lo + end) >>> 1;
    if (Atomics.load(arena, ptr + mid) < limit) lo = mid + 1;
    else end = mid;
  }
  return lo - 1;
}

/**
 * Read `key` as transaction `tx` sees it: the highest non-deleted writer below tx, else storage.
 */
export function mvRead(
  m: BlockStmMemory,
  storage: BigInt64Array,
  key: number,
  tx: number,
  out: ReadOutcome,
  spinScratch: Int32Array,
  /** Validation compares versions only: skipping the value saves a BigInt per read. */
  withValue = true,
  /**
   * The key's table entry, when the caller knows it already (an entry never moves in a block).
   * Validation always passes it; an execution's read looks it up with plain loads.
   */
  e = lookupEntry(m, key),
): bigint {
  out.entry = e;
  if (e >= 0) {
    const t = m.table;
    const at = e * ENTRY_WIDTH;
    const arena = m.arena;
    const limit = tx * MAX_WRITES; // slots of transactions below tx are < limit
    let spins = 0;
    for (;;) {
      const s1 = Atomics.load(t, at + E.seq);
      if ((s1 & 1) === 1) {
        relax(++spins, spinScratch, C.zero);
        continue;
      }
      // Atomic loads on the reader side: on weakly ordered CPUs a plain load could be satisfied
      // after the closing sequence check and a torn list would go unnoticed.
      //
      // The candidate is the highest slot below the limit. Usually every writer is below the
      // reader (transactions run roughly in order), so it is the list's top, kept in the entry:
      // the list, its pointer and its length are loaded only when the top is above the reader
      // or deleted. Lists are short and scanned from the top; only a hot key's long list is
      // worth a binary search.
      const top = Atomics.load(t, at + E.top) - 1;
      let slot = top;
      let ptr = 0;
      /** The candidate's index in the list, or -1 while the list is not loaded (slot = top). */
      let p = -1;
      if (top >= limit) {
        ptr = Atomics.load(t, at + E.ptr);
        p = lowerIndex(arena, ptr, Atomics.load(t, at + E.len) - 1, limit);
        slot = p >= 0 ? Atomics.load(arena, ptr + p) : -1;
      }
      let found = false;
      let torn = false;
      let value = 0n;
      while (slot >= 0) {
        const f1 = Atomics.load(m.writeSlots, slot * SLOT_WIDTH + WS.flags);
        if ((f1 & FLAG_DELETED) !== 0) {
          if (p < 0) {
            // The top was deleted: the next candidate is the one below it in the list.
            ptr = Atomics.load(t, at + E.ptr);
            p = Atomics.load(t, at + E.len) - 1;
          }
          p--;
          slot = p >= 0 ? Atomics.load(arena, ptr + p) : -1;
          continue;
        }
        if ((f1 & FLAG_ESTIMATE) !== 0) {
          out.kind = 1;
          out.blocking = (slot / MAX_WRITES) | 0;
          found = true;
          break;
        }
        value = withValue ? Atomics.load(m.writeValues, valueIndex(slot)) : 0n;
        if (Atomics.load(m.writeSlots, slot * SLOT_WIDTH + WS.flags) !== f1) {
          torn = true;
          break;
        }
        out.kind = 0;
        out.slot = slot;
        out.incarnation = f1 >> 2;
        found = true;
        break;
      }
      if (!torn && Atomics.load(t, at + E.seq) === s1) {
        out.seq = s1;
        if (found) return value;
        break;
      }
      relax(++spins, spinScratch, C.zero);
    }
  }
  out.kind = 0;
  out.slot = -1;
  out.incarnation = 0;
  return withValue ? storage[key]! : 0n;
}

/**
 * Apply incarnation `inc` of `tx`'s write-set. Returns true when it wrote a key the previous
 * incarnation did not (Block-STM's `wrote_new_location`), which forces re-validation above tx.
 */
export function mvRecord(
  m: BlockStmMemory,
  tx: number,
  inc: number,
  writes: TxKeys,
  spinScratch: Int32Array,
  live: Uint8Array,
  arenaAlloc: ArenaAllocator,
): boolean {
  const base = tx * MAX_WRITES;
  const countAt = tx * TX_STRIDE + T.writeCount;
  const slots = m.writeSlots;
  const from = writes.valueWords;
  let count = m.meta[countAt]!;
  const previous = count;
  let wroteNew = false;
  const flags = inc << 2;
  // Every existing slot not rewritten below ends DELETED. `live` is the caller's scratch.
  for (let s = 0; s < count; s++) live[s] = 0;
  const written = writes.writtenCount;
  for (let w = 0; w < written; w++) {
    const local = writes.writtenSlots[w]!;
    const key = writes.keys[local]!;
    let s = 0;
    while (s < count && slots[(base + s) * SLOT_WIDTH + WS.key] !== key) s++;
    let revived = false;
    if (s === count) {
      if (count === MAX_WRITES)
        throw new EngineLimitError(`a transaction wrote more than ${MAX_WRITES} keys across its incarnations`);
      slots[(base + s) * SLOT_WIDTH + WS.key] = key;
    } else revived = (Atomics.load(slots, (base + s) * SLOT_WIDTH + WS.flags) & FLAG_DELETED) !== 0;
    // The value as two 32-bit words, with plain stores: the flags store below publishes them
    // (readers load the flags before the value).
    slots[(base + s) * SLOT_WIDTH + WS.valueLow] = from[local * 2]!;
    slots[(base + s) * SLOT_WIDTH + WS.valueHigh] = from[local * 2 + 1]!;
    if (s === count) {
      // A new slot is in no writer list yet, so no reader can reach it: a plain store suffices,
      // and the seqlock release that adds it to the key's list publishes flags and value
      // together. An atomic store is a full fence, and this one waited on the value's cache
      // misses: about a quarter of mvRecord's samples in a vmCost 0 profile.
      slots[(base + s) * SLOT_WIDTH + WS.flags] = flags;
      // Plain: a validator reads the count only after taking this transaction's lock, which
      // finishExecution takes after recording; the commit reads it after the block barrier.
      m.meta[countAt] = ++count;
      const e = claimEntry(m, key, arenaAlloc);
      const before = insertSlot(m, e, base + s, spinScratch, arenaAlloc);
      confirmOwnRead(m, tx, writes.readIndex(local), e, before);
      wroteNew = true;
    } else {
      // A slot already listed: readers may be loading it, so the new flags are published atomically.
      Atomics.store(slots, (base + s) * SLOT_WIDTH + WS.flags, flags);
      live[s] = 1;
      if (revived) {
        // A deleted slot coming back changes what readers between it and the next writer see,
        // as an insert does: bump the sequence so a validation's two-load check notices.
        bumpSequence(m, findEntry(m, key), spinScratch);
        wroteNew = true;
      }
    }
  }
  for (let s = 0; s < previous; s++)
    if (live[s] === 0) Atomics.store(slots, (base + s) * SLOT_WIDTH + WS.flags, flags | FLAG_DELETED);
  return wroteNew;
}

/** On abort: every live write of tx becomes an ESTIMATE (Block-STM `convert_writes_to_estimates`). */
export function mvMarkEstimates(m: BlockStmMemory, tx: number): void {
  const base = tx * MAX_WRITES;
  const count = Atomics.load(m.meta, tx * TX_STRIDE + T.writeCount);
  for (let s = 0; s < count; s++) {
    const f = Atomics.load(m.writeSlots, (base + s) * SLOT_WIDTH + WS.flags);
    if ((f & FLAG_DELETED) === 0) Atomics.or(m.writeSlots, (base + s) * SLOT_WIDTH + WS.flags, FLAG_ESTIMATE);
  }
}

/**
 * A transaction's own insert into the list of a key it read: its slot is above its own reads,
 * so if nobody else changed the list since the read (the sequence is still the one recorded),
 * the read stands and the record moves to the sequence after the insert. Called inside no lock:
 * only this worker writes this incarnation's read records, and validators of this incarnation
 * start after finishExecution publishes it.
 */
function confirmOwnRead(m: BlockStmMemory, tx: number, read: number, e: number, before: number): void {
  if (read < 0) return;
  const at = (tx * MAX_READS + read) * READ_WIDTH;
  const rs = m.readSet;
  // A read of storage before anyone wrote the key: the entry is ours and was empty.
  const recordedEntry = rs[at + RS.entry]!;
  if (recordedEntry === -1 ? before === 0 : recordedEntry === e && rs[at + RS.seq] === before) {
    rs[at + RS.entry] = e;
    rs[at + RS.seq] = before + 2;
  }
}

/**
 * Re-read tx's read-set: valid iff every read would see the same version now.
 *
 * Most reads are confirmed with two loads. A read records its key's entry and the entry's
 * sequence number; the sequence moves whenever a slot joins the list or a deleted one comes
 * back, the only changes that can put a live writer between the read's writer and tx (every
 * slot there was deleted when the read ran, or the read would have returned it). So if the
 * sequence has not moved and the writer's flags are still the recorded incarnation (no
 * ESTIMATE, not deleted), the read is unchanged. Otherwise the read is repeated in full.
 */
export function mvValidate(
  m: BlockStmMemory,
  storage: BigInt64Array,
  tx: number,
  out: ReadOutcome,
  spinScratch: Int32Array,
): boolean {
  const base = tx * MAX_READS;
  const count = Math.min(Atomics.load(m.meta, tx * TX_STRIDE + T.readCount), MAX_READS);
  const rs = m.readSet;
  for (let r = 0; r < count; r++) {
    const at = (base + r) * READ_WIDTH;
    const slot = rs[at + RS.slot]!;
    const e = rs[at + RS.entry]!;
    if (e >= 0 && Atomics.load(m.table, e * ENTRY_WIDTH + E.seq) === rs[at + RS.seq]) {
      if (slot < 0) continue;
      if (Atomics.load(m.writeSlots, slot * SLOT_WIDTH + WS.flags) === rs[at + RS.incarnation]! << 2) continue;
      return false;
    }
    // No entry when read (so storage): still none means still storage. An entry, once
    // claimed, keeps its key for the rest of the block, so a recorded one needs no lookup.
    const key = rs[at + RS.key]!;
    const entry = e >= 0 ? e : findEntry(m, key);
    if (entry < 0) continue;
    mvRead(m, storage, key, tx, out, spinScratch, false, entry);
    if (out.kind === 1) return false;
    if (out.slot !== slot) return false;
    if (slot >= 0 && out.incarnation !== rs[at + RS.incarnation]) return false;
  }
  return true;
}

/**
 * After the block: write the final value (highest live writer) of every key that `worker`
 * claimed in the key table into storage. Each worker commits its own entries once the block is
 * done, so the commit runs in parallel rather than on one worker while the others wait.
 */
export function mvCommitClaimed(m: BlockStmMemory, storage: BigInt64Array, worker: number): void {
  const storageWords = new Int32Array(storage.buffer, storage.byteOffset, storage.length * 2);
  const count = m.stats[worker * STAT_WIDTH + S.claimed]!;
  const base = worker * m.claimedPerWorker;
  for (let i = 0; i < count; i++) {
    const at = m.claimed[base + i]! * ENTRY_WIDTH;
    const ptr = m.table[at + E.ptr]!;
    for (let p = m.table[at + E.len]! - 1; p >= 0; p--) {
      const slot = m.arena[ptr + p]!;
      if ((m.writeSlots[slot * SLOT_WIDTH + WS.flags]! & FLAG_DELETED) === 0) {
        const key = m.table[at + E.key]!;
        storageWords[key * 2] = m.writeSlots[slot * SLOT_WIDTH + WS.valueLow]!;
        storageWords[key * 2 + 1] = m.writeSlots[slot * SLOT_WIDTH + WS.valueHigh]!;
        break;
      }
    }
  }
}

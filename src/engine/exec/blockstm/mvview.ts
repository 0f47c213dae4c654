/**
 * The StateView a transaction sees under Block-STM: its own writes first, then what it already
 * read (a transaction sees one value per key), then the multi-version memory. Reads are recorded
 * into the transaction's shared read-set as they happen, with the version each one saw, so any
 * worker can validate it later. Hitting an ESTIMATE throws Dependency to unwind the transaction.
 *
 * The per-transaction read cache and write buffer are key-indexed scratch arrays stamped with
 * an epoch instead of Maps: O(1) with no hashing and no allocation per transaction (Map.clear
 * reallocates its table, which showed up as GC pressure in profiles).
 */
import { MAX_AMOUNT } from '../../state/values.ts';
import { revert, type StateView } from '../../protocols/view.ts';
import { mvRead, EngineLimitError, type ReadOutcome } from './mvmemory.ts';
import { MAX_READS, T, TX_STRIDE, type BlockStmMemory } from './shared.ts';

export class Dependency {
  constructor(readonly blocking: number) {}
}

export interface Scratch {
  stamp: Int32Array;
  at: Int32Array;
  isWritten: Uint8Array;
  /** Keys flagged in isWritten: kept with the flags so the next user can clear them. */
  writtenKeys: number[];
  writtenAt: number[];
  epoch: number;
}
let cached: Scratch | null = null;

/**
 * Key-space-sized scratch, kept for the thread's life: a thread runs one view at a time, and
 * reallocating ~12 MB per run only fed the garbage collector. The epoch carries over, so stamps
 * left by an earlier run never match a later transaction.
 */
export function createScratch(size: number): Scratch {
  return {
    stamp: new Int32Array(size),
    at: new Int32Array(size),
    isWritten: new Uint8Array(size),
    writtenKeys: [],
    writtenAt: [],
    epoch: 0,
  };
}

function threadScratch(size: number): Scratch {
  if (!cached || cached.stamp.length < size) cached = createScratch(size);
  return cached;
}

export class MultiVersionView implements StateView {
  tx = 0;
  /** stamp[key] === epoch: the key was read or written by the current incarnation. */
  private readonly stamp: Int32Array;
  /** Index into `values` of the key's current value (read or written). */
  private readonly at: Int32Array;
  private readonly values: bigint[] = [];
  /** Keys written by this incarnation, in first-write order; their values are in `values`. */
  readonly writtenKeys: number[];
  private readonly writtenAt: number[];
  private readonly isWritten: Uint8Array;
  private epoch = 0;
  private readCount = 0;
  private readonly out: ReadOutcome = { kind: 0, value: 0n, slot: -1, incarnation: 0, blocking: -1 };

  constructor(
    private readonly m: BlockStmMemory,
    private readonly storage: BigInt64Array,
    private readonly spinScratch: Int32Array,
    /** Tests that run several logical workers on one thread give each its own scratch. */
    private readonly scratch: Scratch = threadScratch(storage.length),
  ) {
    this.stamp = scratch.stamp;
    this.at = scratch.at;
    this.isWritten = scratch.isWritten;
    this.writtenKeys = scratch.writtenKeys;
    this.writtenAt = scratch.writtenAt;
    this.epoch = scratch.epoch;
  }

  begin(tx: number): void {
    this.tx = tx;
    for (const k of this.writtenKeys) this.isWritten[k] = 0;
    this.writtenKeys.length = 0;
    this.writtenAt.length = 0;
    this.values.length = 0;
    this.readCount = 0;
    if (++this.epoch === 0x7fffffff) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    this.scratch.epoch = this.epoch;
    Atomics.store(this.m.meta, tx * TX_STRIDE + T.readCount, 0);
  }

  read(key: number): bigint {
    if (this.stamp[key] === this.epoch) return this.values[this.at[key]!]!;
    const out = this.out;
    mvRead(this.m, this.storage, key, this.tx, out, this.spinScratch);
    if (out.kind === 1) throw new Dependency(out.blocking);
    if (this.readCount === MAX_READS) throw new EngineLimitError(`a transaction read more than ${MAX_READS} keys`);
    const r = this.tx * MAX_READS + this.readCount++;
    this.m.readKeys[r] = key;
    this.m.readSlots[r] = out.slot;
    this.m.readIncs[r] = out.incarnation;
    this.stamp[key] = this.epoch;
    this.at[key] = this.values.length;
    this.values.push(out.value);
    return out.value;
  }

  write(key: number, value: bigint): void {
    if (value < 0n || value > MAX_AMOUNT) revert('OVERFLOW');
    if (this.stamp[key] === this.epoch) {
      this.values[this.at[key]!] = value;
    } else {
      this.stamp[key] = this.epoch;
      this.at[key] = this.values.length;
      this.values.push(value);
    }
    if (this.isWritten[key] === 0) {
      this.isWritten[key] = 1;
      this.writtenKeys.push(key);
      this.writtenAt.push(this.at[key]!);
    }
  }

  /** Value this incarnation wrote at position i of writtenKeys. */
  writtenValue(i: number): bigint {
    return this.values[this.writtenAt[i]!]!;
  }

  /** A revert discards the writes (the reads stay: the revert depended on them). */
  discardWrites(): void {
    for (const k of this.writtenKeys) this.isWritten[k] = 0;
    this.writtenKeys.length = 0;
    this.writtenAt.length = 0;
  }

  /** Publish the read-set size once the incarnation is complete. */
  publishReads(): void {
    Atomics.store(this.m.meta, this.tx * TX_STRIDE + T.readCount, this.readCount);
  }
}

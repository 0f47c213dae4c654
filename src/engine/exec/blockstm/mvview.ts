/**
 * The StateView a transaction sees under Block-STM: its own writes first, then what it already
 * read (a transaction sees one value per key), then the multi-version memory. Reads are recorded
 * into the transaction's shared read-set as they happen, with the version each one saw, so any
 * worker can validate it later. Hitting an ESTIMATE throws Dependency to unwind the transaction.
 *
 * What an incarnation has read or written lives in a small table of its own (TxKeys): no
 * allocation per transaction (Map.clear reallocates) and no key-space-sized scratch (cache misses).
 */
import { MAX_AMOUNT } from '../../state/values.ts';
import { revert, type StateView } from '../../protocols/view.ts';
import { EngineLimitError } from './keyTable.ts';
import { mvRead, newReadOutcome } from './mvmemory.ts';
import { MAX_READS, READ_WIDTH, RS, T, TX_STRIDE, type BlockStmMemory } from './shared.ts';
import { TxKeys } from './txKeys.ts';

export class Dependency {
  constructor(readonly blocking: number) {}
}

export class MultiVersionView implements StateView {
  tx = 0;
  /** What this incarnation read and wrote (mvRecord copies the writes from it). */
  readonly touched = new TxKeys();
  private readCount = 0;
  private readonly out = newReadOutcome();
  private readonly readSet: Int32Array;

  constructor(
    private readonly m: BlockStmMemory,
    private readonly storage: BigInt64Array,
    private readonly spinScratch: Int32Array,
  ) {
    this.readSet = m.readSet;
  }

  begin(tx: number): void {
    this.tx = tx;
    this.touched.clear();
    this.readCount = 0;
    // The shared read count is not reset here: a validation racing this incarnation belongs to
    // the aborted one and its result is discarded; publishReads sets the new count at the end.
  }

  read(key: number): bigint {
    const t = this.touched;
    const slot = t.find(key);
    if (slot >= 0) return t.value(slot);
    const out = this.out;
    const value = mvRead(this.m, this.storage, key, this.tx, out, this.spinScratch);
    if (out.kind === 1) throw new Dependency(out.blocking);
    if (this.readCount === MAX_READS) throw new EngineLimitError(`a transaction read more than ${MAX_READS} keys`);
    const index = this.readCount++;
    const r = (this.tx * MAX_READS + index) * READ_WIDTH;
    this.readSet[r + RS.key] = key;
    this.readSet[r + RS.slot] = out.slot;
    this.readSet[r + RS.incarnation] = out.incarnation;
    this.readSet[r + RS.entry] = out.entry;
    this.readSet[r + RS.seq] = out.seq;
    t.insert(key, value, index);
    return value;
  }

  write(key: number, value: bigint): void {
    if (value < 0n || value > MAX_AMOUNT) revert('OVERFLOW');
    const t = this.touched;
    let slot = t.find(key);
    if (slot < 0) slot = t.insert(key, value, -1);
    t.set(slot, value);
  }

  /** Number of keys this incarnation wrote, and each one with its value, in first-write order. */
  get writtenCount(): number {
    return this.touched.writtenCount;
  }

  writtenKey(i: number): number {
    return this.touched.key(this.touched.writtenSlots[i]!);
  }

  writtenValue(i: number): bigint {
    return this.touched.value(this.touched.writtenSlots[i]!);
  }

  /** A revert discards the writes (the reads stay: the revert depended on them). */
  discardWrites(): void {
    this.touched.forgetWrites();
  }

  /** Publish the read-set size once the incarnation is complete. */
  publishReads(): void {
    Atomics.store(this.m.meta, this.tx * TX_STRIDE + T.readCount, this.readCount);
  }
}

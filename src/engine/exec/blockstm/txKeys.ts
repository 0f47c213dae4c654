/**
 * The keys one incarnation has touched, with their current value and whether it wrote them:
 * a small open-addressing table cleared by bumping an epoch. It replaced key-space-sized
 * scratch arrays (1.3 M entries), whose random accesses cost two or three cache misses per read;
 * a transaction touches at most a few dozen keys, so this table stays in L1.
 */
const CAPACITY = 256; // power of two, ≥ 2 × (MAX_READS + MAX_WRITES) so probes stay short
const MASK = CAPACITY - 1;

export class TxKeys {
  readonly keys = new Int32Array(CAPACITY);
  private readonly epochs = new Int32Array(CAPACITY);
  private readonly written = new Uint8Array(CAPACITY);
  /** Which read of the incarnation's read-set fetched the key (-1: written before any read). */
  private readonly reads = new Int32Array(CAPACITY);
  /**
   * Values as int64 copies, not references: a long-lived array of short-lived BigInts costs a
   * write barrier per store and drags each value into the old generation.
   */
  private readonly values = new BigInt64Array(CAPACITY);
  /** The same values as 32-bit word pairs: copied into shared memory without making BigInts. */
  readonly valueWords = new Int32Array(this.values.buffer);
  private epoch = 1;
  /** Slots of written keys, in first-write order: the first `writtenCount` entries. */
  readonly writtenSlots: number[] = new Array<number>(CAPACITY).fill(0);
  writtenCount = 0;

  clear(): void {
    this.writtenCount = 0;
    if (++this.epoch === 0x7fffffff) {
      this.epochs.fill(0);
      this.epoch = 1;
    }
  }

  /** Slot holding `key` in this incarnation, or -1. */
  find(key: number): number {
    let i = Math.imul(key, 0x9e3779b1) >>> 24;
    for (;;) {
      if (this.epochs[i] !== this.epoch) return -1;
      if (this.keys[i] === key) return i;
      i = (i + 1) & MASK;
    }
  }

  /** Insert (the key must not be present); returns its slot. `read`: its read-set index, or -1. */
  insert(key: number, value: bigint, read: number): number {
    let i = Math.imul(key, 0x9e3779b1) >>> 24;
    while (this.epochs[i] === this.epoch) i = (i + 1) & MASK;
    this.epochs[i] = this.epoch;
    this.keys[i] = key;
    this.written[i] = 0;
    this.reads[i] = read;
    this.values[i] = value;
    return i;
  }

  readIndex(slot: number): number {
    return this.reads[slot]!;
  }

  value(slot: number): bigint {
    return this.values[slot]!;
  }

  key(slot: number): number {
    return this.keys[slot]!;
  }

  set(slot: number, value: bigint): void {
    this.values[slot] = value;
    if (this.written[slot] === 0) {
      this.written[slot] = 1;
      this.writtenSlots[this.writtenCount++] = slot;
    }
  }

  /** A revert keeps what was read but forgets the writes. */
  forgetWrites(): void {
    for (let i = 0; i < this.writtenCount; i++) this.written[this.writtenSlots[i]!] = 0;
    this.writtenCount = 0;
  }
}

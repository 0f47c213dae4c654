/**
 * The multi-version memory on its own, driven call by call: what a read sees and when a
 * validation must fail. Validation confirms most reads with two loads (the key's sequence number
 * and the writer's flags), so each change that can alter a read is checked to be noticed:
 * a writer inserted below the reader, a deleted write coming back, an ESTIMATE, a new
 * incarnation, and a first writer of a key that was read from storage.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  allocateBlockStm,
  attachBlockStm,
  resetForBlock,
  sharedBuffer,
  type BlockStmMemory,
} from '../src/engine/index.ts';
import { ArenaAllocator } from '../src/engine/exec/blockstm/keyTable.ts';
import { mvMarkEstimates, mvRecord, mvValidate, newReadOutcome } from '../src/engine/exec/blockstm/mvmemory.ts';
import { MultiVersionView } from '../src/engine/exec/blockstm/mvview.ts';
import { MAX_WRITES } from '../src/engine/exec/blockstm/shared.ts';

const K = 7; // a key several transactions write
const OTHER = 9; // a key nobody writes until a test says so
const BLOCK = 16;

let m: BlockStmMemory;
let storage: BigInt64Array;
let view: MultiVersionView;
let arena: ArenaAllocator;
const live = new Uint8Array(MAX_WRITES);
const out = newReadOutcome();

beforeEach(() => {
  m = attachBlockStm(allocateBlockStm(BLOCK, 1, sharedBuffer, false));
  resetForBlock(m, BLOCK);
  storage = new BigInt64Array(16);
  storage[K] = 100n;
  storage[OTHER] = 5n;
  view = new MultiVersionView(m, storage, m.ctrl);
  arena = new ArenaAllocator(m, 0);
});

/** Run incarnation `inc` of `tx`: read `reads`, write `writes`, record it. Returns what it read. */
function incarnation(tx: number, inc: number, reads: number[], writes: [number, bigint][] = []): bigint[] {
  view.begin(tx);
  const seen = reads.map((k) => view.read(k));
  for (const [k, v] of writes) view.write(k, v);
  view.publishReads();
  mvRecord(m, tx, inc, view.touched, m.ctrl, live, arena);
  return seen;
}

const valid = (tx: number): boolean => mvValidate(m, storage, tx, out, m.ctrl);

describe('multi-version memory', () => {
  it('a reader sees the highest writer below it, else storage', () => {
    incarnation(1, 0, [], [[K, 11n]]);
    incarnation(4, 0, [], [[K, 44n]]);
    expect(incarnation(0, 0, [K])).toEqual([100n]);
    expect(incarnation(3, 0, [K])).toEqual([11n]);
    expect(incarnation(6, 0, [K, OTHER])).toEqual([44n, 5n]);
    for (const tx of [0, 3, 6]) expect(valid(tx)).toBe(true);
  });

  it('a reader sees the highest live writer below it in a long list, and above a deleted top', () => {
    // 13 writers: a reader in the middle needs the binary search, and deleted slots are skipped
    // whether they are the list's top or in the middle.
    for (let tx = 0; tx < 13; tx++) incarnation(tx, 0, [], [[K, BigInt(tx)]]);
    incarnation(9, 1, []); // tx9 stops writing K: its slot is deleted
    incarnation(12, 1, []); // and so does tx12, the list's top
    expect(incarnation(10, 0, [K])).toEqual([8n]);
    expect(incarnation(4, 0, [K])).toEqual([3n]);
    expect(incarnation(14, 0, [K])).toEqual([11n]);
    for (const tx of [10, 4, 14]) expect(valid(tx)).toBe(true);
    incarnation(12, 2, [], [[K, 120n]]); // the top comes back
    expect(valid(14)).toBe(false);
    expect(incarnation(14, 1, [K])).toEqual([120n]);
  });

  it('a writer inserted between the read and the reader fails validation', () => {
    incarnation(1, 0, [], [[K, 11n]]);
    incarnation(5, 0, [K]);
    expect(valid(5)).toBe(true);
    incarnation(3, 0, [], [[K, 33n]]);
    expect(valid(5)).toBe(false);
  });

  it('a writer inserted above the reader does not', () => {
    incarnation(1, 0, [], [[K, 11n]]);
    incarnation(3, 0, [K]);
    incarnation(6, 0, [], [[K, 66n]]);
    expect(valid(3)).toBe(true);
  });

  it("the reader's own write to a key it read keeps the read valid, until someone writes below", () => {
    incarnation(1, 0, [], [[K, 11n]]);
    expect(
      incarnation(
        4,
        0,
        [K, OTHER],
        [
          [K, 12n],
          [OTHER, 6n],
        ],
      ),
    ).toEqual([11n, 5n]);
    expect(valid(4)).toBe(true);
    incarnation(2, 0, [], [[OTHER, 22n]]);
    expect(valid(4)).toBe(false);
  });

  it('an ESTIMATE or a new incarnation of the writer fails validation', () => {
    incarnation(1, 0, [], [[K, 11n]]);
    incarnation(3, 0, [K]);
    mvMarkEstimates(m, 1);
    expect(valid(3)).toBe(false);
    incarnation(1, 1, [], [[K, 11n]]); // the same value, but another incarnation
    expect(valid(3)).toBe(false);
    incarnation(3, 0, [K]);
    expect(valid(3)).toBe(true);
  });

  it('a write that was deleted and comes back fails validation of a reader that skipped it', () => {
    incarnation(1, 0, [], [[K, 11n]]);
    incarnation(2, 0, [], [[K, 22n]]);
    incarnation(2, 1, []); // tx2's next incarnation writes nothing: its slot for K is deleted
    expect(incarnation(5, 0, [K])).toEqual([11n]);
    expect(valid(5)).toBe(true);
    incarnation(2, 2, [], [[K, 23n]]); // and the one after writes K again
    expect(valid(5)).toBe(false);
    expect(incarnation(5, 1, [K])).toEqual([23n]);
    expect(valid(5)).toBe(true);
  });

  it('a first writer of a key read from storage fails validation, even when the reader wrote it too', () => {
    incarnation(4, 0, [OTHER], [[OTHER, 40n]]);
    expect(valid(4)).toBe(true);
    incarnation(2, 0, [], [[OTHER, 20n]]);
    expect(valid(4)).toBe(false);
    incarnation(6, 0, [K]);
    incarnation(3, 0, [], [[K, 30n]]);
    expect(valid(6)).toBe(false);
  });
});

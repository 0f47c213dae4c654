/**
 * The sequential executor: the yardstick for every speedup. It runs transactions in block order
 * directly on the state with an undo log for reverts: no versioning, no copies, no maps on the
 * hot path. With `detail` it swaps in a recording view (slower; used by the app, not the bench).
 */
import { layoutOf, type World } from '../state/world.ts';
import { MAX_AMOUNT } from '../state/values.ts';
import { applyTx, type Tx } from '../protocols/tx.ts';
import { Revert, revert, type StateView, type TxContext } from '../protocols/view.ts';
import { DetailBuilder } from './detail.ts';
import type { BlockResult, ExecOptions } from './types.ts';
import { codeOf } from './types.ts';
import { vmWork } from './vmWork.ts';
import { RunAborted } from './aborted.ts';
import { traceTime } from '../trace/ring.ts';

/**
 * Writes go straight to the state; an undo log (typed arrays: values are copied, not referenced)
 * restores them on a revert.
 */
class UndoView implements StateView {
  private keys = new Int32Array(64);
  private olds = new BigInt64Array(64);
  private count = 0;

  constructor(private readonly values: BigInt64Array) {}

  read(key: number): bigint {
    return this.values[key]!;
  }

  write(key: number, value: bigint): void {
    if (value < 0n || value > MAX_AMOUNT) revert('OVERFLOW');
    if (this.count === this.keys.length) this.grow();
    this.keys[this.count] = key;
    this.olds[this.count++] = this.values[key]!;
    this.values[key] = value;
  }

  private grow(): void {
    const keys = new Int32Array(this.keys.length * 2);
    const olds = new BigInt64Array(this.olds.length * 2);
    keys.set(this.keys);
    olds.set(this.olds);
    this.keys = keys;
    this.olds = olds;
  }

  commit(): void {
    this.count = 0;
  }

  rollback(): void {
    for (let i = this.count - 1; i >= 0; i--) this.values[this.keys[i]!] = this.olds[i]!;
    this.count = 0;
  }
}

/** Records reads (with the in-block writer they saw) and final writes of each transaction. */
class RecordingView implements StateView {
  private readonly lastWriter = new Map<number, number>();
  private readonly readSeen = new Set<number>();
  private readonly written = new Map<number, bigint>();
  tx = 0;

  constructor(
    private readonly inner: UndoView,
    private readonly detail: DetailBuilder,
  ) {}

  read(key: number): bigint {
    if (!this.written.has(key) && !this.readSeen.has(key)) {
      this.readSeen.add(key);
      this.detail.addRead(key, this.lastWriter.get(key) ?? -1, 0);
    }
    return this.inner.read(key);
  }

  write(key: number, value: bigint): void {
    this.inner.write(key, value);
    this.written.set(key, value);
  }

  endTx(ok: boolean): void {
    if (ok) {
      for (const [k, v] of this.written) {
        this.detail.addWrite(k, v);
        this.lastWriter.set(k, this.tx);
      }
    }
    this.written.clear();
    this.readSeen.clear();
    this.detail.endTx();
    this.tx++;
  }
}

/** A block's transactions by index: an array, or a LazyBlock decoding from the shared encoding. */
export interface TxSource {
  readonly length: number;
  get(i: number): Tx;
}

export const txArray = (txs: readonly Tx[]): TxSource => ({ length: txs.length, get: (i) => txs[i]! });

/**
 * Run one block in order. Given a LazyBlock, decoding is inside the timed region, exactly as
 * for Block-STM, so the two are compared on the same work.
 */
export function runSequentialBlock(
  world: World,
  values: BigInt64Array,
  txs: TxSource | readonly Tx[],
  timestamp: number,
  blockIndex: number,
  opts: ExecOptions,
): BlockResult {
  const ctx: TxContext = { world, layout: layoutOf(world), timestamp };
  const receipts = new Uint8Array(txs.length);
  const undo = new UndoView(values);
  const builder = opts.detail ? new DetailBuilder() : null;
  const recorder = builder ? new RecordingView(undo, builder) : null;
  const view: StateView = recorder ?? undo;
  const half = opts.vmCost >> 1;
  const source: TxSource = Array.isArray(txs) ? txArray(txs as readonly Tx[]) : (txs as TxSource);
  const start = opts.now();
  for (let i = 0; i < source.length; i++) {
    if ((i & 31) === 0 && opts.cancelled?.()) throw new RunAborted('run aborted');
    const tx = source.get(i);
    vmWork(half, i ^ tx.from);
    let ok = true;
    try {
      applyTx(view, ctx, tx);
      undo.commit();
    } catch (e) {
      if (!(e instanceof Revert)) throw e;
      undo.rollback();
      receipts[i] = codeOf(e.reason);
      ok = false;
    }
    vmWork(opts.vmCost - half, i);
    recorder?.endTx(ok);
  }
  const wallMs = opts.now() - start;
  const ones = new Int32Array(txs.length).fill(1);
  const detail = builder?.build(ones, new Int32Array(txs.length));
  return {
    receipts,
    stats: {
      block: blockIndex,
      txs: txs.length,
      startMs: traceTime(start),
      wallMs,
      txPerSec: wallMs > 0 ? (txs.length * 1000) / wallMs : 0,
      executions: txs.length,
      validations: 0,
      aborts: 0,
      suspensions: 0,
      edges: detail ? detail.edges.length / 2 : null,
      fellBackToSequential: false,
    },
    ...(detail ? { detail } : {}),
  };
}

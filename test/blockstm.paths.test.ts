/**
 * Hand-built blocks that force each Block-STM path. Two logical workers are interleaved task by
 * task on one thread (BlockStmWorker is the same state machine the threaded loop runs), so the
 * interleaving that produces an ESTIMATE read or an abort is exact, not left to the OS scheduler.
 */
import { describe, expect, it } from 'vitest';
import {
  allocateBlockStm,
  attachBlockStm,
  digestValues,
  layoutOf,
  parseBlockFile,
  resetForBlock,
  sharedBuffer,
  blockTimestamp,
  C,
  S,
  STAT_WIDTH,
  T,
  TX_STRIDE,
  TRACE_EVENTS_PER_WORKER,
  TraceReader,
  TraceWriter,
  traceEvents,
  type BlockStmMemory,
} from '../src/engine/index.ts';
import { BlockStmWorker } from '../src/engine/exec/blockstm/worker.ts';
import { MultiVersionView } from '../src/engine/exec/blockstm/mvview.ts';
import { mvCommitClaimed } from '../src/engine/exec/blockstm/mvmemory.ts';
import { incarnationOf } from '../src/engine/exec/blockstm/scheduler.ts';
import { clock, runSequential } from './helpers.ts';

const transfer = (from: string, to: string, amount: number) => ({
  type: 'transfer',
  from,
  to,
  token: 'USDC',
  amount: String(amount),
});

function harness(file: object, workers = 2, throwInside?: { tx: number; incarnation: number }) {
  const w = parseBlockFile(file);
  const txs = w.blocks[0]!;
  const lazy = { length: txs.length, get: (i: number) => txs[i]! };
  const storage = w.genesis.values.slice();
  const m: BlockStmMemory = attachBlockStm(allocateBlockStm(txs.length, workers, sharedBuffer, true));
  const traceCapacity = TRACE_EVENTS_PER_WORKER;
  resetForBlock(m, txs.length);
  const ctx = { world: w.world, layout: layoutOf(w.world), timestamp: blockTimestamp(w.world, 0) };
  const ws = Array.from(
    { length: workers },
    (_x, i) =>
      new BlockStmWorker({
        m,
        storage,
        txs: lazy,
        ctx,
        worker: i,
        block: 0,
        vmCost: 0,
        now: clock,
        trace: new TraceWriter(m.traceTimes, m.traceWords, m.traceCount, i, traceCapacity),
        countTxValidations: true,
        view: new MultiVersionView(m, storage, m.ctrl),
        ...(throwInside ? { throwInside } : {}),
      }),
  );
  const stat = (k: number): number => ws.reduce((s, _w, i) => s + m.stats[i * STAT_WIDTH + k]!, 0);
  return {
    m,
    ws,
    /** Round-robin until the scheduler reports done. */
    finish(): void {
      for (let guard = 0; !ws[0]!.done(); guard++) {
        if (guard > 100_000) throw new Error('block did not finish');
        for (const x of ws) if (x.take()) x.perform();
      }
      for (const x of ws) x.rethrowFinalFault();
      // As in a real run: each (logical) worker commits the key-table entries it claimed.
      ws.forEach((_w, i) => mvCommitClaimed(m, storage, i));
    },
    incarnations: (tx: number): number => incarnationOf(m.meta[tx * TX_STRIDE + T.status]!) + 1,
    validations: (tx: number): number => m.meta[tx * TX_STRIDE + T.validations]!,
    receipts: (): number[] => txs.map((_t, i) => m.meta[i * TX_STRIDE + T.receipt]!),
    stat,
    /** The trace the workers recorded so far. */
    events: () => traceEvents(new TraceReader(workers, traceCapacity).pull(m.traceTimes, m.traceWords, m.traceCount)),
    expectSequential(): void {
      const seq = runSequential(w);
      expect(digestValues(storage)).toBe(seq.digest);
      expect(this.receipts()).toEqual(Array.from(seq.codes[0]!));
    },
  };
}

describe('Block-STM paths', () => {
  const genesis = { accounts: { alice: { USDC: '1000' }, bob: { USDC: '10' } } };

  it('a read of an ESTIMATE suspends on the writer and resumes after its next incarnation', () => {
    const h = harness({
      genesis,
      blocks: [{ txs: [transfer('alice', 'bob', 100), transfer('bob', 'carol', 5), transfer('carol', 'dave', 1)] }],
    });
    const [w0, w1] = h.ws as [BlockStmWorker, BlockStmWorker];
    expect(grab(w0) && w0.task.tx === 0).toBe(true);
    expect(grab(w1) && w1.task.tx === 1).toBe(true);
    w1.perform(); // tx1 reads bob = 10 from storage: tx0 has not written yet
    w0.perform(); // tx0 writes bob
    expect(grab(w0) && w0.task.kind === 2 && w0.task.tx === 0).toBe(true);
    w0.perform();
    expect(grab(w0) && w0.task.kind === 2 && w0.task.tx === 1).toBe(true);
    w0.perform(); // tx1's read of bob is stale: abort, its writes become ESTIMATEs, w0 re-executes it next
    expect(h.stat(S.aborts)).toBe(1);
    expect(w0.task).toMatchObject({ kind: 1, tx: 1, incarnation: 1 });
    expect(grab(w1) && w1.task.tx === 2).toBe(true);
    w1.perform(); // tx2 reads carol: ESTIMATE of tx1 → suspends instead of executing blindly
    expect(h.stat(S.suspensions)).toBe(1);
    expect(statusOf(h.m, 2)).toBe(3); // ABORTING, waiting on tx1
    // The trace names the writer it waits on.
    expect(h.events().filter((e) => e.kind === 'suspend')).toMatchObject([{ tx: 2, incarnation: 0, blocking: 1 }]);
    w0.perform(); // tx1's next incarnation finishes and resumes tx2
    expect(statusOf(h.m, 2)).toBe(0); // READY again
    h.finish();
    expect(h.incarnations(2)).toBe(2);
    h.expectSequential();
  });

  it('an abort re-validates every higher transaction', () => {
    const h = harness({
      genesis,
      blocks: [
        {
          txs: [
            transfer('alice', 'bob', 100),
            transfer('bob', 'carol', 5),
            transfer('carol', 'dave', 1),
            transfer('erin', 'frank', 0),
          ],
        },
      ],
    });
    const [w0, w1] = h.ws as [BlockStmWorker, BlockStmWorker];
    grab(w0); // exec tx0, held
    for (let i = 0; i < 3; i++) {
      grab(w1);
      w1.perform(); // exec 1, 2, 3 against storage
    }
    while (Atomics.load(h.m.ctrl, C.validationIdx) < 4) if (grab(w1)) w1.perform(); // validates 1..3 (all look valid)
    expect([h.validations(1), h.validations(2), h.validations(3)]).toEqual([1, 1, 1]);
    w0.perform(); // tx0 lands a new write: everything above it must be validated again
    h.finish();
    expect(h.validations(3)).toBeGreaterThanOrEqual(2);
    expect(h.validations(2)).toBeGreaterThanOrEqual(2);
    expect(h.stat(S.aborts)).toBeGreaterThanOrEqual(1);
    h.expectSequential();
  });

  it('a write-set that grows on re-execution (a revert that later succeeds)', () => {
    const g = { accounts: { alice: { USDC: '1000' }, bob: { USDC: '10' } } };
    const h = harness({
      genesis: g,
      blocks: [{ txs: [transfer('alice', 'bob', 100), transfer('bob', 'carol', 50), transfer('carol', 'dave', 20)] }],
    });
    const [w0, w1] = h.ws as [BlockStmWorker, BlockStmWorker];
    grab(w0);
    grab(w1);
    w1.perform(); // tx1: bob has 10 < 50 → reverts, writes nothing
    expect(h.receipts()[1]).not.toBe(0);
    w0.perform();
    h.finish();
    expect(h.incarnations(1)).toBe(2); // second incarnation succeeds and writes bob and carol
    expect(h.receipts()).toEqual([0, 0, 0]);
    h.expectSequential();
  });
});

describe('Block-STM and errors inside a transaction', () => {
  const genesis = { accounts: { alice: { USDC: '1000' }, bob: { USDC: '10' } } };
  const block = { txs: [transfer('alice', 'bob', 100), transfer('bob', 'carol', 5)] };

  it('an error in an incarnation that read stale values is speculative: re-executed, not fatal', () => {
    const h = harness({ genesis, blocks: [block] }, 2, { tx: 1, incarnation: 0 });
    const [w0, w1] = h.ws as [BlockStmWorker, BlockStmWorker];
    expect(grab(w0) && w0.task.tx === 0).toBe(true);
    expect(grab(w1) && w1.task.tx === 1).toBe(true);
    w1.perform(); // tx1 reads bob from storage, then throws (as on an inconsistent state)
    w0.perform(); // tx0 writes bob: tx1's read was stale, so validation will send it back
    h.finish();
    expect(h.incarnations(1)).toBe(2);
    h.expectSequential();
  });

  it("an error in an incarnation whose reads were right is the transaction's own: it ends the block", () => {
    // One worker runs in order, so tx1 reads the final bob: its incarnation 0 is final.
    const h = harness({ genesis, blocks: [block] }, 1, { tx: 1, incarnation: 0 });
    expect(() => h.finish()).toThrow(/Division by zero \(injected\)/);
    expect(h.incarnations(1)).toBe(1);
  });
});

/** Take a task, retrying as the paper's loop does (a take may only skip a validation index). */
function grab(w: BlockStmWorker): boolean {
  for (let i = 0; i < 16; i++) if (w.take()) return true;
  return false;
}

function statusOf(m: BlockStmMemory, tx: number): number {
  return m.meta[tx * TX_STRIDE + T.status]! & 3;
}

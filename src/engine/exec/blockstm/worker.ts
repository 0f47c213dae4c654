/**
 * One worker's part in one block (Block-STM Algorithm 1): take the lower-index task, execute or
 * validate, repeat until the scheduler says done, the run is cancelled, or something faults.
 *
 * The loop is a small state machine (`BlockStmWorker`) so tests can interleave several logical
 * workers task by task on one thread and force a given path (an ESTIMATE read, an abort).
 */
import { applyTx, type Tx } from '../../protocols/tx.ts';
import { Revert, type TxContext } from '../../protocols/view.ts';
import { TK, type TraceWriter } from '../../trace/ring.ts';
import { codeOf } from '../types.ts';
import { vmWork } from '../vmWork.ts';
import { RunAborted } from '../aborted.ts';
import { ArenaAllocator } from './keyTable.ts';
import { mvMarkEstimates, mvRecord, mvValidate, newReadOutcome } from './mvmemory.ts';
import { Dependency, type MultiVersionView } from './mvview.ts';
import { EXECUTED, Scheduler, type Task } from './scheduler.ts';
import { C, MAX_WRITES, S, STAT_WIDTH, T, TX_STRIDE, type BlockStmMemory } from './shared.ts';

export { RunAborted };

export interface WorkerBlockInput {
  m: BlockStmMemory;
  storage: BigInt64Array;
  txs: { readonly length: number; get(i: number): Tx };
  ctx: TxContext;
  worker: number;
  block: number;
  vmCost: number;
  now: () => number;
  trace: TraceWriter | null;
  /**
   * Count validations per transaction (an atomic add per validation). Only the block's detail
   * reports them; the per-worker totals in the stats are always kept.
   */
  countTxValidations: boolean;
  /** Per-worker scratch that outlives blocks (it is sized by the key space). */
  view: MultiVersionView;
  /** Test hook: throw an unexpected error when executing this transaction index. */
  faultAt?: number;
  /**
   * Test hook: throw a RangeError from inside transaction `tx` after its reads (in incarnation
   * `incarnation`, or in every one), as protocol code does when it divides by a value read from
   * an inconsistent mix of versions.
   */
  throwInside?: { tx: number; incarnation?: number };
}

/**
 * Receipt of an incarnation that threw an unexpected error. It never reaches a block result:
 * either validation sends the transaction back for re-execution, or the incarnation is final and
 * the worker that saw the error rethrows it (see `rethrowFinalFault`).
 */
export const SPECULATIVE_FAULT = 255;

interface SpeculativeFault {
  tx: number;
  incarnation: number;
  error: unknown;
}

export class BlockStmWorker {
  readonly task: Task = { kind: 0, tx: 0, incarnation: 0 };
  private readonly sched: Scheduler;
  private readonly out = newReadOutcome();
  private readonly live = new Uint8Array(MAX_WRITES);
  private readonly arena: ArenaAllocator;
  private readonly stat: number;
  private readonly half: number;
  /** Unexpected errors this worker caught in the block, each pending its incarnation's fate. */
  private readonly faults: SpeculativeFault[] = [];

  constructor(private readonly input: WorkerBlockInput) {
    this.sched = new Scheduler(input.m, input.txs.length, input.worker);
    this.arena = new ArenaAllocator(input.m, input.worker);
    this.stat = input.worker * STAT_WIDTH;
    this.half = input.vmCost >> 1;
  }

  done(): boolean {
    return this.sched.done();
  }

  /**
   * Once the block is done every transaction's last incarnation is final: if one this worker saw
   * throw is among them, the error was the transaction's own and ends the run, as it would in
   * sequential execution.
   */
  rethrowFinalFault(): void {
    const { m } = this.input;
    for (const f of this.faults)
      if (Atomics.load(m.meta, f.tx * TX_STRIDE + T.status) === ((f.incarnation << 2) | EXECUTED)) throw f.error;
  }

  /** Fetch a new task when holding none. Returns false when none is available right now. */
  take(): boolean {
    if (this.task.kind !== 0) return true;
    return this.sched.nextTask(this.task);
  }

  /** Perform the held task; a follow-up task (if any) is left in `task`. */
  perform(): void {
    const t = this.task;
    const more =
      t.kind === 1 ? this.execute(t.tx, t.incarnation) : t.kind === 2 ? this.validate(t.tx, t.incarnation) : false;
    if (!more) t.kind = 0;
  }

  private execute(tx: number, inc: number): boolean {
    const { m, txs, ctx, vmCost, now, trace, block, view } = this.input;
    for (;;) {
      m.stats[this.stat + S.executions]!++;
      view.begin(tx);
      const item = txs.get(tx);
      if (this.input.faultAt === tx) throw new Error(`injected fault in transaction ${tx}`);
      vmWork(this.half, tx ^ item.from);
      let code = 0;
      try {
        applyTx(view, ctx, item);
        const inject = this.input.throwInside;
        if (inject && inject.tx === tx && (inject.incarnation ?? inc) === inc)
          throw new RangeError('Division by zero (injected)');
      } catch (e) {
        if (e instanceof Dependency) {
          m.stats[this.stat + S.suspensions]!++;
          trace?.mark(TK.suspend, block, tx, inc, now(), e.blocking);
          if (this.sched.addDependency(tx, e.blocking)) return false;
          continue; // the writer finished meanwhile: re-execute at once
        }
        if (e instanceof Revert) code = codeOf(e.reason);
        else {
          // Speculative execution can read an inconsistent mix of versions (one key before a
          // writer recorded its write-set, another after), and protocol code may then throw
          // (a division by zero) where no sequential state could make it. The error is not yet
          // the transaction's: record the incarnation with the reads that led to it and let
          // validation judge them. Only if this incarnation is final is the error real.
          this.faults.push({ tx, incarnation: inc, error: e });
          code = SPECULATIVE_FAULT;
        }
        view.discardWrites();
      }
      vmWork(vmCost - this.half, tx);
      view.publishReads();
      m.meta[tx * TX_STRIDE + T.receipt] = code;
      const wroteNew = mvRecord(m, tx, inc, view.touched, m.ctrl, this.live, this.arena);
      trace?.mark(TK.execute, block, tx, inc, now());
      return this.sched.finishExecution(tx, inc, wroteNew, this.task);
    }
  }

  private validate(tx: number, inc: number): boolean {
    const { m, storage, now, trace, block } = this.input;
    m.stats[this.stat + S.validations]!++;
    if (this.input.countTxValidations) Atomics.add(m.meta, tx * TX_STRIDE + T.validations, 1);
    const valid = mvValidate(m, storage, tx, this.out, m.ctrl);
    const aborted = !valid && this.sched.tryValidationAbort(tx, inc);
    if (aborted) {
      m.stats[this.stat + S.aborts]!++;
      mvMarkEstimates(m, tx);
    }
    trace?.mark(aborted ? TK.validateAbort : TK.validateOk, block, tx, inc, now());
    return this.sched.finishValidation(tx, aborted, this.task);
  }
}

export function runBlockStmWorker(input: WorkerBlockInput): void {
  const { m } = input;
  const w = new BlockStmWorker(input);
  let idle = 0;
  for (let turn = 0; ; turn++) {
    // A cancel or another worker's fault, looked for every 16 turns: a load per task is a
    // measurable share of a cheap transaction. 16 turns take far less than the second a run has
    // to stop in: at the largest vmCost (10^6) a transaction's work is about 4 ms, and an idle
    // turn sleeps at most 1 ms.
    if ((turn & 15) === 0 && Atomics.load(m.ctrl, C.abort) !== 0) throw new RunAborted('run aborted');
    if (w.take()) {
      // After idling (spinning or asleep) the next trace event starts now: the gap stays a gap.
      if (idle > 0) input.trace?.restart(input.now());
      w.perform();
      idle = 0;
      continue;
    }
    if (w.done()) {
      w.rethrowFinalFault();
      return;
    }
    // Nothing to take right now: the remaining work is in other workers' hands. Spin a little,
    // then sleep until someone lowers an index or finishes the block. Register as a sleeper
    // before the last look for work, so a signal sent after that look is not missed.
    if (m.workers > 1 && ++idle > 64) {
      Atomics.add(m.ctrl, C.sleepers, 1);
      const seq = Atomics.load(m.ctrl, C.workSeq);
      if (w.take()) {
        Atomics.sub(m.ctrl, C.sleepers, 1);
        input.trace?.restart(input.now());
        w.perform();
        idle = 0;
        continue;
      }
      if (!w.done()) Atomics.wait(m.ctrl, C.workSeq, seq, 1);
      Atomics.sub(m.ctrl, C.sleepers, 1);
    }
  }
}

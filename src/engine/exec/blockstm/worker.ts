/**
 * One worker's part in one block (Block-STM Algorithm 1): take the lower-index task, execute or
 * validate, repeat until the scheduler says done, the run is cancelled, or something faults.
 */
import { applyTx, type Tx } from '../../protocols/tx.ts';
import { Revert, type TxContext } from '../../protocols/view.ts';
import { TK, type TraceWriter } from '../../trace/ring.ts';
import { codeOf } from '../types.ts';
import { vmWork } from '../vmWork.ts';
import { mvMarkEstimates, mvRecord, mvValidate, type ReadOutcome } from './mvmemory.ts';
import { Dependency, type MultiVersionView } from './mvview.ts';
import { Scheduler, type Task } from './scheduler.ts';
import { C, MAX_WRITES, S, STAT_WIDTH, T, TX_STRIDE, type BlockStmMemory } from './shared.ts';

export { RunAborted } from '../aborted.ts';
import { RunAborted } from '../aborted.ts';

export interface WorkerBlockInput {
  m: BlockStmMemory;
  storage: BigInt64Array;
  txs: readonly Tx[];
  ctx: TxContext;
  worker: number;
  block: number;
  vmCost: number;
  now: () => number;
  trace: TraceWriter | null;
  /** Per-worker scratch that outlives blocks (it is sized by the key space). */
  view: MultiVersionView;
  /** Test hook: throw an unexpected error when executing this transaction index. */
  faultAt?: number;
}

export function runBlockStmWorker(input: WorkerBlockInput): void {
  const { m, txs, ctx, worker, vmCost, now, trace, block } = input;
  const storage = input.storage;
  const n = txs.length;
  const sched = new Scheduler(m, n);
  const view = input.view;
  const task: Task = { kind: 0, tx: 0, incarnation: 0 };
  const out: ReadOutcome = { kind: 0, value: 0n, slot: -1, incarnation: 0, blocking: -1 };
  const stat = worker * STAT_WIDTH;
  const live = new Uint8Array(MAX_WRITES);
  const half = vmCost >> 1;
  let idle = 0;

  const execute = (tx: number, inc: number): boolean => {
    for (;;) {
      const t0 = trace ? now() : 0;
      m.stats[stat + S.executions]!++;
      view.begin(tx);
      const item = txs[tx]!;
      if (input.faultAt === tx) throw new Error(`injected fault in transaction ${tx}`);
      vmWork(half, tx ^ item.from);
      let code = 0;
      try {
        applyTx(view, ctx, item);
      } catch (e) {
        if (e instanceof Dependency) {
          m.stats[stat + S.suspensions]!++;
          trace?.record(TK.suspend, block, tx, inc, t0, now());
          if (sched.addDependency(tx, e.blocking)) return false;
          continue; // the writer finished meanwhile: re-execute at once
        }
        if (!(e instanceof Revert)) throw e;
        code = codeOf(e.reason);
        view.discardWrites();
      }
      vmWork(vmCost - half, tx);
      view.publishReads();
      m.meta[tx * TX_STRIDE + T.receipt] = code;
      const wroteNew = mvRecord(m, tx, inc, view, m.ctrl, live);
      trace?.record(TK.execute, block, tx, inc, t0, now());
      return sched.finishExecution(tx, inc, wroteNew, task);
    }
  };

  const validate = (tx: number, inc: number): boolean => {
    const t0 = trace ? now() : 0;
    m.stats[stat + S.validations]!++;
    Atomics.add(m.meta, tx * TX_STRIDE + T.validations, 1);
    const valid = mvValidate(m, storage, tx, out, m.ctrl);
    const aborted = !valid && sched.tryValidationAbort(tx, inc);
    if (aborted) {
      m.stats[stat + S.aborts]!++;
      mvMarkEstimates(m, tx);
    }
    trace?.record(aborted ? TK.validateAbort : TK.validateOk, block, tx, inc, t0, now());
    return sched.finishValidation(tx, aborted, task);
  };

  for (;;) {
    if (Atomics.load(m.ctrl, C.abort) !== 0) throw new RunAborted('run aborted');
    let more: boolean;
    if (task.kind === 1) more = execute(task.tx, task.incarnation);
    else if (task.kind === 2) more = validate(task.tx, task.incarnation);
    else more = sched.nextTask(task);
    if (more) {
      idle = 0;
      continue;
    }
    task.kind = 0;
    if (sched.done()) return;
    // Nothing to take right now: the remaining work is in other workers' hands. Spin a little,
    // then sleep until someone lowers an index or finishes the block.
    if (m.workers > 1 && ++idle > 32) {
      const seq = Atomics.load(m.ctrl, C.workSeq);
      if (sched.done()) return;
      Atomics.add(m.ctrl, C.sleepers, 1);
      Atomics.wait(m.ctrl, C.workSeq, seq, 1);
      Atomics.sub(m.ctrl, C.sleepers, 1);
    }
  }
}

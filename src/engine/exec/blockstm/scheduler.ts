/**
 * The collaborative scheduler of Block-STM (Gelashvili et al., PPoPP'23, Algorithms 4–5;
 * aptos-core `block-executor/src/scheduler.rs`), over shared Int32Arrays.
 *
 * status[i] = incarnation << 2 | READY | EXECUTING | EXECUTED | ABORTING, changed under
 * locks[i]. execution_idx and validation_idx only grow by fetch-add and shrink through
 * `decrease*`, which bumps decrease_cnt so `checkDone` can tell a stable "all done" from a
 * transient one. Workers take the lower-index task: validation when validation_idx is behind.
 */
import { C, S, STAT_WIDTH, T, TX_STRIDE, type BlockStmMemory } from './shared.ts';
import { lock, unlock } from './sync.ts';

export const READY = 0;
export const EXECUTING = 1;
export const EXECUTED = 2;
export const ABORTING = 3;

export const statusOf = (word: number): number => word & 3;
export const incarnationOf = (word: number): number => word >> 2;

/** A task: kind 0 none, 1 execute, 2 validate; written into a reusable object. */
export interface Task {
  kind: 0 | 1 | 2;
  tx: number;
  incarnation: number;
}

export class Scheduler {
  /** This worker's active-task counter, on its own cache line (see checkDone). */
  private readonly active: number;

  constructor(
    private readonly m: BlockStmMemory,
    private readonly n: number,
    worker: number,
  ) {
    this.active = worker * STAT_WIDTH + S.active;
  }

  private activeUp(): void {
    Atomics.add(this.m.stats, this.active, 1);
  }

  private activeDown(): void {
    Atomics.sub(this.m.stats, this.active, 1);
  }

  /**
   * The paper's num_active_tasks, kept per worker so starting and ending a task never bounces a
   * shared cache line. Summing them is as sound as one counter: a task stays counted from before
   * it fetches an index until after any work it creates has bumped decrease_cnt, which checkDone
   * re-reads.
   */
  private anyActive(): boolean {
    for (let w = 0; w < this.m.workers; w++)
      if (Atomics.load(this.m.stats, w * STAT_WIDTH + S.active) !== 0) return true;
    return false;
  }

  done(): boolean {
    return Atomics.load(this.m.ctrl, C.done) === 1;
  }

  /**
   * Wake idle workers: new work may exist (an index went down) or the block is done. Only when
   * someone sleeps: sleepers register before their last look for work, and sleep at most 1 ms.
   */
  private signal(): void {
    const c = this.m.ctrl;
    if (Atomics.load(c, C.sleepers) === 0) return;
    Atomics.add(c, C.workSeq, 1);
    Atomics.notify(c, C.workSeq);
  }

  private decreaseExecutionIdx(target: number): void {
    const c = this.m.ctrl;
    let cur = Atomics.load(c, C.executionIdx);
    while (target < cur) {
      const seen = Atomics.compareExchange(c, C.executionIdx, cur, target);
      if (seen === cur) break;
      cur = seen;
    }
    Atomics.add(c, C.decreaseCnt, 1);
    this.signal();
  }

  private decreaseValidationIdx(target: number): void {
    const c = this.m.ctrl;
    let cur = Atomics.load(c, C.validationIdx);
    while (target < cur) {
      const seen = Atomics.compareExchange(c, C.validationIdx, cur, target);
      if (seen === cur) break;
      cur = seen;
    }
    Atomics.add(c, C.decreaseCnt, 1);
    this.signal();
  }

  private checkDone(): void {
    const c = this.m.ctrl;
    const observed = Atomics.load(c, C.decreaseCnt);
    if (
      Math.min(Atomics.load(c, C.executionIdx), Atomics.load(c, C.validationIdx)) >= this.n &&
      !this.anyActive() &&
      observed === Atomics.load(c, C.decreaseCnt)
    ) {
      Atomics.store(c, C.done, 1);
      this.signal();
    }
  }

  /**
   * READY → EXECUTING; on success fills `task`. A compare-exchange suffices here (no lock):
   * every other transition starts from a state other than READY, so none can race this one.
   */
  private tryIncarnate(tx: number, task: Task): boolean {
    if (tx < this.n) {
      const at = tx * TX_STRIDE + T.status;
      const w = Atomics.load(this.m.meta, at);
      if (statusOf(w) === READY && Atomics.compareExchange(this.m.meta, at, w, (w & ~3) | EXECUTING) === w) {
        task.kind = 1;
        task.tx = tx;
        task.incarnation = incarnationOf(w);
        return true;
      }
    }
    this.activeDown();
    return false;
  }

  /** `seen`: execution_idx as nextTask just loaded it (loading it again would cost an atomic). */
  private nextVersionToExecute(seen: number, task: Task): boolean {
    const c = this.m.ctrl;
    if (seen >= this.n) {
      this.checkDone();
      return false;
    }
    this.activeUp();
    return this.tryIncarnate(Atomics.add(c, C.executionIdx, 1), task);
  }

  /** `seen`: validation_idx as nextTask just loaded it. */
  private nextVersionToValidate(seen: number, task: Task): boolean {
    const c = this.m.ctrl;
    if (seen >= this.n) {
      this.checkDone();
      return false;
    }
    this.activeUp();
    const tx = Atomics.add(c, C.validationIdx, 1);
    if (tx < this.n) {
      const w = Atomics.load(this.m.meta, tx * TX_STRIDE + T.status);
      if (statusOf(w) === EXECUTED) {
        task.kind = 2;
        task.tx = tx;
        task.incarnation = incarnationOf(w);
        return true;
      }
    }
    this.activeDown();
    return false;
  }

  nextTask(task: Task): boolean {
    const c = this.m.ctrl;
    task.kind = 0;
    // Plain loads: the two indices only choose which one to claim. Even atomic loads could be
    // out of date by the fetch-add that makes the claim, and the algorithm takes whatever index
    // that returns; "done" is decided in checkDone, whose loads are atomic. So a stale value
    // costs at most a turn. Two atomic loads were about 14 ns of every task.
    const v = c[C.validationIdx]!;
    const e = c[C.executionIdx]!;
    if (v < e && !(e < this.n && this.stillExecuting(v))) {
      if (this.nextVersionToValidate(v, task)) return true;
    } else if (this.nextVersionToExecute(e, task)) return true;
    return false;
  }

  /**
   * Transaction v is being executed right now: claiming its validation index would fail (only
   * an executed transaction can be validated) and cost a fetch-add on the most contended word
   * of the scheduler. Take an execution task instead; v is validated once its execution ends,
   * when validation_idx is still at v. With two workers executing neighbours, about every
   * other take used to be such a failed claim.
   */
  private stillExecuting(v: number): boolean {
    // A hint as well, so a plain load: a stale EXECUTING takes an execution task this turn.
    return statusOf(this.m.meta[v * TX_STRIDE + T.status]!) === EXECUTING;
  }

  /**
   * tx read an ESTIMATE of `blocking`: suspend tx on it unless blocking already finished (then
   * the caller re-executes at once). Returns true when suspended.
   */
  addDependency(tx: number, blocking: number): boolean {
    const m = this.m;
    lock(m.meta, blocking * TX_STRIDE + T.lock);
    if (statusOf(m.meta[blocking * TX_STRIDE + T.status]!) === EXECUTED) {
      unlock(m.meta, blocking * TX_STRIDE + T.lock);
      return false;
    }
    const w = m.meta[tx * TX_STRIDE + T.status]!;
    Atomics.store(m.meta, tx * TX_STRIDE + T.status, (w & ~3) | ABORTING);
    m.meta[tx * TX_STRIDE + T.depNext] = m.meta[blocking * TX_STRIDE + T.depHead]!;
    m.meta[blocking * TX_STRIDE + T.depHead] = tx + 1;
    unlock(m.meta, blocking * TX_STRIDE + T.lock);
    this.activeDown();
    return true;
  }

  private setReady(tx: number): void {
    const m = this.m;
    lock(m.meta, tx * TX_STRIDE + T.lock);
    const w = m.meta[tx * TX_STRIDE + T.status]!;
    Atomics.store(m.meta, tx * TX_STRIDE + T.status, ((incarnationOf(w) + 1) << 2) | READY);
    unlock(m.meta, tx * TX_STRIDE + T.lock);
  }

  /** Incarnation finished and its writes are recorded. May hand back a validation task. */
  finishExecution(tx: number, incarnation: number, wroteNewLocation: boolean, task: Task): boolean {
    const m = this.m;
    lock(m.meta, tx * TX_STRIDE + T.lock);
    Atomics.store(m.meta, tx * TX_STRIDE + T.status, (incarnation << 2) | EXECUTED);
    let dep = m.meta[tx * TX_STRIDE + T.depHead]! - 1;
    m.meta[tx * TX_STRIDE + T.depHead] = 0;
    unlock(m.meta, tx * TX_STRIDE + T.lock);
    let minDep = this.n;
    while (dep >= 0) {
      const next = m.meta[dep * TX_STRIDE + T.depNext]! - 1;
      this.setReady(dep);
      if (dep < minDep) minDep = dep;
      dep = next;
    }
    if (minDep < this.n) this.decreaseExecutionIdx(minDep);
    const c = m.ctrl;
    if (Atomics.load(c, C.validationIdx) > tx) {
      if (!wroteNewLocation) {
        task.kind = 2;
        task.tx = tx;
        task.incarnation = incarnation;
        return true;
      }
      this.decreaseValidationIdx(tx);
    }
    this.activeDown();
    return false;
  }

  /** A failed validation aborts incarnation `incarnation` iff it is still the executed one. */
  tryValidationAbort(tx: number, incarnation: number): boolean {
    const m = this.m;
    lock(m.meta, tx * TX_STRIDE + T.lock);
    const w = m.meta[tx * TX_STRIDE + T.status]!;
    const ok = w === ((incarnation << 2) | EXECUTED);
    if (ok) Atomics.store(m.meta, tx * TX_STRIDE + T.status, (incarnation << 2) | ABORTING);
    unlock(m.meta, tx * TX_STRIDE + T.lock);
    return ok;
  }

  /** After a validation: on abort, re-validate everything above tx and re-execute tx. */
  finishValidation(tx: number, aborted: boolean, task: Task): boolean {
    const c = this.m.ctrl;
    if (aborted) {
      this.setReady(tx);
      this.decreaseValidationIdx(tx + 1);
      if (Atomics.load(c, C.executionIdx) > tx) {
        this.activeUp();
        if (this.tryIncarnate(tx, task)) {
          this.activeDown();
          return true;
        }
      }
    }
    this.activeDown();
    return false;
  }
}

/**
 * Trace events that a pause stretched: the worker stopped running in the middle of the task.
 *
 * The trace records wall time, so a worker whose core the OS gave to another thread, or that
 * stopped to collect garbage, draws a bar as long as the pause, labelled with its transaction,
 * and the timeline seems to say that transaction was expensive. In a 1,000-transaction block at
 * the default VM cost a few executions a block took 3-12 ms against a median of about 10 µs, even
 * in the CLI with nothing else running (ten blocks on 2 workers, a cold run). No transaction does
 * that much work: an execution's work is its VM cost, the same for all of them, plus protocol
 * code that differs by a few times at most between kinds. So an event is counted as paused when it
 * took PAUSE_FACTOR times its block's median for its class of task and PAUSE_MIN_MS more than
 * that median: the factor covers blocks whose VM cost makes every task long, the floor covers
 * cheap ones, where a 3-hop route may take several times a transfer and still only microseconds.
 * The trace cannot say which of the two stopped the worker, and the timeline does not guess.
 */
import { median } from 'd3';
import { taskClass } from '../../engine/index.ts';

export const PAUSE_FACTOR = 5;
export const PAUSE_MIN_MS = 0.25;

/** What "paused" means, where the page says it. */
export const PAUSED_MEANING = `it took over ${PAUSE_FACTOR} times its block's median for its kind of task, and ${PAUSE_MIN_MS} ms more: its worker stopped in the middle (its core went to another thread, or it collected garbage), so that time is not the transaction's cost`;

export interface PauseEvents {
  kind: ArrayLike<number>;
  start: ArrayLike<number>;
  end: ArrayLike<number>;
}

/** A block's median duration (ms) per class of task, over events `idx`. */
export function medianTaskMs(trace: PauseEvents, idx: readonly number[]): Record<'execution' | 'validation', number> {
  const ms = { execution: [] as number[], validation: [] as number[] };
  for (const i of idx) {
    const c = taskClass(trace.kind[i]!);
    if (c) ms[c].push(trace.end[i]! - trace.start[i]!);
  }
  return { execution: median(ms.execution) ?? 0, validation: median(ms.validation) ?? 0 };
}

/** Whether an event of `kind` that took `ms` was stretched by a pause, given its block's medians. */
export function isPaused(kind: number, ms: number, medians: Record<'execution' | 'validation', number>): boolean {
  const c = taskClass(kind);
  if (!c) return false;
  const typical = medians[c];
  return ms > typical * PAUSE_FACTOR && ms - typical > PAUSE_MIN_MS;
}

/** The events among `idx` (one block's) that a pause stretched. */
export function pausedEvents(trace: PauseEvents, idx: readonly number[]): number[] {
  const medians = medianTaskMs(trace, idx);
  return idx.filter((i) => isPaused(trace.kind[i]!, trace.end[i]! - trace.start[i]!, medians));
}

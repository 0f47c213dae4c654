/**
 * Workers that started a block late: their lane stays empty well after the block opened, or for
 * the whole block.
 *
 * When a parallel block opens there is work for every worker at once: it has at least
 * FALLBACK_TXS_PER_WORKER transactions per worker, and a worker's first look claims the next
 * execution. A worker waiting between blocks sees the block open within microseconds when it is
 * spinning, and about 60 µs after when asleep. So a lane still empty LATE_MIN_MS after the block
 * opened belongs to a worker that was not running: its core went to another thread (V8's
 * helpers collecting garbage or compiling, the page's own threads, or another worker when there
 * are more workers than cores). Drawn white, that time read as a worker with nothing to do. In
 * the page a third to a half of the default scenario's blocks have one, 0.25–6 ms late in blocks
 * of about 7 ms (two sets of nine runs measured; see docs/app.md, "Late starts").
 *
 * Lateness counts from the block's opening (its stats' `startMs`: worker 0 opens the block and
 * starts its own first task within microseconds), so a block where every worker started late,
 * worker 0 included, shows it. A version 1 trace file, from before blocks recorded their start,
 * has no opening: there it counts from the block's first task, and a block every worker started
 * late looks on time.
 */
import { TK } from '../../engine/index.ts';
import { formatDuration } from './math.ts';
import { PAUSE_MIN_MS } from './pauses.ts';

/** Shorter empty starts are wake-ups, not a worker kept off its core. */
export const LATE_MIN_MS = PAUSE_MIN_MS;

/** What a late start means, where the page says it. */
export const LATE_MEANING = `its first task began over ${LATE_MIN_MS} ms after the block opened, though there was work for it from the start: the worker was not running (its core went to another thread)`;

export interface LateStartEvents {
  worker: ArrayLike<number>;
  kind: ArrayLike<number>;
  start: ArrayLike<number>;
}

export interface LateStart {
  worker: number;
  /** The block's opening (else its first task's start), ms. */
  from: number;
  /** The worker's first task's start, or the block's end when it ran none. */
  to: number;
  /** The worker ran no task in the block. */
  never: boolean;
}

/**
 * Late starts among `workers` workers in one block, by worker: `block` is the block's events
 * and its time span as the timeline draws it (blockEvents: its clock, from its opening to the end
 * of its commit, where its stats give one; else its first task's start to its last task's end).
 * A worker that never started is late to the span's end: the block's clock waits for every
 * worker to finish, so with many workers on few cores that can be long after the last task.
 */
export function lateStarts(
  trace: LateStartEvents,
  block: { idx: readonly number[]; t0: number; t1: number },
  workers: number,
): LateStart[] {
  const { idx, t0, t1 } = block;
  if (idx.length === 0) return [];
  const first = new Array<number>(workers).fill(Infinity);
  for (const i of idx) {
    // A block too small for parallel execution runs on worker 0 alone: the others had no work.
    if (trace.kind[i] === TK.block) return [];
    const w = trace.worker[i]!;
    if (w < workers && trace.start[i]! < first[w]!) first[w] = trace.start[i]!;
  }
  const late: LateStart[] = [];
  for (let w = 0; w < workers; w++) {
    const never = first[w] === Infinity;
    const to = never ? t1 : first[w]!;
    if (to - t0 > LATE_MIN_MS) late.push({ worker: w, from: t0, to, never });
  }
  return late;
}

/**
 * The legend's words for a block's late starts: "worker 1 started 3.90 ms late", "3 workers
 * started late, by up to 3.90 ms", "worker 3 never started"; "" when none.
 */
export function lateStartNote(late: readonly LateStart[]): string {
  const started = late.filter((l) => !l.never);
  const never = late.filter((l) => l.never);
  const parts: string[] = [];
  if (started.length === 1)
    parts.push(`worker ${started[0]!.worker} started ${formatDuration(started[0]!.to - started[0]!.from)} late`);
  else if (started.length > 1)
    parts.push(
      `${started.length} workers started late, by up to ${formatDuration(Math.max(...started.map((l) => l.to - l.from)))}`,
    );
  if (never.length === 1) parts.push(`worker ${never[0]!.worker} never started`);
  else if (never.length > 1) parts.push(`${never.length} workers never started`);
  return parts.join(', ');
}

/**
 * One transaction's story in a block, from the trace: each execution, each read that hit an
 * ESTIMATE and each validation, in the order they could happen. The inspector lists it, so a
 * re-execution shows why it happened (a validation that aborted, or a read that hit an ESTIMATE)
 * rather than only a count.
 *
 * Sorting by start time alone sometimes listed a validation before the execution it checked
 * (22 of 10,000 transactions in one page run, 1 in 10,000 in a CLI run). Two things put its
 * start too early: a trace event starts where its worker's previous one ended, so it includes
 * finding the task (here another worker's execution still running), and in a browser two
 * workers' clocks can disagree by up to about 10 µs. Causality is known, though: incarnations
 * follow one another, and an incarnation is validated only once its execution has finished.
 */
import { taskClass, TK, TRACE_KINDS, type IndexedTrace, type TraceKind } from '../../engine/index.ts';
import { blockEvents, formatDuration } from '../charts/math.ts';
import { isPaused, medianTaskMs } from '../charts/pauses.ts';

export interface HistoryEvent {
  kind: TraceKind;
  worker: number;
  incarnation: number;
  /** For a read of an ESTIMATE, the writer whose ESTIMATE it was (-1: unknown, an older file). */
  blocking: number;
  /** Milliseconds since the block opened, as on the timeline's axis. */
  start: number;
  end: number;
  /** A pause stretched it: its worker stopped in the middle (see pauses.ts). */
  paused: boolean;
}

/**
 * `tx`'s events in `block`, empty if none: incarnation by incarnation, each one's runs (and
 * reads of an ESTIMATE) before its validations, each group by start (workers' events
 * interleave). Shown times never go back down the list, and a validation starts no earlier than
 * the end of the execution it checked, as it cannot have begun before. Times move only where
 * the trace's own disagree with that order (a few histories in 10,000; none in most runs).
 */
export function txHistory(
  trace: IndexedTrace,
  block: number,
  tx: number,
  clock?: { startMs?: number; wallMs: number },
): HistoryEvent[] {
  // The timeline's own block start (`clock`: the block's stats), so the times read the same as
  // its axis. Block markers carry tx -1, so they never match.
  const { idx, t0 } = blockEvents(trace, block, clock);
  const medians = medianTaskMs(trace, idx);
  const mine = idx.filter((i) => trace.tx[i] === tx);
  const phase = (i: number): number => (taskClass(trace.kind[i]!) === 'validation' ? 1 : 0);
  mine.sort(
    (a, b) =>
      trace.incarnation[a]! - trace.incarnation[b]! ||
      phase(a) - phase(b) ||
      trace.start[a]! - trace.start[b]! ||
      trace.end[a]! - trace.end[b]!,
  );
  // The end of each incarnation's execution: the earliest its validations can have started.
  const executed = new Map<number, number>();
  for (const i of mine) if (trace.kind[i] === TK.execute) executed.set(trace.incarnation[i]!, trace.end[i]!);
  let floor = -Infinity;
  return mine.map((i) => {
    const kind = trace.kind[i]!;
    // Never before the entry above it either: a validation moved to its execution's end (on the
    // executing worker's clock) can otherwise land after the next incarnation's start on its own.
    const ran = taskClass(kind) === 'validation' ? (executed.get(trace.incarnation[i]!) ?? -Infinity) : -Infinity;
    const start = Math.max(trace.start[i]!, ran, floor);
    const end = Math.max(trace.end[i]!, start);
    floor = start;
    return {
      kind: TRACE_KINDS[kind]!,
      worker: trace.worker[i]!,
      incarnation: trace.incarnation[i]!,
      blocking: trace.blocking[i]!,
      start: start - t0,
      end: end - t0,
      // Judged on the recorded length: a pause is what stretched the event as the worker saw it.
      paused: isPaused(kind, trace.end[i]! - trace.start[i]!, medians),
    };
  });
}

/**
 * What each event of a history did, in words, with how long it took (a pause's marked, as its
 * length is not the transaction's cost). A read of an ESTIMATE suspends the incarnation on its
 * writer, unless the writer finished in the meantime: then the same incarnation runs again at
 * once. The next execution tells the two apart (the same incarnation, or the next one).
 */
export function describeHistory(history: readonly HistoryEvent[]): string[] {
  return history.map((e, k) => {
    // Under a microsecond goes unsaid: a browser's clock counts in steps of 5 µs or more when the
    // page is cross-origin isolated, so such a task mostly reads 0.
    const ms = e.end - e.start;
    const took = ms < 0.001 ? '' : ` ${formatDuration(ms)}${e.paused ? ' (paused)' : ''}`;
    const inTook = took && ` in${took}`;
    switch (e.kind) {
      case 'execute':
        return `executed incarnation ${e.incarnation}${inTook}`;
      case 'suspend': {
        const next = history.find((n, j) => j > k && (n.kind === 'execute' || n.kind === 'suspend'));
        // A trace file from before version 3 does not say whose ESTIMATE it was.
        const known = e.blocking >= 0;
        const writer = known ? `tx ${e.blocking}` : 'its writer';
        const read = `incarnation ${e.incarnation}${took && ` ran${took},`} read an ESTIMATE${known ? ` of ${writer}` : ''}`;
        if (!next) return `${read} and stopped`;
        return next.incarnation === e.incarnation
          ? `${read}, but ${writer} had just finished: it ran again at once`
          : `${read} and waited for ${writer} to finish`;
      }
      case 'validate-ok':
        return `validated incarnation ${e.incarnation}${inTook}`;
      case 'validate-abort':
        return `validation aborted incarnation ${e.incarnation}${inTook}: a read had changed`;
      case 'block':
        return 'block marker';
    }
  });
}

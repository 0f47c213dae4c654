/**
 * What a trace file's times promise (README, "Trace files"): ms since the run started, with each
 * block's events inside its clock, from its `startMs` to `startMs + wallMs`, and blocks in order.
 * Shared by the CLI test and the page's export spec, which check the same file format.
 */
import type { BlockStats, IndexedTrace } from '../src/engine/index.ts';

/**
 * How far two threads' readings of one moment can disagree: Chromium gives a cross-origin
 * isolated page's threads a clock in 5 µs steps, each thread's own (seen in the page: a worker's
 * first task timed 5 µs before the opening worker 0 had timed just before). Plus the file's
 * 0.1 µs rounding.
 */
const CLOCK_SLACK_MS = 0.0051;

/** Each broken promise in words; empty when the file keeps them all. */
export function traceClockProblems(blocks: readonly BlockStats[], trace: IndexedTrace): string[] {
  const problems: string[] = [];
  let previousEnd = 0;
  for (const b of blocks) {
    const start = b.startMs;
    if (start === undefined) {
      problems.push(`block ${b.block} has no startMs`);
      continue;
    }
    const end = start + b.wallMs;
    if (start < previousEnd - CLOCK_SLACK_MS)
      problems.push(`block ${b.block} starts at ${start}, before ${previousEnd}`);
    previousEnd = end;
    for (const i of trace.byBlock.get(b.block) ?? []) {
      if (trace.start[i]! < start - CLOCK_SLACK_MS || trace.end[i]! > end + CLOCK_SLACK_MS) {
        problems.push(`block ${b.block}'s event ${i} (${trace.start[i]}–${trace.end[i]}) is outside ${start}–${end}`);
        break;
      }
    }
  }
  return problems;
}

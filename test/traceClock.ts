/**
 * What a trace file's times promise (README, "Trace files"): ms since the run started, with each
 * block's events inside its clock, from its `startMs` to `startMs + wallMs`, and blocks in order.
 * Shared by the CLI test and the page's export spec, which check the same file format.
 */
import type { BlockStats, IndexedTrace } from '../src/engine/index.ts';

/**
 * How far two threads' readings of one moment can disagree. Chromium gives a cross-origin
 * isolated page's threads each their own time origin and `performance.now()` in 5 µs steps, so
 * two threads can be two steps apart. Two workers of a page stamping a shared-memory handshake
 * (one stamps and publishes, the other stamps on seeing it), over 92 page loads: each page's
 * workers disagreed by a steady 0, 5 or 10 µs (51, 35 and 6 pages), at most 10.3 µs. At a 5.1 µs
 * slack the page's export spec failed twice in about 45 runs. Plus the file's 0.1 µs rounding.
 */
const CLOCK_SLACK_MS = 0.0106;

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

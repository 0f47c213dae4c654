/**
 * The CLI's progress line: how far preparing and running have got, rewritten in place on a
 * terminal's stderr (a 500 × 20,000 run takes seconds to prepare and minutes to run, and printed
 * nothing until the end). Silent when stderr is not a terminal: pipes, CI logs and tests get
 * exactly the output they had.
 */
import type { PrepareProgress } from '../engine/index.ts';

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface RunProgress {
  preparing(progress: PrepareProgress): void;
  /** The run's block count, once the blocks are built. */
  prepared(blocks: number): void;
  block(): void;
  /** Erase the line, so the run's output starts on a clean one. */
  done(): void;
}

/** The line is redrawn at most this often: a run of small blocks finishes thousands a second. */
const REDRAW_MS = 100;
const CLEAR_LINE = '\r\x1b[2K';

export function runProgress(stream: ProgressStream, now: () => number = () => performance.now()): RunProgress {
  let total = 0;
  let ran = 0;
  let drawnAt = -Infinity;
  let drawn = false;
  const draw = (text: string): void => {
    if (!stream.isTTY || now() - drawnAt < REDRAW_MS) return;
    drawnAt = now();
    drawn = true;
    stream.write(`${CLEAR_LINE}sim: ${text}`);
  };
  return {
    preparing: (p) => draw(`preparing block ${p.blocks} of ${p.of}`),
    prepared: (blocks) => {
      total = blocks;
    },
    block: () => draw(`ran block ${++ran} of ${total}`),
    done: () => {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}

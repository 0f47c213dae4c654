/**
 * The blocks Block-STM runs sequentially, on one worker, because they are too small for its
 * workers (the engine's own rule, runsInParallel). The inputs tell which before a run: a generated
 * workload's blocks all have its block size, and a block file's sizes are read when it is checked.
 * So the page says it before the first block, rather than when that block arrives and pushes
 * every view down under the visitor's pointer. Of the shown run once there is one, as the other
 * views are.
 */
import { runsInParallel } from '../../engine/index.ts';
import { selectRunStrategy, selectRunWorkers, type AppState } from './store.ts';

export interface SmallBlocks {
  /** How many of the `of` blocks run sequentially. */
  count: number;
  of: number;
  /** The one size every block has (a generated workload's blocks do), else null. */
  size: number | null;
  /** Block 0's size when it runs sequentially, else null: the first block the page will show. */
  first: number | null;
}

/** Each block's transactions: the shown run's, else the inputs'. */
const blockSizes = (s: AppState): readonly number[] =>
  s.ran?.blockSizes ?? s.imported?.blockSizes ?? new Array<number>(s.scenario.blocks).fill(s.scenario.blockSize);

/** Use with zustand's useShallow: a new object per call. */
export function selectSmallBlocks(s: AppState): SmallBlocks {
  const sizes = blockSizes(s);
  const workers = selectRunWorkers(s);
  const small = (txs: number): boolean => selectRunStrategy(s) !== 'sequential' && !runsInParallel(txs, workers);
  const [first] = sizes;
  return {
    count: sizes.reduce((n, txs) => n + (small(txs) ? 1 : 0), 0),
    of: sizes.length,
    size: first !== undefined && sizes.every((txs) => txs === first) ? first : null,
    first: first !== undefined && small(first) ? first : null,
  };
}

/**
 * The statistics of one block as the page lists them (pure, unit-tested in Node): what the
 * engine measured for it (DESIGN.md §5's per-block statistics), next to the sequential
 * baseline's time for the same block when there is one.
 */
import { FALLBACK_TXS_PER_WORKER, median, type BlockStats, type Strategy } from '../../engine/index.ts';
import { countOf, formatRate, groupDigits, speedup } from './math.ts';
import type { SmallBlocks } from '../store/smallBlocks.ts';

/** One figure and what it counts, read value first ("1,217 dependencies"). */
export interface BlockFact {
  value: string;
  label: string;
  /** A longer explanation, for a tooltip. */
  title?: string;
}

const perTx = (count: number, txs: number): string => (txs > 0 ? (count / txs).toFixed(3) : '—');

/**
 * The facts of block `stats`, run by `strategy`. `baseline` is the sequential baseline's
 * measurement of the same block, if it has one (a sequential run is its own baseline).
 */
export function blockFacts(stats: BlockStats, baseline: BlockStats | undefined, strategy: Strategy): BlockFact[] {
  const facts: BlockFact[] = [
    { value: groupDigits(stats.txs), label: 'transactions' },
    { value: stats.wallMs.toFixed(2), label: 'ms' },
    { value: formatRate(stats.txPerSec), label: 'tx/s' },
  ];
  if (strategy !== 'sequential') {
    // Listed before the baseline has measured the block too, as a dash: arriving later, it could
    // take the list onto another line and push the views down.
    const ratio = baseline ? speedup([stats], [baseline]) : null;
    facts.push(
      baseline && ratio !== null && ratio > 0
        ? {
            value: `${ratio.toFixed(2)}×`,
            label: 'sequential',
            title: `The sequential baseline ran this block in ${baseline.wallMs.toFixed(2)} ms (${formatRate(baseline.txPerSec)} tx/s).`,
          }
        : {
            value: '—',
            label: 'sequential',
            title: 'The sequential baseline has not measured this block yet: it runs once the run ends.',
          },
    );
  }
  facts.push({ value: perTx(stats.executions, stats.txs), label: 'executions/tx' });
  // Sequential execution validates nothing and never aborts: zeros there would read as a result.
  if (strategy !== 'sequential' && !stats.fellBackToSequential) {
    facts.push(
      { value: perTx(stats.validations, stats.txs), label: 'validations/tx' },
      { value: groupDigits(stats.aborts), label: 'aborts' },
      {
        value: groupDigits(stats.suspensions),
        label: 'waits',
        title:
          'Reads that hit an ESTIMATE: the transaction suspends on the writer instead of re-executing, or runs again at once if the writer has just finished.',
      },
    );
  }
  facts.push({
    value: stats.edges === null ? 'not tracked' : groupDigits(stats.edges),
    label: 'dependencies',
    title: 'Pairs (i, j) where transaction j read a value that transaction i wrote.',
  });
  return facts;
}

/**
 * The facts a block of `strategy` lists, each value a dash: what the page shows before a block
 * has run, in the places the block's own facts will take.
 */
export function blockFactPlaces(strategy: Strategy, fellBackToSequential = false): BlockFact[] {
  const anyBlock: BlockStats = {
    block: 0,
    txs: 1,
    wallMs: 1,
    txPerSec: 1,
    executions: 1,
    validations: 1,
    aborts: 0,
    suspensions: 0,
    edges: 0,
    fellBackToSequential,
  };
  return blockFacts(anyBlock, undefined, strategy).map((f) => ({ value: '—', label: f.label }));
}

/** Why a Block-STM block ran sequentially, or null when it did not. */
export function fallbackReason(stats: BlockStats, workers: number): string | null {
  return stats.fellBackToSequential ? smallBlockReason(stats.txs, workers) : null;
}

/**
 * Why a block of `txs` transactions runs sequentially on one of `workers` workers. Tense-free: it
 * also stands before a run, where the inputs already say it.
 */
export const smallBlockReason = (txs: number, workers: number): string =>
  `Sequential, on one worker: ${countOf(txs, 'transaction')} ${txs === 1 ? 'is' : 'are'} fewer than ${FALLBACK_TXS_PER_WORKER} per worker on ${countOf(workers, 'worker')}.`;

/**
 * The run's note on its blocks too small for parallel execution (see smallBlocks.ts), or null
 * when every block runs in parallel. Tense-free, as smallBlockReason: it stands before the run.
 */
export function smallBlocksNote({ count, of, size }: SmallBlocks, workers: number): string | null {
  if (count === 0) return null;
  const which =
    of === 1
      ? 'The block has'
      : count === of
        ? size !== null
          ? `Blocks of ${countOf(size, 'transaction')} have`
          : of === 2
            ? 'Both blocks have'
            : `All ${groupDigits(of)} blocks have`
        : `${groupDigits(count)} of ${groupDigits(of)} blocks ${count === 1 ? 'has' : 'have'}`;
  return (
    `${which} fewer than ${FALLBACK_TXS_PER_WORKER} transactions per worker on ${countOf(workers, 'worker')}, so ` +
    `${count === 1 ? 'it runs' : 'each runs'} sequentially on one worker, as small blocks do in pevm and grevm: ` +
    'parallel execution would cost more than it saves.'
  );
}

/**
 * Below this median baseline block time a run's speedup is mostly timing noise in the page: a
 * worker's wake-up and the page's own work on the same cores are a large part of each block. The
 * 16-transaction lesson (0.1 ms blocks) read a median of 0.15× over 12 runs (0.03–0.97×); with a
 * VM cost of 100,000 (about 3 ms blocks), a median of 1.24× (0.54–1.94×).
 */
export const SHORT_BLOCK_MS = 1;

/** The baseline's median block time when it is short enough to make the speedup noisy, else null. */
export function shortBlockMs(baseline: readonly (BlockStats | undefined)[]): number | null {
  const times = baseline.filter((b): b is BlockStats => b !== undefined).map((b) => b.wallMs);
  if (times.length === 0) return null;
  const ms = median(times);
  return ms < SHORT_BLOCK_MS ? ms : null;
}

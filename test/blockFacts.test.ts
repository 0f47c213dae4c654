/** The per-block statistics line: which facts each strategy shows, and how they read. */
import { describe, expect, it } from 'vitest';
import { FALLBACK_TXS_PER_WORKER, runsInParallel, type BlockStats } from '../src/engine/index.ts';
import {
  blockFactPlaces,
  blockFacts,
  fallbackReason,
  shortBlockMs,
  smallBlockReason,
  smallBlocksNote,
} from '../src/app/charts/blockFacts.ts';
import { countOf, groupDigits, percentText } from '../src/app/charts/math.ts';

const block = (over: Partial<BlockStats> = {}): BlockStats => ({
  block: 3,
  txs: 1000,
  wallMs: 6.4,
  txPerSec: 156_250,
  executions: 1012,
  validations: 2010,
  aborts: 12,
  suspensions: 3,
  edges: 1217,
  fellBackToSequential: false,
  ...over,
});
const asMap = (facts: ReturnType<typeof blockFacts>): Map<string, string> =>
  new Map(facts.map((f) => [f.label, f.value]));

describe('blockFacts', () => {
  it('lists a Block-STM block with its ratio to the baseline block', () => {
    const facts = asMap(blockFacts(block(), block({ wallMs: 8.32, txPerSec: 120_192 }), 'block-stm'));
    expect([...facts]).toEqual([
      ['transactions', '1,000'],
      ['ms', '6.40'],
      ['tx/s', '156.3k'],
      ['sequential', '1.30×'],
      ['executions/tx', '1.012'],
      ['validations/tx', '2.010'],
      ['aborts', '12'],
      ['waits', '3'],
      ['dependencies', '1,217'],
    ]);
  });

  it("holds the ratio's place with a dash until the baseline has measured the block", () => {
    const facts = blockFacts(block(), undefined, 'block-stm');
    expect(facts.map((f) => f.label)).toEqual(blockFacts(block(), block(), 'block-stm').map((f) => f.label));
    expect(asMap(facts).get('sequential')).toBe('—');
    expect(asMap(blockFacts(block(), block({ txPerSec: 0, wallMs: 0 }), 'block-stm')).get('sequential')).toBe('—');
  });

  it("lists a block's places before it has run: every fact of the strategy, each value a dash", () => {
    for (const strategy of ['block-stm', 'sequential'] as const) {
      const places = blockFactPlaces(strategy);
      expect(places.map((f) => f.label)).toEqual(blockFacts(block(), block(), strategy).map((f) => f.label));
      expect(new Set(places.map((f) => f.value))).toEqual(new Set(['—']));
    }
    // Blocks the inputs make too small for parallel execution take a sequential block's places.
    const small = block({ txs: 5, fellBackToSequential: true });
    expect(blockFactPlaces('block-stm', true).map((f) => f.label)).toEqual(
      blockFacts(small, small, 'block-stm').map((f) => f.label),
    );
  });

  it('shows no validations, aborts or waits for sequential execution, nor a ratio to itself', () => {
    const labels = blockFacts(block({ validations: 0, aborts: 0, suspensions: 0 }), block(), 'sequential').map(
      (f) => f.label,
    );
    expect(labels).toEqual(['transactions', 'ms', 'tx/s', 'executions/tx', 'dependencies']);
  });

  it('treats a Block-STM block that fell back like a sequential one, and says why', () => {
    const small = block({ txs: 5, fellBackToSequential: true, validations: 0, aborts: 0, suspensions: 0, edges: 1 });
    expect(blockFacts(small, undefined, 'block-stm').map((f) => f.label)).not.toContain('validations/tx');
    const reason = fallbackReason(small, 2);
    expect(reason).toContain(`fewer than ${FALLBACK_TXS_PER_WORKER} per worker on 2 workers`);
    expect(fallbackReason(block(), 2)).toBeNull();
    // The same words before a run, from the inputs alone, by the engine's own rule.
    expect(smallBlockReason(5, 2)).toBe(reason);
    expect([7, 8].map((txs) => runsInParallel(txs, 2))).toEqual([false, true]);
  });

  it("words the run's note on its small blocks by how many there are and whether they share a size", () => {
    const note = (count: number, of: number, size: number | null = null): string | null =>
      smallBlocksNote({ count, of, size, first: null }, 2);
    expect(note(0, 5, 6)).toBeNull();
    const tail = `fewer than ${FALLBACK_TXS_PER_WORKER} transactions per worker on 2 workers, so`;
    expect(note(30, 30, 6)).toBe(
      `Blocks of 6 transactions have ${tail} each runs sequentially on one worker, as small blocks do in pevm and grevm: parallel execution would cost more than it saves.`,
    );
    expect(note(1, 1, 6)).toContain(`The block has ${tail} it runs sequentially`);
    expect(note(3, 3)).toContain(`All 3 blocks have ${tail} each runs`);
    expect(note(2, 2)).toContain(`Both blocks have ${tail} each runs`);
    expect(note(1, 4)).toContain(`1 of 4 blocks has ${tail} it runs`);
    expect(note(1200, 2000)).toContain(`1,200 of 2,000 blocks have ${tail} each runs`);
    // Counted in the singular where one: a block of 1 transaction, on 1 worker (a page without
    // cross-origin isolation runs the engine on one).
    expect(smallBlocksNote({ count: 9, of: 9, size: 1, first: 1 }, 1)).toContain(
      `Blocks of 1 transaction have fewer than ${FALLBACK_TXS_PER_WORKER} transactions per worker on 1 worker, so each`,
    );
    expect(smallBlockReason(1, 1)).toBe(
      `Sequential, on one worker: 1 transaction is fewer than ${FALLBACK_TXS_PER_WORKER} per worker on 1 worker.`,
    );
  });

  it('flags a run whose baseline blocks took under a millisecond (median), whose speedup is noise', () => {
    expect(shortBlockMs([block({ wallMs: 0.09 }), undefined, block({ wallMs: 0.2 }), block({ wallMs: 4 })])).toBe(0.2);
    expect(shortBlockMs([block({ wallMs: 0.5 }), block({ wallMs: 3 }), block({ wallMs: 2 })])).toBeNull();
    expect(shortBlockMs([])).toBeNull();
  });

  it('says when dependencies were not tracked rather than showing 0', () => {
    expect(asMap(blockFacts(block({ edges: null }), undefined, 'sequential')).get('dependencies')).toBe('not tracked');
  });

  it('groups digits by hand, for numbers and bigints', () => {
    expect([0, 999, 1000, 1234567].map((n) => groupDigits(n))).toEqual(['0', '999', '1,000', '1,234,567']);
    expect(groupDigits(31_536_000n)).toBe('31,536,000');
  });

  it('shows a small non-zero rate as under 0.01% rather than as 0.00%', () => {
    expect([0, 0.0202, 0.0016, 0.0001, 0.00005, 0.0000321, 1].map(percentText)).toEqual([
      '0.00%',
      '2.02%',
      '0.16%',
      '0.01%',
      '0.01%',
      '<0.01%',
      '100.00%',
    ]);
  });

  it('counts with the noun in the right number', () => {
    expect([0, 1, 2, 40000].map((n) => countOf(n, 'block'))).toEqual([
      '0 blocks',
      '1 block',
      '2 blocks',
      '40,000 blocks',
    ]);
    expect(countOf(1, 'dependency', 'dependencies')).toBe('1 dependency');
    expect(countOf(1217, 'dependency', 'dependencies')).toBe('1,217 dependencies');
  });
});

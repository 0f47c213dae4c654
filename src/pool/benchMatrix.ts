/**
 * The benchmark matrix, independent of where the pool runs (Node threads or browser workers):
 * strategies × workers × contention × vmCost. Each scenario's configurations run in interleaved
 * rounds after warm-ups; throughput is the median pass, speedup the median of per-round ratios
 * against sequential, with the middle half of those ratios beside it. Both `npm run bench` and
 * `npm run bench:browser` run this and print `formatTable`.
 */
import {
  DEFAULT_MIX,
  DEFAULT_SCENARIO,
  DEFAULT_VM_COST,
  median,
  totalStats,
  type Mix,
  type Scenario,
  type StatsTotals,
  type Strategy,
} from '../engine/index.ts';
import { quantile } from 'd3';
import type { EnginePool } from './pool.ts';

export interface BenchConfig {
  blockSize: number;
  blocks: number;
  passes: number;
  warmups: number;
  maxWorkers: number;
  contentions: number[];
  vmCosts: number[];
  /** The transaction mix of every measured scenario (the warm-up keeps the default one). */
  mix: Mix;
}

export interface BenchRow {
  vmCost: number;
  contention: number;
  strategy: Strategy;
  workers: number;
  txPerSec: number;
  speedup: number;
  /**
   * The middle half of the per-round ratios (25th to 75th percentile), null for sequential: a
   * cell whose rounds disagree, as in a slow spell of the machine, shows it without another run.
   */
  spread: readonly [number, number] | null;
  execPerTx: number;
  aborts: number;
  suspensions: number;
}

export interface BenchResult {
  rows: BenchRow[];
  /** Trace recording: median block wall time off and on, and the paired relative cost. */
  trace: {
    workers: number;
    rounds: number;
    offMs: number;
    onMs: number;
    cost: number;
    /** The middle half of the per-round costs. */
    spread: readonly [number, number];
  };
}

export const defaultBenchConfig = (maxWorkers: number): BenchConfig => ({
  blockSize: 1000,
  blocks: 20,
  passes: 9,
  warmups: 2,
  maxWorkers,
  contentions: [0, 0.5, 1],
  vmCosts: [0, DEFAULT_VM_COST],
  mix: DEFAULT_MIX,
});

/** The trace's recording cost is measured over this many times the passes of a matrix cell. */
export const TRACE_ROUNDS_FACTOR = 3;

type Sample = StatsTotals;

/** One configuration of a group: what runs, and its samples (one per measured pass). */
interface Arm {
  strategy: Strategy;
  workers: number;
  trace: boolean;
  samples: Sample[];
}

/** The pass with the median wall time (its counters are reported with it). */
export function medianSample(samples: readonly Sample[]): Sample {
  const sorted = [...samples].sort((a, b) => a.wallMs - b.wallMs);
  return sorted[sorted.length >> 1]!;
}

/**
 * How much faster `arm` ran than `base`, pass by pass: each pass ran both back to back, so a
 * machine that slows down for a while slows both; the median of those ratios is what a noisy
 * machine can measure. (Comparing each side's own median lets a slow spell that hit only one
 * side's passes move the ratio by 0.3×; it did on this 2-core VM.)
 */
export function pairedSpeedup(base: readonly Sample[], arm: readonly Sample[]): number {
  return median(pairedRatios(base, arm));
}

/** Each round's ratio: how much faster `arm` ran than `base` in that round. */
export const pairedRatios = (base: readonly Sample[], arm: readonly Sample[]): number[] =>
  base.map((b, i) => b.wallMs / arm[i]!.wallMs);

/** The 25th and 75th percentiles of `values` (interpolated, as d3 and R's default do). */
export const middleHalf = (values: readonly number[]): [number, number] => [
  quantile(values, 0.25)!,
  quantile(values, 0.75)!,
];

/**
 * Run a group of configurations on one scenario in rounds: every round runs each arm once, in
 * order, so drift over time lands on all of them alike. Warm-up rounds are not recorded.
 */
async function measureInterleaved(pool: EnginePool, scenario: Scenario, arms: Arm[], cfg: BenchConfig): Promise<void> {
  for (let round = 0; round < cfg.warmups + cfg.passes; round++) {
    for (const arm of arms) {
      const r = await pool.run({
        source: { kind: 'scenario', scenario },
        strategy: arm.strategy,
        workers: arm.workers,
        options: { vmCost: scenario.vmCost, detail: false, trace: arm.trace, summaryAccounts: 0 },
      });
      if (round >= cfg.warmups) arm.samples.push(totalStats(r.blocks.map((b) => b.stats)));
    }
  }
}

/** The scenario of one cell of the matrix: the app's default, with the bench's sizes and mix. */
export const benchScenario = (cfg: BenchConfig, vmCost: number, contention: number): Scenario => ({
  ...DEFAULT_SCENARIO,
  blockSize: cfg.blockSize,
  blocks: cfg.blocks,
  contention,
  vmCost,
  mix: cfg.mix,
});

export async function runBenchMatrix(
  pool: EnginePool,
  cfg: BenchConfig,
  log: (line: string) => void = () => undefined,
): Promise<BenchResult> {
  // JIT tier-up takes several runs; warm every worker on a mixed workload before measuring.
  const warm: Scenario = {
    ...DEFAULT_SCENARIO,
    blockSize: cfg.blockSize,
    blocks: Math.min(cfg.blocks, 5),
    contention: 0.5,
    vmCost: 100,
  };
  for (let i = 0; i < 3; i++)
    for (const [strategy, workers] of [
      ['sequential', 1],
      ['block-stm', cfg.maxWorkers],
    ] as const)
      await pool.run({
        source: { kind: 'scenario', scenario: warm },
        strategy,
        workers,
        options: { vmCost: warm.vmCost, detail: false, trace: false, summaryAccounts: 0 },
      });
  log('warmed up');
  const rows: BenchRow[] = [];
  const arm = (strategy: Strategy, workers: number, trace = false): Arm => ({
    strategy,
    workers,
    trace,
    samples: [],
  });
  for (const vmCost of cfg.vmCosts) {
    for (const contention of cfg.contentions) {
      const seq = arm('sequential', 1);
      const stm = Array.from({ length: cfg.maxWorkers }, (_v, i) => arm('block-stm', i + 1));
      await measureInterleaved(pool, benchScenario(cfg, vmCost, contention), [seq, ...stm], cfg);
      for (const a of [seq, ...stm]) {
        const s = medianSample(a.samples);
        const ratios = a === seq ? null : pairedRatios(seq.samples, a.samples);
        rows.push({
          vmCost,
          contention,
          strategy: a.strategy,
          workers: a.workers,
          txPerSec: (s.txs * 1000) / s.wallMs,
          speedup: ratios ? median(ratios) : 1,
          spread: ratios ? middleHalf(ratios) : null,
          execPerTx: s.executions / s.txs,
          aborts: s.aborts,
          suspensions: s.suspensions,
        });
      }
      log(`measured vmCost ${vmCost}, contention ${contention}`);
    }
  }
  const workers = Math.min(2, cfg.maxWorkers);
  const off = arm('block-stm', workers, false);
  const on = arm('block-stm', workers, true);
  // The cost is a few percent of block wall time, and at contention 0.5 each run's interleaving
  // (and so its aborts) differs: 9 rounds gave 1.5% to 11.5% for one build. Three times the
  // rounds narrow that for about 10 s more.
  await measureInterleaved(pool, benchScenario(cfg, DEFAULT_VM_COST, 0.5), [off, on], {
    ...cfg,
    passes: cfg.passes * TRACE_ROUNDS_FACTOR,
  });
  return {
    rows,
    trace: {
      workers,
      rounds: on.samples.length,
      offMs: medianSample(off.samples).wallMs,
      onMs: medianSample(on.samples).wallMs,
      cost: 1 / pairedSpeedup(off.samples, on.samples) - 1,
      spread: middleHalf(pairedRatios(on.samples, off.samples).map((r) => r - 1)),
    },
  };
}

const fmt = (v: number, d = 0): string =>
  v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

interface Column {
  head: string;
  cell: (r: BenchRow) => string;
  /** At least this wide, so the usual table keeps its shape from run to run. */
  min: number;
  left?: boolean;
}

const COLUMNS: Column[] = [
  { head: 'vmCost', cell: (r) => String(r.vmCost), min: 6 },
  { head: 'contention', cell: (r) => String(r.contention), min: 10 },
  { head: 'strategy', cell: (r) => r.strategy, min: 10, left: true },
  { head: 'workers', cell: (r) => String(r.workers), min: 7 },
  { head: 'tx/s', cell: (r) => fmt(r.txPerSec), min: 9 },
  { head: 'vs sequential', cell: (r) => `${fmt(r.speedup, 2)}×`, min: 13 },
  { head: 'middle half', cell: (r) => (r.spread ? `${fmt(r.spread[0], 2)}–${fmt(r.spread[1], 2)}×` : '—'), min: 11 },
  { head: 'exec/tx', cell: (r) => fmt(r.execPerTx, 2), min: 7 },
  { head: 'aborts', cell: (r) => String(r.aborts), min: 6 },
  { head: 'suspensions', cell: (r) => String(r.suspensions), min: 11 },
];

export function formatTable(result: BenchResult): string {
  const cells = result.rows.map((r) => COLUMNS.map((col) => col.cell(r)));
  // A cell may be wider than usual: transfers alone at vmCost 0 run at over 10,000,000 tx/s.
  const widths = COLUMNS.map((col, c) => Math.max(col.min, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]): string =>
    `| ${row.map((v, c) => (COLUMNS[c]!.left ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join(' | ')} |`;
  const lines = [
    line(COLUMNS.map((col) => col.head)),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.map(line),
  ];
  const t = result.trace;
  lines.push(
    '',
    `trace recording cost (block-stm, ${t.workers} workers, contention 0.5, default vmCost, ${t.rounds} paired rounds): ${fmt(t.cost * 100, 1)}%, middle half of rounds ${fmt(t.spread[0] * 100, 1)}% to ${fmt(t.spread[1] * 100, 1)}% (median ${fmt(t.offMs, 1)} ms → ${fmt(t.onMs, 1)} ms of block wall time)`,
  );
  return lines.join('\n');
}

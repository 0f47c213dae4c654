/**
 * The benchmark matrix, independent of where the pool runs (Node threads or browser workers):
 * strategies × workers × contention × vmCost. Each scenario's configurations run in interleaved
 * rounds after warm-ups; throughput is the median pass, speedup the median of per-round ratios
 * against sequential. Both `npm run bench` and `npm run bench:browser` run this and print
 * `formatTable`.
 */
import {
  DEFAULT_SCENARIO,
  DEFAULT_VM_COST,
  median,
  totalStats,
  type Scenario,
  type StatsTotals,
  type Strategy,
} from '../engine/index.ts';
import type { EnginePool } from './pool.ts';

export interface BenchConfig {
  blockSize: number;
  blocks: number;
  passes: number;
  warmups: number;
  maxWorkers: number;
  contentions: number[];
  vmCosts: number[];
}

export interface BenchRow {
  vmCost: number;
  contention: number;
  strategy: Strategy;
  workers: number;
  txPerSec: number;
  speedup: number;
  execPerTx: number;
  aborts: number;
  suspensions: number;
}

export interface BenchResult {
  rows: BenchRow[];
  /** Trace recording: median block wall time off and on, and the paired relative cost. */
  trace: { workers: number; rounds: number; offMs: number; onMs: number; cost: number };
}

export const defaultBenchConfig = (maxWorkers: number): BenchConfig => ({
  blockSize: 1000,
  blocks: 20,
  passes: 9,
  warmups: 2,
  maxWorkers,
  contentions: [0, 0.5, 1],
  vmCosts: [0, DEFAULT_VM_COST],
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
  const ratios = base.map((b, i) => b.wallMs / arm[i]!.wallMs);
  return median(ratios);
}

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
  const scenarioOf = (vmCost: number, contention: number): Scenario => ({
    ...DEFAULT_SCENARIO,
    blockSize: cfg.blockSize,
    blocks: cfg.blocks,
    contention,
    vmCost,
  });
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
      await measureInterleaved(pool, scenarioOf(vmCost, contention), [seq, ...stm], cfg);
      for (const a of [seq, ...stm]) {
        const s = medianSample(a.samples);
        rows.push({
          vmCost,
          contention,
          strategy: a.strategy,
          workers: a.workers,
          txPerSec: (s.txs * 1000) / s.wallMs,
          speedup: a === seq ? 1 : pairedSpeedup(seq.samples, a.samples),
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
  await measureInterleaved(pool, scenarioOf(DEFAULT_VM_COST, 0.5), [off, on], {
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
    },
  };
}

const fmt = (v: number, d = 0): string =>
  v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export function formatTable(result: BenchResult): string {
  const header =
    '| vmCost | contention | strategy   | workers |      tx/s | vs sequential | exec/tx | aborts | suspensions |';
  const lines = [
    header,
    '|' +
      header
        .slice(1, -1)
        .split('|')
        .map((c) => '-'.repeat(c.length))
        .join('|') +
      '|',
  ];
  for (const r of result.rows)
    lines.push(
      `| ${String(r.vmCost).padStart(6)} | ${String(r.contention).padStart(10)} | ${r.strategy.padEnd(10)} | ${String(r.workers).padStart(7)} | ${fmt(r.txPerSec).padStart(9)} | ${(fmt(r.speedup, 2) + '×').padStart(13)} | ${fmt(r.execPerTx, 2).padStart(7)} | ${String(r.aborts).padStart(6)} | ${String(r.suspensions).padStart(11)} |`,
    );
  const t = result.trace;
  lines.push(
    '',
    `trace recording cost (block-stm, ${t.workers} workers, contention 0.5, default vmCost, ${t.rounds} paired rounds): ${fmt(t.cost * 100, 1)}% (median ${fmt(t.offMs, 1)} ms → ${fmt(t.onMs, 1)} ms of block wall time)`,
  );
  return lines.join('\n');
}

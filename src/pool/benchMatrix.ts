/**
 * The benchmark matrix, independent of where the pool runs (Node threads or browser workers):
 * strategies × workers × contention × vmCost, median of measured passes after warm-ups, speedup
 * against sequential measured in the same invocation. Both `npm run bench` and
 * `npm run bench:browser` run this and print `formatTable`.
 */
import {
  DEFAULT_SCENARIO,
  DEFAULT_VM_COST,
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
  trace: { workers: number; offMs: number; onMs: number };
}

export const defaultBenchConfig = (maxWorkers: number): BenchConfig => ({
  blockSize: 1000,
  blocks: 10,
  passes: 5,
  warmups: 2,
  maxWorkers,
  contentions: [0, 0.5, 1],
  vmCosts: [0, DEFAULT_VM_COST],
});

type Sample = StatsTotals;

async function measure(
  pool: EnginePool,
  scenario: Scenario,
  strategy: Strategy,
  workers: number,
  cfg: BenchConfig,
  trace = false,
): Promise<Sample> {
  const samples: Sample[] = [];
  for (let p = 0; p < cfg.warmups + cfg.passes; p++) {
    const r = await pool.run({
      source: { kind: 'scenario', scenario },
      strategy,
      workers,
      options: { vmCost: scenario.vmCost, detail: false, trace, summaryAccounts: 0 },
    });
    if (p < cfg.warmups) continue;
    samples.push(totalStats(r.blocks.map((b) => b.stats)));
  }
  samples.sort((a, b) => a.wallMs - b.wallMs);
  return samples[samples.length >> 1]!;
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
  for (const vmCost of cfg.vmCosts) {
    for (const contention of cfg.contentions) {
      const scenario: Scenario = {
        ...DEFAULT_SCENARIO,
        blockSize: cfg.blockSize,
        blocks: cfg.blocks,
        contention,
        vmCost,
      };
      const seq = await measure(pool, scenario, 'sequential', 1, cfg);
      const seqTps = (seq.txs * 1000) / seq.wallMs;
      rows.push({
        vmCost,
        contention,
        strategy: 'sequential',
        workers: 1,
        txPerSec: seqTps,
        speedup: 1,
        execPerTx: 1,
        aborts: 0,
        suspensions: 0,
      });
      for (let w = 1; w <= cfg.maxWorkers; w++) {
        const s = await measure(pool, scenario, 'block-stm', w, cfg);
        const tps = (s.txs * 1000) / s.wallMs;
        rows.push({
          vmCost,
          contention,
          strategy: 'block-stm',
          workers: w,
          txPerSec: tps,
          speedup: tps / seqTps,
          execPerTx: s.executions / s.txs,
          aborts: s.aborts,
          suspensions: s.suspensions,
        });
      }
      log(`measured vmCost ${vmCost}, contention ${contention}`);
    }
  }
  const scenario: Scenario = {
    ...DEFAULT_SCENARIO,
    blockSize: cfg.blockSize,
    blocks: cfg.blocks,
    contention: 0.5,
    vmCost: DEFAULT_VM_COST,
  };
  const workers = Math.min(2, cfg.maxWorkers);
  const off = await measure(pool, scenario, 'block-stm', workers, cfg, false);
  const on = await measure(pool, scenario, 'block-stm', workers, cfg, true);
  return { rows, trace: { workers, offMs: off.wallMs, onMs: on.wallMs } };
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
    `trace recording cost (block-stm, ${t.workers} workers, contention 0.5, default vmCost): ${fmt((t.onMs / t.offMs - 1) * 100, 1)}% (${fmt(t.offMs, 1)} ms → ${fmt(t.onMs, 1)} ms of block wall time)`,
  );
  return lines.join('\n');
}

/**
 * npm run bench: strategies × workers (1 .. cores) × contention (0, 0.5, 1) × vmCost (0 and the
 * default), on real worker threads. Every configuration runs warm-up passes first (JIT tier-up
 * takes a couple of runs), then the median of the measured passes is reported; speedups divide
 * by sequential measured in the same invocation, so the ratios hold on a noisy machine.
 */
import { DEFAULT_SCENARIO, DEFAULT_VM_COST, generateWorkload, type Scenario, type Strategy } from '../engine/index.ts';
import { createNodePool, nodeCores } from '../pool/node.ts';
import type { EnginePool } from '../pool/pool.ts';
import { intFlag, parseFlags, UsageError } from './args.ts';

interface Row {
  contention: number;
  vmCost: number;
  strategy: Strategy;
  workers: number;
  txPerSec: number;
  speedup: number;
  execPerTx: number;
  aborts: number;
  suspensions: number;
}

async function measure(
  pool: EnginePool,
  scenario: Scenario,
  strategy: Strategy,
  workers: number,
  passes: number,
  warmups: number,
  trace = false,
) {
  const samples: { wall: number; txs: number; exec: number; aborts: number; susp: number }[] = [];
  for (let p = 0; p < warmups + passes; p++) {
    const r = await pool.run({
      source: { kind: 'scenario', scenario },
      strategy,
      workers,
      options: { vmCost: scenario.vmCost, detail: false, trace, summaryAccounts: 0 },
    });
    if (p < warmups) continue;
    const s = r.blocks.reduce(
      (a, b) => ({
        wall: a.wall + b.stats.wallMs,
        txs: a.txs + b.stats.txs,
        exec: a.exec + b.stats.executions,
        aborts: a.aborts + b.stats.aborts,
        susp: a.susp + b.stats.suspensions,
      }),
      { wall: 0, txs: 0, exec: 0, aborts: 0, susp: 0 },
    );
    samples.push(s);
  }
  samples.sort((a, b) => a.wall - b.wall);
  return samples[samples.length >> 1]!;
}

const fmt = (v: number, d = 0): string =>
  v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), {
    blockSize: { value: true },
    blocks: { value: true },
    passes: { value: true },
    warmups: { value: true },
    'max-workers': { value: true },
    quick: { value: false },
  });
  const quick = flags.has('quick');
  const blockSize = flags.has('blockSize') ? intFlag('blockSize', String(flags.get('blockSize')), 1, 20000) : 1000;
  const blocks = flags.has('blocks') ? intFlag('blocks', String(flags.get('blocks')), 1, 500) : quick ? 3 : 10;
  const passes = flags.has('passes') ? intFlag('passes', String(flags.get('passes')), 1, 50) : quick ? 1 : 3;
  const warmups = flags.has('warmups') ? intFlag('warmups', String(flags.get('warmups')), 0, 50) : quick ? 1 : 2;
  const cores = nodeCores();
  const maxWorkers = flags.has('max-workers') ? intFlag('max-workers', String(flags.get('max-workers')), 1, 16) : cores;

  const pool = createNodePool();
  const rows: Row[] = [];
  console.log(
    `dexsim bench — ${cores} cores, blocks of ${blockSize} × ${blocks}, median of ${passes} after ${warmups} warm-up(s)\n`,
  );
  for (const vmCost of [0, DEFAULT_VM_COST]) {
    for (const contention of [0, 0.5, 1]) {
      const scenario: Scenario = { ...DEFAULT_SCENARIO, blockSize, blocks, contention, vmCost };
      generateWorkload(scenario); // warm the generator outside the timings
      const seq = await measure(pool, scenario, 'sequential', 1, passes, warmups);
      const seqTps = (seq.txs * 1000) / seq.wall;
      rows.push({
        contention,
        vmCost,
        strategy: 'sequential',
        workers: 1,
        txPerSec: seqTps,
        speedup: 1,
        execPerTx: 1,
        aborts: 0,
        suspensions: 0,
      });
      for (let w = 1; w <= maxWorkers; w++) {
        const s = await measure(pool, scenario, 'block-stm', w, passes, warmups);
        const tps = (s.txs * 1000) / s.wall;
        rows.push({
          contention,
          vmCost,
          strategy: 'block-stm',
          workers: w,
          txPerSec: tps,
          speedup: tps / seqTps,
          execPerTx: s.exec / s.txs,
          aborts: s.aborts,
          suspensions: s.susp,
        });
      }
    }
  }
  const header =
    '| vmCost | contention | strategy   | workers |      tx/s | vs sequential | exec/tx | aborts | suspensions |';
  console.log(header);
  console.log(
    '|' +
      header
        .slice(1, -1)
        .split('|')
        .map((c) => '-'.repeat(c.length))
        .join('|') +
      '|',
  );
  for (const r of rows) {
    console.log(
      `| ${String(r.vmCost).padStart(6)} | ${String(r.contention).padStart(10)} | ${r.strategy.padEnd(10)} | ${String(r.workers).padStart(7)} | ${fmt(r.txPerSec).padStart(9)} | ${(fmt(r.speedup, 2) + '×').padStart(13)} | ${fmt(r.execPerTx, 2).padStart(7)} | ${String(r.aborts).padStart(6)} | ${String(r.suspensions).padStart(11)} |`,
    );
  }

  // Trace recording cost: the same Block-STM run with and without the trace.
  const scenario: Scenario = { ...DEFAULT_SCENARIO, blockSize, blocks, contention: 0.5, vmCost: DEFAULT_VM_COST };
  const w = Math.min(2, maxWorkers);
  const off = await measure(pool, scenario, 'block-stm', w, passes, warmups, false);
  const on = await measure(pool, scenario, 'block-stm', w, passes, warmups, true);
  console.log(
    `\ntrace recording cost (block-stm, ${w} workers, contention 0.5, default vmCost): ${fmt((on.wall / off.wall - 1) * 100, 1)}% (${fmt(off.wall, 1)} ms → ${fmt(on.wall, 1)} ms)`,
  );
  await pool.terminate();
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    console.error(`bench: ${e.message}`);
    process.exit(2);
  }
  console.error(e);
  process.exit(1);
});

/**
 * npm run bench [-- --quick --blockSize N --blocks N --passes N --warmups N --max-workers N
 *   --vm-costs A,B,… --contentions X,Y,… --mix K:W,… --json]
 * The benchmark matrix on Node worker threads. Timings live here, never in tests.
 */
import { createNodePool, nodeCores } from '../pool/node.ts';
import { formatTable, runBenchMatrix } from '../pool/benchMatrix.ts';
import { exitOnError } from './args.ts';
import { benchHeading, benchJson, parseBenchArgs } from './benchOptions.ts';
import { cpuName } from './machine.ts';

async function main(): Promise<void> {
  const cores = nodeCores();
  const { json, ...cfg } = parseBenchArgs(process.argv.slice(2), cores);
  const where = 'Node worker_threads';
  const machine = { cores, cpu: cpuName() };
  // The heading comes first, so a reader knows what the next half-minute measures.
  if (!json) console.log(`${benchHeading(where, machine, cfg)}\n`);
  const pool = createNodePool();
  try {
    const result = await runBenchMatrix(pool, cfg, (l) => process.stderr.write(`  ${l}\n`));
    console.log(json ? benchJson(where, machine, cfg, result) : formatTable(result));
  } finally {
    await pool.terminate();
  }
}

main().catch((e: unknown) => exitOnError('bench', e));

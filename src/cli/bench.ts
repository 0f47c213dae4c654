/**
 * npm run bench [-- --quick --blockSize N --blocks N --passes N --warmups N --max-workers N
 *   --vm-costs A,B,… --contentions X,Y,…]
 * The benchmark matrix on Node worker threads. Timings live here, never in tests.
 */
import { createNodePool, nodeCores } from '../pool/node.ts';
import { formatTable, runBenchMatrix } from '../pool/benchMatrix.ts';
import { exitOnError } from './args.ts';
import { benchHeading, parseBenchArgs } from './benchOptions.ts';

async function main(): Promise<void> {
  const cores = nodeCores();
  const cfg = parseBenchArgs(process.argv.slice(2), cores);
  console.log(`${benchHeading('Node worker_threads', cores, cfg)}\n`);
  const pool = createNodePool();
  try {
    console.log(formatTable(await runBenchMatrix(pool, cfg, (l) => process.stderr.write(`  ${l}\n`))));
  } finally {
    await pool.terminate();
  }
}

main().catch((e: unknown) => exitOnError('bench', e));

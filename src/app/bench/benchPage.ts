/** The browser side of `npm run bench:browser`: the same matrix on the app's own worker pool. */
import { createBrowserPool } from '../../pool/browser.ts';
import { runBenchMatrix, type BenchConfig, type BenchResult } from '../../pool/benchMatrix.ts';

declare global {
  interface Window {
    dexsimBench: (cfg: BenchConfig) => Promise<BenchResult>;
  }
}

window.dexsimBench = async (cfg) => {
  const pool = createBrowserPool();
  try {
    return await runBenchMatrix(pool, cfg);
  } finally {
    await pool.terminate();
  }
};

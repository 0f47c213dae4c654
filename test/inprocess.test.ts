/** The in-process host: what a page without cross-origin isolation runs the engine on. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, exportBlockFile, loadWorkload, type WorkloadSource } from '../src/engine/index.ts';
import { workerApi } from '../src/pool/api.ts';
import { createInProcessPool, inProcessHost } from '../src/pool/inprocess.ts';

const source: WorkloadSource = { kind: 'scenario', scenario: { ...DEFAULT_SCENARIO, blocks: 2, blockSize: 50 } };

describe('in-process pool', () => {
  it('offers every method of the worker API', () => {
    const api = inProcessHost.spawn(0).api as unknown as Record<string, unknown>;
    for (const name of Object.keys(workerApi)) expect(typeof api[name], name).toBe('function');
  });

  it('exports the workload as a block file, as a worker would', async () => {
    const pool = createInProcessPool();
    expect(await pool.exportBlockFile(source)).toEqual(exportBlockFile(loadWorkload(source)));
  });

  it('runs Block-STM to the digest of sequential', async () => {
    const pool = createInProcessPool();
    const options = { vmCost: 0, detail: false, trace: false, summaryAccounts: 0 };
    const seq = await pool.run({ source, strategy: 'sequential', workers: 1, options });
    const stm = await pool.run({ source, strategy: 'block-stm', workers: 1, options });
    expect(stm.digest).toBe(seq.digest);
  });
});

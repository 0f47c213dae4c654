/** The in-process host: what a page without cross-origin isolation runs the engine on. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO, exportBlockFile, loadWorkload, type WorkloadSource } from '../src/engine/index.ts';
import { workerApi } from '../src/pool/api.ts';
import { createInProcessPool, inProcessHost } from '../src/pool/inprocess.ts';
import { RunCancelled } from '../src/pool/pool.ts';

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

  // On a page without isolation this pool runs on the page's own thread: between blocks it must
  // hand the thread back, or the page cannot draw or take a Stop until the whole run is over.
  const fourBlocks: WorkloadSource = {
    kind: 'scenario',
    scenario: { ...DEFAULT_SCENARIO, blocks: 4, blockSize: 300, vmCost: 500 },
  };
  const options = { vmCost: 500, detail: false, trace: false, summaryAccounts: 0 };

  it('preparing hands the thread back too, and a cancel from a timer stops it', async () => {
    const pool = createInProcessPool();
    // About 200,000 transactions: a few hundred ms to build, far more than one 16 ms slice.
    const large: WorkloadSource = {
      kind: 'scenario',
      scenario: { ...DEFAULT_SCENARIO, blocks: 40, blockSize: 5000 },
    };
    let prepared = false;
    let timerRanWhilePreparing = false;
    const run = pool.run(
      { source: large, strategy: 'block-stm', workers: 1, options },
      { onPrepared: () => void (prepared = true) },
    );
    setTimeout(() => {
      timerRanWhilePreparing = !prepared;
      void pool.cancel();
    }, 0);
    await expect(run).rejects.toBeInstanceOf(RunCancelled);
    expect(timerRanWhilePreparing).toBe(true);
    expect(prepared).toBe(false);
    const fresh = await createInProcessPool().run({ source, strategy: 'sequential', workers: 1, options });
    expect((await pool.run({ source, strategy: 'block-stm', workers: 1, options })).digest).toBe(fresh.digest);
  });

  for (const strategy of ['sequential', 'block-stm'] as const) {
    it(`${strategy}: a timer set during block 0 runs before the last block`, async () => {
      const pool = createInProcessPool();
      let blocks = 0;
      let seenByTimer = -1;
      await pool.run(
        { source: fourBlocks, strategy, workers: 1, options },
        {
          onBlock: () => {
            if (blocks++ === 0) setTimeout(() => (seenByTimer = blocks), 0);
          },
        },
      );
      expect(blocks).toBe(4);
      expect(seenByTimer).toBeGreaterThanOrEqual(1);
      expect(seenByTimer).toBeLessThan(4);
    });

    it(`${strategy}: a cancel from a timer set during block 0 stops the run early`, async () => {
      const pool = createInProcessPool();
      let blocks = 0;
      const run = pool.run(
        { source: fourBlocks, strategy, workers: 1, options },
        {
          onBlock: () => {
            if (blocks++ === 0) setTimeout(() => void pool.cancel(), 0);
          },
        },
      );
      await expect(run).rejects.toBeInstanceOf(RunCancelled);
      expect(blocks).toBeLessThan(4);
      // And the pool still runs correctly afterwards: the digest of a fresh pool, either strategy.
      const fresh = await createInProcessPool().run({ source, strategy: 'sequential', workers: 1, options });
      for (const next of ['sequential', 'block-stm'] as const)
        expect((await pool.run({ source, strategy: next, workers: 1, options })).digest).toBe(fresh.digest);
    });
  }
});

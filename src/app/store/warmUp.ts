/**
 * Warm the engine workers up once the page has loaded, so the first run a visitor makes is not
 * a cold one. A cold first run (fresh workers, nothing compiled yet) measured 0.6-0.7x on the
 * 2-core CI machine; worse, its sequential baseline was cold too, and it is cached for the
 * workload, so every later speedup was measured against it. Runs of both strategies (with detail
 * and trace, as the app runs them) get V8's optimising tiers going. Three runs of 1,500
 * transactions were not enough: Chromium was still compiling the engine with TurboFan during the
 * visitor's first four or five runs (20 x 1,000 at the default vmCost: 225-248 ms, 0.89-1.06x,
 * in five page loads). Six runs of 20,000 transactions at a small vmCost take about 2.8 s after
 * load, and the first run then took 154-181 ms (1.23-1.44x) in five page loads alternating with
 * those. A run the user starts meanwhile waits for the warm-up to end (see startRun).
 */
import { recordsTrace } from '../../engine/index.ts';
import type { EnginePool } from '../../pool/pool.ts';
import { canUseWorkers, getBaselinePool, getPool } from './enginePools.ts';
import { useApp } from './store.ts';

interface WarmUp {
  stopped: boolean;
  /** Settles when the warm-up has ended: all rounds done, stopped, or cancelled by Stop. */
  ended: Promise<void>;
  over: boolean;
}
let warmup: WarmUp | null = null;
const WARM_UP_SCENARIO = { blockSize: 1000, blocks: 20, contention: 0.5, vmCost: 100 };
const WARM_UP_ROUNDS = 6;
export function warmUpEngines(): void {
  if (!canUseWorkers() || warmup) return;
  const token: WarmUp = { stopped: false, ended: Promise.resolve(), over: false };
  warmup = token;
  const { scenario } = useApp.getState();
  const warm = { ...scenario, ...WARM_UP_SCENARIO };
  const run = (p: EnginePool, strategy: 'block-stm' | 'sequential', workers: number): Promise<unknown> =>
    p.run({
      source: { kind: 'scenario', scenario: warm },
      strategy,
      workers,
      options: {
        vmCost: warm.vmCost,
        detail: strategy === 'block-stm',
        trace: recordsTrace(strategy),
        summaryAccounts: 0,
      },
    });
  token.ended = (async () => {
    try {
      for (let round = 0; round < WARM_UP_ROUNDS && !token.stopped; round++) {
        // One after the other, never the baseline's worker beside Block-STM's: three busy
        // threads on a 2-core machine starved the page's main thread, and a Run pressed during
        // the warm-up made a 51-65 ms task in 5 of 40 runs (none in 40 like this, which ends
        // about 0.2 s later).
        await run(getPool(), 'block-stm', Math.min(scenario.workers, getPool().maxWorkers));
        if (!token.stopped) await run(getBaselinePool(), 'sequential', 1);
        if (!token.stopped) await run(getPool(), 'sequential', 1);
      }
    } catch {
      // Cancelled by Stop, or a failure that the user's own run will report.
    } finally {
      token.over = true;
    }
  })();
}

/** The warm-up still going, if any (a run started now would wait for it). */
export const warmUpUnderway = (): WarmUp | null => (warmup && !warmup.stopped && !warmup.over ? warmup : null);

/** Stop the warm-up for good (a user's run takes the pools from here on). */
export function stopWarmUp(): void {
  if (warmup) warmup.stopped = true;
  else warmup = { stopped: true, ended: Promise.resolve(), over: true };
}

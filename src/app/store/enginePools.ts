/**
 * The page's engine pools, made on first use. Runs take the main pool; the sequential baseline
 * and block-file checks each have a one-worker pool of their own, so none waits for another.
 * Where the page is not cross-origin isolated, each is an in-process pool instead.
 */
import { createBrowserPool } from '../../pool/browser.ts';
import { createInProcessPool } from '../../pool/inprocess.ts';
import type { EnginePool } from '../../pool/pool.ts';
import { useApp } from './store.ts';

export const canUseWorkers = (): boolean =>
  typeof Worker === 'function' && typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true;

let pool: EnginePool | null = null;
let baselinePool: EnginePool | null = null;
export function getPool(): EnginePool {
  if (!pool) {
    pool = canUseWorkers() ? createBrowserPool() : createInProcessPool();
    useApp.setState({ engineMode: canUseWorkers() ? 'workers' : 'in-process' });
  }
  return pool;
}

export function getBaselinePool(): EnginePool {
  // A separate one-worker pool, so Run/Stop on the main pool never waits for the baseline.
  baselinePool ??= canUseWorkers() ? createBrowserPool(1) : createInProcessPool();
  return baselinePool;
}

let filePool: EnginePool | null = null;
/** The pool that checks block files: an import neither freezes the page nor waits for a run. */
export function getFilePool(): EnginePool {
  filePool ??= canUseWorkers() ? createBrowserPool(1) : createInProcessPool();
  return filePool;
}

/** Cancel whatever the run and baseline pools are doing (those not made yet have nothing). */
export async function cancelRunPools(): Promise<void> {
  await Promise.all([pool?.cancel(), baselinePool?.cancel()]);
}

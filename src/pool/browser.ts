/** Browser host for the pool: module Web Workers running worker.browser.ts. */
import * as Comlink from 'comlink';
import type { WorkerApi } from './api.ts';
import { EnginePool, type PoolHost } from './pool.ts';

export function browserHost(maxWorkers = 16): PoolHost {
  return {
    maxWorkers,
    alloc: (bytes) => new SharedArrayBuffer(bytes),
    spawn: (index) => {
      const worker = new Worker(new URL('./worker.browser.ts', import.meta.url), {
        type: 'module',
        name: `dexsim-engine-${index}`,
      });
      const api = Comlink.wrap<WorkerApi>(worker);
      const died = new Promise<Error>((resolve) => {
        worker.addEventListener('error', (e) =>
          resolve(new Error(`engine worker failed: ${e.message || 'could not load'}`)),
        );
      });
      return { api, died, terminate: () => worker.terminate() };
    },
  };
}

export const createBrowserPool = (maxWorkers?: number): EnginePool => new EnginePool(browserHost(maxWorkers));

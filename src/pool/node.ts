/** Node host for the pool: worker_threads running worker.node.ts (through tsx when in TypeScript). */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { WorkerApi } from './api.ts';
import { EnginePool, type PoolHost } from './pool.ts';

/**
 * Run from TypeScript (tsx: tests, npm run sim), the worker bootstraps tsx itself; run from the
 * esbuild bundle (npm run bench), the worker is the bundled sibling file.
 */
const entry = import.meta.url.endsWith('.ts')
  ? new URL('./worker.node.boot.mjs', import.meta.url)
  : new URL('./worker.node.js', import.meta.url);

export function nodeHost(maxWorkers = 16): PoolHost {
  return {
    maxWorkers,
    alloc: (bytes) => new SharedArrayBuffer(bytes),
    spawn: () => {
      const worker = new Worker(entry);
      // A pool thread must not keep the process alive on its own.
      worker.unref();
      const api = Comlink.wrap<WorkerApi>(nodeEndpoint(worker));
      const died = new Promise<Error>((resolve) => {
        worker.on('error', (e) => resolve(e instanceof Error ? e : new Error(String(e))));
        worker.on('exit', (code) => resolve(new Error(`engine worker exited with code ${code}`)));
      });
      return { api, died, terminate: () => void worker.terminate() };
    },
  };
}

export const createNodePool = (maxWorkers?: number): EnginePool => new EnginePool(nodeHost(maxWorkers));
export const nodeCores = (): number => availableParallelism();

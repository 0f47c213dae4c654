/**
 * In-process host: where no shared-memory workers exist (a page without cross-origin
 * isolation), the same API runs on the calling thread with one "worker". Block-STM with one
 * worker never blocks, so this is safe even on a browser main thread; it is the fallback, not
 * the way the app normally runs.
 */
import * as Comlink from 'comlink';
import { workerApi, type WorkerApi } from './api.ts';
import { EnginePool, type PoolHost } from './pool.ts';

/**
 * Every method of the worker API, called on this thread. Built from the API object itself, so a
 * method added there cannot be missing here (export once was, and failed in every page without
 * isolation).
 */
function inProcessRemote(): Comlink.Remote<WorkerApi> {
  const remote: Record<string | symbol, unknown> = { [Comlink.releaseProxy]: () => undefined };
  for (const [name, method] of Object.entries(workerApi) as [string, (...args: unknown[]) => unknown][]) {
    remote[name] = async (...args: unknown[]): Promise<unknown> => {
      // Yield first so the caller's state updates paint before the work starts.
      await new Promise((r) => setTimeout(r, 0));
      return method.apply(workerApi, args);
    };
  }
  return remote as unknown as Comlink.Remote<WorkerApi>;
}

export const inProcessHost: PoolHost = {
  maxWorkers: 1,
  runsOnCallerThread: true,
  alloc: (bytes) => (typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)),
  spawn: () => ({ api: inProcessRemote(), died: new Promise<Error>(() => undefined), terminate: () => undefined }),
};

export const createInProcessPool = (): EnginePool => new EnginePool(inProcessHost);

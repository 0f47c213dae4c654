/**
 * In-process host: where no shared-memory workers exist (a page without cross-origin
 * isolation), the same API runs on the calling thread with one "worker". Block-STM with one
 * worker never blocks, so this is safe even on a browser main thread; it is the fallback, not
 * the way the app normally runs.
 */
import * as Comlink from 'comlink';
import { workerApi, type WorkerApi } from './api.ts';
import { EnginePool, type PoolHost } from './pool.ts';

function inProcessRemote(): Comlink.Remote<WorkerApi> {
  const call =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    async (...a: A): Promise<R> => {
      // Yield first so the caller's state updates paint before the work starts.
      await new Promise((r) => setTimeout(r, 0));
      return f(...a);
    };
  return {
    prepare: call(workerApi.prepare),
    runSequential: call(workerApi.runSequential),
    runBlockStm: call(workerApi.runBlockStm),
    [Comlink.releaseProxy]: () => undefined,
  } as unknown as Comlink.Remote<WorkerApi>;
}

export const inProcessHost: PoolHost = {
  maxWorkers: 1,
  alloc: (bytes) => (typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)),
  spawn: () => ({ api: inProcessRemote(), died: new Promise<Error>(() => undefined), terminate: () => undefined }),
};

export const createInProcessPool = (): EnginePool => new EnginePool(inProcessHost);

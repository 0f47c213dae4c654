/**
 * The engine pool: W workers behind comlink, one run at a time. It allocates the shared
 * Block-STM memory, starts every worker on it, gathers per-block progress and reports the
 * result. Cancel and fault end a run within a second: the shared abort flag stops cooperative
 * workers at once; a worker that has not stopped after a grace period is terminated and
 * replaced, and its pending calls are rejected here (comlink issues #601, #655, #692).
 */
import * as Comlink from 'comlink';
import {
  abortRun,
  allocateBlockStm,
  resetRunControl,
  C,
  attachBlockStm,
  TraceReader,
  TRACE_EVENTS_PER_WORKER,
  type BlockResult,
  type BlockStmBuffers,
  type BlockStmMemory,
  type BlockFile,
  type PreparedRun,
  type PrepareProgress,
  type Strategy,
  type IndexedTrace,
  type WorkloadSource,
} from '../engine/index.ts';
import type { BlockFileCheck, RunOptions, WorkerApi, WorkerDone } from './api.ts';
import { sharedNow } from './clock.ts';

export interface WorkerHandle {
  api: Comlink.Remote<WorkerApi>;
  /** Settles if the worker dies (load error, crash, exit): its pending calls would never answer. */
  died: Promise<Error>;
  terminate(): void;
}

export interface PoolHost {
  /** Start worker `index`. */
  spawn(index: number): WorkerHandle;
  /** Allocate shared memory (SharedArrayBuffer; ArrayBuffer only for the in-process host). */
  alloc(bytes: number): SharedArrayBuffer | ArrayBuffer;
  /** Hosts that cannot run real threads (in-process) cap the worker count. */
  maxWorkers: number;
  /** The "worker" runs on the caller's thread (in-process): runs hand it back between blocks. */
  runsOnCallerThread?: boolean;
}

export interface RunSpec {
  source: WorkloadSource;
  strategy: Strategy;
  workers: number;
  options: RunOptions;
}

export interface RunInfo {
  blocks: number;
  totalTxs: number;
  maxBlockSize: number;
  workers: number;
}

export interface RunCallbacks {
  /** Now and then while the blocks are being built (a large run takes seconds). */
  onPreparing?: (progress: PrepareProgress) => void;
  /**
   * Once the blocks are built, before any worker starts block 0. A returned promise is awaited
   * first: the page uses it to draw the run's start while the cores are still free.
   */
  onPrepared?: (info: RunInfo, prepared: PreparedRun) => void | Promise<void>;
  onBlock?: (result: BlockResult) => void;
}

export interface RunOutcome extends WorkerDone {
  blocks: BlockResult[];
  info: RunInfo;
  prepared: PreparedRun;
  /** Wall time of the whole run, prepare excluded. */
  wallMs: number;
}

export class RunCancelled extends Error {
  constructor() {
    super('run cancelled');
    this.name = 'RunCancelled';
  }
}

/** How long cooperative workers get to stop before they are terminated and replaced. */
const STOP_GRACE_MS = 500;

export class EnginePool {
  private readonly workers: WorkerHandle[] = [];
  private current: { cancel: () => void; settled: Promise<unknown> } | null = null;
  private traceSource: {
    buffers: BlockStmBuffers;
    workers: number;
    traced: boolean;
    reader?: TraceReader;
    rings?: BlockStmMemory;
  } | null = null;

  constructor(private readonly host: PoolHost) {}

  get maxWorkers(): number {
    return this.host.maxWorkers;
  }

  private failCurrent: ((e: Error) => void) | null = null;
  private deadWorker = false;

  private spawn(index: number): WorkerHandle {
    const handle = this.host.spawn(index);
    void handle.died.then((e) => {
      // Only the handle still in the pool matters: a replaced one was terminated on purpose.
      if (this.workers[index] !== handle) return;
      this.deadWorker = true;
      this.failCurrent?.(e);
    });
    return handle;
  }

  private ensure(count: number): WorkerHandle[] {
    while (this.workers.length < count) this.workers.push(this.spawn(this.workers.length));
    return this.workers.slice(0, count);
  }

  /**
   * Block-STM memory for a run, reused from the previous run when it fits: runtimes free
   * unreachable SharedArrayBuffers lazily, and tens of MB per run added up. Safe because runs
   * are sequential and a dead run's workers are stopped or replaced before the next starts.
   */
  private blockStmBuffers(capacity: number, workers: number, trace: boolean): BlockStmBuffers {
    const have = this.reusable;
    if (have && have.capacity >= capacity && have.workers >= workers && (have.trace || !trace)) {
      resetRunControl(have);
      // Same memory, this run's worker count: the per-worker regions are sized for the most.
      return { ...have, workers };
    }
    // Grow to the largest run seen so far, so allocation settles after a few runs.
    const grown = allocateBlockStm(
      Math.max(capacity, have?.capacity ?? 0),
      Math.max(workers, have?.workers ?? 0),
      (b) => this.host.alloc(b),
      trace || (have?.trace ?? false),
    );
    this.reusable = { ...grown, trace: trace || (have?.trace ?? false) };
    return { ...grown, workers };
  }

  private reusable: (BlockStmBuffers & { trace: boolean }) | null = null;

  /** Replace workers that may still be running a dead run. */
  private replace(count: number): void {
    for (let i = 0; i < Math.min(count, this.workers.length); i++) {
      const old = this.workers[i]!;
      old.api[Comlink.releaseProxy]();
      old.terminate();
      this.workers[i] = this.spawn(i);
    }
  }

  get busy(): boolean {
    return this.current !== null;
  }

  /** Cancel the run in progress, if any; resolves once the pool is ready for the next one. */
  async cancel(): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    cur.cancel();
    await cur.settled.catch(() => undefined);
  }

  /**
   * The trace as indexed columns, read incrementally: each call copies only what was recorded
   * since the previous one (what the UI calls on its own schedule during a run).
   */
  traceColumns(): IndexedTrace | null {
    const src = this.traceSource;
    if (!src || !src.traced) return null;
    // Views built once per run: the app pulls after every block.
    src.rings ??= attachBlockStm(src.buffers);
    src.reader ??= new TraceReader(src.workers, TRACE_EVENTS_PER_WORKER);
    return src.reader.pull(src.rings.traceTimes, src.rings.traceWords, src.rings.traceCount);
  }

  /** Live position inside the current Block-STM block: [executionIdx, validationIdx, blockSize]. */
  liveIndexes(): [number, number, number] | null {
    const src = this.traceSource;
    if (!src) return null;
    const ctrl = new Int32Array(src.buffers.ctrl);
    return [Atomics.load(ctrl, C.executionIdx), Atomics.load(ctrl, C.validationIdx), Atomics.load(ctrl, C.blockSize)];
  }

  run(spec: RunSpec, callbacks: RunCallbacks = {}): Promise<RunOutcome> {
    if (this.current) return Promise.reject(new Error('a run is already in progress'));
    const workers = Math.max(1, Math.min(spec.workers, this.host.maxWorkers));
    const abortFlag = new Int32Array(this.host.alloc(4));
    let ctrl: Int32Array | null = null;
    let cancelled = false;
    let rejectCancel: (e: Error) => void = () => undefined;
    const cancelPromise = new Promise<never>((_r, reject) => (rejectCancel = reject));
    const cancel = (): void => {
      if (cancelled) return;
      cancelled = true;
      Atomics.store(abortFlag, 0, 1);
      if (ctrl) abortRun(ctrl, 1);
      rejectCancel(new RunCancelled());
    };

    const body = async (): Promise<RunOutcome> => {
      const handles = this.ensure(workers);
      // On the caller's thread (in-process), preparing and running hand the thread back now and then.
      const onCallerThread = this.host.runsOnCallerThread === true;
      let preparing = true;
      const { onPreparing } = callbacks;
      const onProgress =
        onPreparing &&
        Comlink.proxy((progress: PrepareProgress) => {
          // Progress travels on its own port and may arrive after the prepared run.
          if (preparing && !cancelled) onPreparing(progress);
        });
      const prepared = await handles[0]!.api.prepare(spec.source, abortFlag, onProgress, onCallerThread);
      preparing = false;
      if (cancelled) throw new RunCancelled();
      const info: RunInfo = {
        blocks: prepared.blocks.length,
        totalTxs: prepared.totalTxs,
        maxBlockSize: prepared.maxBlockSize,
        workers: spec.strategy === 'sequential' ? 1 : workers,
      };
      await callbacks.onPrepared?.(info, prepared);
      if (cancelled) throw new RunCancelled();
      const blocks: BlockResult[] = [];
      const onBlock = Comlink.proxy((r: BlockResult) => {
        blocks.push(r);
        callbacks.onBlock?.(r);
      });
      const started = performance.now();
      // The run's clock starts here: its block stats and trace are timed from this moment.
      const options: RunOptions = {
        ...spec.options,
        clockOrigin: sharedNow(),
        ...(onCallerThread ? { yieldBetweenBlocks: true } : {}),
      };
      // Each worker releases the callback proxy once its blocks are acknowledged (api.ts).
      let done: WorkerDone;
      if (spec.strategy === 'sequential') {
        done = await handles[0]!.api.runSequential(prepared, options, abortFlag, onBlock);
      } else {
        const buffers = this.blockStmBuffers(prepared.maxBlockSize, workers, spec.options.trace);
        ctrl = new Int32Array(buffers.ctrl);
        this.traceSource = { buffers, workers, traced: spec.options.trace };
        if (cancelled) abortRun(ctrl, 1);
        const results = await settleAll(
          handles.map((h, i) => h.api.runBlockStm(prepared, buffers, i, options, onBlock)),
        );
        done = results[0] as WorkerDone;
      }
      blocks.sort((a, b) => a.stats.block - b.stats.block);
      return {
        ...done,
        blocks,
        info,
        prepared,
        wallMs: performance.now() - started,
      };
    };

    // A worker that dies never answers: fail the run from the pool-level death handler instead of
    // racing each run against `died` (reactions on a promise that never settles would retain
    // every run's results).
    let rejectDeath: (e: Error) => void = () => undefined;
    const death = new Promise<never>((_r, reject) => (rejectDeath = reject));
    this.failCurrent = (e) => rejectDeath(e);
    const work = Promise.race([body(), death]);
    const settled = (async () => {
      try {
        return await Promise.race([work, cancelPromise]);
      } catch (e) {
        // Give cooperative workers a moment to stop; replace any that do not.
        const stopped = await Promise.race([
          work.then(
            () => true,
            () => true,
          ),
          sleep(STOP_GRACE_MS).then(() => false),
        ]);
        if (!stopped || this.deadWorker) this.replace(workers);
        throw cancelled ? new RunCancelled() : cleanError(e);
      } finally {
        this.current = null;
        this.failCurrent = null;
        this.deadWorker = false;
      }
    })();
    this.current = { cancel, settled };
    return settled;
  }

  /** Validate a block file's text in a worker (see workerApi.checkBlockFile). */
  async checkBlockFile(text: string): Promise<BlockFileCheck> {
    const [w] = this.ensure(1);
    return w!.api.checkBlockFile(text);
  }

  /** The workload of `source` as a block file, built in a worker. */
  async exportBlockFile(source: WorkloadSource): Promise<BlockFile> {
    const [w] = this.ensure(1);
    return w!.api.exportFile(source);
  }

  async terminate(): Promise<void> {
    await this.cancel();
    for (const w of this.workers) {
      w.api[Comlink.releaseProxy]();
      w.terminate();
    }
    this.workers.length = 0;
  }
}

/**
 * Like Promise.all, but when one worker fails, wait for the others to stop too (they see the
 * abort flag) and report the root cause rather than a secondary "run aborted".
 */
async function settleAll<T>(promises: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    const root = failures.find((f) => !/run aborted/.test(String((f.reason as Error)?.message))) ?? failures[0]!;
    throw root.reason;
  }
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

function cleanError(e: unknown): Error {
  if (e instanceof Error) return e;
  return new Error(String(e));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

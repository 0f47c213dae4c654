/**
 * What a pool worker does, independent of how it is hosted (Node worker_threads, browser Web
 * Worker, or in-process). The worker entry files only expose this object through comlink.
 * Messages carry start, per-block progress and done: nothing per transaction.
 */
import {
  attachBlockStm,
  digestValues,
  loadWorkload,
  prepareRun,
  runBlockStm,
  runSequentialBlock,
  decodeBlock,
  summarize,
  sharedBuffer,
  RunAborted,
  exportBlockFile,
  type BlockResult,
  type BlockStmBuffers,
  type PreparedRun,
  type StateSummary,
  type WorkloadSource,
  type BlockFile,
} from '../engine/index.ts';

export interface RunOptions {
  vmCost: number;
  detail: boolean;
  trace: boolean;
  /** Accounts to list in the returned summary (the digest always covers all). */
  summaryAccounts: number;
  /** Test hook: fault while executing this transaction. */
  fault?: { block: number; tx: number };
}

export interface WorkerDone {
  digest: string;
  summary: StateSummary;
}

export type BlockCallback = (result: BlockResult) => void;

/** A clock every worker shares: wall-clock milliseconds with sub-millisecond resolution. */
export const sharedNow = (): number => performance.timeOrigin + performance.now();

export const workerApi = {
  /** Build the workload and its shared buffers. Runs in a worker so the page stays responsive. */
  prepare(source: WorkloadSource, withExport: boolean): { prepared: PreparedRun; file?: BlockFile } {
    const workload = loadWorkload(source);
    const prepared = prepareRun(workload);
    return withExport ? { prepared, file: exportBlockFile(workload) } : { prepared };
  },

  runSequential(prepared: PreparedRun, opts: RunOptions, abort: Int32Array, onBlock: BlockCallback): WorkerDone {
    const storage = new BigInt64Array(prepared.state);
    prepared.blocks.forEach((blk, b) => {
      if (Atomics.load(abort, 0) !== 0) throw new RunAborted('run aborted');
      if (opts.fault?.block === b) throw new Error(`injected fault in transaction ${opts.fault.tx}`);
      onBlock(
        runSequentialBlock(prepared.world, storage, decodeBlock(blk), prepared.timestamps[b]!, b, {
          vmCost: opts.vmCost,
          now: sharedNow,
          detail: opts.detail,
          cancelled: () => Atomics.load(abort, 0) !== 0,
        }),
      );
    });
    return { digest: digestValues(storage), summary: summarize(prepared.world, storage, opts.summaryAccounts) };
  },

  runBlockStm(
    prepared: PreparedRun,
    buffers: BlockStmBuffers,
    worker: number,
    opts: RunOptions,
    onBlock: BlockCallback,
  ): WorkerDone | null {
    const storage = new BigInt64Array(prepared.state);
    runBlockStm({
      m: attachBlockStm(buffers),
      world: prepared.world,
      storage,
      blocks: prepared.blocks,
      timestamps: prepared.timestamps,
      worker,
      vmCost: opts.vmCost,
      now: sharedNow,
      detail: opts.detail,
      trace: opts.trace,
      minParallelBlock: 0,
      onBlock,
      ...(opts.fault ? { fault: opts.fault } : {}),
    });
    return worker === 0
      ? { digest: digestValues(storage), summary: summarize(prepared.world, storage, opts.summaryAccounts) }
      : null;
  },
};

export type WorkerApi = typeof workerApi;
export { sharedBuffer };

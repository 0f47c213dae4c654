/**
 * What a pool worker does, independent of how it is hosted (Node worker_threads, browser Web
 * Worker, or in-process). The worker entry files only expose this object through comlink.
 * Messages carry start, per-block progress and done: nothing per transaction.
 */
import * as Comlink from 'comlink';
import { runClock } from './clock.ts';
import {
  attachBlockStm,
  digestValues,
  loadWorkload,
  streamSource,
  prepareSteps,
  reusingAlloc,
  runState,
  runBlockStm,
  runSequentialBlock,
  LazyBlock,
  summarize,
  summarizeProtocols,
  sharedBuffer,
  RunAborted,
  exportBlockFile,
  checkBlockFileText,
  encodeBlockLink,
  ValidationError,
  type BlockFileSize,
  type BlockLinkFit,
  type BlockResult,
  type BlockStmBuffers,
  type PreparedRun,
  type PrepareProgress,
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
  /** Test hook: fault while executing this transaction (`inside`: from protocol code, Block-STM). */
  fault?: { block: number; tx: number; inside?: boolean };
  /**
   * Hand the thread back between blocks. Set by the pool for a host that runs on its caller's
   * thread (the in-process fallback of a page without cross-origin isolation), so the page
   * draws progress and takes a Stop between blocks instead of freezing for the whole run.
   */
  yieldBetweenBlocks?: boolean;
  /**
   * Set by the pool: the `sharedNow()` reading when the run's execution began. Block stats and
   * trace events are timed in ms since then (see clock.ts); 0 leaves them on the shared clock.
   */
  clockOrigin?: number;
}

/**
 * A macrotask turn: input, rendering and the page's timers run before the next block. (Not
 * scheduler.yield: its continuations go ahead of the page's own timers, which would starve the
 * runner's throttled flush.)
 */
const yieldToCaller = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export interface WorkerDone {
  digest: string;
  summary: StateSummary;
}

export type BlockFileCheck =
  | ({ ok: true; link: BlockLinkFit } & BlockFileSize)
  /** `issues` keeps the first problems found; `total` counts them all. */
  | { ok: false; issues: string[]; total: number };

export type BlockCallback = (result: BlockResult) => void;
export type PrepareCallback = (progress: PrepareProgress) => void;

/**
 * Run `body` with a `report` that forwards each value to `remote` (a comlink callback proxy), and
 * when it ends, returned or thrown, await every acknowledgement and release the proxy.
 *
 * Progress goes over the callback proxy's own MessagePort, the result over the worker's port,
 * and messages on two ports are not ordered: without the wait, "done" could overtake the last
 * blocks (seen once in 700 property cases). Without the release, the proxy's port (and the
 * closure behind it, holding the run's results) stays alive on the calling side (comlink #601):
 * a cancelled run once left one open per worker, because its throw skipped a release that each
 * caller made for itself.
 */
async function reportingTo<T, R>(
  remote: ((value: T) => void) | undefined,
  body: (report: (value: T) => void) => Promise<R>,
): Promise<R> {
  const acks: unknown[] = [];
  try {
    return await body(remote ? (value) => void acks.push(remote(value)) : () => undefined);
  } finally {
    await Promise.all(acks);
    (remote as Partial<Record<typeof Comlink.releaseProxy, () => void>> | undefined)?.[Comlink.releaseProxy]?.();
  }
}

/**
 * Preparing reports how far it has got at most this often: a large run takes seconds to
 * prepare (10,000,000 transactions: 9-10 s in Chromium), and a message per block would be 500.
 */
const PREPARE_PROGRESS_MS = 100;
/** On the caller's thread, preparing holds it at most about this long (plus one block). */
const PREPARE_SLICE_MS = 16;

const runBuffers = reusingAlloc();

export const workerApi = {
  /**
   * Build the workload and its shared buffers. Runs in a worker so the page stays responsive.
   * The buffers are this worker's, reused by its next run: the pool runs one run at a time.
   * Between blocks it looks for a cancel (so Stop does not have to terminate a worker busy for
   * seconds and lose its compiled code), reports progress now and then, and on the caller's
   * thread hands it back.
   */
  async prepare(
    source: WorkloadSource,
    abort: Int32Array,
    onProgressRemote?: PrepareCallback,
    yieldBetweenBlocks = false,
  ): Promise<PreparedRun> {
    let reported = performance.now();
    let yielded = reported;
    return reportingTo(onProgressRemote, async (report) => {
      // Inside: a block file that fails validation throws here, and the proxy is released too.
      const steps = prepareSteps(streamSource(source), runBuffers);
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        if (Atomics.load(abort, 0) !== 0) throw new RunAborted('run aborted');
        if (onProgressRemote && performance.now() - reported >= PREPARE_PROGRESS_MS) {
          reported = performance.now();
          report(step.value);
        }
        // Small blocks take microseconds each: hand the thread back after a frame's worth of them,
        // not after every one (nested timers are clamped to 4 ms).
        if (yieldBetweenBlocks && performance.now() - yielded >= PREPARE_SLICE_MS) {
          await yieldToCaller();
          yielded = performance.now();
        }
      }
    });
  },

  /**
   * Validate a block file's text (JSON parse and every field) off the page's main thread: a
   * 5 MB file takes about 300 ms. Returns its size and the file packed for a link (when it fits),
   * or the problems found, each naming its field.
   */
  checkBlockFile(text: string): BlockFileCheck {
    try {
      const { json, ...size } = checkBlockFileText(text);
      return { ok: true, ...size, link: encodeBlockLink(json) };
    } catch (e) {
      if (e instanceof ValidationError) return { ok: false, issues: e.issues, total: e.total };
      throw e;
    }
  },

  /** The workload of `source` as a block file (generated or parsed, never run). */
  exportFile(source: WorkloadSource): BlockFile {
    return exportBlockFile(loadWorkload(source));
  },

  async runSequential(
    prepared: PreparedRun,
    opts: RunOptions,
    abort: Int32Array,
    onBlockRemote: BlockCallback,
  ): Promise<WorkerDone> {
    const storage = runState(prepared);
    const now = runClock(opts.clockOrigin ?? 0);
    await reportingTo(onBlockRemote, async (onBlock) => {
      for (let b = 0; b < prepared.blocks.length; b++) {
        if (Atomics.load(abort, 0) !== 0) throw new RunAborted('run aborted');
        if (opts.fault?.block === b) throw new Error(`injected fault in transaction ${opts.fault.tx}`);
        const result = runSequentialBlock(
          prepared.world,
          storage,
          new LazyBlock(prepared.blocks[b]!),
          prepared.timestamps[b]!,
          b,
          { vmCost: opts.vmCost, now, detail: opts.detail, cancelled: () => Atomics.load(abort, 0) !== 0 },
        );
        // After the block's clock stopped: the state after it, for the page's Protocol state.
        if (result.detail) result.detail.protocols = summarizeProtocols(prepared.world, storage);
        onBlock(result);
        if (opts.yieldBetweenBlocks) await yieldToCaller();
      }
    });
    return { digest: digestValues(storage), summary: summarize(prepared.world, storage, opts.summaryAccounts) };
  },

  async runBlockStm(
    prepared: PreparedRun,
    buffers: BlockStmBuffers,
    worker: number,
    opts: RunOptions,
    onBlockRemote: BlockCallback,
  ): Promise<WorkerDone | null> {
    const storage = runState(prepared);
    await reportingTo(onBlockRemote, (onBlock) =>
      runBlockStm({
        m: attachBlockStm(buffers),
        world: prepared.world,
        storage,
        blocks: prepared.blocks,
        timestamps: prepared.timestamps,
        worker,
        vmCost: opts.vmCost,
        now: runClock(opts.clockOrigin ?? 0),
        detail: opts.detail,
        trace: opts.trace,
        minParallelBlock: 0,
        onBlock,
        ...(opts.fault ? { fault: opts.fault } : {}),
        ...(opts.yieldBetweenBlocks ? { betweenBlocks: yieldToCaller } : {}),
      }),
    );
    return worker === 0
      ? { digest: digestValues(storage), summary: summarize(prepared.world, storage, opts.summaryAccounts) }
      : null;
  },
};

export type WorkerApi = typeof workerApi;
export { sharedBuffer };

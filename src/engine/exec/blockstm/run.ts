/**
 * A whole multi-block Block-STM run from one worker's point of view. All W workers call
 * `runBlockStm` on the same shared memory; each commits the keys it claimed, they meet at a
 * barrier, and worker 0 gathers the block's statistics (and detail, when asked), reports it,
 * resets the shared memory and releases the next block. Small blocks fall back to
 * sequential execution on worker 0, as pevm and grevm do.
 */
import { layoutOf, type World } from '../../state/world.ts';
import { summarizeProtocols } from '../../state/summary.ts';
import type { EncodedBlock } from '../../protocols/tx.ts';
import { TraceWriter, TK, traceTime } from '../../trace/ring.ts';
import { runSequentialBlock } from '../sequential.ts';
import { edgesFromReads } from '../detail.ts';
import type { BlockDetail, BlockResult, BlockStats } from '../types.ts';
import { FLAG_DELETED, mvCommitClaimed } from './mvmemory.ts';
import {
  C,
  MAX_READS,
  READ_WIDTH,
  RS,
  SLOT_WIDTH,
  WS,
  MAX_WRITES,
  S,
  STAT_WIDTH,
  T,
  TRACE_EVENTS_PER_WORKER,
  TX_STRIDE,
  resetForBlock,
  valueIndex,
  type BlockStmMemory,
} from './shared.ts';
import { incarnationOf } from './scheduler.ts';
import { runBlockStmWorker, RunAborted } from './worker.ts';
import { LazyBlock } from './lazyBlock.ts';
import { MultiVersionView } from './mvview.ts';

export interface BlockStmRunInput {
  m: BlockStmMemory;
  world: World;
  storage: BigInt64Array;
  blocks: readonly EncodedBlock[];
  timestamps: readonly number[];
  worker: number;
  vmCost: number;
  /** Milliseconds on a clock every worker shares (e.g. timeOrigin + performance.now()). */
  now: () => number;
  detail: boolean;
  trace: boolean;
  /** Blocks with fewer transactions than this run sequentially. */
  minParallelBlock: number;
  /** Called by worker 0 once every worker has finished (and committed) the block. */
  onBlock: (result: BlockResult) => void;
  /**
   * Awaited by worker 0 after each block's report, outside the block clock. Only for one worker
   * running on a thread that must stay responsive (the page's, without cross-origin isolation):
   * there, handing control back lets the page draw and take a Stop between blocks.
   */
  betweenBlocks?: () => Promise<void>;
  /**
   * Test hook: fault in transaction `tx` of `block`, before it runs (an engine fault) or, with
   * `inside`, from inside every incarnation after its reads (an error in protocol code).
   */
  fault?: { block: number; tx: number; inside?: boolean };
}

/** Below this many transactions per worker a block is not worth parallel execution. */
export const FALLBACK_TXS_PER_WORKER = 4;

/**
 * Whether a block of `txs` transactions runs in parallel on `workers` workers, or sequentially on
 * one (as pevm and grevm run small blocks). The app asks before a run, to say so in advance.
 */
export const runsInParallel = (txs: number, workers: number, minParallelBlock = 0): boolean =>
  txs >= Math.max(minParallelBlock, FALLBACK_TXS_PER_WORKER * workers);

/**
 * Wait (in a worker) until ctrl[index] reaches at least `target`, or the run is aborted. Spins
 * first, for up to about a millisecond: between blocks the other side is usually a few tenths of
 * a millisecond away (worker 0 gathers the block's statistics and resets the memory), and a
 * sleeping worker woke a median 60 µs after the next block opened, against 6 µs spinning.
 */
function waitAtLeast(m: BlockStmMemory, index: number, target: number): void {
  for (let spin = 0; spin < 200_000; spin++) if (Atomics.load(m.ctrl, index) >= target) return;
  for (;;) {
    if (Atomics.load(m.ctrl, C.abort) !== 0) throw new RunAborted('run aborted');
    const seen = Atomics.load(m.ctrl, index);
    if (seen >= target) return;
    Atomics.wait(m.ctrl, index, seen, 50);
  }
}

/** Stop every worker of the run: cancel (1) or fault (2). Safe from any thread. */
export function abortRun(ctrl: Int32Array, reason: 1 | 2): void {
  Atomics.compareExchange(ctrl, C.abort, 0, reason);
  for (const i of [C.arrived, C.blockEpoch, C.finished, C.workSeq]) {
    Atomics.add(ctrl, i, 0);
    Atomics.notify(ctrl, i);
  }
}

function blockDetail(m: BlockStmMemory, n: number): BlockDetail {
  const readStart = new Int32Array(n + 1);
  const writeStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) {
    readStart[j + 1] = readStart[j]! + m.meta[j * TX_STRIDE + T.readCount]!;
    let live = 0;
    for (let s = 0; s < m.meta[j * TX_STRIDE + T.writeCount]!; s++)
      if ((m.writeSlots[(j * MAX_WRITES + s) * SLOT_WIDTH + WS.flags]! & FLAG_DELETED) === 0) live++;
    writeStart[j + 1] = writeStart[j]! + live;
  }
  const readKeys = new Int32Array(readStart[n]!);
  const readVersions = new Int32Array(readStart[n]!);
  const readIncarnations = new Int32Array(readStart[n]!);
  const writeKeys = new Int32Array(writeStart[n]!);
  const writeValues = new BigInt64Array(writeStart[n]!);
  const incarnations = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    for (let r = 0; r < m.meta[j * TX_STRIDE + T.readCount]!; r++) {
      const at = readStart[j]! + r;
      const rs = (j * MAX_READS + r) * READ_WIDTH;
      const slot = m.readSet[rs + RS.slot]!;
      readKeys[at] = m.readSet[rs + RS.key]!;
      readVersions[at] = slot < 0 ? -1 : (slot / MAX_WRITES) | 0;
      readIncarnations[at] = m.readSet[rs + RS.incarnation]!;
    }
    let w = writeStart[j]!;
    for (let s = 0; s < m.meta[j * TX_STRIDE + T.writeCount]!; s++) {
      const slot = j * MAX_WRITES + s;
      if ((m.writeSlots[slot * SLOT_WIDTH + WS.flags]! & FLAG_DELETED) !== 0) continue;
      writeKeys[w] = m.writeSlots[slot * SLOT_WIDTH + WS.key]!;
      writeValues[w++] = m.writeValues[valueIndex(slot)]!;
    }
    incarnations[j] = incarnationOf(m.meta[j * TX_STRIDE + T.status]!) + 1;
  }
  return {
    readStart,
    readKeys,
    readVersions,
    readIncarnations,
    writeStart,
    writeKeys,
    writeValues,
    incarnations,
    validations: Int32Array.from({ length: n }, (_v, j) => m.meta[j * TX_STRIDE + T.validations]!),
    edges: edgesFromReads(readStart, readVersions),
  };
}

/** Count distinct (writer, reader) pairs from the shared read-sets without building detail. */
function countEdges(m: BlockStmMemory, n: number): number {
  let edges = 0;
  const last = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) {
    for (let r = 0; r < m.meta[j * TX_STRIDE + T.readCount]!; r++) {
      const slot = m.readSet[(j * MAX_READS + r) * READ_WIDTH + RS.slot]!;
      if (slot < 0) continue;
      const i = (slot / MAX_WRITES) | 0;
      if (last[i] !== j) {
        last[i] = j;
        edges++;
      }
    }
  }
  return edges;
}

/**
 * Worker 0's job after every worker has arrived (and committed its share): gather block b's
 * result from the shared memory, before the next block's reset overwrites it.
 */
function gatherBlock(input: BlockStmRunInput, b: number, n: number, startMs: number, endMs: number): BlockResult {
  const wallMs = endMs - startMs;
  const { m } = input;
  const sum = (k: number): number => {
    let t = 0;
    for (let w = 0; w < m.workers; w++) t += m.stats[w * STAT_WIDTH + k]!;
    return t;
  };
  // Every worker has committed its keys by now, so storage holds the state after the block.
  const detail = input.detail
    ? { ...blockDetail(m, n), protocols: summarizeProtocols(input.world, input.storage) }
    : undefined;
  const stats: BlockStats = {
    block: b,
    txs: n,
    // Rounded as trace times are, so the timeline and an exported file measure from one number.
    startMs: traceTime(startMs),
    wallMs,
    txPerSec: wallMs > 0 ? (n * 1000) / wallMs : 0,
    executions: sum(S.executions),
    validations: sum(S.validations),
    aborts: sum(S.aborts),
    suspensions: sum(S.suspensions),
    edges: detail ? detail.edges.length / 2 : countEdges(m, n),
    fellBackToSequential: false,
  };
  const receipts = new Uint8Array(n);
  for (let j = 0; j < n; j++) receipts[j] = m.meta[j * TX_STRIDE + T.receipt]!;
  return { receipts, stats, ...(detail ? { detail } : {}) };
}

/**
 * Block protocol, with worker 0 as coordinator:
 *   worker 0 resets the shared memory and sets blockEpoch = b + 1 (block b open);
 *   every worker runs the block, commits the keys it claimed, then adds 1 to `finished`;
 *   worker 0 waits for finished = W (the block's clock stops), gathers and reports block b's
 *   result, then opens block b + 1.
 * A block's wall time is thus its execution and commit, as sequential's is its execution: the
 * statistics and the report happen outside it for both executors. (Reporting during the next
 * block instead, while worker 0 would wait at the barrier, measured the same.)
 * A fault in any worker aborts the run for all of them; cancellation does the same from outside.
 */
export async function runBlockStm(input: BlockStmRunInput): Promise<void> {
  const { m, world, worker } = input;
  try {
    await runBlocks(input, world, worker);
  } catch (e) {
    if (!(e instanceof RunAborted)) abortRun(m.ctrl, 2);
    throw e;
  }
}

async function runBlocks(input: BlockStmRunInput, world: World, worker: number): Promise<void> {
  const { m } = input;
  const layout = layoutOf(world);
  const trace = input.trace
    ? new TraceWriter(m.traceTimes, m.traceWords, m.traceCount, worker, TRACE_EVENTS_PER_WORKER)
    : null;
  const view = new MultiVersionView(m, input.storage, m.ctrl);
  // Start together: the pool posts the start messages one by one and waking an idle thread takes
  // 0.5–5 ms here, which would otherwise count against block 0's clock with one worker missing.
  Atomics.add(m.ctrl, C.arrived, 1);
  Atomics.notify(m.ctrl, C.arrived);
  if (worker === 0) waitAtLeast(m, C.arrived, m.workers);
  for (let b = 0; b < input.blocks.length; b++) {
    const encoded = input.blocks[b]!;
    const n = encoded.count;
    const parallel = runsInParallel(n, m.workers, input.minParallelBlock);
    if (worker === 0) {
      resetForBlock(m, n);
      m.times[0] = input.now();
      Atomics.store(m.ctrl, C.blockEpoch, b + 1);
      Atomics.notify(m.ctrl, C.blockEpoch);
    } else {
      waitAtLeast(m, C.blockEpoch, b + 1);
    }
    const blockStart = m.times[0]!;
    trace?.restart(input.now());
    if (parallel) {
      runBlockStmWorker({
        m,
        storage: input.storage,
        txs: new LazyBlock(encoded),
        ctx: { world, layout, timestamp: input.timestamps[b]! },
        worker,
        block: b,
        vmCost: input.vmCost,
        now: input.now,
        trace,
        countTxValidations: input.detail,
        view,
        ...(input.fault && input.fault.block === b
          ? input.fault.inside
            ? { throwInside: { tx: input.fault.tx } }
            : { faultAt: input.fault.tx }
          : {}),
      });
      mvCommitClaimed(m, input.storage, worker);
    }
    Atomics.add(m.ctrl, C.finished, 1);
    Atomics.notify(m.ctrl, C.finished);
    if (worker !== 0) continue;
    waitAtLeast(m, C.finished, m.workers);
    const blockEnd = input.now();
    if (parallel) {
      input.onBlock(gatherBlock(input, b, n, blockStart, blockEnd));
    } else {
      // Too small to be worth it: worker 0 runs it sequentially while the others wait.
      const fallbackStart = input.now();
      const txs = new LazyBlock(encoded);
      if (input.fault && input.fault.block === b) throw new Error(`injected fault in transaction ${input.fault.tx}`);
      // Always with detail: a block this small costs nothing to record, and Block-STM's stats
      // promise dependency edges for every block.
      const result = runSequentialBlock(world, input.storage, txs, input.timestamps[b]!, b, {
        vmCost: input.vmCost,
        now: input.now,
        detail: true,
      });
      if (!input.detail) delete result.detail;
      result.stats.fellBackToSequential = true;
      const fallbackEnd = input.now();
      result.stats.startMs = traceTime(fallbackStart);
      result.stats.wallMs = fallbackEnd - fallbackStart;
      result.stats.txPerSec = result.stats.wallMs > 0 ? (n * 1000) / result.stats.wallMs : 0;
      trace?.record(TK.block, b, -1, 0, fallbackStart, fallbackEnd);
      // Outside the fallback's clock, as gatherBlock's is outside the parallel block's.
      if (result.detail) result.detail.protocols = summarizeProtocols(world, input.storage);
      input.onBlock(result);
    }
    // Without the hook (every real worker) there is no await at all: nothing changes there.
    if (input.betweenBlocks) await input.betweenBlocks();
  }
  if (worker === 0) {
    // Let the others leave: epoch past the last block.
    Atomics.store(m.ctrl, C.blockEpoch, input.blocks.length + 1);
    Atomics.notify(m.ctrl, C.blockEpoch);
  } else {
    waitAtLeast(m, C.blockEpoch, input.blocks.length + 1);
  }
}

/**
 * What every executor produces, so the CLI, the pool, the app and the tests can treat
 * sequential, Block-STM and later executors alike.
 */
import { REVERT_REASONS, type RevertReason } from '../protocols/view.ts';
import type { ProtocolSummary } from '../state/summary.ts';

/** Receipt code per transaction: 0 = ok, 1 + index into REVERT_REASONS = reverted. */
export type ReceiptCodes = Uint8Array;

export interface Receipt {
  status: 'ok' | 'reverted';
  reason?: RevertReason;
}

export function receiptOf(code: number): Receipt {
  return code === 0 ? { status: 'ok' } : { status: 'reverted', reason: REVERT_REASONS[code - 1]! };
}

export function codeOf(reason: RevertReason): number {
  return REVERT_REASONS.indexOf(reason) + 1;
}

export interface BlockStats {
  block: number;
  txs: number;
  /**
   * When the block's clock started, on the run's clock (ms since the run started, see
   * pool/clock.ts): for Block-STM the moment worker 0 opened the block to every worker. The
   * block's wall time runs from here. Absent in trace files written before it was recorded.
   */
  startMs?: number;
  wallMs: number;
  txPerSec: number;
  executions: number;
  validations: number;
  aborts: number;
  /**
   * Reads that hit an ESTIMATE: the transaction suspends on the writer instead of re-executing,
   * or runs again at once when the writer finished in the meantime (counted either way).
   */
  suspensions: number;
  /**
   * Dependency edges: tx i wrote a value tx j read (i < j), counted once per pair. Null when not
   * tracked: sequential execution records reads only with `detail` (the yardstick stays lean).
   */
  edges: number | null;
  /** True when the block was too small to be worth parallel execution and ran sequentially. */
  fellBackToSequential: boolean;
}

/**
 * Per-transaction detail for the inspector and the conflict graph. Flat arrays (CSR layout) so
 * a whole block crosses a worker boundary as a handful of typed arrays.
 */
export interface BlockDetail {
  /** reads of tx j: readKeys[readStart[j] .. readStart[j+1]) with the writer each saw (-1 = storage). */
  readStart: Int32Array;
  readKeys: Int32Array;
  readVersions: Int32Array;
  /** The incarnation of the writer each read saw (0 for storage). */
  readIncarnations: Int32Array;
  writeStart: Int32Array;
  writeKeys: Int32Array;
  writeValues: BigInt64Array;
  /** Executions (incarnations) and validations of each transaction. */
  incarnations: Int32Array;
  validations: Int32Array;
  /** Dependency edges as pairs (writer, reader). */
  edges: Int32Array;
  /**
   * Pools, markets and farms once the block is committed, which the executor's run loop adds
   * after the block's clock stops: the Protocol state view shows the state after the block on
   * show, and steps with it.
   */
  protocols?: ProtocolSummary;
}

export interface BlockResult {
  receipts: ReceiptCodes;
  stats: BlockStats;
  detail?: BlockDetail;
}

export interface ExecOptions {
  vmCost: number;
  /** Monotonic milliseconds; injected so the engine touches no platform clock itself. */
  now: () => number;
  /** Record per-transaction read/write sets and dependency edges. */
  detail: boolean;
  /** Polled every few transactions; a true answer stops the block with RunAborted. */
  cancelled?: () => boolean;
}

export interface StatsTotals {
  txs: number;
  wallMs: number;
  executions: number;
  validations: number;
  aborts: number;
  suspensions: number;
  /** Null when any block did not track them. */
  edges: number | null;
}

/** The median of some measurements (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Totals over blocks (what the CLI, the bench and the app's status line report). */
export function totalStats(blocks: readonly BlockStats[]): StatsTotals {
  const t: StatsTotals = { txs: 0, wallMs: 0, executions: 0, validations: 0, aborts: 0, suspensions: 0, edges: 0 };
  for (const b of blocks) {
    t.txs += b.txs;
    t.wallMs += b.wallMs;
    t.executions += b.executions;
    t.validations += b.validations;
    t.aborts += b.aborts;
    t.suspensions += b.suspensions;
    t.edges = t.edges === null || b.edges === null ? null : t.edges + b.edges;
  }
  return t;
}

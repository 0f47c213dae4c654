/**
 * The page keeps every block's statistics and receipts, but the reads and writes behind the
 * graph, the state view and the inspector cost about 125 bytes per transaction: a run of 500
 * blocks of 20,000 would hold 1.25 GB of them. So only the newest blocks' detail stays, up to a
 * budget in transactions, plus the block the user pinned; older blocks say theirs was let go.
 */
import type { BlockDetail, BlockStats } from '../../engine/index.ts';
import { groupDigits } from '../charts/math.ts';

/** Transactions whose detail the page keeps: about 125 MB. */
export const KEEP_DETAIL_TXS = 1_000_000;

const letGo = (what: string): string =>
  `${what} let go: the page keeps those of a run's latest ${groupDigits(KEEP_DETAIL_TXS)} transactions (pin a block while the run goes to keep it).`;
export const DETAIL_LET_GO = letGo("This block's reads and writes were");
/** The protocol state after a block goes with its detail: it is part of it. */
export const PROTOCOLS_LET_GO = letGo('The state after this block was');

/**
 * Drop the detail of the oldest blocks, in place, once the newer ones hold `keepTxs`
 * transactions; the newest block and `pinned` always keep theirs.
 */
export function releaseOldDetails(details: (BlockDetail | undefined)[], keepTxs: number, pinned: number | null): void {
  let kept = 0;
  for (let b = details.length - 1; b >= 0; b--) {
    const d = details[b];
    if (!d) continue;
    kept += d.incarnations.length;
    if (kept > keepTxs && b !== details.length - 1 && b !== pinned) details[b] = undefined;
  }
}

/** A finished block whose detail the page no longer has. */
export function detailLetGo(
  s: { blocks: readonly (BlockStats | undefined)[]; details: readonly (BlockDetail | undefined)[] },
  block: number | null,
): boolean {
  return block !== null && s.blocks[block] !== undefined && s.details[block] === undefined;
}

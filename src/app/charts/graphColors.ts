/**
 * The conflict graph's colours: one fill per transaction kind, and the rings drawn over them.
 * The kinds keep clear of both rings — no kind is red like the re-executed ring or black like
 * the inspector's (liquidations were the ring's very red, oracle updates the selection's black,
 * so a liquidation read as "re-executed" at a glance) — and each protocol's kinds share a hue.
 */
import { TX_KINDS, type TxKind } from '../../engine/index.ts';

/** The ring on a transaction that re-executed. */
export const REEXECUTED_RING = '#d62728';

/** Fill per transaction kind: a hue per protocol, its kinds told apart by lightness. */
export const KIND_COLORS: Record<TxKind, string> = {
  transfer: '#4e79a7',
  swap: '#f28e2b',
  swapRoute: '#ffbe7d',
  addLiquidity: '#76b7b2',
  removeLiquidity: '#3b7a76',
  deposit: '#cab2d6',
  withdraw: '#b07aa1',
  borrow: '#ff9da7',
  repay: '#9c755f',
  liquidate: '#6a3d9a',
  stake: '#8cd17d',
  unstake: '#59a14f',
  claim: '#b6992d',
  oracle: '#79706e',
};

export interface KindCount {
  kind: TxKind;
  count: number;
}

/**
 * How many transactions of each kind a block has, from its kind codes (indexes into TX_KINDS):
 * the kinds present, in the engine's order, which is the order the key lists them in.
 */
export function kindCounts(kinds: ArrayLike<number>): KindCount[] {
  const counts = new Array<number>(TX_KINDS.length).fill(0);
  for (let i = 0; i < kinds.length; i++) counts[kinds[i]!] = (counts[kinds[i]!] ?? 0) + 1;
  return TX_KINDS.flatMap((kind, code) => (counts[code]! > 0 ? [{ kind, count: counts[code]! }] : []));
}

/**
 * Transactions: a discriminated union over numeric ids (indexes into the World), the dispatch
 * that runs one against a StateView, and a fixed-width encoding so a whole block can sit in a
 * SharedArrayBuffer that every worker decodes once.
 */
import { addLiquidity, removeLiquidity, swapRoute } from './amm.ts';
import { borrow, deposit, liquidate, repay, withdraw } from './lending.ts';
import { updatePrice } from './oracle.ts';
import { claim, stake, unstake } from './staking.ts';
import { transfer } from './token.ts';
import type { StateView, TxContext } from './view.ts';

export type Tx =
  | { kind: 'transfer'; from: number; to: number; token: number; amount: bigint }
  | { kind: 'swap'; from: number; pool: number; tokenIn: number; amountIn: bigint; minAmountOut: bigint }
  | { kind: 'swapRoute'; from: number; pools: number[]; tokenIn: number; amountIn: bigint; minAmountOut: bigint }
  | { kind: 'addLiquidity'; from: number; pool: number; amount0: bigint; amount1: bigint }
  | { kind: 'removeLiquidity'; from: number; pool: number; liquidity: bigint }
  | { kind: 'deposit' | 'withdraw' | 'borrow' | 'repay'; from: number; market: number; reserve: number; amount: bigint }
  | {
      kind: 'liquidate';
      from: number;
      borrower: number;
      market: number;
      debtReserve: number;
      collateralReserve: number;
      amount: bigint;
    }
  | { kind: 'stake' | 'unstake'; from: number; farm: number; amount: bigint }
  | { kind: 'claim'; from: number; farm: number }
  | { kind: 'oracle'; from: number; token: number; price: bigint };

export type TxKind = Tx['kind'];

export const TX_KINDS: readonly TxKind[] = [
  'transfer',
  'swap',
  'swapRoute',
  'addLiquidity',
  'removeLiquidity',
  'deposit',
  'withdraw',
  'borrow',
  'repay',
  'liquidate',
  'stake',
  'unstake',
  'claim',
  'oracle',
];

/** Longest route a swapRoute may take (fixed so a transaction fits one record). */
export const MAX_ROUTE_HOPS = 4;

/** Run one transaction. Throws Revert (from the protocol) on a deterministic failure. */
export function applyTx(view: StateView, ctx: TxContext, tx: Tx): void {
  switch (tx.kind) {
    case 'transfer':
      return transfer(view, ctx, tx.from, tx.to, tx.token, tx.amount);
    case 'swap':
      swapRoute(view, ctx, tx.from, [tx.pool], tx.tokenIn, tx.amountIn, tx.minAmountOut);
      return;
    case 'swapRoute':
      swapRoute(view, ctx, tx.from, tx.pools, tx.tokenIn, tx.amountIn, tx.minAmountOut);
      return;
    case 'addLiquidity':
      addLiquidity(view, ctx, tx.from, tx.pool, tx.amount0, tx.amount1);
      return;
    case 'removeLiquidity':
      return removeLiquidity(view, ctx, tx.from, tx.pool, tx.liquidity);
    case 'deposit':
      return deposit(view, ctx, tx.from, tx.reserve, tx.amount);
    case 'withdraw':
      return withdraw(view, ctx, tx.from, tx.market, tx.reserve, tx.amount);
    case 'borrow':
      return borrow(view, ctx, tx.from, tx.market, tx.reserve, tx.amount);
    case 'repay':
      repay(view, ctx, tx.from, tx.reserve, tx.amount);
      return;
    case 'liquidate':
      return liquidate(view, ctx, tx.from, tx.borrower, tx.market, tx.debtReserve, tx.collateralReserve, tx.amount);
    case 'stake':
      return stake(view, ctx, tx.from, tx.farm, tx.amount);
    case 'unstake':
      return unstake(view, ctx, tx.from, tx.farm, tx.amount);
    case 'claim':
      claim(view, ctx, tx.from, tx.farm);
      return;
    case 'oracle':
      return updatePrice(view, ctx, tx.token, tx.price);
  }
}

/** Encoded record: INT_FIELDS int32 words and AMOUNT_FIELDS int64 words per transaction. */
export const INT_FIELDS = 8;
export const AMOUNT_FIELDS = 2;

export interface EncodedBlock {
  count: number;
  ints: Int32Array;
  amounts: BigInt64Array;
}

export function encodeTx(tx: Tx, ints: Int32Array, amounts: BigInt64Array, i: number): void {
  const o = i * INT_FIELDS;
  const a = i * AMOUNT_FIELDS;
  ints.fill(-1, o, o + INT_FIELDS);
  ints[o] = TX_KINDS.indexOf(tx.kind);
  ints[o + 1] = tx.from;
  amounts[a] = 0n;
  amounts[a + 1] = 0n;
  switch (tx.kind) {
    case 'transfer':
      ints[o + 2] = tx.to;
      ints[o + 3] = tx.token;
      amounts[a] = tx.amount;
      return;
    case 'swap':
      ints[o + 2] = tx.tokenIn;
      ints[o + 3] = tx.pool;
      amounts[a] = tx.amountIn;
      amounts[a + 1] = tx.minAmountOut;
      return;
    case 'swapRoute':
      ints[o + 2] = tx.tokenIn;
      tx.pools.forEach((p, h) => (ints[o + 3 + h] = p));
      amounts[a] = tx.amountIn;
      amounts[a + 1] = tx.minAmountOut;
      return;
    case 'addLiquidity':
      ints[o + 2] = tx.pool;
      amounts[a] = tx.amount0;
      amounts[a + 1] = tx.amount1;
      return;
    case 'removeLiquidity':
      ints[o + 2] = tx.pool;
      amounts[a] = tx.liquidity;
      return;
    case 'deposit':
    case 'withdraw':
    case 'borrow':
    case 'repay':
      ints[o + 2] = tx.market;
      ints[o + 3] = tx.reserve;
      amounts[a] = tx.amount;
      return;
    case 'liquidate':
      ints[o + 2] = tx.market;
      ints[o + 3] = tx.borrower;
      ints[o + 4] = tx.debtReserve;
      ints[o + 5] = tx.collateralReserve;
      amounts[a] = tx.amount;
      return;
    case 'stake':
    case 'unstake':
    case 'claim':
      ints[o + 2] = tx.farm;
      amounts[a] = tx.kind === 'claim' ? 0n : tx.amount;
      return;
    case 'oracle':
      ints[o + 2] = tx.token;
      amounts[a] = tx.price;
      return;
  }
}

export function decodeTx(ints: Int32Array, amounts: BigInt64Array, i: number): Tx {
  // Hot path (once per transaction per worker): plain indexing, no closures or allocations
  // beyond the transaction object itself.
  const o = i * INT_FIELDS;
  const a = i * AMOUNT_FIELDS;
  const kind = TX_KINDS[ints[o]!];
  const from = ints[o + 1]!;
  const x2 = ints[o + 2]!;
  const x3 = ints[o + 3]!;
  const amount = amounts[a]!;
  switch (kind) {
    case 'transfer':
      return { kind, from, to: x2, token: x3, amount };
    case 'swap':
      return { kind, from, tokenIn: x2, pool: x3, amountIn: amount, minAmountOut: amounts[a + 1]! };
    case 'swapRoute': {
      const pools: number[] = [];
      for (let h = 0; h < MAX_ROUTE_HOPS && ints[o + 3 + h]! >= 0; h++) pools.push(ints[o + 3 + h]!);
      return { kind, from, tokenIn: x2, pools, amountIn: amount, minAmountOut: amounts[a + 1]! };
    }
    case 'addLiquidity':
      return { kind, from, pool: x2, amount0: amount, amount1: amounts[a + 1]! };
    case 'removeLiquidity':
      return { kind, from, pool: x2, liquidity: amount };
    case 'deposit':
    case 'withdraw':
    case 'borrow':
    case 'repay':
      return { kind, from, market: x2, reserve: x3, amount };
    case 'liquidate':
      return {
        kind,
        from,
        market: x2,
        borrower: x3,
        debtReserve: ints[o + 4]!,
        collateralReserve: ints[o + 5]!,
        amount,
      };
    case 'stake':
    case 'unstake':
      return { kind, from, farm: x2, amount };
    case 'claim':
      return { kind, from, farm: x2 };
    case 'oracle':
      return { kind, from, token: x2, price: amount };
    default:
      throw new Error(`unknown transaction kind code ${ints[o]}`);
  }
}

export function encodeBlock(txs: readonly Tx[], alloc: (bytes: number) => ArrayBufferLike): EncodedBlock {
  const ints = new Int32Array(alloc(Math.max(1, txs.length) * INT_FIELDS * 4));
  const amounts = new BigInt64Array(alloc(Math.max(1, txs.length) * AMOUNT_FIELDS * 8));
  txs.forEach((tx, i) => encodeTx(tx, ints, amounts, i));
  return { count: txs.length, ints, amounts };
}

export function decodeBlock(block: EncodedBlock): Tx[] {
  const out: Tx[] = [];
  for (let i = 0; i < block.count; i++) out.push(decodeTx(block.ints, block.amounts, i));
  return out;
}

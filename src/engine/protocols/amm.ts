/**
 * Uniswap v2 constant-product pools.
 *
 * Swap math, v2-periphery `UniswapV2Library.getAmountOut`:
 *   amountInWithFee = amountIn·(10000−feeBps)
 *   amountOut = ⌊amountInWithFee·reserveOut / (reserveIn·10000 + amountInWithFee)⌋
 * (with feeBps = 30 exactly v2's 997/1000 form).
 * Liquidity, v2-core `UniswapV2Pair.mint`/`burn`: the first deposit mints
 * √(a0·a1) − MINIMUM_LIQUIDITY (the minimum is locked forever, here in the pool's own LP supply
 * with no owner), later ones min(a0·supply/r0, a1·supply/r1); burning returns
 * liquidity·reserve/supply of each token. Amounts for a later deposit are matched to the pool's
 * ratio as v2-periphery `UniswapV2Router02._addLiquidity` does, so nothing is donated.
 */
import { keys, POOL_FIELDS, type PoolConfig } from '../state/world.ts';
import { min, sqrt } from '../state/values.ts';
import { credit, debit } from './token.ts';
import { checked, revert, type StateView, type TxContext } from './view.ts';

export const MINIMUM_LIQUIDITY = 1000n;

export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: number): bigint {
  if (amountIn === 0n) revert('INSUFFICIENT_INPUT_AMOUNT');
  if (reserveIn === 0n || reserveOut === 0n) revert('INSUFFICIENT_LIQUIDITY');
  const amountInWithFee = amountIn * BigInt(10000 - feeBps);
  return (amountInWithFee * reserveOut) / (reserveIn * 10000n + amountInWithFee);
}

/** Which side of the pool a token is on, or -1. */
function sideOf(pool: PoolConfig, token: number): number {
  if (pool.token0 === token) return 0;
  if (pool.token1 === token) return 1;
  return -1;
}

/**
 * Exact-in swap along a route of one or more pools, all or nothing (v2-periphery
 * `swapExactTokensForTokens`). A single-pool swap is a route of one hop.
 */
export function swapRoute(
  view: StateView,
  ctx: TxContext,
  from: number,
  route: readonly number[],
  tokenIn: number,
  amountIn: bigint,
  minAmountOut: bigint,
): bigint {
  if (amountIn === 0n) revert('INSUFFICIENT_INPUT_AMOUNT');
  debit(view, ctx, from, tokenIn, amountIn);
  let token = tokenIn;
  let amount = amountIn;
  for (const p of route) {
    const pool = ctx.world.pools[p]!;
    const side = sideOf(pool, token);
    if (side < 0) revert('INVALID_PATH');
    const keyIn = keys.pool(ctx.layout, p, side === 0 ? POOL_FIELDS.reserve0 : POOL_FIELDS.reserve1);
    const keyOut = keys.pool(ctx.layout, p, side === 0 ? POOL_FIELDS.reserve1 : POOL_FIELDS.reserve0);
    const reserveIn = view.read(keyIn);
    const reserveOut = view.read(keyOut);
    const out = getAmountOut(amount, reserveIn, reserveOut, pool.feeBps);
    if (out === 0n) revert('INSUFFICIENT_OUTPUT_AMOUNT');
    view.write(keyIn, checked(reserveIn + amount));
    view.write(keyOut, reserveOut - out);
    token = side === 0 ? pool.token1 : pool.token0;
    amount = out;
  }
  if (amount < minAmountOut) revert('SLIPPAGE');
  credit(view, ctx, from, token, amount);
  return amount;
}

export function addLiquidity(
  view: StateView,
  ctx: TxContext,
  from: number,
  p: number,
  amount0Desired: bigint,
  amount1Desired: bigint,
): bigint {
  const pool = ctx.world.pools[p]!;
  const k0 = keys.pool(ctx.layout, p, POOL_FIELDS.reserve0);
  const k1 = keys.pool(ctx.layout, p, POOL_FIELDS.reserve1);
  const kS = keys.pool(ctx.layout, p, POOL_FIELDS.lpSupply);
  const r0 = view.read(k0);
  const r1 = view.read(k1);
  const supply = view.read(kS);
  let a0 = amount0Desired;
  let a1 = amount1Desired;
  if (r0 !== 0n || r1 !== 0n) {
    // UniswapV2Router02._addLiquidity: keep the pool's ratio (UniswapV2Library.quote).
    const a1Optimal = (amount0Desired * r1) / r0;
    if (a1Optimal <= amount1Desired) a1 = a1Optimal;
    else a0 = (amount1Desired * r0) / r1;
  }
  let liquidity: bigint;
  let newSupply = supply;
  if (supply === 0n) {
    const root = sqrt(a0 * a1);
    if (root <= MINIMUM_LIQUIDITY) revert('INSUFFICIENT_LIQUIDITY_MINTED');
    liquidity = root - MINIMUM_LIQUIDITY;
    newSupply = MINIMUM_LIQUIDITY;
  } else {
    liquidity = min((a0 * supply) / r0, (a1 * supply) / r1);
  }
  if (liquidity <= 0n) revert('INSUFFICIENT_LIQUIDITY_MINTED');
  debit(view, ctx, from, pool.token0, a0);
  debit(view, ctx, from, pool.token1, a1);
  view.write(k0, checked(r0 + a0));
  view.write(k1, checked(r1 + a1));
  view.write(kS, checked(newSupply + liquidity));
  credit(view, ctx, from, pool.lpToken, liquidity);
  return liquidity;
}

export function removeLiquidity(view: StateView, ctx: TxContext, from: number, p: number, liquidity: bigint): void {
  const pool = ctx.world.pools[p]!;
  if (liquidity === 0n) revert('INSUFFICIENT_LIQUIDITY_BURNED');
  const k0 = keys.pool(ctx.layout, p, POOL_FIELDS.reserve0);
  const k1 = keys.pool(ctx.layout, p, POOL_FIELDS.reserve1);
  const kS = keys.pool(ctx.layout, p, POOL_FIELDS.lpSupply);
  const r0 = view.read(k0);
  const r1 = view.read(k1);
  const supply = view.read(kS);
  debit(view, ctx, from, pool.lpToken, liquidity);
  const a0 = (liquidity * r0) / supply;
  const a1 = (liquidity * r1) / supply;
  if (a0 === 0n || a1 === 0n) revert('INSUFFICIENT_LIQUIDITY_BURNED');
  view.write(k0, r0 - a0);
  view.write(k1, r1 - a1);
  view.write(kS, supply - liquidity);
  credit(view, ctx, from, pool.token0, a0);
  credit(view, ctx, from, pool.token1, a1);
}

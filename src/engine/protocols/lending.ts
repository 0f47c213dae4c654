/**
 * An Aave/Compound-style lending market: a set of reserves (one per token) over which a user's
 * health factor is computed.
 *
 * - Interest, compound-protocol `CToken.accrueInterest` with `BaseJumpRateModelV2`, per second:
 *   U = borrows / (cash + borrows − reserves);
 *   borrowRate = base + U·mult (U ≤ kink), base + kink·mult + (U − kink)·jumpMult above it;
 *   factor = borrowRate·Δt; interest = factor·borrows; borrows += interest;
 *   reserves += interest·reserveFactor; borrowIndex += factor·borrowIndex (all 1e18 mantissas).
 *   It runs on the first touch of a reserve in a block (accrualTime < block timestamp), so every
 *   lending transaction on a reserve writes that reserve's totals: a real hot spot.
 * - Supply shares, Compound cTokens: exchangeRate = (cash + borrows − reserves)·1e18 / shares
 *   (1e18 when there are no shares).
 * - Debt, Compound `borrowBalanceStored`: principal·borrowIndex / interestIndex.
 * - Health factor, Aave v3 `GenericLogic.calculateUserAccountData`:
 *   HF = Σ collateral·price·liqThreshold / Σ debt·price. Reserves other than those being acted
 *   on are valued at their stored index, as Compound's liquidity check does.
 * - Liquidation, Aave v3 `LiquidationLogic`: only below HF 1; repays at most the close factor
 *   (50%) of one debt and seizes collateral worth the repaid debt × the liquidation bonus, capped
 *   at what the borrower holds (then the repaid debt shrinks to match). The liquidator receives
 *   the seized supply shares (Aave's receiveAToken, Compound's seize).
 */
import { keys, POSITION_FIELDS as P, RESERVE_FIELDS as R } from '../state/world.ts';
import { min, WAD } from '../state/values.ts';
import { credit, debit } from './token.ts';
import { checked, revert, type StateView, type TxContext } from './view.ts';

export const CLOSE_FACTOR_BPS = 5000n;
const BPS = 10000n;

/** Global reserve index of `token` in market `market`, or -1 when the market has no such reserve. */
export function reserveIndex(ctx: TxContext, market: number, token: number): number {
  const m = ctx.world.markets[market]!;
  const r = m.reserves.findIndex((x) => x.token === token);
  return r < 0 ? -1 : ctx.layout.reserveBase[market]! + r;
}

function reserveConfig(ctx: TxContext, g: number) {
  for (let m = 0; m < ctx.world.markets.length; m++) {
    const base = ctx.layout.reserveBase[m]!;
    const list = ctx.world.markets[m]!.reserves;
    if (g >= base && g < base + list.length) return list[g - base]!;
  }
  throw new Error(`no reserve ${g}`);
}

export function utilization(cash: bigint, borrows: bigint, reserves: bigint): bigint {
  if (borrows === 0n) return 0n;
  const denom = cash + borrows - reserves;
  return denom <= 0n ? WAD : (borrows * WAD) / denom;
}

/** BaseJumpRateModelV2.getBorrowRate, per second, 1e18 mantissa. */
export function borrowRate(ctx: TxContext, g: number, cash: bigint, borrows: bigint, reserves: bigint): bigint {
  const c = reserveConfig(ctx, g);
  const u = utilization(cash, borrows, reserves);
  if (u <= c.kink) return (u * c.multiplierPerSecond) / WAD + c.baseRatePerSecond;
  const normal = (c.kink * c.multiplierPerSecond) / WAD + c.baseRatePerSecond;
  return ((u - c.kink) * c.jumpMultiplierPerSecond) / WAD + normal;
}

/** BaseJumpRateModelV2.getSupplyRate: U·borrowRate·(1 − reserveFactor). */
export function supplyRate(ctx: TxContext, g: number, cash: bigint, borrows: bigint, reserves: bigint): bigint {
  const c = reserveConfig(ctx, g);
  const u = utilization(cash, borrows, reserves);
  const rateToPool = (borrowRate(ctx, g, cash, borrows, reserves) * (WAD - c.reserveFactor)) / WAD;
  return (u * rateToPool) / WAD;
}

/** CToken.accrueInterest, once per reserve per block timestamp. */
export function accrue(view: StateView, ctx: TxContext, g: number): void {
  const L = ctx.layout;
  const kTime = keys.reserve(L, g, R.accrualTime);
  const last = view.read(kTime);
  const now = BigInt(ctx.timestamp);
  if (last >= now) return;
  const cash = view.read(keys.reserve(L, g, R.cash));
  const kBorrows = keys.reserve(L, g, R.totalBorrows);
  const kReserves = keys.reserve(L, g, R.totalReserves);
  const kIndex = keys.reserve(L, g, R.borrowIndex);
  const borrows = view.read(kBorrows);
  const reserves = view.read(kReserves);
  const index = view.read(kIndex);
  const factor = borrowRate(ctx, g, cash, borrows, reserves) * (now - last);
  const interest = (factor * borrows) / WAD;
  view.write(kBorrows, checked(borrows + interest));
  view.write(kReserves, checked(reserves + (interest * reserveConfig(ctx, g).reserveFactor) / WAD));
  view.write(kIndex, checked(index + (factor * index) / WAD));
  view.write(kTime, now);
}

export function exchangeRate(view: StateView, ctx: TxContext, g: number): bigint {
  const L = ctx.layout;
  const shares = view.read(keys.reserve(L, g, R.totalShares));
  if (shares === 0n) return WAD;
  const cash = view.read(keys.reserve(L, g, R.cash));
  const borrows = view.read(keys.reserve(L, g, R.totalBorrows));
  const reserves = view.read(keys.reserve(L, g, R.totalReserves));
  return ((cash + borrows - reserves) * WAD) / shares;
}

export function debtOf(view: StateView, ctx: TxContext, account: number, g: number): bigint {
  const L = ctx.layout;
  const principal = view.read(keys.position(L, account, g, P.principal));
  if (principal === 0n) return 0n;
  const snapshot = view.read(keys.position(L, account, g, P.interestIndex));
  return (principal * view.read(keys.reserve(L, g, R.borrowIndex))) / snapshot;
}

function setDebt(view: StateView, ctx: TxContext, account: number, g: number, debt: bigint): void {
  const L = ctx.layout;
  view.write(keys.position(L, account, g, P.principal), checked(debt));
  view.write(keys.position(L, account, g, P.interestIndex), view.read(keys.reserve(L, g, R.borrowIndex)));
}

/** Aave v3 health factor, 1e18 mantissa; the maximum int64 when there is no debt. */
export function healthFactor(view: StateView, ctx: TxContext, account: number, market: number): bigint {
  const L = ctx.layout;
  const base = L.reserveBase[market]!;
  const list = ctx.world.markets[market]!.reserves;
  let collateral = 0n;
  let debt = 0n;
  for (let r = 0; r < list.length; r++) {
    const g = base + r;
    const shares = view.read(keys.position(L, account, g, P.shares));
    const principal = view.read(keys.position(L, account, g, P.principal));
    if (shares === 0n && principal === 0n) continue;
    const price = view.read(keys.price(L, list[r]!.token));
    if (shares !== 0n) {
      const underlying = (shares * exchangeRate(view, ctx, g)) / WAD;
      collateral += (underlying * price * BigInt(list[r]!.liquidationThresholdBps)) / BPS;
    }
    if (principal !== 0n) debt += debtOf(view, ctx, account, g) * price;
  }
  if (debt === 0n) return (1n << 63n) - 1n;
  return (collateral * WAD) / debt;
}

function requireHealthy(view: StateView, ctx: TxContext, account: number, market: number): void {
  if (healthFactor(view, ctx, account, market) < WAD) revert('HEALTH_FACTOR_TOO_LOW');
}

function addTo(view: StateView, key: number, delta: bigint): void {
  view.write(key, checked(view.read(key) + delta));
}

export function deposit(view: StateView, ctx: TxContext, from: number, g: number, amount: bigint): void {
  if (amount === 0n) revert('ZERO_AMOUNT');
  accrue(view, ctx, g);
  const L = ctx.layout;
  const shares = (amount * WAD) / exchangeRate(view, ctx, g);
  if (shares === 0n) revert('ZERO_AMOUNT');
  debit(view, ctx, from, reserveConfig(ctx, g).token, amount);
  addTo(view, keys.reserve(L, g, R.cash), amount);
  addTo(view, keys.reserve(L, g, R.totalShares), shares);
  addTo(view, keys.position(L, from, g, P.shares), shares);
}

export function withdraw(
  view: StateView,
  ctx: TxContext,
  from: number,
  market: number,
  g: number,
  amount: bigint,
): void {
  if (amount === 0n) revert('ZERO_AMOUNT');
  accrue(view, ctx, g);
  const L = ctx.layout;
  const rate = exchangeRate(view, ctx, g);
  // Round the burned shares up so rounding never favours the withdrawer.
  const shares = (amount * WAD + rate - 1n) / rate;
  const kShares = keys.position(L, from, g, P.shares);
  const held = view.read(kShares);
  if (shares > held) revert('INSUFFICIENT_SHARES');
  const kCash = keys.reserve(L, g, R.cash);
  const cash = view.read(kCash);
  if (amount > cash) revert('INSUFFICIENT_CASH');
  view.write(kShares, held - shares);
  const kTotal = keys.reserve(L, g, R.totalShares);
  view.write(kTotal, view.read(kTotal) - shares);
  view.write(kCash, cash - amount);
  credit(view, ctx, from, reserveConfig(ctx, g).token, amount);
  requireHealthy(view, ctx, from, market);
}

export function borrow(view: StateView, ctx: TxContext, from: number, market: number, g: number, amount: bigint): void {
  if (amount === 0n) revert('ZERO_AMOUNT');
  accrue(view, ctx, g);
  const L = ctx.layout;
  const kCash = keys.reserve(L, g, R.cash);
  const cash = view.read(kCash);
  if (amount > cash) revert('INSUFFICIENT_CASH');
  setDebt(view, ctx, from, g, debtOf(view, ctx, from, g) + amount);
  addTo(view, keys.reserve(L, g, R.totalBorrows), amount);
  view.write(kCash, cash - amount);
  credit(view, ctx, from, reserveConfig(ctx, g).token, amount);
  requireHealthy(view, ctx, from, market);
}

/** Repays min(amount, debt): an amount above the debt repays all of it. */
export function repay(view: StateView, ctx: TxContext, from: number, g: number, amount: bigint): bigint {
  if (amount === 0n) revert('ZERO_AMOUNT');
  accrue(view, ctx, g);
  const L = ctx.layout;
  const debt = debtOf(view, ctx, from, g);
  if (debt === 0n) revert('NO_DEBT');
  const paid = min(amount, debt);
  debit(view, ctx, from, reserveConfig(ctx, g).token, paid);
  setDebt(view, ctx, from, g, debt - paid);
  const kBorrows = keys.reserve(L, g, R.totalBorrows);
  const borrows = view.read(kBorrows);
  // Compound guards the same rounding: the sum of rounded debts can exceed the total.
  view.write(kBorrows, borrows > paid ? borrows - paid : 0n);
  addTo(view, keys.reserve(L, g, R.cash), paid);
  return paid;
}

export function liquidate(
  view: StateView,
  ctx: TxContext,
  liquidator: number,
  borrower: number,
  market: number,
  debtReserve: number,
  collateralReserve: number,
  amount: bigint,
): void {
  if (amount === 0n) revert('ZERO_AMOUNT');
  accrue(view, ctx, debtReserve);
  if (collateralReserve !== debtReserve) accrue(view, ctx, collateralReserve);
  if (healthFactor(view, ctx, borrower, market) >= WAD) revert('HEALTH_FACTOR_OK');
  const L = ctx.layout;
  const debt = debtOf(view, ctx, borrower, debtReserve);
  if (debt === 0n) revert('NO_DEBT');
  const kShares = keys.position(L, borrower, collateralReserve, P.shares);
  const held = view.read(kShares);
  if (held === 0n) revert('NO_COLLATERAL');
  const debtCfg = reserveConfig(ctx, debtReserve);
  const collCfg = reserveConfig(ctx, collateralReserve);
  const debtPrice = view.read(keys.price(L, debtCfg.token));
  const collPrice = view.read(keys.price(L, collCfg.token));
  const bonus = BigInt(collCfg.liquidationBonusBps);
  let repaid = min(amount, (debt * CLOSE_FACTOR_BPS) / BPS);
  if (repaid === 0n) revert('ZERO_AMOUNT');
  const rate = exchangeRate(view, ctx, collateralReserve);
  const available = (held * rate) / WAD;
  let seized = (repaid * debtPrice * bonus) / (collPrice * BPS);
  if (seized > available) {
    seized = available;
    repaid = (available * collPrice * BPS) / (debtPrice * bonus);
    if (repaid === 0n) revert('ZERO_AMOUNT');
  }
  let seizedShares = (seized * WAD) / rate;
  if (seizedShares > held) seizedShares = held;
  debit(view, ctx, liquidator, debtCfg.token, repaid);
  setDebt(view, ctx, borrower, debtReserve, debt - repaid);
  const kBorrows = keys.reserve(L, debtReserve, R.totalBorrows);
  const borrows = view.read(kBorrows);
  view.write(kBorrows, borrows > repaid ? borrows - repaid : 0n);
  addTo(view, keys.reserve(L, debtReserve, R.cash), repaid);
  view.write(kShares, held - seizedShares);
  addTo(view, keys.position(L, liquidator, collateralReserve, P.shares), seizedShares);
}

import { describe, expect, it } from 'vitest';
import { keys, layoutOf, POSITION_FIELDS, RESERVE_FIELDS, WAD } from '../src/engine/index.ts';
import { oneBlock, runFile, type SeqRun } from './helpers.ts';

const USDC = 1_000_000n; // 6 decimals
const GENESIS = {
  accounts: { alice: { WETH: String(100n * USDC) }, bob: { USDC: String(100_000n * USDC) } },
  prices: { USDC: '100000000', WETH: '200000000000' },
  markets: {
    main: {
      reserves: {
        USDC: { deposits: { treasury: String(1_000_000n * USDC) } },
        WETH: { deposits: { treasury: String(1_000n * USDC) } },
      },
    },
  },
};

function reserve(r: SeqRun, token: string, field: keyof typeof RESERVE_FIELDS): bigint {
  const w = r.workload.world;
  const g = w.markets[0]!.reserves.findIndex((x) => w.tokens[x.token] === token);
  return r.values[keys.reserve(layoutOf(w), g, RESERVE_FIELDS[field])]!;
}
function position(r: SeqRun, account: string, token: string, field: keyof typeof POSITION_FIELDS): bigint {
  const w = r.workload.world;
  const g = w.markets[0]!.reserves.findIndex((x) => w.tokens[x.token] === token);
  return r.values[keys.position(layoutOf(w), w.accounts.indexOf(account), g, POSITION_FIELDS[field])]!;
}
const deposit = (from: string, token: string, amount: bigint) => ({
  type: 'deposit',
  from,
  market: 'main',
  token,
  amount: String(amount),
});
const borrow = (from: string, token: string, amount: bigint) => ({
  type: 'borrow',
  from,
  market: 'main',
  token,
  amount: String(amount),
});

describe('lending health factor (Aave v3 GenericLogic)', () => {
  // 10 WETH at $2000 with an 80% threshold carries exactly $16,000 of debt.
  it('allows borrowing up to HF = 1 and reverts beyond it', () => {
    const atLimit = runFile(
      oneBlock(GENESIS, [deposit('alice', 'WETH', 10n * USDC), borrow('alice', 'USDC', 16_000n * USDC)]),
    );
    expect(atLimit.receipts[0]).toEqual([{ status: 'ok' }, { status: 'ok' }]);
    expect(atLimit.balance('alice', 'USDC')).toBe(16_000n * USDC);
    const over = runFile(
      oneBlock(GENESIS, [deposit('alice', 'WETH', 10n * USDC), borrow('alice', 'USDC', 16_000n * USDC + 1n)]),
    );
    expect(over.receipts[0]![1]).toEqual({ status: 'reverted', reason: 'HEALTH_FACTOR_TOO_LOW' });
    expect(over.balance('alice', 'USDC')).toBe(0n);
  });

  it('refuses a withdrawal that would take HF below 1', () => {
    const r = runFile(
      oneBlock(GENESIS, [
        deposit('alice', 'WETH', 10n * USDC),
        borrow('alice', 'USDC', 8_000n * USDC),
        { type: 'withdraw', from: 'alice', market: 'main', token: 'WETH', amount: String(5n * USDC + 1n) },
        { type: 'withdraw', from: 'alice', market: 'main', token: 'WETH', amount: String(5n * USDC) },
      ]),
    );
    expect(r.receipts[0]!.slice(2)).toEqual([
      { status: 'reverted', reason: 'HEALTH_FACTOR_TOO_LOW' },
      { status: 'ok' },
    ]);
  });
});

describe('lending interest (compound-protocol accrueInterest, BaseJumpRateModelV2)', () => {
  it('accrues once per block on first touch with the jump-rate formula', () => {
    const file = {
      genesis: GENESIS,
      blocks: [
        { txs: [deposit('alice', 'WETH', 10n * USDC), borrow('alice', 'USDC', 8_000n * USDC)] },
        {
          txs: [
            { type: 'repay', from: 'alice', market: 'main', token: 'USDC', amount: '1' },
            { type: 'repay', from: 'alice', market: 'main', token: 'USDC', amount: '1' },
          ],
        },
      ],
    };
    const before = runFile({ ...file, blocks: file.blocks.slice(0, 1) });
    const after = runFile(file);
    const cash = reserve(before, 'USDC', 'cash');
    const borrows = reserve(before, 'USDC', 'totalBorrows');
    const index = reserve(before, 'USDC', 'borrowIndex');
    expect(cash).toBe(1_000_000n * USDC - 8_000n * USDC);
    // Per-second rates from yearly bps: base 2%, multiplier 10%, kink 80%.
    const base = (200n * WAD) / 10000n / 31_536_000n;
    const mult = (1000n * WAD) / 10000n / 31_536_000n;
    const util = (borrows * WAD) / (cash + borrows);
    expect(util).toBe(8n * 10n ** 15n); // 0.8%, below the kink
    const rate = (util * mult) / WAD + base;
    const factor = rate * 12n; // one 12-second block
    const interest = (factor * borrows) / WAD;
    expect(interest).toBe(63n); // 7,914,764,064 · 8e9 / 1e18 = 63.3…
    // The state summary reports the same rate per year, and the supply rate U·rate·(1 − 10%).
    const usdc = before.summary.markets.main!.USDC!;
    expect(usdc.borrowRatePerYear).toBe(String(rate * 31_536_000n));
    expect(usdc.supplyRatePerYear).toBe(String(((util * ((rate * (WAD - WAD / 10n)) / WAD)) / WAD) * 31_536_000n));
    // Two repays of 1 in the block: interest accrues once (the second sees accrualTime = now).
    expect(reserve(after, 'USDC', 'totalBorrows')).toBe(borrows + interest - 2n);
    expect(reserve(after, 'USDC', 'totalReserves')).toBe((interest * (WAD / 10n)) / WAD);
    expect(reserve(after, 'USDC', 'borrowIndex')).toBe(index + (factor * index) / WAD);
    const debt =
      (position(after, 'alice', 'USDC', 'principal') * reserve(after, 'USDC', 'borrowIndex')) /
      position(after, 'alice', 'USDC', 'interestIndex');
    expect(debt).toBe(8_000n * USDC + 63n - 2n);
  });
});

describe('liquidation (Aave v3 LiquidationLogic)', () => {
  const setup = [deposit('alice', 'WETH', 10n * USDC), borrow('alice', 'USDC', 15_000n * USDC)];
  const liquidate = {
    type: 'liquidate',
    from: 'bob',
    borrower: 'alice',
    market: 'main',
    debtToken: 'USDC',
    collateralToken: 'WETH',
    amount: String(10_000n * USDC),
  };

  it('is refused while HF ≥ 1', () => {
    const r = runFile(oneBlock(GENESIS, [...setup, liquidate]));
    expect(r.receipts[0]![2]).toEqual({ status: 'reverted', reason: 'HEALTH_FACTOR_OK' });
  });

  it('below HF 1 repays at most 50% and seizes collateral worth the debt × bonus', () => {
    // WETH to $1800: collateral 10·1800·0.8 = $14,400 < $15,000 debt.
    const r = runFile(
      oneBlock(GENESIS, [...setup, { type: 'oracle', token: 'WETH', price: '180000000000' }, liquidate]),
    );
    expect(r.receipts[0]![3]).toEqual({ status: 'ok' });
    const repaid = 7_500n * USDC; // close factor: half of 15,000
    const seized = (repaid * 100_000_000n * 10500n) / (180_000_000_000n * 10000n); // 4.375 WETH
    expect(seized).toBe(4_375_000n);
    expect(r.balance('bob', 'USDC')).toBe(100_000n * USDC - repaid);
    expect(position(r, 'bob', 'WETH', 'shares')).toBe(seized); // exchange rate is exactly 1 here
    expect(position(r, 'alice', 'WETH', 'shares')).toBe(10n * USDC - seized);
    expect(position(r, 'alice', 'USDC', 'principal')).toBe(15_000n * USDC - repaid);
  });
});

import { describe, expect, it } from 'vitest';
import { getAmountOut, sqrt, MINIMUM_LIQUIDITY } from '../src/engine/index.ts';
import { oneBlock, runFile } from './helpers.ts';

const POOLS = {
  'USDC-WETH': { token0: 'USDC', token1: 'WETH', reserve0: '500000000', reserve1: '250000' },
  'WETH-DAI': { token0: 'WETH', token1: 'DAI', reserve0: '250000', reserve1: '500000000' },
};
const GENESIS = { accounts: { alice: { USDC: '10000000', WETH: '1000', DAI: '0' } }, pools: POOLS };

describe('token transfer', () => {
  it('moves the amount and reverts above the balance', () => {
    const r = runFile(
      oneBlock(GENESIS, [
        { type: 'transfer', from: 'alice', to: 'bob', token: 'USDC', amount: '5' },
        { type: 'transfer', from: 'bob', to: 'carol', token: 'USDC', amount: '6' },
      ]),
    );
    expect(r.receipts[0]).toEqual([{ status: 'ok' }, { status: 'reverted', reason: 'INSUFFICIENT_BALANCE' }]);
    expect(r.balance('alice', 'USDC')).toBe(9999995n);
    expect(r.balance('bob', 'USDC')).toBe(5n);
    expect(r.balance('carol', 'USDC')).toBe(0n);
  });
});

describe('Uniswap v2 swap (UniswapV2Library.getAmountOut)', () => {
  it('matches the canonical 997/1000 formula on worked numbers', () => {
    // 1000·997·250000 / (500000·1000 + 1000·997) = 249,250,000,000 / 500,997,000 = 497.5… → 497
    expect(getAmountOut(1000n, 500000n, 250000n, 30)).toBe(497n);
    // feeBps = 30 is exactly v2's form for any input
    for (const [a, x, y] of [
      [1n, 10n, 10n],
      [123456n, 999999n, 31337n],
      [10n ** 12n, 10n ** 15n, 10n ** 14n],
    ] as const)
      expect(getAmountOut(a, x, y, 30)).toBe((a * 997n * y) / (x * 1000n + a * 997n));
  });

  it('swaps against the pool and moves the reserves', () => {
    const r = runFile(
      oneBlock(GENESIS, [
        { type: 'swap', from: 'alice', pool: 'USDC-WETH', tokenIn: 'USDC', amountIn: '1000000', minAmountOut: '1' },
      ]),
    );
    const out = (1000000n * 9970n * 250000n) / (500000000n * 10000n + 1000000n * 9970n);
    expect(out).toBe(497n);
    expect(r.receipts[0]![0]).toEqual({ status: 'ok' });
    expect(r.balance('alice', 'WETH')).toBe(1000n + out);
    expect(r.summary.pools['USDC-WETH']).toMatchObject({ reserve0: '501000000', reserve1: String(250000n - out) });
  });

  it.each([
    ['INSUFFICIENT_BALANCE', { amountIn: '10000001', minAmountOut: '0' }],
    ['INSUFFICIENT_INPUT_AMOUNT', { amountIn: '0', minAmountOut: '0' }],
    ['INSUFFICIENT_OUTPUT_AMOUNT', { amountIn: '1000', minAmountOut: '0' }],
    ['SLIPPAGE', { amountIn: '1000000', minAmountOut: '498' }],
  ])('reverts with %s and changes nothing', (reason, params) => {
    const r = runFile(
      oneBlock(GENESIS, [{ type: 'swap', from: 'alice', pool: 'USDC-WETH', tokenIn: 'USDC', ...params }]),
    );
    expect(r.receipts[0]![0]).toEqual({ status: 'reverted', reason });
    expect(r.balance('alice', 'USDC')).toBe(10000000n);
    expect(r.summary.pools['USDC-WETH']).toMatchObject({ reserve0: '500000000', reserve1: '250000' });
  });

  it('routes across pools all or nothing', () => {
    const route = (minAmountOut: bigint) =>
      runFile(
        oneBlock(GENESIS, [
          {
            type: 'swapRoute',
            from: 'alice',
            pools: ['USDC-WETH', 'WETH-DAI'],
            tokenIn: 'USDC',
            amountIn: '1000000',
            minAmountOut: String(minAmountOut),
          },
        ]),
      );
    const ok = route(1n);
    const mid = getAmountOut(1000000n, 500000000n, 250000n, 30);
    const end = getAmountOut(mid, 250000n, 500000000n, 30);
    expect(ok.balance('alice', 'DAI')).toBe(end);
    expect(ok.balance('alice', 'WETH')).toBe(1000n);
    const failed = route(end + 1n);
    expect(failed.receipts[0]![0]).toEqual({ status: 'reverted', reason: 'SLIPPAGE' });
    expect(failed.summary.pools).toEqual(runFile(oneBlock(GENESIS, [])).summary.pools);
    expect(failed.balance('alice', 'USDC')).toBe(10000000n);
  });
});

describe('Uniswap v2 liquidity (UniswapV2Pair.mint/burn)', () => {
  const genesis = {
    accounts: { lp: { A: '4000000', B: '9000000' } },
    pools: { 'A-B': { token0: 'A', token1: 'B', reserve0: '0', reserve1: '0' } },
  };
  it('first deposit mints √(a0·a1) − MINIMUM_LIQUIDITY, later ones min(a·supply/r)', () => {
    const r = runFile(
      oneBlock(genesis, [
        { type: 'addLiquidity', from: 'lp', pool: 'A-B', amount0: '1000000', amount1: '4000000' },
        { type: 'addLiquidity', from: 'lp', pool: 'A-B', amount0: '500000', amount1: '5000000' },
      ]),
    );
    const first = sqrt(1000000n * 4000000n) - MINIMUM_LIQUIDITY; // 2,000,000 − 1,000
    expect(first).toBe(1999000n);
    // Router matches the ratio: 500000 A needs 2,000,000 B; liquidity = 500000·2,000,000/1,000,000
    const second = (500000n * 2000000n) / 1000000n;
    expect(r.balance('lp', 'LP:A-B')).toBe(first + second);
    expect(r.summary.pools['A-B']).toMatchObject({
      reserve0: '1500000',
      reserve1: '6000000',
      lpSupply: String(2000000n + second),
    });
    expect(r.balance('lp', 'B')).toBe(9000000n - 6000000n);
  });

  it('burn returns liquidity·reserve/supply of each token', () => {
    const r = runFile(
      oneBlock(genesis, [
        { type: 'addLiquidity', from: 'lp', pool: 'A-B', amount0: '1000000', amount1: '4000000' },
        { type: 'removeLiquidity', from: 'lp', pool: 'A-B', liquidity: '999000' },
      ]),
    );
    expect(r.balance('lp', 'A')).toBe(4000000n - 1000000n + (999000n * 1000000n) / 2000000n);
    expect(r.balance('lp', 'B')).toBe(9000000n - 4000000n + (999000n * 4000000n) / 2000000n);
    expect(r.balance('lp', 'LP:A-B')).toBe(1000000n);
  });

  it('reverts a burn above the LP balance', () => {
    const r = runFile(oneBlock(genesis, [{ type: 'removeLiquidity', from: 'lp', pool: 'A-B', liquidity: '5' }]));
    expect(r.receipts[0]![0]).toEqual({ status: 'reverted', reason: 'INSUFFICIENT_BALANCE' });
  });
});

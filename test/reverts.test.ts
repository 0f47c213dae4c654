/**
 * Every revert reason, each triggered for real and each leaving the state untouched. The table
 * must cover REVERT_REASONS exactly, so a new reason cannot be added without a test.
 */
import { describe, expect, it } from 'vitest';
import {
  applyTx,
  digestValues,
  layoutOf,
  parseBlockFile,
  REVERT_REASONS,
  Revert,
  keys,
  FARM_FIELDS,
  type RevertReason,
  type StateView,
  type Tx,
} from '../src/engine/index.ts';
import { runFile } from './helpers.ts';

const GENESIS = {
  accounts: {
    alice: { USDC: '10000000', WETH: '1000000', LP: '0' },
    bob: { USDC: '100' },
    whale: { USDC: '9223372036854775000' },
  },
  pools: {
    'USDC-WETH': { token0: 'USDC', token1: 'WETH', reserve0: '500000000', reserve1: '250000' },
    EMPTY: { token0: 'USDC', token1: 'DAI', reserve0: '0', reserve1: '0' },
  },
  prices: { USDC: '100000000', WETH: '200000000000' },
  markets: { main: { reserves: { USDC: { deposits: { treasury: '1000000' } }, WETH: {} } } },
  farms: { F: { stakingToken: 'USDC', rewardsToken: 'SNX', rewardRate: '1', duration: 100 } },
};

const m = (type: string, token: string, amount: string, from = 'alice') => ({
  type,
  from,
  market: 'main',
  token,
  amount,
});

/** Setup transactions (must succeed), then the one that must revert with the reason. */
const CASES: [RevertReason, object[], object][] = [
  ['INSUFFICIENT_BALANCE', [], { type: 'transfer', from: 'bob', to: 'alice', token: 'USDC', amount: '101' }],
  [
    'INSUFFICIENT_INPUT_AMOUNT',
    [],
    { type: 'swap', from: 'alice', pool: 'USDC-WETH', tokenIn: 'USDC', amountIn: '0', minAmountOut: '0' },
  ],
  [
    'INSUFFICIENT_OUTPUT_AMOUNT',
    [],
    { type: 'swap', from: 'alice', pool: 'USDC-WETH', tokenIn: 'USDC', amountIn: '1', minAmountOut: '0' },
  ],
  [
    'INSUFFICIENT_LIQUIDITY',
    [],
    { type: 'swap', from: 'alice', pool: 'EMPTY', tokenIn: 'USDC', amountIn: '10', minAmountOut: '0' },
  ],
  [
    'SLIPPAGE',
    [],
    { type: 'swap', from: 'alice', pool: 'USDC-WETH', tokenIn: 'USDC', amountIn: '1000000', minAmountOut: '1000000' },
  ],
  [
    'INSUFFICIENT_LIQUIDITY_MINTED',
    [],
    { type: 'addLiquidity', from: 'alice', pool: 'EMPTY', amount0: '10', amount1: '0' },
  ],
  ['INSUFFICIENT_LIQUIDITY_BURNED', [], { type: 'removeLiquidity', from: 'alice', pool: 'USDC-WETH', liquidity: '0' }],
  ['ZERO_AMOUNT', [], m('deposit', 'USDC', '0')],
  ['INSUFFICIENT_SHARES', [], m('withdraw', 'USDC', '1')],
  ['INSUFFICIENT_CASH', [m('deposit', 'WETH', '1000')], m('borrow', 'USDC', '1000001')],
  ['HEALTH_FACTOR_TOO_LOW', [], m('borrow', 'USDC', '1')],
  [
    'HEALTH_FACTOR_OK',
    [m('deposit', 'WETH', '1000'), m('borrow', 'USDC', '1000')],
    {
      type: 'liquidate',
      from: 'bob',
      borrower: 'alice',
      market: 'main',
      debtToken: 'USDC',
      collateralToken: 'WETH',
      amount: '10',
    },
  ],
  ['NO_DEBT', [], m('repay', 'USDC', '5')],
  [
    'NO_COLLATERAL',
    [m('deposit', 'WETH', '1000'), m('borrow', 'USDC', '1000'), { type: 'oracle', token: 'WETH', price: '1' }],
    {
      type: 'liquidate',
      from: 'bob',
      borrower: 'alice',
      market: 'main',
      debtToken: 'USDC',
      collateralToken: 'USDC',
      amount: '10',
    },
  ],
  ['INSUFFICIENT_STAKE', [], { type: 'unstake', from: 'alice', farm: 'F', amount: '1' }],
  ['OVERFLOW', [], { type: 'transfer', from: 'alice', to: 'whale', token: 'USDC', amount: '10000' }],
];

/** Reasons file validation rules out before anything runs: triggered through the protocol code. */
const DIRECT: RevertReason[] = ['INVALID_PATH', 'INVALID_PRICE', 'INSUFFICIENT_REWARD_BALANCE'];

describe('revert reasons', () => {
  it('cover REVERT_REASONS exactly', () => {
    expect([...CASES.map((c) => c[0]), ...DIRECT].sort()).toEqual([...REVERT_REASONS].sort());
  });

  it.each(CASES)('%s: reverts and changes nothing', (reason, setup, tx) => {
    const before = runFile({ genesis: GENESIS, blocks: [{ txs: setup }] });
    expect(before.receipts[0]!.every((r) => r.status === 'ok')).toBe(true);
    const after = runFile({ genesis: GENESIS, blocks: [{ txs: [...setup, tx] }] });
    expect(after.receipts[0]!.at(-1)).toEqual({ status: 'reverted', reason });
    expect(after.digest).toBe(before.digest);
  });

  function direct(
    tx: Tx,
    tweak?: (values: BigInt64Array, w: ReturnType<typeof parseBlockFile>) => void,
  ): RevertReason | 'ok' {
    const w = parseBlockFile({ genesis: GENESIS, blocks: [{ txs: [] }] });
    tweak?.(w.genesis.values, w);
    const values = w.genesis.values;
    const before = digestValues(values);
    const view: StateView = { read: (k) => values[k]!, write: () => undefined };
    try {
      applyTx(view, { world: w.world, layout: layoutOf(w.world), timestamp: w.world.genesisTime + 50 }, tx);
      return 'ok';
    } catch (e) {
      expect(digestValues(values)).toBe(before);
      expect(e).toBeInstanceOf(Revert);
      return (e as Revert).reason;
    }
  }

  it('INVALID_PATH: a route hop whose pool does not trade the token', () => {
    const w = parseBlockFile({ genesis: GENESIS, blocks: [{ txs: [] }] });
    const usdc = w.world.tokens.indexOf('USDC');
    const alice = w.world.accounts.indexOf('alice');
    // USDC → WETH through USDC-WETH, then EMPTY (USDC/DAI) is handed WETH: invalid.
    expect(
      direct({ kind: 'swapRoute', from: alice, pools: [0, 1], tokenIn: usdc, amountIn: 1000000n, minAmountOut: 0n }),
    ).toBe('INVALID_PATH');
  });

  it('INVALID_PRICE: an oracle update to zero', () => {
    expect(direct({ kind: 'oracle', from: 0, token: 0, price: 0n })).toBe('INVALID_PRICE');
  });

  it('INSUFFICIENT_REWARD_BALANCE: a farm that cannot pay what was earned', () => {
    const w = parseBlockFile({ genesis: GENESIS, blocks: [{ txs: [] }] });
    const alice = w.world.accounts.indexOf('alice');
    const reason = direct({ kind: 'claim', from: alice, farm: 0 }, (values, wl) => {
      const L = layoutOf(wl.world);
      values[keys.stake(L, alice, 0, 2)] = 5n; // rewards owed to alice
      values[keys.farm(L, 0, FARM_FIELDS.rewardBalance)] = 4n; // less than that in the farm
    });
    expect(reason).toBe('INSUFFICIENT_REWARD_BALANCE');
  });
});

/**
 * Seeded workload generator: scenario → genesis + blocks.
 *
 * Contention model (documented in the README): every pick of an account, pool, lending market
 * or farm comes from a small hot set with probability `contention`, else uniformly from the
 * whole set. Hot sets: 4 accounts, pool 0, market 0, farm 0, and oracle updates on the tokens of
 * market 0. So contention 0 spreads load over 10,000 accounts, 32 pools, 8 markets and 8 farms,
 * and contention 1 sends everything at one pool, one market and a handful of accounts.
 *
 * The generator does not simulate state; it tracks just enough (who deposited, borrowed, staked,
 * the oracle prices it set) to emit plausible transactions. Some still revert, as on chain.
 */
import { MAX_AMOUNT } from '../state/values.ts';
import type { Tx } from '../protocols/tx.ts';
import { cloneStore, type BufferFactory } from '../state/store.ts';
import { materialize, readGenesis, Registry, type GenesisSpec } from './genesis.ts';
import { Prng } from './prng.ts';
import { MIX_GROUPS, type Scenario } from './scenario.ts';
import { Checker } from './validate.ts';
import type { Workload, WorkloadStream } from './workload.ts';

export const GENERATED = {
  accounts: 10_000,
  hotAccounts: 4,
  pools: 32,
  markets: 8,
  farms: 8,
  tokens: ['USDC', 'WETH', 'DAI', 'WBTC', 'SNX'],
  /** 8-decimal USD prices. */
  prices: [100_000_000n, 300_000_000_000n, 100_000_000n, 6_000_000_000_000n, 300_000_000n],
  marketTokens: [0, 1, 2],
  /** Farms stake USDC, DAI or WETH: tokens whose unit amounts keep the 1e18 accumulator in int64. */
  farmStaking: [0, 2, 1, 0],
  farmRewards: 4,
};

const UNIT = 1_000_000n; // one token, 6 decimals, for every token (keeps the arithmetic readable)

export function generatedGenesis(): GenesisSpec {
  const G = GENERATED;
  const accounts: Record<string, Record<string, string>> = {};
  for (let a = 0; a < G.accounts; a++) {
    const bal: Record<string, string> = {};
    G.tokens.forEach((t, i) => {
      // About $1M of each token per account.
      bal[t] = ((1_000_000n * UNIT * 100_000_000n) / G.prices[i]!).toString();
    });
    accounts[`u${a}`] = bal;
  }
  const pools: GenesisSpec['pools'] = {};
  const pairs: [number, number][] = [];
  for (let i = 0; i < G.tokens.length; i++) for (let j = i + 1; j < G.tokens.length; j++) pairs.push([i, j]);
  for (let p = 0; p < G.pools; p++) {
    const [i, j] = pairs[p % pairs.length]!;
    const usd = 50_000_000n * UNIT * 100_000_000n; // $50M a side
    pools[
      p < pairs.length
        ? `${G.tokens[i]}-${G.tokens[j]}`
        : `${G.tokens[i]}-${G.tokens[j]}#${Math.floor(p / pairs.length) + 1}`
    ] = {
      token0: G.tokens[i]!,
      token1: G.tokens[j]!,
      reserve0: (usd / G.prices[i]!).toString(),
      reserve1: (usd / G.prices[j]!).toString(),
    };
  }
  const markets: NonNullable<GenesisSpec['markets']> = {};
  for (let m = 0; m < G.markets; m++) {
    const reserves: Record<string, object> = {};
    for (const t of G.marketTokens) {
      reserves[G.tokens[t]!] = {
        deposits: { treasury: ((20_000_000n * UNIT * 100_000_000n) / G.prices[t]!).toString() },
      };
    }
    markets[`m${m}`] = { reserves: reserves as Record<string, never> };
  }
  const farms: NonNullable<GenesisSpec['farms']> = {};
  for (let f = 0; f < G.farms; f++) {
    farms[`${G.tokens[G.farmStaking[f % G.farmStaking.length]!]}-farm${f}`] = {
      stakingToken: G.tokens[G.farmStaking[f % G.farmStaking.length]!]!,
      rewardsToken: G.tokens[G.farmRewards]!,
      rewardRate: '100',
      duration: 30 * 86_400,
    };
  }
  const prices: Record<string, string> = {};
  G.tokens.forEach((t, i) => (prices[t] = G.prices[i]!.toString()));
  return { accounts, pools, prices, markets, farms };
}

type Built = { world: Workload['world']; genesis: Workload['genesis']; spec: GenesisSpec };
let cached: Built | null = null;

/**
 * The generated world does not depend on the scenario, so it is built once per process (about
 * 100 ms for 10,000 accounts) and each workload gets a fresh copy of its genesis state.
 */
function buildGenesis(alloc?: BufferFactory): Built {
  if (!cached) {
    const spec = generatedGenesis();
    const check = new Checker();
    const seed = readGenesis(spec, new Registry(), check);
    check.throwIfAny();
    const { world, state } = materialize(seed!);
    cached = { world, genesis: state, spec };
  }
  return { world: cached.world, genesis: cloneStore(cached.genesis, alloc), spec: cached.spec };
}

class Picker {
  constructor(
    private readonly rng: Prng,
    private readonly contention: number,
  ) {}

  /** With probability `contention` from [0, hot), else uniform in [0, n). */
  pick(n: number, hot = 1): number {
    return this.rng.next() < this.contention ? this.rng.int(Math.min(hot, n)) : this.rng.int(n);
  }
}

export function generateWorkload(scenario: Scenario, alloc?: BufferFactory): Workload {
  const s = streamWorkload(scenario, alloc);
  return { world: s.world, genesis: s.genesis, source: s.source, blocks: [...s.blocks] };
}

/**
 * The generated workload with its blocks made one at a time, as they are iterated (once): a
 * run's buffers are filled block by block, so 10,000,000 transactions never live as objects
 * all at once (1.7 GB against 0.5 GB of encoded buffers).
 */
export function streamWorkload(scenario: Scenario, alloc?: BufferFactory): WorkloadStream {
  const { world, genesis, spec } = buildGenesis(alloc);
  const G = GENERATED;
  const rng = new Prng(scenario.seed);
  const pick = new Picker(rng, scenario.contention);
  const weights = MIX_GROUPS.map((g) => scenario.mix[g]);
  // parseScenario refuses this; a caller that built the scenario itself gets the same words
  // rather than a block of oracle updates (the weighted pick's fallback).
  if (!weights.some((w) => w > 0)) throw new Error('mix must give at least one kind a weight above 0');
  const account = (): number => pick.pick(G.accounts, G.hotAccounts);
  const other = (a: number): number => {
    const b = account();
    return b === a ? (a + 1) % G.accounts : b;
  };
  const prices = [...G.prices];
  const deposited = new Set<number>(); // account * markets + market
  const borrowers: [number, number][] = [];
  const staked = new Set<number>();
  const providers = new Set<number>();
  const amount = (token: number, lo: bigint, hi: bigint): bigint =>
    (rng.amount(lo, hi) * 100_000_000n) / G.prices[token]! + 1n;
  const reserveOf = (market: number, r: number): number => market * G.marketTokens.length + r;

  const lending = (): Tx => {
    const from = account();
    const market = pick.pick(G.markets);
    const r = rng.int(G.marketTokens.length);
    const token = G.marketTokens[r]!;
    const key = from * G.markets + market;
    const reserve = reserveOf(market, r);
    if (!deposited.has(key)) {
      deposited.add(key);
      // First touch: supply collateral in USDC (reserve 0) worth $10k–$100k.
      return {
        kind: 'deposit',
        from,
        market,
        reserve: reserveOf(market, 0),
        amount: amount(0, 10_000n * UNIT, 100_000n * UNIT),
      };
    }
    const roll = rng.next();
    if (roll < 0.4) {
      borrowers.push([from, market]);
      return { kind: 'borrow', from, market, reserve, amount: amount(token, 1_000n * UNIT, 8_000n * UNIT) };
    }
    if (roll < 0.6) return { kind: 'repay', from, market, reserve, amount: amount(token, 500n * UNIT, 5_000n * UNIT) };
    if (roll < 0.75)
      return { kind: 'deposit', from, market, reserve, amount: amount(token, 1_000n * UNIT, 20_000n * UNIT) };
    if (roll < 0.9 || borrowers.length === 0)
      return { kind: 'withdraw', from, market, reserve, amount: amount(token, 100n * UNIT, 2_000n * UNIT) };
    const [borrower, bm] = borrowers[rng.int(borrowers.length)]!;
    return {
      kind: 'liquidate',
      from,
      borrower,
      market: bm,
      debtReserve: reserveOf(bm, 1 + rng.int(G.marketTokens.length - 1)),
      collateralReserve: reserveOf(bm, 0),
      amount: amount(1, 100n * UNIT, 5_000n * UNIT),
    };
  };

  const staking = (): Tx => {
    const from = account();
    const farm = pick.pick(G.farms);
    const key = from * G.farms + farm;
    const token = G.farmStaking[farm % G.farmStaking.length]!;
    if (!staked.has(key) || rng.next() < 0.4) {
      staked.add(key);
      return { kind: 'stake', from, farm, amount: amount(token, 1_000n * UNIT, 100_000n * UNIT) };
    }
    return rng.next() < 0.5
      ? { kind: 'claim', from, farm }
      : { kind: 'unstake', from, farm, amount: amount(token, 10n * UNIT, 1_000n * UNIT) };
  };

  const swapIn = (pool: number): { tokenIn: number } => {
    const cfg = world.pools[pool]!;
    return { tokenIn: rng.next() < 0.5 ? cfg.token0 : cfg.token1 };
  };

  const oneTx = (): Tx => {
    switch (MIX_GROUPS[rng.weighted(weights)]!) {
      case 'transfer': {
        const from = account();
        const token = rng.int(G.tokens.length);
        return { kind: 'transfer', from, to: other(from), token, amount: amount(token, 10n * UNIT, 10_000n * UNIT) };
      }
      case 'swap': {
        const pool = pick.pick(G.pools);
        const { tokenIn } = swapIn(pool);
        // One swap in twenty asks for an impossible minimum and reverts with SLIPPAGE.
        const minAmountOut = rng.next() < 0.05 ? MAX_AMOUNT : 1n;
        return {
          kind: 'swap',
          from: account(),
          pool,
          tokenIn,
          amountIn: amount(tokenIn, 100n * UNIT, 50_000n * UNIT),
          minAmountOut,
        };
      }
      case 'route': {
        const first = pick.pick(G.pools);
        const { tokenIn } = swapIn(first);
        const cfg = world.pools[first]!;
        const mid = cfg.token0 === tokenIn ? cfg.token1 : cfg.token0;
        const candidates = world.pools
          .map((_p, i) => i)
          .filter((i) => i !== first && (world.pools[i]!.token0 === mid || world.pools[i]!.token1 === mid));
        const second = candidates[pick.pick(candidates.length)]!;
        return {
          kind: 'swapRoute',
          from: account(),
          pools: [first, second],
          tokenIn,
          amountIn: amount(tokenIn, 100n * UNIT, 20_000n * UNIT),
          minAmountOut: 1n,
        };
      }
      case 'liquidity': {
        const from = account();
        const pool = pick.pick(G.pools);
        if (providers.has(from * G.pools + pool) && rng.next() < 0.4)
          return { kind: 'removeLiquidity', from, pool, liquidity: rng.amount(1_000n, 1_000_000n) };
        providers.add(from * G.pools + pool);
        const cfg = world.pools[pool]!;
        const usd = rng.amount(1_000n * UNIT, 20_000n * UNIT);
        return {
          kind: 'addLiquidity',
          from,
          pool,
          amount0: (usd * 100_000_000n) / G.prices[cfg.token0]! + 1n,
          amount1: (usd * 100_000_000n) / G.prices[cfg.token1]! + 1n,
        };
      }
      case 'lending':
        return lending();
      case 'staking':
        return staking();
      case 'oracle': {
        // A ±5% random walk on a token that market 0 (the hot market) lists.
        const token = G.marketTokens[pick.pick(G.marketTokens.length, G.marketTokens.length)]!;
        const bps = BigInt(9500 + rng.int(1001));
        prices[token] = (prices[token]! * bps) / 10_000n;
        return { kind: 'oracle', from: world.accounts.length - 1, token, price: prices[token]! };
      }
    }
  };

  function* blocks(): Generator<Tx[], void, undefined> {
    for (let b = 0; b < scenario.blocks; b++) {
      const txs: Tx[] = [];
      for (let i = 0; i < scenario.blockSize; i++) txs.push(oneTx());
      yield txs;
    }
  }
  return {
    world,
    genesis,
    blockSizes: Array.from({ length: scenario.blocks }, () => scenario.blockSize),
    blocks: blocks(),
    source: { kind: 'scenario', scenario, genesis: spec },
  };
}

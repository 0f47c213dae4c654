/**
 * The world: every named thing a block can touch (accounts, tokens, AMM pools, lending markets,
 * staking farms) and the dense key layout that maps each piece of state to one integer slot.
 *
 * A World is plain JSON so it can cross a worker boundary; `layoutOf` derives the key offsets.
 * Keeping the layout a pure function of the World means every worker computes the same keys
 * without sharing anything but the World itself.
 */

/** Uniswap v2 pair configuration. `lpToken` indexes `tokens` (LP shares are an ordinary token). */
export interface PoolConfig {
  name: string;
  token0: number;
  token1: number;
  lpToken: number;
  feeBps: number;
}

/** Interest-rate and risk parameters of one reserve (one token) inside a lending market. */
export interface ReserveConfig {
  token: number;
  /** Per-second rates, 1e18 mantissa (compound-protocol BaseJumpRateModelV2, per second). */
  baseRatePerSecond: bigint;
  multiplierPerSecond: bigint;
  jumpMultiplierPerSecond: bigint;
  /** Utilisation kink, 1e18 mantissa. */
  kink: bigint;
  reserveFactor: bigint;
  /** Aave v3: liquidation threshold and bonus in basis points (bonus 10500 = +5%). */
  liquidationThresholdBps: number;
  liquidationBonusBps: number;
}

/** An Aave-style lending market: a set of reserves a user's health factor is computed over. */
export interface MarketConfig {
  name: string;
  reserves: ReserveConfig[];
}

/** A Synthetix StakingRewards contract. */
export interface FarmConfig {
  name: string;
  stakingToken: number;
  rewardsToken: number;
  rewardRate: bigint;
  periodFinish: number;
}

export interface World {
  accounts: string[];
  tokens: string[];
  pools: PoolConfig[];
  markets: MarketConfig[];
  farms: FarmConfig[];
  /** Timestamp of the genesis; block b (0-based) runs at genesisTime + (b + 1) * blockTime. */
  genesisTime: number;
  blockTime: number;
}

/** Slot offsets inside each per-entity record. */
export const POOL_FIELDS = { reserve0: 0, reserve1: 1, lpSupply: 2 } as const;
export const POOL_WIDTH = 3;
export const RESERVE_FIELDS = {
  cash: 0,
  totalBorrows: 1,
  totalReserves: 2,
  totalShares: 3,
  borrowIndex: 4,
  accrualTime: 5,
} as const;
export const RESERVE_WIDTH = 6;
export const POSITION_FIELDS = { shares: 0, principal: 1, interestIndex: 2 } as const;
export const POSITION_WIDTH = 3;
export const FARM_FIELDS = {
  lastUpdateTime: 0,
  rewardPerTokenStored: 1,
  totalSupply: 2,
  rewardBalance: 3,
} as const;
export const FARM_WIDTH = 4;
export const STAKE_FIELDS = { balance: 0, rewardPerTokenPaid: 1, rewards: 2 } as const;
export const STAKE_WIDTH = 3;

/** Where each family of keys starts. Derived, never stored. */
export interface Layout {
  accounts: number;
  tokens: number;
  balances: number;
  pools: number;
  /** Reserve r of market m sits at reserves + reserveBase[m] + r. */
  reserves: number;
  reserveBase: number[];
  reserveCount: number;
  prices: number;
  positions: number;
  farms: number;
  farmCount: number;
  stakes: number;
  size: number;
}

export function layoutOf(world: World): Layout {
  const A = world.accounts.length;
  const T = world.tokens.length;
  const reserveBase: number[] = [];
  let reserveCount = 0;
  for (const m of world.markets) {
    reserveBase.push(reserveCount);
    reserveCount += m.reserves.length;
  }
  const balances = 0;
  const pools = balances + A * T;
  const reserves = pools + world.pools.length * POOL_WIDTH;
  const prices = reserves + reserveCount * RESERVE_WIDTH;
  const positions = prices + T;
  const farms = positions + A * reserveCount * POSITION_WIDTH;
  const stakes = farms + world.farms.length * FARM_WIDTH;
  const size = stakes + A * world.farms.length * STAKE_WIDTH;
  return {
    accounts: A,
    tokens: T,
    balances,
    pools,
    reserves,
    reserveBase,
    reserveCount,
    prices,
    positions,
    farms,
    farmCount: world.farms.length,
    stakes,
    size,
  };
}

/** Key helpers: one place that knows the arithmetic of the layout. */
export const keys = {
  balance: (l: Layout, account: number, token: number): number => l.balances + account * l.tokens + token,
  pool: (l: Layout, pool: number, field: number): number => l.pools + pool * POOL_WIDTH + field,
  reserve: (l: Layout, globalReserve: number, field: number): number =>
    l.reserves + globalReserve * RESERVE_WIDTH + field,
  price: (l: Layout, token: number): number => l.prices + token,
  position: (l: Layout, account: number, globalReserve: number, field: number): number =>
    l.positions + (account * l.reserveCount + globalReserve) * POSITION_WIDTH + field,
  farm: (l: Layout, farm: number, field: number): number => l.farms + farm * FARM_WIDTH + field,
  stake: (l: Layout, account: number, farm: number, field: number): number =>
    l.stakes + (account * l.farmCount + farm) * STAKE_WIDTH + field,
};

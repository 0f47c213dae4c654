/**
 * A readable view of a final state: balances, pools, markets, farms, prices, as decimal strings.
 * Generated worlds are large, so callers may cap how many accounts are listed; the digest always
 * covers everything. The protocols part alone (pools, markets, farms: a few dozen rows however
 * many accounts there are) is small enough to take after every block the page shows.
 */
import { FARM_FIELDS, keys, layoutOf, POOL_FIELDS, RESERVE_FIELDS, type World } from './world.ts';
import { borrowRate, supplyRate } from '../protocols/lending.ts';
import { SECONDS_PER_YEAR } from './values.ts';

export interface StateSummary {
  balances: Record<string, Record<string, string>>;
  pools: Record<string, { token0: string; token1: string; reserve0: string; reserve1: string; lpSupply: string }>;
  markets: Record<
    string,
    Record<
      string,
      {
        cash: string;
        totalBorrows: string;
        totalReserves: string;
        totalShares: string;
        borrowIndex: string;
        /** Current borrow and supply rates per year, 1e18 mantissa (the jump-rate model). */
        borrowRatePerYear: string;
        supplyRatePerYear: string;
      }
    >
  >;
  farms: Record<string, { totalSupply: string; rewardPerTokenStored: string; rewardBalance: string }>;
  prices: Record<string, string>;
  /** Accounts left out of `balances` because of the cap. */
  accountsOmitted: number;
}

/** What the Protocol state view shows: every pool, market and farm, without the accounts. */
export type ProtocolSummary = Pick<StateSummary, 'pools' | 'markets' | 'farms'>;

export function summarize(world: World, values: BigInt64Array, maxAccounts = Infinity): StateSummary {
  const L = layoutOf(world);
  const s = (k: number): string => values[k]!.toString();
  const balances: StateSummary['balances'] = {};
  let listed = 0;
  let omitted = 0;
  for (let a = 0; a < world.accounts.length; a++) {
    const row: Record<string, string> = {};
    let any = false;
    for (let t = 0; t < world.tokens.length; t++) {
      const v = values[keys.balance(L, a, t)]!;
      if (v !== 0n) {
        row[world.tokens[t]!] = v.toString();
        any = true;
      }
    }
    if (!any) continue;
    if (listed < maxAccounts) {
      balances[world.accounts[a]!] = row;
      listed++;
    } else omitted++;
  }
  const prices: Record<string, string> = {};
  world.tokens.forEach((t, i) => {
    if (!t.startsWith('LP:')) prices[t] = s(keys.price(L, i));
  });
  return { balances, ...summarizeProtocols(world, values), prices, accountsOmitted: omitted };
}

export function summarizeProtocols(world: World, values: BigInt64Array): ProtocolSummary {
  const L = layoutOf(world);
  const s = (k: number): string => values[k]!.toString();
  const pools: StateSummary['pools'] = {};
  world.pools.forEach((p, i) => {
    pools[p.name] = {
      token0: world.tokens[p.token0]!,
      token1: world.tokens[p.token1]!,
      reserve0: s(keys.pool(L, i, POOL_FIELDS.reserve0)),
      reserve1: s(keys.pool(L, i, POOL_FIELDS.reserve1)),
      lpSupply: s(keys.pool(L, i, POOL_FIELDS.lpSupply)),
    };
  });
  const markets: StateSummary['markets'] = {};
  // Rates are functions of the reserve totals only; the timestamp is irrelevant to them.
  const ctx = { world, layout: L, timestamp: world.genesisTime };
  world.markets.forEach((m, mi) => {
    const row: StateSummary['markets'][string] = {};
    m.reserves.forEach((r, ri) => {
      const g = L.reserveBase[mi]! + ri;
      const cash = values[keys.reserve(L, g, RESERVE_FIELDS.cash)]!;
      const borrows = values[keys.reserve(L, g, RESERVE_FIELDS.totalBorrows)]!;
      const reserves = values[keys.reserve(L, g, RESERVE_FIELDS.totalReserves)]!;
      row[world.tokens[r.token]!] = {
        cash: cash.toString(),
        totalBorrows: borrows.toString(),
        totalReserves: reserves.toString(),
        totalShares: s(keys.reserve(L, g, RESERVE_FIELDS.totalShares)),
        borrowIndex: s(keys.reserve(L, g, RESERVE_FIELDS.borrowIndex)),
        borrowRatePerYear: (borrowRate(ctx, g, cash, borrows, reserves) * SECONDS_PER_YEAR).toString(),
        supplyRatePerYear: (supplyRate(ctx, g, cash, borrows, reserves) * SECONDS_PER_YEAR).toString(),
      };
    });
    markets[m.name] = row;
  });
  const farms: StateSummary['farms'] = {};
  world.farms.forEach((f, i) => {
    farms[f.name] = {
      totalSupply: s(keys.farm(L, i, FARM_FIELDS.totalSupply)),
      rewardPerTokenStored: s(keys.farm(L, i, FARM_FIELDS.rewardPerTokenStored)),
      rewardBalance: s(keys.farm(L, i, FARM_FIELDS.rewardBalance)),
    };
  });
  return { pools, markets, farms };
}

/** Human name of a key, for the inspector and the multi-version view ("balance u3 USDC"). */
export function describeKey(world: World, key: number): string {
  const L = layoutOf(world);
  if (key < L.pools) {
    const a = Math.floor(key / L.tokens);
    return `balance ${world.accounts[a]} ${world.tokens[key % L.tokens]}`;
  }
  if (key < L.reserves) {
    const p = Math.floor((key - L.pools) / 3);
    return `pool ${world.pools[p]?.name} ${['reserve0', 'reserve1', 'lpSupply'][(key - L.pools) % 3]}`;
  }
  if (key < L.prices) {
    const g = Math.floor((key - L.reserves) / 6);
    const f = ['cash', 'totalBorrows', 'totalReserves', 'totalShares', 'borrowIndex', 'accrualTime'][
      (key - L.reserves) % 6
    ];
    return `reserve ${reserveName(world, g)} ${f}`;
  }
  if (key < L.positions) return `price ${world.tokens[key - L.prices]}`;
  if (key < L.farms) {
    const rel = key - L.positions;
    const f = rel % 3;
    const ar = Math.floor(rel / 3);
    const a = Math.floor(ar / L.reserveCount);
    return `position ${world.accounts[a]} ${reserveName(world, ar % L.reserveCount)} ${['shares', 'principal', 'interestIndex'][f]}`;
  }
  if (key < L.stakes) {
    const f = Math.floor((key - L.farms) / 4);
    return `farm ${world.farms[f]?.name} ${['lastUpdateTime', 'rewardPerTokenStored', 'totalSupply', 'rewardBalance'][(key - L.farms) % 4]}`;
  }
  const rel = key - L.stakes;
  const as = Math.floor(rel / 3);
  return `stake ${world.accounts[Math.floor(as / L.farmCount)]} ${world.farms[as % L.farmCount]?.name} ${['balance', 'rewardPerTokenPaid', 'rewards'][rel % 3]}`;
}

function reserveName(world: World, g: number): string {
  for (const m of world.markets) {
    if (g < m.reserves.length) return `${m.name}/${world.tokens[m.reserves[g]!.token]}`;
    g -= m.reserves.length;
  }
  return `#${g}`;
}

/**
 * The genesis: the block file's description of the starting world, and how it becomes a World
 * (names → dense ids) and an initial state vector. Generated scenarios produce the same spec, so
 * there is exactly one path from a description to a state.
 */
import {
  FARM_FIELDS,
  keys,
  layoutOf,
  POOL_FIELDS,
  POSITION_FIELDS,
  RESERVE_FIELDS,
  type FarmConfig,
  type MarketConfig,
  type PoolConfig,
  type World,
} from '../state/world.ts';
import { createStore, privateBuffer, type BufferFactory, type StateStore } from '../state/store.ts';
import { SECONDS_PER_YEAR, sqrt, WAD } from '../state/values.ts';
import { MINIMUM_LIQUIDITY } from '../protocols/amm.ts';
import { Checker } from './validate.ts';

/** Block-file genesis, as JSON. Amounts are decimal strings; rates are yearly basis points. */
export interface GenesisSpec {
  accounts?: Record<string, Record<string, string>>;
  pools?: Record<string, PoolSpec>;
  prices?: Record<string, string>;
  markets?: Record<string, { reserves: Record<string, ReserveSpec> }>;
  farms?: Record<string, FarmSpec>;
  time?: number;
  blockTime?: number;
}
export interface PoolSpec {
  token0: string;
  token1: string;
  reserve0: string;
  reserve1: string;
  feeBps?: number;
  /** Who holds the genesis LP shares (default "genesis"). */
  provider?: string;
}
export interface ReserveSpec {
  liquidationThresholdBps?: number;
  liquidationBonusBps?: number;
  reserveFactorBps?: number;
  baseRateBps?: number;
  multiplierBps?: number;
  jumpMultiplierBps?: number;
  kinkBps?: number;
  /** Supply positions at genesis: account → underlying amount (shares minted 1:1). */
  deposits?: Record<string, string>;
}
export interface FarmSpec {
  stakingToken: string;
  rewardsToken: string;
  /** Reward tokens per second, funded at genesis for `duration` seconds. */
  rewardRate: string;
  duration: number;
}

export const DEFAULT_GENESIS_TIME = 1_700_000_000;
export const DEFAULT_BLOCK_TIME = 12;
export const DEFAULT_PRICE = 100_000_000n; // $1.00 with 8 decimals
const RESERVE_DEFAULTS = {
  liquidationThresholdBps: 8000,
  liquidationBonusBps: 10500,
  reserveFactorBps: 1000,
  baseRateBps: 200,
  multiplierBps: 1000,
  jumpMultiplierBps: 30000,
  kinkBps: 8000,
};

export const lpTokenName = (pool: string): string => `LP:${pool}`;

/** Names → ids, grown while reading the genesis and the blocks. */
export class Registry {
  readonly accounts: string[] = [];
  readonly tokens: string[] = [];
  private readonly accountIds = new Map<string, number>();
  private readonly tokenIds = new Map<string, number>();

  account(name: string): number {
    let id = this.accountIds.get(name);
    if (id === undefined) {
      id = this.accounts.length;
      this.accounts.push(name);
      this.accountIds.set(name, id);
    }
    return id;
  }

  token(name: string): number {
    let id = this.tokenIds.get(name);
    if (id === undefined) {
      id = this.tokens.length;
      this.tokens.push(name);
      this.tokenIds.set(name, id);
    }
    return id;
  }

  hasToken(name: string): boolean {
    return this.tokenIds.has(name);
  }
}

/** Rate in yearly bps → per-second 1e18 mantissa. */
const perSecond = (bps: number): bigint => (BigInt(bps) * WAD) / 10000n / SECONDS_PER_YEAR;

interface Seed {
  world: World;
  /** Initial writes, applied once the layout (which needs every account) is known. */
  apply: (values: BigInt64Array) => void;
}

/**
 * Validate a genesis and register its names. Accounts the blocks name are added later by the
 * block parser; that is why the state is built by `materialize`, after all names are known.
 */
export function readGenesis(raw: unknown, reg: Registry, check: Checker, path = 'genesis'): Seed | undefined {
  const g = check.object(path, raw);
  if (!g) return undefined;
  check.known(path, g, ['accounts', 'pools', 'prices', 'markets', 'farms', 'time', 'blockTime']);
  const writes: ((values: BigInt64Array, world: World) => void)[] = [];
  const put = (f: (v: BigInt64Array, L: ReturnType<typeof layoutOf>) => void): void => {
    writes.push((v, w) => f(v, layoutOf(w)));
  };

  const accounts = g.accounts === undefined ? {} : check.object(`${path}.accounts`, g.accounts);
  for (const [name, bal] of Object.entries(accounts ?? {})) {
    const a = reg.account(name);
    const b = check.object(`${path}.accounts.${name}`, bal);
    for (const [token, amt] of Object.entries(b ?? {})) {
      const v = check.amount(`${path}.accounts.${name}.${token}`, amt);
      const t = reg.token(token);
      if (v !== undefined) put((vals, L) => (vals[keys.balance(L, a, t)] = v));
    }
  }

  const pools: PoolConfig[] = [];
  const poolsRaw = g.pools === undefined ? {} : check.object(`${path}.pools`, g.pools);
  for (const [name, spec] of Object.entries(poolsRaw ?? {})) {
    const p = `${path}.pools.${name}`;
    const o = check.object(p, spec);
    if (!o) continue;
    check.known(p, o, ['token0', 'token1', 'reserve0', 'reserve1', 'feeBps', 'provider']);
    const t0 = check.string(`${p}.token0`, o.token0);
    const t1 = check.string(`${p}.token1`, o.token1);
    if (t0 !== undefined && t0 === t1) check.fail(`${p}.token1`, 'must differ from token0');
    const r0 = check.amount(`${p}.reserve0`, o.reserve0);
    const r1 = check.amount(`${p}.reserve1`, o.reserve1);
    const feeBps = o.feeBps === undefined ? 30 : check.int(`${p}.feeBps`, o.feeBps, 0, 9999);
    const provider = o.provider === undefined ? 'genesis' : check.string(`${p}.provider`, o.provider);
    if (t0 === undefined || t1 === undefined || r0 === undefined || r1 === undefined) continue;
    if (feeBps === undefined || provider === undefined) continue;
    const supply = sqrt(r0 * r1);
    if ((r0 === 0n) !== (r1 === 0n)) check.fail(`${p}.reserve1`, 'both reserves must be zero or both non-zero');
    else if (r0 !== 0n && supply <= MINIMUM_LIQUIDITY)
      check.fail(`${p}.reserve0`, `reserves too small: √(reserve0·reserve1) must exceed ${MINIMUM_LIQUIDITY}`);
    const id = pools.length;
    const lp = reg.token(lpTokenName(name));
    pools.push({ name, token0: reg.token(t0), token1: reg.token(t1), lpToken: lp, feeBps });
    const holder = supply > 0n ? reg.account(provider) : -1;
    put((vals, L) => {
      vals[keys.pool(L, id, POOL_FIELDS.reserve0)] = r0;
      vals[keys.pool(L, id, POOL_FIELDS.reserve1)] = r1;
      vals[keys.pool(L, id, POOL_FIELDS.lpSupply)] = supply;
      if (holder >= 0) vals[keys.balance(L, holder, lp)] = supply - MINIMUM_LIQUIDITY;
    });
  }

  // Read the time first: reserves start accruing at it.
  const time = g.time === undefined ? DEFAULT_GENESIS_TIME : check.int(`${path}.time`, g.time, 0, 4_000_000_000);
  const genesisTime = (): number => time ?? DEFAULT_GENESIS_TIME;
  const markets: MarketConfig[] = [];
  const marketsRaw = g.markets === undefined ? {} : check.object(`${path}.markets`, g.markets);
  let reserveCount = 0;
  for (const [name, spec] of Object.entries(marketsRaw ?? {})) {
    const p = `${path}.markets.${name}`;
    const o = check.object(p, spec);
    if (!o) continue;
    check.known(p, o, ['reserves']);
    const rs = check.object(`${p}.reserves`, o.reserves);
    if (!rs) continue;
    const market: MarketConfig = { name, reserves: [] };
    for (const [token, rspec] of Object.entries(rs)) {
      const rp = `${p}.reserves.${token}`;
      const ro = check.object(rp, rspec) ?? {};
      check.known(rp, ro, [...Object.keys(RESERVE_DEFAULTS), 'deposits']);
      const num = (k: keyof typeof RESERVE_DEFAULTS, hi: number): number =>
        ro[k] === undefined ? RESERVE_DEFAULTS[k] : (check.int(`${rp}.${k}`, ro[k], 0, hi) ?? 0);
      const g2 = reserveCount++;
      const t = reg.token(token);
      market.reserves.push({
        token: t,
        baseRatePerSecond: perSecond(num('baseRateBps', 1_000_000)),
        multiplierPerSecond: perSecond(num('multiplierBps', 1_000_000)),
        jumpMultiplierPerSecond: perSecond(num('jumpMultiplierBps', 10_000_000)),
        kink: (BigInt(num('kinkBps', 10000)) * WAD) / 10000n,
        reserveFactor: (BigInt(num('reserveFactorBps', 10000)) * WAD) / 10000n,
        liquidationThresholdBps: num('liquidationThresholdBps', 10000),
        liquidationBonusBps: Math.max(10000, num('liquidationBonusBps', 20000)),
      });
      const deposits = ro.deposits === undefined ? {} : check.object(`${rp}.deposits`, ro.deposits);
      const entries: [number, bigint][] = [];
      for (const [acct, amt] of Object.entries(deposits ?? {})) {
        const v = check.amount(`${rp}.deposits.${acct}`, amt);
        if (v !== undefined) entries.push([reg.account(acct), v]);
      }
      put((vals, L) => {
        let total = 0n;
        for (const [a, v] of entries) {
          vals[keys.position(L, a, g2, POSITION_FIELDS.shares)] = v;
          total += v;
        }
        vals[keys.reserve(L, g2, RESERVE_FIELDS.cash)] = total;
        vals[keys.reserve(L, g2, RESERVE_FIELDS.totalShares)] = total;
        vals[keys.reserve(L, g2, RESERVE_FIELDS.borrowIndex)] = WAD;
        // Interest starts accruing at genesis, not at the epoch.
        vals[keys.reserve(L, g2, RESERVE_FIELDS.accrualTime)] = BigInt(genesisTime());
      });
    }
    markets.push(market);
  }

  const blockTime =
    g.blockTime === undefined ? DEFAULT_BLOCK_TIME : check.int(`${path}.blockTime`, g.blockTime, 1, 86_400);

  const farms: FarmConfig[] = [];
  const farmsRaw = g.farms === undefined ? {} : check.object(`${path}.farms`, g.farms);
  for (const [name, spec] of Object.entries(farmsRaw ?? {})) {
    const p = `${path}.farms.${name}`;
    const o = check.object(p, spec);
    if (!o) continue;
    check.known(p, o, ['stakingToken', 'rewardsToken', 'rewardRate', 'duration']);
    const st = check.string(`${p}.stakingToken`, o.stakingToken);
    const rt = check.string(`${p}.rewardsToken`, o.rewardsToken);
    const rate = check.amount(`${p}.rewardRate`, o.rewardRate);
    const duration = check.int(`${p}.duration`, o.duration, 1, 100_000_000);
    if (!st || !rt || rate === undefined || duration === undefined || time === undefined) continue;
    const id = farms.length;
    farms.push({
      name,
      stakingToken: reg.token(st),
      rewardsToken: reg.token(rt),
      rewardRate: rate,
      periodFinish: time + duration,
    });
    const start = BigInt(time);
    const funds = rate * BigInt(duration);
    put((vals, L) => {
      vals[keys.farm(L, id, FARM_FIELDS.lastUpdateTime)] = start;
      vals[keys.farm(L, id, FARM_FIELDS.rewardBalance)] = funds;
    });
  }

  const prices = g.prices === undefined ? {} : check.object(`${path}.prices`, g.prices);
  const priced = new Map<number, bigint>();
  for (const [token, amt] of Object.entries(prices ?? {})) {
    const v = check.amount(`${path}.prices.${token}`, amt);
    if (v === 0n) check.fail(`${path}.prices.${token}`, 'a price must be above 0');
    if (v !== undefined) priced.set(reg.token(token), v);
  }

  const world: World = {
    accounts: reg.accounts,
    tokens: reg.tokens,
    pools,
    markets,
    farms,
    genesisTime: time ?? DEFAULT_GENESIS_TIME,
    blockTime: blockTime ?? DEFAULT_BLOCK_TIME,
  };
  return {
    world,
    apply: (vals) => {
      const L = layoutOf(world);
      for (let t = 0; t < world.tokens.length; t++) vals[keys.price(L, t)] = priced.get(t) ?? DEFAULT_PRICE;
      for (const w of writes) w(vals, world);
    },
  };
}

/** Build the initial state once every name (including accounts only the blocks mention) is known. */
export function materialize(seed: Seed, alloc: BufferFactory = privateBuffer): { world: World; state: StateStore } {
  const world: World = { ...seed.world, accounts: [...seed.world.accounts], tokens: [...seed.world.tokens] };
  const state = createStore(layoutOf(world), alloc);
  seed.apply(state.values);
  return { world, state };
}

export type { Seed };

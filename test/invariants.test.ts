/**
 * Invariants after every block of random scenarios (fast-check): token conservation, no negative
 * value anywhere in the state, LP supply = LP balances + the locked minimum, and the constant
 * product per LP share (k / supply²) never falls.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FARM_FIELDS,
  generateWorkload,
  keys,
  layoutOf,
  MINIMUM_LIQUIDITY,
  MIX_GROUPS,
  POOL_FIELDS,
  RESERVE_FIELDS,
  DEFAULT_SCENARIO,
  type Mix,
  type World,
} from '../src/engine/index.ts';
import { runSequential } from './helpers.ts';

const RUNS = Number(process.env.DEXSIM_PROPERTY_RUNS ?? 25);
/**
 * A case takes up to ~90 ms here (blocks of up to 400, checked after each): a raised case count
 * needs a time limit that grows with it (3,000 cases ran 243 s against the fixed 120 s limit).
 */
const TIMEOUT_MS = Math.max(120_000, RUNS * 200);

function tokenTotals(world: World, v: BigInt64Array): bigint[] {
  const L = layoutOf(world);
  const totals = world.tokens.map(() => 0n);
  for (let a = 0; a < world.accounts.length; a++)
    for (let t = 0; t < world.tokens.length; t++) totals[t]! += v[keys.balance(L, a, t)]!;
  world.pools.forEach((p, i) => {
    totals[p.token0]! += v[keys.pool(L, i, POOL_FIELDS.reserve0)]!;
    totals[p.token1]! += v[keys.pool(L, i, POOL_FIELDS.reserve1)]!;
    // LP shares: the locked minimum is part of the supply but nobody's balance.
    const supply = v[keys.pool(L, i, POOL_FIELDS.lpSupply)]!;
    totals[p.lpToken]! -= supply === 0n ? 0n : supply - MINIMUM_LIQUIDITY;
  });
  world.markets.forEach((m, mi) =>
    m.reserves.forEach(
      (r, ri) => (totals[r.token]! += v[keys.reserve(L, L.reserveBase[mi]! + ri, RESERVE_FIELDS.cash)]!),
    ),
  );
  world.farms.forEach((f, i) => {
    totals[f.stakingToken]! += v[keys.farm(L, i, FARM_FIELDS.totalSupply)]!;
    totals[f.rewardsToken]! += v[keys.farm(L, i, FARM_FIELDS.rewardBalance)]!;
  });
  return totals;
}

const mixArb = fc
  .tuple(...MIX_GROUPS.map(() => fc.integer({ min: 0, max: 10 })))
  .filter((w) => w.some((x) => x > 0))
  .map((w) => Object.fromEntries(MIX_GROUPS.map((g, i) => [g, w[i]!])) as Mix);

describe('invariants after every block', () => {
  it(
    'conservation, no negatives, LP supply, constant product per share',
    () => {
      fc.assert(
        fc.property(
          fc.record({
            seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
            blockSize: fc.integer({ min: 1, max: 400 }),
            blocks: fc.integer({ min: 1, max: 3 }),
            contention: fc.double({ min: 0, max: 1, noNaN: true }),
            mix: mixArb,
          }),
          (s) => {
            const w = generateWorkload({ ...DEFAULT_SCENARIO, ...s, vmCost: 0 });
            const L = layoutOf(w.world);
            const genesisTotals = tokenTotals(w.world, w.genesis.values);
            let prev = w.genesis.values.slice();
            runSequential(w, (_b, v) => {
              expect(tokenTotals(w.world, v)).toEqual(genesisTotals);
              for (let k = 0; k < v.length; k++) if (v[k]! < 0n) throw new Error(`negative value at key ${k}`);
              w.world.pools.forEach((_p, i) => {
                const r0 = v[keys.pool(L, i, POOL_FIELDS.reserve0)]!;
                const r1 = v[keys.pool(L, i, POOL_FIELDS.reserve1)]!;
                const s1 = v[keys.pool(L, i, POOL_FIELDS.lpSupply)]!;
                const p0 = prev[keys.pool(L, i, POOL_FIELDS.reserve0)]!;
                const p1 = prev[keys.pool(L, i, POOL_FIELDS.reserve1)]!;
                const s0 = prev[keys.pool(L, i, POOL_FIELDS.lpSupply)]!;
                // k/s² never falls: r0·r1·s0² ≥ p0·p1·s1²
                expect(r0 * r1 * s0 * s0 >= p0 * p1 * s1 * s1).toBe(true);
              });
              prev = v.slice();
            });
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );
});

import { describe, expect, it } from 'vitest';
import { FARM_FIELDS, keys, layoutOf, WAD } from '../src/engine/index.ts';
import { runFile } from './helpers.ts';

const GENESIS = {
  accounts: { alice: { USDC: '5000000' }, bob: { USDC: '5000000' } },
  farms: { F: { stakingToken: 'USDC', rewardsToken: 'SNX', rewardRate: '1000', duration: 40 } },
};
const stake = (from: string, amount: string) => ({ type: 'stake', from, farm: 'F', amount });
const claim = (from: string) => ({ type: 'claim', from, farm: 'F' });

describe('staking (Synthetix StakingRewards)', () => {
  it('pays rewards per the reward-per-token formula over several blocks', () => {
    // Blocks every 12 s. alice stakes at t=12, bob at t=24; claims at t=36 and t=48 (capped at 40).
    const r = runFile({
      genesis: GENESIS,
      blocks: [
        { txs: [stake('alice', '1000000')] },
        { txs: [stake('bob', '3000000')] },
        { txs: [claim('alice')] },
        { txs: [claim('bob'), claim('alice')] },
      ],
    });
    expect(r.receipts.flat().every((x) => x.status === 'ok')).toBe(true);
    const rpt = (prev: bigint, dt: bigint, supply: bigint): bigint => prev + (dt * 1000n * WAD) / supply;
    const r24 = rpt(0n, 12n, 1_000_000n); // alice alone for 12 s
    const r36 = rpt(r24, 12n, 4_000_000n);
    const r40 = rpt(r36, 4n, 4_000_000n); // periodFinish = genesis + 40
    const aliceFirst = (1_000_000n * r36) / WAD;
    const aliceSecond = (1_000_000n * (r40 - r36)) / WAD;
    const bob = (3_000_000n * (r40 - r24)) / WAD;
    // alice: 12 s alone + 12 s at ¼ = 15,000, then 4 s at ¼ = 1,000; bob: 16 s at ¾ = 12,000.
    expect([aliceFirst, aliceSecond, bob]).toEqual([15000n, 1000n, 12000n]);
    expect(r.balance('alice', 'SNX')).toBe(aliceFirst + aliceSecond);
    expect(r.balance('bob', 'SNX')).toBe(bob);
    const L = layoutOf(r.workload.world);
    // 40 s × 1000 funded; the first 12 s had no stakers, so (as in Synthetix) they emit nothing.
    expect(r.values[keys.farm(L, 0, FARM_FIELDS.rewardBalance)]).toBe(40_000n - 28_000n);
    expect(r.values[keys.farm(L, 0, FARM_FIELDS.rewardPerTokenStored)]).toBe(r40);
  });

  it('reverts an unstake above the stake and a zero stake', () => {
    const r = runFile({
      genesis: GENESIS,
      blocks: [
        {
          txs: [stake('alice', '10'), { type: 'unstake', from: 'alice', farm: 'F', amount: '11' }, stake('alice', '0')],
        },
      ],
    });
    expect(r.receipts[0]!.slice(1)).toEqual([
      { status: 'reverted', reason: 'INSUFFICIENT_STAKE' },
      { status: 'reverted', reason: 'ZERO_AMOUNT' },
    ]);
    expect(r.balance('alice', 'USDC')).toBe(5000000n - 10n);
  });
});

/**
 * Synthetix `StakingRewards`:
 *   rewardPerToken = stored + (min(now, periodFinish) − lastUpdate)·rewardRate·1e18 / totalSupply
 *   earned = balance·(rewardPerToken − userPaid)/1e18 + rewards
 * Every stake, withdraw and claim runs `updateReward` first, which writes the accumulator: a
 * hot spot every staking transaction on a farm shares. Rewards are funded at genesis
 * (rewardRate·duration held by the farm), as `notifyRewardAmount` requires.
 */
import { FARM_FIELDS as F, keys, STAKE_FIELDS as S } from '../state/world.ts';
import { WAD } from '../state/values.ts';
import { credit, debit } from './token.ts';
import { checked, revert, type StateView, type TxContext } from './view.ts';

export function rewardPerToken(view: StateView, ctx: TxContext, farm: number): bigint {
  const L = ctx.layout;
  const stored = view.read(keys.farm(L, farm, F.rewardPerTokenStored));
  const supply = view.read(keys.farm(L, farm, F.totalSupply));
  if (supply === 0n) return stored;
  const cfg = ctx.world.farms[farm]!;
  const applicable = BigInt(Math.min(ctx.timestamp, cfg.periodFinish));
  const last = view.read(keys.farm(L, farm, F.lastUpdateTime));
  const elapsed = applicable > last ? applicable - last : 0n;
  return stored + (elapsed * cfg.rewardRate * WAD) / supply;
}

export function earned(view: StateView, ctx: TxContext, account: number, farm: number, rpt: bigint): bigint {
  const L = ctx.layout;
  const balance = view.read(keys.stake(L, account, farm, S.balance));
  const paid = view.read(keys.stake(L, account, farm, S.rewardPerTokenPaid));
  return (balance * (rpt - paid)) / WAD + view.read(keys.stake(L, account, farm, S.rewards));
}

/** The `updateReward(account)` modifier. */
function updateReward(view: StateView, ctx: TxContext, account: number, farm: number): void {
  const L = ctx.layout;
  const rpt = rewardPerToken(view, ctx, farm);
  view.write(keys.farm(L, farm, F.rewardPerTokenStored), checked(rpt));
  const cfg = ctx.world.farms[farm]!;
  view.write(keys.farm(L, farm, F.lastUpdateTime), BigInt(Math.min(ctx.timestamp, cfg.periodFinish)));
  view.write(keys.stake(L, account, farm, S.rewards), checked(earned(view, ctx, account, farm, rpt)));
  view.write(keys.stake(L, account, farm, S.rewardPerTokenPaid), rpt);
}

export function stake(view: StateView, ctx: TxContext, from: number, farm: number, amount: bigint): void {
  if (amount === 0n) revert('ZERO_AMOUNT');
  updateReward(view, ctx, from, farm);
  const L = ctx.layout;
  debit(view, ctx, from, ctx.world.farms[farm]!.stakingToken, amount);
  const kSupply = keys.farm(L, farm, F.totalSupply);
  view.write(kSupply, checked(view.read(kSupply) + amount));
  const kBal = keys.stake(L, from, farm, S.balance);
  view.write(kBal, checked(view.read(kBal) + amount));
}

export function unstake(view: StateView, ctx: TxContext, from: number, farm: number, amount: bigint): void {
  if (amount === 0n) revert('ZERO_AMOUNT');
  updateReward(view, ctx, from, farm);
  const L = ctx.layout;
  const kBal = keys.stake(L, from, farm, S.balance);
  const balance = view.read(kBal);
  if (amount > balance) revert('INSUFFICIENT_STAKE');
  view.write(kBal, balance - amount);
  const kSupply = keys.farm(L, farm, F.totalSupply);
  view.write(kSupply, view.read(kSupply) - amount);
  credit(view, ctx, from, ctx.world.farms[farm]!.stakingToken, amount);
}

/** `getReward`: pays what was earned; with nothing earned it only updates the accumulator. */
export function claim(view: StateView, ctx: TxContext, from: number, farm: number): bigint {
  updateReward(view, ctx, from, farm);
  const L = ctx.layout;
  const kRewards = keys.stake(L, from, farm, S.rewards);
  const reward = view.read(kRewards);
  if (reward === 0n) return 0n;
  const kFunds = keys.farm(L, farm, F.rewardBalance);
  const funds = view.read(kFunds);
  if (reward > funds) revert('INSUFFICIENT_REWARD_BALANCE');
  view.write(kRewards, 0n);
  view.write(kFunds, funds - reward);
  credit(view, ctx, from, ctx.world.farms[farm]!.rewardsToken, reward);
  return reward;
}

/**
 * The seam between protocols and executors. A transaction reads and writes state only through
 * a StateView, so an executor can hand it direct storage (sequential), a recording view, or a
 * multi-version view (Block-STM) without the protocol code knowing.
 */
import type { Layout, World } from '../state/world.ts';
import { MAX_AMOUNT } from '../state/values.ts';

export interface StateView {
  read(key: number): bigint;
  write(key: number, value: bigint): void;
}

/** Everything a transaction may know besides state: the world and its block's timestamp. */
export interface TxContext {
  world: World;
  layout: Layout;
  timestamp: number;
}

/** Every deterministic revert reason a transaction can end with. Order fixes the wire codes. */
export const REVERT_REASONS = [
  'INSUFFICIENT_BALANCE',
  'INSUFFICIENT_INPUT_AMOUNT',
  'INSUFFICIENT_OUTPUT_AMOUNT',
  'INSUFFICIENT_LIQUIDITY',
  'SLIPPAGE',
  'INVALID_PATH',
  'INSUFFICIENT_LIQUIDITY_MINTED',
  'INSUFFICIENT_LIQUIDITY_BURNED',
  'ZERO_AMOUNT',
  'INSUFFICIENT_SHARES',
  'INSUFFICIENT_CASH',
  'HEALTH_FACTOR_TOO_LOW',
  'HEALTH_FACTOR_OK',
  'NO_DEBT',
  'NO_COLLATERAL',
  'INSUFFICIENT_STAKE',
  'INSUFFICIENT_REWARD_BALANCE',
  'INVALID_PRICE',
  'OVERFLOW',
] as const;
export type RevertReason = (typeof REVERT_REASONS)[number];

/**
 * Thrown by protocol code; the executor discards the transaction's writes. Deliberately not an
 * Error: reverts are ordinary control flow here and capturing a stack trace for each one showed
 * up in profiles.
 */
export class Revert {
  constructor(readonly reason: RevertReason) {}
}

export function revert(reason: RevertReason): never {
  throw new Revert(reason);
}

/** Storage is int64: a result outside [0, 2^63) reverts, as a checked-math contract would. */
export function checked(value: bigint): bigint {
  if (value < 0n || value > MAX_AMOUNT) revert('OVERFLOW');
  return value;
}

/**
 * Non-reactive data of the current run that views read on demand: the world and the encoded
 * blocks (shared buffers). Decoding one transaction for the inspector is display work, not
 * engine work; kinds are read straight from the encoded records.
 */
import {
  decodeTx,
  describeKey,
  INT_FIELDS,
  TX_KINDS,
  txToJson,
  type PreparedRun,
  type TxKind,
} from '../../engine/index.ts';

let prepared: PreparedRun | null = null;

export function setRunData(p: PreparedRun | null): void {
  prepared = p;
}

export function kindsOf(block: number): Int32Array {
  const b = prepared?.blocks[block];
  if (!b) return new Int32Array(0);
  const out = new Int32Array(b.count);
  for (let i = 0; i < b.count; i++) out[i] = b.ints[i * INT_FIELDS]!;
  return out;
}

export function kindName(code: number): TxKind {
  return TX_KINDS[code] ?? 'transfer';
}

export function txJson(block: number, tx: number): Record<string, unknown> | null {
  const b = prepared?.blocks[block];
  if (!prepared || !b || tx < 0 || tx >= b.count) return null;
  return txToJson(prepared.world, decodeTx(b.ints, b.amounts, tx));
}

export function keyName(key: number): string {
  return prepared ? describeKey(prepared.world, key) : `key ${key}`;
}

/** Colours per transaction kind (colour-blind-friendly Tableau 10 order). */
export const KIND_COLORS: Record<TxKind, string> = {
  transfer: '#4e79a7',
  swap: '#f28e2b',
  swapRoute: '#e15759',
  addLiquidity: '#76b7b2',
  removeLiquidity: '#59a14f',
  deposit: '#edc948',
  withdraw: '#b07aa1',
  borrow: '#ff9da7',
  repay: '#9c755f',
  liquidate: '#d62728',
  stake: '#8cd17d',
  unstake: '#86bcb6',
  claim: '#499894',
  oracle: '#000000',
};

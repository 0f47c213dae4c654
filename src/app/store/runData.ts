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

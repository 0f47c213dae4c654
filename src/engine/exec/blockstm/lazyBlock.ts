/**
 * A block's transactions, decoded on first use from the shared encoding. Each worker decodes
 * only what it executes instead of every worker decoding the whole block before starting.
 */
import { decodeTx, type EncodedBlock, type Tx } from '../../protocols/tx.ts';

export class LazyBlock {
  private readonly txs: (Tx | undefined)[];

  constructor(private readonly encoded: EncodedBlock) {
    this.txs = new Array<Tx | undefined>(encoded.count);
  }

  get length(): number {
    return this.encoded.count;
  }

  get(i: number): Tx {
    let tx = this.txs[i];
    if (tx === undefined) this.txs[i] = tx = decodeTx(this.encoded.ints, this.encoded.amounts, i);
    return tx;
  }
}

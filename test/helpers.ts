/** Test helpers: run block files or scenarios sequentially in-process and inspect the result. */
import {
  blockTimestamp,
  digestValues,
  keys,
  layoutOf,
  parseBlockFile,
  receiptOf,
  runSequentialBlock,
  summarize,
  cloneStore,
  type BlockStats,
  type Receipt,
  type Workload,
} from '../src/engine/index.ts';

export const clock = (): number => performance.now();

export interface SeqRun {
  workload: Workload;
  values: BigInt64Array;
  receipts: Receipt[][];
  codes: Uint8Array[];
  digest: string;
  balance(account: string, token: string): bigint;
  summary: ReturnType<typeof summarize>;
}

export function runSequential(workload: Workload, onBlock?: (b: number, values: BigInt64Array) => void): SeqRun {
  const values = cloneStore(workload.genesis).values;
  const codes: Uint8Array[] = [];
  workload.blocks.forEach((txs, b) => {
    codes.push(
      runSequentialBlock(workload.world, values, txs, blockTimestamp(workload.world, b), b, {
        vmCost: 0,
        now: clock,
        detail: false,
      }).receipts,
    );
    onBlock?.(b, values);
  });
  const L = layoutOf(workload.world);
  return {
    workload,
    values,
    codes,
    receipts: codes.map((c) => Array.from(c, receiptOf)),
    digest: digestValues(values),
    balance: (account, token) => {
      const a = workload.world.accounts.indexOf(account);
      const t = workload.world.tokens.indexOf(token);
      return a < 0 || t < 0 ? 0n : values[keys.balance(L, a, t)]!;
    },
    summary: summarize(workload.world, values),
  };
}

export const runFile = (file: unknown): SeqRun => runSequential(parseBlockFile(file));

/** One block of transactions over a genesis. */
export const oneBlock = (genesis: object, txs: object[]): object => ({ genesis, blocks: [{ txs }] });

/** A block's statistics with every transaction executed and validated once, for chart math. */
export const stats = (block: number, txs: number, wallMs: number): BlockStats => ({
  block,
  txs,
  wallMs,
  txPerSec: (txs * 1000) / wallMs,
  executions: txs,
  validations: txs,
  aborts: 0,
  suspensions: 0,
  edges: 0,
  fellBackToSequential: false,
});

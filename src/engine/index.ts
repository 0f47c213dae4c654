/**
 * The engine's public API. Everything outside src/engine imports from here: pure TypeScript
 * that runs in Node, in browsers and in workers.
 */
export * from './state/world.ts';
export * from './state/values.ts';
export * from './state/store.ts';
export * from './state/digest.ts';
export * from './state/summary.ts';
export * from './protocols/view.ts';
export * from './protocols/tx.ts';
export { getAmountOut, MINIMUM_LIQUIDITY } from './protocols/amm.ts';
export { healthFactor, borrowRate, supplyRate, utilization, exchangeRate, debtOf } from './protocols/lending.ts';
export { rewardPerToken, earned } from './protocols/staking.ts';
export * from './workload/prng.ts';
export * from './workload/scenario.ts';
export * from './workload/presets.ts';
export * from './workload/genesis.ts';
export * from './workload/blockFile.ts';
export * from './workload/blockLink.ts';
export * from './workload/generator.ts';
export * from './workload/workload.ts';
export { ValidationError } from './workload/validate.ts';
export * from './exec/types.ts';
export * from './exec/vmWork.ts';
export * from './exec/sequential.ts';
export * from './exec/detail.ts';
export * from './exec/prepare.ts';
export * from './exec/blockstm/shared.ts';
export {
  runBlockStm,
  abortRun,
  FALLBACK_TXS_PER_WORKER,
  runsInParallel,
  type BlockStmRunInput,
} from './exec/blockstm/run.ts';
export { RunAborted } from './exec/blockstm/worker.ts';
export { LazyBlock } from './exec/blockstm/lazyBlock.ts';
export { EngineLimitError } from './exec/blockstm/keyTable.ts';
export * from './trace/ring.ts';
export * from './trace/traceFile.ts';

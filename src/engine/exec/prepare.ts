/**
 * From a workload to the buffers a run needs: the working state and the encoded blocks, on
 * SharedArrayBuffers when available so every worker reads them in place. A PreparedRun is
 * structured-clonable: it crosses to workers as-is (shared buffers are shared, not copied).
 */
import type { World } from '../state/world.ts';
import { sharedBuffer, type BufferFactory } from '../state/store.ts';
import { encodeBlock, type EncodedBlock } from '../protocols/tx.ts';
import { blockTimestamp, type Workload } from '../workload/workload.ts';
import { generateWorkload } from '../workload/generator.ts';
import { parseBlockFile } from '../workload/blockFile.ts';
import type { Scenario } from '../workload/scenario.ts';

export interface PreparedRun {
  world: World;
  /** The working state (genesis, then each block's result in place). */
  state: ArrayBufferLike;
  blocks: EncodedBlock[];
  timestamps: number[];
  maxBlockSize: number;
  totalTxs: number;
}

export type WorkloadSource = { kind: 'scenario'; scenario: Scenario } | { kind: 'file'; file: unknown };

export function loadWorkload(source: WorkloadSource, alloc: BufferFactory = sharedBuffer): Workload {
  return source.kind === 'scenario' ? generateWorkload(source.scenario, alloc) : parseBlockFile(source.file, alloc);
}

export function prepareRun(workload: Workload, alloc: BufferFactory = sharedBuffer): PreparedRun {
  const blocks = workload.blocks.map((txs) => encodeBlock(txs, alloc));
  const state = alloc(workload.genesis.values.byteLength);
  new BigInt64Array(state).set(workload.genesis.values);
  return {
    world: workload.world,
    state,
    blocks,
    timestamps: workload.blocks.map((_t, b) => blockTimestamp(workload.world, b)),
    maxBlockSize: Math.max(1, ...workload.blocks.map((b) => b.length)),
    totalTxs: workload.blocks.reduce((s, b) => s + b.length, 0),
  };
}

/** A workload: the world, its genesis state and the blocks to run, from a scenario or a file. */
import type { World } from '../state/world.ts';
import type { StateStore } from '../state/store.ts';
import type { Tx } from '../protocols/tx.ts';
import type { GenesisSpec } from './genesis.ts';
import type { Scenario } from './scenario.ts';

export interface Workload {
  world: World;
  genesis: StateStore;
  blocks: Tx[][];
  /** Where it came from: enough to export it as a block file. */
  source: { kind: 'scenario'; scenario: Scenario; genesis: GenesisSpec } | { kind: 'file'; genesis: GenesisSpec };
}

/**
 * A workload whose blocks are produced as they are iterated, once (see streamWorkload). An
 * array of blocks is such an iterable too, so a Workload converts by adding its block sizes.
 */
export interface WorkloadStream extends Omit<Workload, 'blocks'> {
  /** Transactions per block, known before any block is made (to size the run's buffers). */
  blockSizes: readonly number[];
  blocks: Iterable<Tx[]>;
}

/** Timestamp of block b (0-based). */
export const blockTimestamp = (world: World, b: number): number => world.genesisTime + (b + 1) * world.blockTime;

/**
 * From a workload to the buffers a run needs: the working state and the encoded blocks, on
 * SharedArrayBuffers when available so every worker reads them in place. A PreparedRun is
 * structured-clonable: it crosses to workers as-is (shared buffers are shared, not copied).
 */
import type { World } from '../state/world.ts';
import { privateBuffer, sharedBuffer, type BufferFactory } from '../state/store.ts';
import { AMOUNT_FIELDS, encodeTx, INT_FIELDS, type EncodedBlock } from '../protocols/tx.ts';
import { blockTimestamp, type Workload, type WorkloadStream } from '../workload/workload.ts';
import { generateWorkload, streamWorkload } from '../workload/generator.ts';
import { parseBlockFile } from '../workload/blockFile.ts';
import type { Scenario } from '../workload/scenario.ts';

export interface PreparedRun {
  world: World;
  /** The working state (genesis, then each block's result in place): the first stateLength slots. */
  state: ArrayBufferLike;
  stateLength: number;
  blocks: EncodedBlock[];
  timestamps: number[];
  maxBlockSize: number;
  totalTxs: number;
}

export type WorkloadSource = { kind: 'scenario'; scenario: Scenario } | { kind: 'file'; file: unknown };

/** The run state as a typed array (the shared buffer may be larger than this run needs). */
export const runState = (p: PreparedRun): BigInt64Array => new BigInt64Array(p.state, 0, p.stateLength);

/** Builds the workload in private memory; prepareRun copies what the run shares. */
export function loadWorkload(source: WorkloadSource, alloc: BufferFactory = privateBuffer): Workload {
  return source.kind === 'scenario' ? generateWorkload(source.scenario, alloc) : parseBlockFile(source.file, alloc);
}

/**
 * The workload to run: a scenario's blocks are generated as prepareRun encodes them, so they are
 * never all objects at once; a block file is parsed whole (its JSON is in memory anyway).
 */
export function streamSource(source: WorkloadSource, alloc: BufferFactory = privateBuffer): WorkloadStream {
  if (source.kind === 'scenario') return streamWorkload(source.scenario, alloc);
  const workload = parseBlockFile(source.file, alloc);
  return { ...workload, blockSizes: workload.blocks.map((b) => b.length) };
}

/**
 * Where a run's shared buffers come from. Runtimes collect unreachable SharedArrayBuffers lazily
 * (a worker that allocates little ordinary memory may never collect them: 11 MB leaked per run
 * before this), so a pool worker passes a cache that reuses its buffers from run to run.
 */
export type SharedAlloc = (purpose: 'state' | 'ints' | 'amounts', bytes: number) => ArrayBufferLike;

export const freshShared: SharedAlloc = (_purpose, bytes) => sharedBuffer(bytes);

/** Reuses one buffer per purpose while it is large enough. Zeroing is the caller's business. */
export function reusingAlloc(): SharedAlloc {
  const cache = new Map<string, ArrayBufferLike>();
  return (purpose, bytes) => {
    const have = cache.get(purpose);
    if (have && have.byteLength >= bytes) return have;
    const fresh = sharedBuffer(Math.max(bytes, have ? have.byteLength * 2 : 0));
    cache.set(purpose, fresh);
    return fresh;
  };
}

/** How far preparing has got: blocks encoded so far, of how many. */
export interface PrepareProgress {
  blocks: number;
  of: number;
}

/**
 * Encode the workload one block per step, yielding the progress after each; returns the run.
 * A step is one block's generation and encoding (about 20 ms for 20,000 transactions), so a
 * caller can report progress, look for a cancel or hand its thread back between steps.
 */
export function* prepareSteps(
  workload: Workload | WorkloadStream,
  alloc: SharedAlloc = freshShared,
): Generator<PrepareProgress, PreparedRun, void> {
  const sizes = 'blockSizes' in workload ? workload.blockSizes : workload.blocks.map((b) => b.length);
  const total = sizes.reduce((s, n) => s + n, 0);
  const ints = new Int32Array(alloc('ints', Math.max(1, total) * INT_FIELDS * 4), 0, Math.max(1, total) * INT_FIELDS);
  const amounts = new BigInt64Array(
    alloc('amounts', Math.max(1, total) * AMOUNT_FIELDS * 8),
    0,
    Math.max(1, total) * AMOUNT_FIELDS,
  );
  let at = 0;
  const blocks: EncodedBlock[] = [];
  for (const txs of workload.blocks) {
    if (txs.length !== sizes[blocks.length]) throw new Error(`block ${blocks.length} is not the size announced`);
    const block: EncodedBlock = {
      count: txs.length,
      ints: ints.subarray(at * INT_FIELDS, (at + txs.length) * INT_FIELDS),
      amounts: amounts.subarray(at * AMOUNT_FIELDS, (at + txs.length) * AMOUNT_FIELDS),
    };
    txs.forEach((tx, i) => encodeTx(tx, block.ints, block.amounts, i));
    at += txs.length;
    blocks.push(block);
    yield { blocks: blocks.length, of: sizes.length };
  }
  if (blocks.length !== sizes.length) throw new Error(`${blocks.length} blocks made, ${sizes.length} announced`);
  const bytes = workload.genesis.values.byteLength;
  const state = new BigInt64Array(alloc('state', bytes), 0, bytes / 8);
  state.set(workload.genesis.values);
  return {
    world: workload.world,
    state: state.buffer,
    stateLength: state.length,
    blocks,
    timestamps: sizes.map((_n, b) => blockTimestamp(workload.world, b)),
    maxBlockSize: Math.max(1, ...sizes),
    totalTxs: total,
  };
}

/** Prepare in one go (the CLI, the bench and tests). */
export function prepareRun(workload: Workload | WorkloadStream, alloc: SharedAlloc = freshShared): PreparedRun {
  const steps = prepareSteps(workload, alloc);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The typed-array state: one int64 slot per key. It can live on a SharedArrayBuffer so every
 * worker reads the same base state without copying.
 */
import type { Layout } from './world.ts';

export interface StateStore {
  readonly values: BigInt64Array;
}

/** A buffer factory: SharedArrayBuffer where the platform allows it, else ArrayBuffer. */
export type BufferFactory = (bytes: number) => ArrayBufferLike;

export const sharedBuffer: BufferFactory = (bytes) =>
  typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);

/**
 * Private by default. Shared memory is opt-in, for buffers that really cross threads: runtimes
 * collect unreachable SharedArrayBuffers lazily, so allocating them casually leaks.
 */
export const privateBuffer: BufferFactory = (bytes) => new ArrayBuffer(bytes);

export function createStore(layout: Layout, alloc: BufferFactory = privateBuffer): StateStore {
  return { values: new BigInt64Array(alloc(layout.size * 8)) };
}

export function cloneStore(store: StateStore, alloc: BufferFactory = privateBuffer): StateStore {
  const values = new BigInt64Array(alloc(store.values.length * 8));
  values.set(store.values);
  return { values };
}

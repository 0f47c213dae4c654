/**
 * Synchronisation primitives over shared Int32Arrays.
 *
 * Blocking waits (Atomics.wait) happen only on a contended slow path, which a single-threaded
 * in-process run never reaches, so the same code is safe on a browser main thread fallback.
 */

/** Back off inside a spin loop: spin briefly, then sleep a few microseconds so a descheduled
 * lock holder (more workers than cores) gets the core back. */
export function relax(spins: number, scratch: Int32Array, scratchIndex: number): void {
  if (spins < 64) return;
  Atomics.wait(scratch, scratchIndex, 0, spins < 1024 ? 0.005 : 0.2);
}

/**
 * A futex mutex (Drepper, "Futexes Are Tricky", mutex #2): 0 free, 1 locked, 2 locked with
 * waiters. Per-transaction locks guard status and dependency lists, as the paper's
 * `txn_status[i]` and `txn_dependency[i]` mutexes do.
 */
export function lock(words: Int32Array, i: number): void {
  let c = Atomics.compareExchange(words, i, 0, 1);
  if (c === 0) return;
  for (let spin = 0; spin < 100; spin++) {
    c = Atomics.compareExchange(words, i, 0, 1);
    if (c === 0) return;
  }
  if (c !== 2) c = Atomics.exchange(words, i, 2);
  while (c !== 0) {
    Atomics.wait(words, i, 2, 1);
    c = Atomics.exchange(words, i, 2);
  }
}

export function unlock(words: Int32Array, i: number): void {
  if (Atomics.sub(words, i, 1) !== 1) {
    Atomics.store(words, i, 0);
    Atomics.notify(words, i, 1);
  }
}

/**
 * Deterministic CPU work standing for signature checks and VM interpretation: `rounds` of a
 * 32-bit integer mix over the transaction's payload. Without it a transaction costs a few
 * microseconds and scheduler overhead dwarfs the work, which real chains don't see. Re-executions
 * repeat it. The result feeds a sink so the JIT cannot drop the loop.
 */
let sink = 0;

export function vmWork(rounds: number, payload: number): void {
  let h = payload | 0;
  for (let i = 0; i < rounds; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
    h ^= (h >>> 15) + i;
  }
  sink ^= h;
}

/** Read by benchmarks so the work stays observable. */
export const vmSink = (): number => sink;

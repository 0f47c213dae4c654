/**
 * The clock a run's times are on. Every thread reads the same wall clock (its own time origin
 * plus `performance.now()`), and a run subtracts the reading the pool took when its execution
 * began, so block stats and trace events say "ms since the run started": small numbers a file
 * keeps to 0.1 µs (epoch milliseconds, about 1.8e12, are only resolved to about 0.24 µs as doubles).
 */
const origin = performance.timeOrigin;
export const sharedNow = (): number => origin + performance.now();

/** Milliseconds since `origin`, a `sharedNow()` reading taken on any thread. */
export const runClock =
  (origin: number): (() => number) =>
  () =>
    sharedNow() - origin;

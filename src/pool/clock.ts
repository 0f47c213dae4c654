/**
 * The clock a run's times are on. Every thread reads its own time origin plus
 * `performance.now()`: time origins are on one global monotonic clock, meant for lining up
 * contexts (HR-Time; MDN's timeOrigin page), so the pool's main thread and its workers agree. A
 * run subtracts the reading the pool took when its execution began, so block stats and trace
 * events say "ms since the run started": small numbers a file keeps to 0.1 µs (epoch
 * milliseconds, about 1.8e12, are only resolved to about 0.24 µs as doubles).
 */
const timeOrigin = performance.timeOrigin;
export const sharedNow = (): number => timeOrigin + performance.now();

/** Milliseconds since `origin`, a `sharedNow()` reading taken on any thread. */
export const runClock =
  (origin: number): (() => number) =>
  () =>
    sharedNow() - origin;

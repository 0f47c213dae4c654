/**
 * Trace events as the timeline's columns, from [worker, kind, start, end] rows, for chart tests;
 * `block` is them as one block with its span from the first start to the last end, as
 * blockEvents gives a block without its stats.
 */
export function traceRows(rows: [number, number, number, number][]) {
  const idx = rows.map((_r, i) => i);
  return {
    trace: {
      worker: rows.map((r) => r[0]),
      kind: rows.map((r) => r[1]),
      start: rows.map((r) => r[2]),
      end: rows.map((r) => r[3]),
    },
    idx,
    block: {
      idx,
      t0: rows.length ? Math.min(...rows.map((r) => r[2])) : 0,
      t1: rows.length ? Math.max(...rows.map((r) => r[3])) : 1,
    },
  };
}

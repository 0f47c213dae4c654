/** Trace events as the timeline's columns, from [worker, kind, start, end] rows, for chart tests. */
export function traceRows(rows: [number, number, number, number][]) {
  return {
    trace: {
      worker: rows.map((r) => r[0]),
      kind: rows.map((r) => r[1]),
      start: rows.map((r) => r[2]),
      end: rows.map((r) => r[3]),
    },
    idx: rows.map((_r, i) => i),
  };
}

/**
 * Pure math behind the views (no DOM): series for the throughput chart, the hottest keys of a
 * block for the multi-version view, the graph model for the conflict graph, timeline rows.
 * Kept apart from React so it is unit-tested in Node.
 */
import { format, scaleLinear, type ScaleLinear } from 'd3';
import { groupDigits, median, type BlockDetail, type BlockStats, type IndexedTrace } from '../../engine/index.ts';

const twoDecimalPercent = format('.2%');

/**
 * A fraction as a percentage with two decimals, or `<0.01%` when that would show a non-zero rate
 * as 0.00%: a lending market at 0.16% utilisation earns its suppliers about 0.003%, and a column
 * of 0.00% read as broken. (Two significant digits, 0.00094%, widened the lending table past its
 * half-page panel at 1,260 px.)
 */
export function percentText(fraction: number): string {
  if (fraction > 0 && fraction < 0.00005) return '<0.01%';
  return twoDecimalPercent(fraction);
}

export interface ThroughputPoint {
  block: number;
  run: number | null;
  baseline: number | null;
}

export function throughputSeries(run: readonly BlockStats[], baseline: readonly BlockStats[]): ThroughputPoint[] {
  const n = Math.max(run.length, baseline.length);
  const out: ThroughputPoint[] = [];
  for (let b = 0; b < n; b++)
    out.push({ block: b, run: run[b]?.txPerSec ?? null, baseline: baseline[b]?.txPerSec ?? null });
  return out;
}

/** What contention cost each block: validations that aborted, and reads that waited on an ESTIMATE. */
export interface ContentionPoint {
  block: number;
  aborts: number;
  waits: number;
}

export function contentionSeries(run: readonly BlockStats[]): ContentionPoint[] {
  return run.map((b) => ({ block: b.block, aborts: b.aborts, waits: b.suspensions }));
}

/**
 * A count axis from 0: whole-number ticks only (a block has no half an abort), and at least 0–4
 * so that a run with no aborts draws its zero line at the bottom rather than mid-chart.
 */
export function countAxis(highest: number, count = 4): { top: number; ticks: number[] } {
  const y = scaleLinear()
    .domain([0, Math.max(4, highest)])
    .nice(count);
  return { top: y.domain()[1]!, ticks: y.ticks(count).filter(Number.isInteger) };
}

/**
 * One baseline from several runs of the same blocks: each block's median wall time (with its
 * tx/s to match). A single sequential run on a 2-core machine can land on a busy moment, and the
 * baseline is cached for the workload, so one unlucky run would skew every later speedup.
 */
export function medianBlockStats(runs: readonly (readonly BlockStats[])[]): BlockStats[] {
  if (runs.length === 0) return [];
  return runs[0]!.map((first, b) => {
    const wallMs = median(runs.map((r) => r[b]?.wallMs ?? first.wallMs));
    return { ...first, wallMs, txPerSec: wallMs > 0 ? (first.txs * 1000) / wallMs : 0 };
  });
}

/** Overall speedup: total transactions over total wall time, run against baseline, same blocks. */
export function speedup(run: readonly BlockStats[], baseline: readonly BlockStats[]): number | null {
  const n = Math.min(run.length, baseline.length);
  if (n === 0) return null;
  let runMs = 0;
  let baseMs = 0;
  for (let b = 0; b < n; b++) {
    runMs += run[b]!.wallMs;
    baseMs += baseline[b]!.wallMs;
  }
  return runMs > 0 ? baseMs / runMs : null;
}

export interface HotKey {
  key: number;
  /** Transactions that wrote the key, in order, with how many incarnations each took. */
  writers: { tx: number; incarnations: number }[];
  readers: number;
}

/** The `limit` keys written by the most transactions in a block. */
export function hotKeys(detail: BlockDetail, limit: number): HotKey[] {
  const writers = new Map<number, number[]>();
  const readers = new Map<number, number>();
  const n = detail.incarnations.length;
  for (let tx = 0; tx < n; tx++) {
    for (let w = detail.writeStart[tx]!; w < detail.writeStart[tx + 1]!; w++) {
      const k = detail.writeKeys[w]!;
      let list = writers.get(k);
      if (!list) writers.set(k, (list = []));
      list.push(tx);
    }
    for (let r = detail.readStart[tx]!; r < detail.readStart[tx + 1]!; r++) {
      const k = detail.readKeys[r]!;
      readers.set(k, (readers.get(k) ?? 0) + 1);
    }
  }
  return [...writers.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0] - b[0])
    .slice(0, limit)
    .map(([key, txs]) => ({
      key,
      writers: txs.map((tx) => ({ tx, incarnations: detail.incarnations[tx]! })),
      readers: readers.get(key) ?? 0,
    }));
}

export interface GraphModel {
  nodes: number;
  /** Pairs (source, target) of node indexes. */
  links: Int32Array;
  reexecuted: Uint8Array;
}

export function graphModel(detail: BlockDetail): GraphModel {
  const n = detail.incarnations.length;
  const reexecuted = new Uint8Array(n);
  for (let i = 0; i < n; i++) reexecuted[i] = detail.incarnations[i]! > 1 ? 1 : 0;
  return { nodes: n, links: detail.edges, reexecuted };
}

/**
 * The links that touch `node`, as offsets into `links` (pairs of writer, reader): the values the
 * transaction read from earlier ones, and the later ones that read what it wrote.
 */
export function incidentLinks(links: Int32Array, node: number): number[] {
  const out: number[] = [];
  for (let e = 0; e < links.length; e += 2) if (links[e] === node || links[e + 1] === node) out.push(e);
  return out;
}

/**
 * Indexes of the trace events that belong to `block`, and their time span. Given the block's
 * stats (`clock`) with its `startMs`, the span is the block's clock, the time its wall time
 * measures: from its opening to when its last worker finished committing (a little after the
 * last task's end). Each thread reads the clock in its own steps (5 µs in Chromium, from a time
 * origin of its own in 5 µs steps too, so two threads can be 10 µs apart), so an
 * event can seem to begin up to two steps before the opening: the span covers both.
 */
export function blockEvents(
  trace: IndexedTrace,
  block: number,
  clock?: { startMs?: number; wallMs: number },
): { idx: number[]; t0: number; t1: number } {
  const idx = [...(trace.byBlock.get(block) ?? [])];
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const i of idx) {
    if (trace.start[i]! < t0) t0 = trace.start[i]!;
    if (trace.end[i]! > t1) t1 = trace.end[i]!;
  }
  if (clock?.startMs !== undefined) {
    t0 = Math.min(t0, clock.startMs);
    t1 = Math.max(t1, clock.startMs + clock.wallMs);
  }
  return { idx, t0: idx.length ? t0 : 0, t1: idx.length ? t1 : 1 };
}

/**
 * The timeline's time axis: labels at round times since the block began (`t0`), each placed at
 * its tick but pulled left so it ends by `right` (the last label used to run off the canvas), and
 * dropped when that would overlap the label before it. `textWidth` measures a label in pixels.
 */
export function timeAxisLabels(
  x: ScaleLinear<number, number>,
  t0: number,
  right: number,
  textWidth: (label: string) => number,
  count = 6,
): { label: string; x: number }[] {
  const sinceStart = x.copy().domain(x.domain().map((d) => d - t0));
  const format = sinceStart.tickFormat(count);
  const out: { label: string; x: number }[] = [];
  let previousEnd = -Infinity;
  for (const t of sinceStart.ticks(count)) {
    const label = `${format(t)} ms`;
    const width = textWidth(label);
    const at = Math.min(sinceStart(t), right - width);
    // A label pulled left onto its neighbour is dropped rather than drawn over it.
    if (at < previousEnd + LABEL_GAP) continue;
    out.push({ label, x: at });
    previousEnd = at + width;
  }
  return out;
}

/** Pixels kept clear between two time-axis labels. */
const LABEL_GAP = 4;

/** Grouped digits without Intl (see the engine's groupDigits), re-exported for the views. */
export { groupDigits };

/** "1 block", "1,000 blocks": a grouped count with its noun in the right number. */
export const countOf = (n: number, noun: string, plural = `${noun}s`): string =>
  `${groupDigits(n)} ${n === 1 ? noun : plural}`;

/** A task's duration: microseconds under a millisecond ("8.3 µs", "250 µs"), else "2.14 ms". */
export function formatDuration(ms: number): string {
  const us = ms * 1000;
  // Bounds by what rounds to them, so 9.999 µs reads "10 µs", not "10.0 µs".
  if (us >= 999.5) return `${ms.toFixed(2)} ms`;
  return `${us < 9.95 ? us.toFixed(1) : Math.round(us)} µs`;
}

/** Compact human formatting for tx/s. */
export function formatRate(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(1)}k`;
  return v.toFixed(0);
}

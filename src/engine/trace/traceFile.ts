/**
 * A recorded trace as a file: DESIGN §6 says a trace is data that can be exported, replayed and
 * scrubbed. The file is JSON with the run it came from (scenario, strategy, workers, per-block
 * statistics) and the events in columns, one array per field, so a 100,000-event trace stays a
 * few megabytes and loads without an object per event. `parseTraceFile` validates a file back
 * into the same columns the app's timeline reads, naming the first bad field.
 */
import type { BlockStats } from '../exec/types.ts';
import { Checker } from '../workload/validate.ts';
import {
  allocTraceColumns,
  indexEvent,
  TK,
  TRACE_COLUMN_NAMES,
  TRACE_KINDS,
  type IndexedTrace,
  type TraceColumnName,
  type TraceColumns,
  type TraceKind,
} from './ring.ts';

export const TRACE_FILE_FORMAT = 'dexsim-trace';
/**
 * 3: every event has `blocking`, the writer a `suspend` hit an ESTIMATE of. 2: times count from
 * the run's start and every block has its `startMs`. Files of versions 1 (times in Unix epoch
 * milliseconds, no `startMs`) and 2 still load, their suspends with no writer (-1).
 */
export const TRACE_FILE_VERSION = 3;
export type TraceFileVersion = 1 | 2 | 3;

/** The run a trace was recorded in. */
export interface TraceRun {
  /** The scenario as the app's query string; for an imported block file, its name. */
  scenario: string;
  strategy: string;
  workers: number;
  blocks: BlockStats[];
}

export interface TraceFile extends TraceRun {
  format: typeof TRACE_FILE_FORMAT;
  version: typeof TRACE_FILE_VERSION;
  /** Events lost because a worker's ring wrapped before they were read. */
  dropped: number;
  /** Event kinds; the `kind` column holds indexes into this list. */
  kinds: readonly TraceKind[];
  /** Column per field, one entry per event; times are ms since the run started (see pool/clock.ts). */
  events: Record<TraceColumnName, number[]>;
}

/** Version 3 added `blocking`; older files have every other column. */
const COLUMNS_BEFORE_3 = TRACE_COLUMN_NAMES.filter((name) => name !== 'blocking');
const STAT_FIELDS = [
  'block',
  'txs',
  'wallMs',
  'txPerSec',
  'executions',
  'validations',
  'aborts',
  'suspensions',
  'edges',
] as const;

/**
 * The file of a trace as the reader pulled it. Its times are already kept to 0.1 µs, as are the
 * blocks' `startMs` the executors report (traceTime in ring.ts), so the file holds the very
 * numbers the page showed.
 */
export function traceFileOf(trace: TraceColumns, run: TraceRun): TraceFile {
  const column = (c: ArrayLike<number>): number[] => Array.from({ length: trace.count }, (_x, i) => c[i]!);
  return {
    format: TRACE_FILE_FORMAT,
    version: TRACE_FILE_VERSION,
    ...run,
    // The file has no separate count for blocks the reader released: they are missing too.
    dropped: trace.dropped + (trace.released ?? 0),
    kinds: TRACE_KINDS,
    events: Object.fromEntries(TRACE_COLUMN_NAMES.map((name) => [name, column(trace[name])])) as TraceFile['events'],
  };
}

/** Index events by block, as the timeline looks them up. */
export function indexTrace(trace: TraceColumns): IndexedTrace {
  const byBlock = new Map<number, number[]>();
  for (let i = 0; i < trace.count; i++) indexEvent(byBlock, trace.block[i]!, i);
  return { ...trace, byBlock };
}

/** Validate a parsed trace file; throws ValidationError listing the bad fields. */
export function parseTraceFile(json: unknown): { version: TraceFileVersion; run: TraceRun; trace: IndexedTrace } {
  const c = new Checker();
  const root = c.object('trace', json);
  c.throwIfAny();
  const f = root!;
  c.known('trace', f, ['format', 'version', 'scenario', 'strategy', 'workers', 'blocks', 'dropped', 'kinds', 'events']);
  if (f.format !== TRACE_FILE_FORMAT) c.fail('trace.format', `expected "${TRACE_FILE_FORMAT}"`);
  if (f.version !== 3 && f.version !== 2 && f.version !== 1)
    c.fail('trace.version', `expected ${TRACE_FILE_VERSION} (or 2 or 1, the formats before it)`);
  const version: TraceFileVersion = f.version === 1 ? 1 : f.version === 2 ? 2 : 3;
  if (typeof f.scenario !== 'string') c.fail('trace.scenario', 'expected a string');
  const strategy = c.string('trace.strategy', f.strategy);
  const workers = c.int('trace.workers', f.workers, 1, 64) ?? 1;
  const dropped = c.int('trace.dropped', f.dropped, 0, Number.MAX_SAFE_INTEGER);
  const kinds = c.array('trace.kinds', f.kinds);
  // Kinds are stored by name so a later format can add one without renumbering old files.
  const kindCode = (kinds ?? []).map((k, i) => {
    const code = TRACE_KINDS.indexOf(k as TraceKind);
    if (code < 0) c.fail(`trace.kinds[${i}]`, `expected one of ${TRACE_KINDS.join(', ')}`);
    return code;
  });
  const blocks = parseBlocks(c, f.blocks, version >= 2);
  const events = c.object('trace.events', f.events);
  c.throwIfAny();
  const names = version === 3 ? TRACE_COLUMN_NAMES : COLUMNS_BEFORE_3;
  c.known('trace.events', events!, names);
  const byName = new Map(names.map((name) => [name, c.array(`trace.events.${name}`, events![name]) ?? []]));
  const count = byName.get('worker')!.length;
  for (const [name, col] of byName)
    if (col.length !== count) c.fail(`trace.events.${name}`, `expected ${count} entries, like worker`);
  c.throwIfAny();
  const out: TraceColumns = { count, dropped: dropped ?? 0, ...allocTraceColumns(count) };
  out.blocking.fill(-1); // files before version 3 name no writer
  // By name, not by position: a column added to TRACE_COLUMNS must not shift these.
  const column = (name: TraceColumnName): unknown[] => byName.get(name) ?? [];
  const worker = column('worker');
  const kind = column('kind');
  const block = column('block');
  const tx = column('tx');
  const incarnation = column('incarnation');
  const blocking = column('blocking');
  const start = column('start');
  const end = column('end');
  for (let i = 0; i < count && c.issues.length < 10; i++) {
    const at = (name: string): string => `trace.events.${name}[${i}]`;
    out.worker[i] = c.int(at('worker'), worker[i], 0, workers - 1) ?? 0;
    const k = c.int(at('kind'), kind[i], 0, kindCode.length - 1);
    out.kind[i] = k === undefined ? 0 : kindCode[k]!;
    out.block[i] = c.int(at('block'), block[i], 0, 1 << 26) ?? 0;
    out.tx[i] = c.int(at('tx'), tx[i], -1, 1 << 30) ?? 0;
    out.incarnation[i] = c.int(at('incarnation'), incarnation[i], 0, 1 << 30) ?? 0;
    // The writer a suspend waited on is below it (a read sees lower transactions); other events
    // have none.
    if (version === 3) {
      const suspend = out.kind[i] === TK.suspend;
      if (!suspend) {
        if (blocking[i] !== -1) c.fail(at('blocking'), 'expected -1: only a suspend has a writer it waited on');
      } else if (out.tx[i]! < 1) c.fail(at('blocking'), 'a suspend of transaction 0 cannot have a writer below it');
      else out.blocking[i] = c.int(at('blocking'), blocking[i], 0, out.tx[i]! - 1) ?? -1;
    }
    const s = start[i];
    const e = end[i];
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) c.fail(at('start'), 'expected a time in ms ≥ 0');
    else if (typeof e !== 'number' || !Number.isFinite(e) || e < s) c.fail(at('end'), 'expected a time in ms ≥ start');
    else {
      out.start[i] = s;
      out.end[i] = e;
    }
  }
  c.throwIfAny();
  return {
    version,
    run: { scenario: f.scenario as string, strategy: strategy!, workers, blocks },
    trace: indexTrace(out),
  };
}

/** Block statistics; `withStart`: each must have its `startMs` (version 2). */
function parseBlocks(c: Checker, v: unknown, withStart: boolean): BlockStats[] {
  const list = c.array('trace.blocks', v) ?? [];
  return list.map((item, i) => {
    const path = `trace.blocks[${i}]`;
    const b = c.object(path, item);
    const stats = { fellBackToSequential: false } as BlockStats;
    if (!b) return stats;
    for (const name of STAT_FIELDS) {
      const x = b[name];
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) c.fail(`${path}.${name}`, 'expected a number ≥ 0');
      else stats[name] = x;
    }
    if (typeof b.fellBackToSequential !== 'boolean') c.fail(`${path}.fellBackToSequential`, 'expected true or false');
    else stats.fellBackToSequential = b.fellBackToSequential;
    // Version 1 files were written before blocks recorded when their clock started.
    if (b.startMs !== undefined || withStart) {
      if (typeof b.startMs !== 'number' || !Number.isFinite(b.startMs) || b.startMs < 0)
        c.fail(`${path}.startMs`, 'expected a time in ms ≥ 0');
      else stats.startMs = b.startMs;
    }
    return stats;
  });
}

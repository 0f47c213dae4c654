/**
 * The app's state: inputs (the scenario, mirrored in the URL) and run outputs pushed by the
 * runner in throttled batches. No engine internals live here: only what the views draw.
 * Slices are combined once; actions are plain functions at module level (zustand docs).
 */
import { create } from 'zustand';
import type {
  BlockDetail,
  BlockFileSize,
  BlockLinkFit,
  BlockStats,
  IndexedTrace,
  PrepareProgress,
  Scenario,
  StateSummary,
  Strategy,
} from '../../engine/index.ts';
import { DEFAULT_SCENARIO } from '../../engine/index.ts';
import type { LinkedView } from '../url/viewHash.ts';
import type { GraphLayout } from '../charts/orderLayout.ts';

export type RunStatus = 'idle' | 'running' | 'done' | 'error';

export interface Notice {
  id: number;
  kind: 'warning' | 'error' | 'info';
  text: string;
}

/** A block file the page holds, with its size read when it was checked (see BlockFileSize). */
export interface ImportedFile extends BlockFileSize {
  name: string;
  /** Set when the file is a block-file preset's: the link names it (`preset=<id>`). */
  preset?: string;
  /**
   * Any other file packed for the link (`block=`), or why it does not fit; presets have none.
   * A file opened from a link keeps the link's own parameter.
   */
  link?: BlockLinkFit;
  /**
   * The file's text, validated on import (in a worker). Kept as text: a run posts it to its
   * worker as one string, where a parsed object graph would be cloned field by field on the
   * page's main thread for every run.
   */
  text: string;
}

export interface ScenarioSlice {
  scenario: Scenario;
  imported: ImportedFile | null;
  importErrors: string[];
}

export interface RunSlice {
  status: RunStatus;
  /** Runs started in this page; lets tests (and views) tell one run's "done" from the next. */
  runId: number;
  error: string | null;
  /** What the last run used (the inputs may have changed since). */
  ran: {
    strategy: Scenario['strategy'];
    workers: number;
    totalTxs: number;
    totalBlocks: number;
    /** The scenario's query string, or the imported block file's name (for exports). */
    scenario: string;
    /** Which blocks ran (see blocksOf). */
    blocks: string;
    /** Each block's transactions. */
    blockSizes: readonly number[];
  } | null;
  blocks: BlockStats[];
  receipts: Uint8Array[];
  details: (BlockDetail | undefined)[];
  baseline: { status: 'idle' | 'running' | 'done' | 'error'; blocks: BlockStats[] };
  digest: string | null;
  /**
   * The run's final state, the last thing a run brings (the panels' height hold waits for it).
   * Protocol state shows each block's own snapshot from its detail instead.
   */
  summary: StateSummary | null;
  trace: IndexedTrace | null;
  /** Blocks built so far while the run is preparing (reported every 100 ms; null before). */
  preparing: PrepareProgress | null;
  /** Sub-block progress of the current block: transactions past the execution index. */
  live: { executed: number; blockSize: number } | null;
  startedAt: number;
  wallMs: number;
  /** The run waits for the engines' warm-up after load before it starts (see startRun). */
  warming: boolean;
}

export interface UiSlice {
  /** Block shown in the graph, timeline and state views; null follows `followBlock`. */
  pinnedBlock: number | null;
  /**
   * The latest block, as the heavy views follow it: during a run it moves at most once a
   * second, so the page is not re-deriving a 2,000-node graph for every block.
   */
  followBlock: number | null;
  selectedTx: number | null;
  /**
   * A view the link named (`#show=3&tx=42`) that waits for a finished run to apply to: the page
   * opens before anything has run. `forBlocks` names the blocks it was named on (see blocksOf):
   * it applies to a run of those only. See applyLinkedView.
   */
  linkedView: (LinkedView & { forBlocks: string }) | null;
  /** The conflict graph's layout; part of the view, so the link's fragment carries it. */
  graphLayout: GraphLayout;
  notices: Notice[];
  engineMode: 'workers' | 'in-process';
}

export type AppState = ScenarioSlice & RunSlice & UiSlice;

export const initialRun: Omit<RunSlice, 'runId'> = {
  status: 'idle',
  error: null,
  ran: null,
  blocks: [],
  receipts: [],
  details: [],
  baseline: { status: 'idle', blocks: [] },
  digest: null,
  summary: null,
  trace: null,
  preparing: null,
  live: null,
  startedAt: 0,
  wallMs: 0,
  warming: false,
};

export const useApp = create<AppState>()(() => ({
  scenario: DEFAULT_SCENARIO,
  imported: null,
  importErrors: [],
  ...initialRun,
  runId: 0,
  pinnedBlock: null,
  followBlock: null,
  selectedTx: null,
  linkedView: null,
  graphLayout: 'force',
  notices: [],
  engineMode: 'workers',
}));

/** The block the views show: the pinned one, else the latest completed one. */
export const selectShownBlock = (s: AppState): number | null =>
  s.pinnedBlock !== null && s.pinnedBlock < s.blocks.length ? s.pinnedBlock : s.followBlock;

/**
 * The strategy and worker count of the shown run, else the ones the inputs will run. Views that
 * take their shape from them (the timeline's lanes, the legends, the live-speedup note) have it
 * before the first run too, so nothing grows under the visitor's pointer when a run begins. One
 * number each, not the scenario: typing a seed does not re-render them.
 */
export const selectRunStrategy = (s: AppState): Strategy => s.ran?.strategy ?? s.scenario.strategy;
export const selectRunWorkers = (s: AppState): number =>
  s.ran?.workers ??
  // Without cross-origin isolation the engine runs in the page, on one worker (see enginePools).
  (s.scenario.strategy === 'sequential' || s.engineMode === 'in-process' ? 1 : s.scenario.workers);
let noticeId = 0;
export function addNotice(kind: Notice['kind'], text: string): void {
  useApp.setState((s) => ({ notices: [...s.notices, { id: ++noticeId, kind, text }] }));
}
export function dismissNotice(id: number): void {
  useApp.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

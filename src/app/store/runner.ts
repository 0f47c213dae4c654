/**
 * The runner turns a run into store updates (its pools are made in enginePools.ts). Progress
 * from the workers is buffered and flushed at most every FLUSH_MS (250 ms), so a fast run cannot
 * flood React.
 * After a Block-STM run it measures the sequential baseline on the same blocks (median of up to
 * three runs, cached per workload), so the throughput chart always compares like with like in
 * the same session.
 */
import {
  formatScenario,
  recordsTrace,
  type BlockResult,
  type BlockStats,
  type BlockFile,
  type Scenario,
  type WorkloadSource,
} from '../../engine/index.ts';
import { RunCancelled } from '../../pool/pool.ts';
import type { BlockFileCheck } from '../../pool/api.ts';
import { initialRun, useApp } from './store.ts';
import { setRunData } from './runData.ts';
import { medianBlockStats } from '../charts/math.ts';
import { KEEP_DETAIL_TXS, releaseOldDetails } from './detailBudget.ts';
import { BaselineCache } from './baselineCache.ts';
import { flushScenarioUrl } from '../url/scenarioUrl.ts';
import { onIdle } from '../idle.ts';
import { applyLinkedView, blocksOf, leftOutOfLink, linkedBlocks } from './actions.ts';
import { cancelRunPools, getBaselinePool, getFilePool, getPool } from './enginePools.ts';
import { stopWarmUp, warmUpEngines, warmUpUnderway } from './warmUp.ts';

/**
 * Blocks reach the store (throughput chart, totals) at most this often. Each update re-renders
 * and repaints while the workers hold every core: at 50 ms, 16 runs alternating with 16 at
 * 250 ms measured a median speedup of 1.37× against 1.52× (an earlier 10-and-10 gave 1.26×
 * against 1.34×). Four updates a second still read as live; the progress bar has its own timer.
 */
const FLUSH_MS = 250;
/** Heavy views (graph, timeline, multi-version state) follow the run at most this often. */
const FOLLOW_MS = 1000;
const SUMMARY_ACCOUNTS = 25;
/** The sequential baseline: up to this many runs, while they fit in the budget (ms). */
const BASELINE_RUNS = 3;
const BASELINE_BUDGET_MS = 1500;

const baselines = new BaselineCache();

export function currentSource(): WorkloadSource {
  const s = useApp.getState();
  return s.imported ? { kind: 'file', file: s.imported.text } : { kind: 'scenario', scenario: s.scenario };
}

/**
 * Resolves once the page has rendered a frame (and at most 100 ms from now: a hidden tab runs
 * no animation frames).
 */
const afterNextFrame = (): Promise<void> =>
  new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(fallback);
        resolve();
      }, 0),
    );
  });

let runId = 0;
/** The last run Stop was pressed for (a run waiting for the warm-up looks here). */
let stoppedRunId = 0;
const nextTask = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
/** The next time the main thread is idle (at most half a second from now). */
const whenIdle = (): Promise<void> => new Promise((r) => onIdle(r, 500));

let runRequested = false;
/**
 * Run pressed: start the run in a task of its own, so the click's task only handles the input
 * and the re-render it starts comes in the next one. Pressed during the warm-up, with both cores
 * busy, the longest main-thread task around the click had a median of 18.5 ms and reached 67 ms
 * (36 presses); split, a median of 12 ms and at most 29 ms (24). A second press before then is
 * the same one. The address bar names the scenario at once (a cheap write), so a link copied
 * right after the press is the run's.
 */
export function requestRun(): void {
  flushScenarioUrl();
  if (runRequested) return;
  runRequested = true;
  setTimeout(() => {
    runRequested = false;
    void startRun();
  }, 0);
}

/** The run itself, started by requestRun (which has written the address bar already). */
async function startRun(): Promise<void> {
  const p = getPool();
  // Run is pressed moments after load: let the warm-up finish (about 2.5 s at most) rather than
  // measure a cold engine. Started at once, the first run read 0.44-0.61x on the 2-core machine
  // (its baseline, measured after it, was warm) and the second 0.64-0.76x, against 1.18-1.29x
  // for a first run 4 s after load. No run of the user's precedes the warm-up's end, so there
  // is none to stop. Pressed before the warm-up's own start (200 ms after load), Run starts it.
  warmUpEngines(); // a no-op once it has started (or been stopped)
  const warming = warmUpUnderway();
  if (!warming) {
    stopWarmUp();
    await stopRun();
  }
  const id = ++runId;
  const { scenario } = useApp.getState();
  const source = currentSource();
  const strategy = scenario.strategy;
  const workers = strategy === 'sequential' ? 1 : Math.min(scenario.workers, p.maxWorkers);
  const imported = useApp.getState().imported;
  // What a trace file says it recorded: a query string that reproduces the run where one does
  // (a preset's blocks or a file packed in the link), else the imported file's name.
  const { preset, block } = linkedBlocks(imported);
  const label = leftOutOfLink(imported) ? imported.name : formatScenario(scenario, preset, block);
  useApp.setState((s) => ({
    ...initialRun,
    runId: s.runId + 1,
    status: 'running',
    startedAt: performance.now(),
    selectedTx: null,
    followBlock: null,
    warming: warming !== null,
  }));
  if (warming) {
    await warming.ended;
    if (id !== runId || stoppedRunId === id) {
      if (id === runId) useApp.setState({ status: 'idle', warming: false });
      return;
    }
    useApp.setState({ warming: false, startedAt: performance.now() });
  }
  let lastFollow = performance.now();

  let pending: BlockResult[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    timer = null;
    if (id !== runId || pending.length === 0) return;
    const batch = pending;
    pending = [];
    useApp.setState((s) => {
      const blocks = [...s.blocks];
      const receipts = [...s.receipts];
      const details = [...s.details];
      for (const r of batch) {
        blocks[r.stats.block] = r.stats;
        receipts[r.stats.block] = r.receipts;
        details[r.stats.block] = r.detail;
      }
      releaseOldDetails(details, KEEP_DETAIL_TXS, s.pinnedBlock);
      const live = p.liveIndexes();
      return {
        blocks,
        receipts,
        details,
        live: live ? { executed: Math.min(live[0], live[2]), blockSize: live[2] } : null,
      };
    });
    // The heavy views move in a task of their own, at most once a second.
    if (performance.now() - lastFollow >= FOLLOW_MS) {
      lastFollow = performance.now();
      setTimeout(() => {
        if (id !== runId) return;
        useApp.setState((s) => ({ followBlock: s.blocks.length - 1 }));
        setTimeout(() => id === runId && recordsTrace(strategy) && useApp.setState({ trace: p.traceColumns() }), 0);
      }, 0);
    }
  };
  const liveTimer = setInterval(() => {
    const live = p.liveIndexes();
    if (live && id === runId) useApp.setState({ live: { executed: Math.min(live[0], live[2]), blockSize: live[2] } });
  }, 200);

  try {
    const out = await p.run(
      {
        source,
        strategy,
        workers,
        options: {
          vmCost: scenario.vmCost,
          detail: true,
          trace: recordsTrace(strategy),
          summaryAccounts: SUMMARY_ACCOUNTS,
        },
      },
      {
        onPreparing: (progress) => {
          if (id === runId) useApp.setState({ preparing: progress });
        },
        onPrepared: (info, prepared) => {
          if (id !== runId) return;
          setRunData(prepared);
          useApp.setState({
            preparing: null,
            ran: {
              strategy,
              workers: info.workers,
              totalTxs: info.totalTxs,
              totalBlocks: info.blocks,
              scenario: label,
              blocks: blocksOf(scenario, imported),
              // A generated workload's blocks all have its block size.
              blockSizes: imported?.blockSizes ?? new Array<number>(info.blocks).fill(scenario.blockSize),
            },
          });
          // Draw that before the workers start: rendered during block 0 instead, it took a core
          // from them and block 0 ran a median 1.5-2x slower than the run's later blocks.
          return afterNextFrame();
        },
        onBlock: (r) => {
          // Copy the block's trace events out of the workers' rings now, while they are sure to
          // be there: the views take the trace only once a second, and a ring laps faster.
          if (recordsTrace(strategy)) p.traceColumns();
          pending.push(r);
          if (!timer) timer = setTimeout(flush, FLUSH_MS);
        },
      },
    );
    if (timer) clearTimeout(timer);
    flush();
    if (id !== runId) return;
    // Staged so no single task re-renders every view at once.
    useApp.setState({
      status: 'done',
      digest: out.digest,
      wallMs: out.wallMs,
      live: null,
      // A parallel run's baseline follows once the page is idle: the graph's force layout waits
      // for it (see ConflictGraph), so the baseline is not measured against the layout's worker.
      ...(strategy !== 'sequential' ? { baseline: { status: 'running' as const, blocks: [] } } : {}),
    });
    // After each wait, a Run pressed in the meantime owns the state: this run's results stop here.
    await nextTask();
    if (id !== runId) return;
    useApp.setState((s) => ({ followBlock: s.blocks.length - 1 }));
    applyLinkedView();
    await nextTask();
    if (id !== runId) return;
    if (recordsTrace(strategy)) useApp.setState({ trace: p.traceColumns() });
    await nextTask();
    if (id !== runId) return;
    useApp.setState({ summary: out.summary });
    if (strategy === 'sequential') {
      const stats = out.blocks.map((b) => b.stats);
      baselines.set(source, scenario.vmCost, stats);
      useApp.setState({ baseline: { status: 'done', blocks: stats } });
    } else {
      // Once the page has drawn the finished run: the baseline's worker would otherwise take a
      // core from the end-of-run rendering, the heaviest main-thread work of a run.
      await whenIdle();
      if (id === runId) void measureBaseline(id, source, scenario);
    }
  } catch (e) {
    if (timer) clearTimeout(timer);
    if (id !== runId) return;
    if (e instanceof RunCancelled || (e as Error)?.name === 'RunCancelled') {
      flush();
      useApp.setState((s) => ({
        status: 'idle',
        error: null,
        live: null,
        followBlock: s.blocks.length > 0 ? s.blocks.length - 1 : null,
      }));
    } else {
      useApp.setState({ status: 'error', error: (e as Error)?.message ?? String(e), live: null });
    }
  } finally {
    clearInterval(liveTimer);
  }
}

async function measureBaseline(id: number, source: WorkloadSource, scenario: Scenario): Promise<void> {
  const cached = baselines.get(source, scenario.vmCost);
  if (cached) {
    useApp.setState({ baseline: { status: 'done', blocks: cached } });
    return;
  }
  useApp.setState({ baseline: { status: 'running', blocks: [] } });
  try {
    // Several runs when they are quick, each block's median kept: see medianBlockStats.
    const runs: BlockStats[][] = [];
    const started = performance.now();
    do {
      const out = await getBaselinePool().run({
        source,
        strategy: 'sequential',
        workers: 1,
        options: { vmCost: scenario.vmCost, detail: false, trace: false, summaryAccounts: 0 },
      });
      runs.push(out.blocks.map((b) => b.stats));
    } while (runs.length < BASELINE_RUNS && performance.now() - started < BASELINE_BUDGET_MS && id === runId);
    const blocks = medianBlockStats(runs);
    baselines.set(source, scenario.vmCost, blocks);
    if (id === runId) useApp.setState({ baseline: { status: 'done', blocks } });
  } catch {
    if (id === runId) useApp.setState({ baseline: { status: 'error', blocks: [] } });
  }
}

export async function stopRun(): Promise<void> {
  stoppedRunId = runId;
  await cancelRunPools();
}

/**
 * Validate a block file's text in a worker of its own, so an import neither freezes the page
 * nor waits for a run or a baseline that holds the other pools' workers.
 */
export async function checkBlockFile(text: string): Promise<BlockFileCheck> {
  return getFilePool().checkBlockFile(text);
}

/** The current workload as a block file (built in a worker; the page stays responsive). */
export async function exportCurrent(): Promise<BlockFile> {
  return getPool().exportBlockFile(currentSource());
}

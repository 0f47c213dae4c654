/** Progress bar, the run's totals and the state digest. */
import { useShallow } from 'zustand/react/shallow';
import { selectRunStrategy, selectRunWorkers, useApp } from '../store/store.ts';
import { selectSmallBlocks } from '../store/smallBlocks.ts';
import { countOf, formatRate, speedup } from '../charts/math.ts';
import { shortBlockMs, smallBlocksNote } from '../charts/blockFacts.ts';
import { totalStats } from '../../engine/index.ts';

export function RunStatus() {
  const status = useApp((s) => s.status);
  const ran = useApp((s) => s.ran);
  const preparing = useApp((s) => s.preparing);
  const warming = useApp((s) => s.warming);
  const blocks = useApp((s) => s.blocks);
  const live = useApp((s) => s.live);
  const digest = useApp((s) => s.digest);
  const error = useApp((s) => s.error);
  const baseline = useApp((s) => s.baseline);
  const done = blocks.filter(Boolean).length;
  const total = ran?.totalBlocks ?? 0;
  const partial = live && status === 'running' && live.blockSize > 0 ? live.executed / live.blockSize : 0;
  const fraction = total > 0 ? Math.min(1, (done + (done < total ? partial : 0)) / total) : 0;
  const { txs, wallMs: wall, executions: execs, aborts, suspensions: waits } = totalStats(blocks.filter(Boolean));
  const sp = speedup(blocks, baseline.blocks);
  // The workers share the cores with the page's process (its main thread, and the helper threads
  // that collect the workers' garbage), while the baseline runs one worker with a core to spare:
  // default runs read about 1.2× here against 1.5-1.6× in the headless bench (see the README's
  // table). Say so, rather than let the number speak for the engine.
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  // Of the shown run, else of the inputs, so the note stands before the first run as well: arriving
  // as the run began (after the engine's warm-up, with the first blocks) or with the baseline's
  // result, it pushed every view down a line under the visitor's pointer.
  const strategy = useApp(selectRunStrategy);
  const workers = useApp(selectRunWorkers);
  const speedupNote = strategy !== 'sequential' && workers >= cores;
  // Known from the inputs, before any block: said then, the note neither arrives with the first
  // block nor waits for it.
  const smallNote = smallBlocksNote(useApp(useShallow(selectSmallBlocks)), workers);
  const shortMs = sp !== null && ran?.strategy !== 'sequential' ? shortBlockMs(baseline.blocks) : null;
  // Until the worker has built the blocks (seconds for millions of transactions), there is no block to count.
  const progressLabel =
    status === 'idle'
      ? 'Ready'
      : status === 'running'
        ? warming
          ? 'Warming the engine up first, so the measurement is not of code still being compiled…'
          : ran === null
            ? preparing
              ? `Preparing the blocks… ${preparing.blocks} of ${preparing.of}`
              : 'Preparing the blocks…'
            : `Running block ${Math.min(done + 1, total)} of ${total}`
        : status === 'done'
          ? `Done: ${countOf(done, 'block')}`
          : 'Failed';
  return (
    <section className="run-status" aria-label="Run status">
      <div className="progress-row">
        <progress max={1} value={fraction} aria-label="Run progress" />
        <span title={progressLabel}>{progressLabel}</span>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <dl className="totals">
        <div>
          <dt>Throughput</dt>
          <dd>{wall > 0 ? `${formatRate((txs * 1000) / wall)} tx/s` : '—'}</dd>
        </div>
        <div>
          <dt>Speedup vs sequential</dt>
          <dd data-testid="speedup">
            {ran?.strategy === 'sequential'
              ? '1.00× (baseline)'
              : sp !== null
                ? `${sp.toFixed(2)}×`
                : baseline.status === 'running'
                  ? 'measuring…'
                  : '—'}
          </dd>
        </div>
        <div>
          <dt>Executions / tx</dt>
          <dd>{txs > 0 ? (execs / txs).toFixed(3) : '—'}</dd>
        </div>
        <div>
          <dt>Aborts · waits</dt>
          <dd data-testid="aborts-waits">{txs > 0 ? `${aborts} · ${waits}` : '—'}</dd>
        </div>
        <div className="digest">
          <dt>State digest</dt>
          <dd data-testid="state-digest">{digest ?? '—'}</dd>
        </div>
      </dl>
      {/* One box for the notes, so a run can keep their height while it clears and refills
          them (see heldPanelHeights.ts): a note about the last run's blocks would otherwise
          leave at Run and come back with the blocks, moving every view twice. */}
      <div className="run-notes">
        {speedupNote && (
          <p className="hint" data-testid="speedup-note">
            Measured live: this page shares the {cores === 1 ? 'core' : `${cores} cores`} with {workers}{' '}
            {workers === 1 ? 'worker' : 'workers'}, so the speedup reads lower than in a headless benchmark.
          </p>
        )}
        {shortMs !== null && (
          <p className="hint" data-testid="short-blocks-note">
            Each block took the sequential baseline {shortMs.toFixed(2)} ms (median). Blocks that short are timed to
            within a worker&apos;s wake-up and this page&apos;s own work on the same cores, so the speedup varies a lot
            from run to run. A higher VM cost makes every transaction, and so every block, longer and the measurement
            steadier.
          </p>
        )}
        {smallNote && (
          <p className="hint" data-testid="fallback-note">
            {smallNote}
          </p>
        )}
      </div>
    </section>
  );
}

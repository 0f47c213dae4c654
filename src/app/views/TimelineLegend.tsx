/** Under the worker timeline: the colour key, then the shown block's event count and the trace export. */
import { recordsTrace, TRACE_KEEP_EVENTS, traceFileOf, type Strategy } from '../../engine/index.ts';
import { countOf, groupDigits } from '../charts/math.ts';
import { TRACE_COLORS } from '../charts/traceColors.ts';
import { PAUSED_MEANING } from '../charts/pauses.ts';
import { LATE_MEANING, lateStartNote, type LateStart } from '../charts/lateStarts.ts';
import { addNotice, useApp } from '../store/store.ts';
import { downloadJson } from '../download.ts';

/** The whole run's trace as a file (every block, not just the shown one). */
function exportTrace(): void {
  const { trace, ran, blocks } = useApp.getState();
  if (!trace || !ran) return;
  try {
    const file = traceFileOf(trace, { scenario: ran.scenario, strategy: ran.strategy, workers: ran.workers, blocks });
    downloadJson('dexsim-trace.json', file);
  } catch (err) {
    addNotice('error', `Trace export failed: ${(err as Error).message}`);
  }
}

const PAUSED_TITLE = `A paused task: ${PAUSED_MEANING}.`;
const LATE_TITLE = `A late start: ${LATE_MEANING}.`;

export function TimelineLegend({
  strategy,
  events,
  letGo,
  paused,
  late,
  dropped,
  running,
  onResetZoom,
}: {
  strategy: Strategy;
  /** The shown block's event count, or null while there is no trace of it. */
  events: number | null;
  /** When the shown block's events were let go: the first block whose events the page still keeps. */
  letGo: number | null;
  /** The shown block's tasks a pause stretched (see pauses.ts). */
  paused: number;
  /** The shown block's workers that were not running when it began (see lateStarts.ts). */
  late: readonly LateStart[];
  /** Events the workers' rings overwrote before the page copied them. */
  dropped: number;
  running: boolean;
  /** Set while the timeline is zoomed in. */
  onResetZoom: (() => void) | null;
}) {
  if (!recordsTrace(strategy))
    return (
      <p className="legend" data-testid="timeline-legend">
        The {strategy} strategy records no worker trace.
      </p>
    );
  return (
    <p className="legend" data-testid="timeline-legend">
      {Object.entries(TRACE_COLORS).map(([k, c]) => (
        <span key={k} className="key">
          <span className="swatch" style={{ background: c }} /> {k}
        </span>
      ))}
      <span className="key" title={PAUSED_TITLE}>
        <span className="swatch paused" /> paused
      </span>
      <span className="key" title={LATE_TITLE}>
        <span className="swatch late" /> late start
      </span>
      {/* A line of its own, whatever the width: the keys then take the same lines before a run as
          after, and the count's arrival does not rewrap them. */}
      <span className="trace-facts">
        {events === null ? (
          running ? (
            'Recording the trace…'
          ) : (
            'Run to record a trace.'
          )
        ) : (
          <>
            {letGo !== null
              ? `No events: this block's trace was let go, as the page keeps a run's latest ${groupDigits(TRACE_KEEP_EVENTS)} trace events (blocks ${letGo} on).`
              : countOf(events, 'event')}
            {paused > 0 && <span title={PAUSED_TITLE}>, {groupDigits(paused)} paused</span>}
            {/* A count, as for pauses; the words ("worker 1 started 3.37 ms late") are in its
                title and on the lanes. Written out here they would wrap the line on a phone, or
                at 16 workers on any screen, and move every view below when a block has one. */}
            {late.length > 0 && (
              <span title={`${lateStartNote(late)}. ${LATE_TITLE}`} data-testid="late-starts">
                , {countOf(late.length, 'late start')}
              </span>
            )}
            {dropped > 0 ? ` (${groupDigits(dropped)} older events dropped from the ring)` : ''}{' '}
            <button type="button" className="link" onClick={exportTrace} disabled={running}>
              Export trace
            </button>
            {onResetZoom && (
              <>
                {' '}
                <button type="button" className="link" title="Show the whole block again" onClick={onResetZoom}>
                  Reset zoom
                </button>
              </>
            )}
          </>
        )}
      </span>
    </p>
  );
}

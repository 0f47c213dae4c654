/** The worker timeline of the shown block, from the trace: a lane per worker, zoomable in time. */
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { scaleLinear, zoomIdentity, type ZoomTransform } from 'd3';
import { TRACE_KINDS } from '../../engine/index.ts';
import { blockEvents, formatDuration, timeAxisLabels } from '../charts/math.ts';
import { lateStarts, type LateStart } from '../charts/lateStarts.ts';
import { eventAtPixel, eventMarks, eventSpans, timelineInk, txEventSpans } from '../charts/timelineInk.ts';
import { pausedEvents } from '../charts/pauses.ts';
import { createPanZoom, type PanZoom } from '../charts/zoom.ts';
import { LATE_START_FILL, LATE_START_STRIPE, TRACE_KIND_COLORS } from '../charts/traceColors.ts';
import { SELECTED_TX_COLOR } from '../charts/selection.ts';
import { selectTx } from '../store/actions.ts';
import { selectRunStrategy, selectRunWorkers, selectShownBlock, useApp } from '../store/store.ts';
import { TimelineLegend } from './TimelineLegend.tsx';

const LANE = 26;
const TOP = 18;
const LEFT = 64;
/** Events at least this wide on screen get a start line, and a transaction label if it fits. */
const MARK_MIN_PX = 8;

/** Diagonal stripes of `color` over a lane band. */
function stripes(ctx: CanvasRenderingContext2D, x: number, top: number, w: number, color: string): void {
  const h = LANE - 6;
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, top, w, h);
  ctx.clip();
  ctx.beginPath();
  for (let sx = x - h; sx < x + w; sx += 6) {
    ctx.moveTo(sx, top + h);
    ctx.lineTo(sx + h, top);
  }
  ctx.stroke();
  ctx.restore();
}

/** Light stripes over each span's lane band: the key's "paused". */
function hatch(ctx: CanvasRenderingContext2D, spans: readonly { lane: number; x: number; w: number }[]): void {
  for (const s of spans) stripes(ctx, s.x, TOP + s.lane * LANE + 3, s.w, 'rgba(255, 255, 255, 0.45)');
}

/**
 * Grey stripes over the empty start of each late worker's lane (the key's "late start"), saying
 * how late where it fits: white there read as a worker with nothing to do.
 */
function drawLateStarts(
  ctx: CanvasRenderingContext2D,
  late: readonly LateStart[],
  x: (t: number) => number,
  right: number,
): void {
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const l of late) {
    const x0 = Math.max(LEFT, x(l.from));
    const x1 = Math.min(right, x(l.to));
    if (x1 <= x0) continue;
    const top = TOP + l.worker * LANE + 3;
    ctx.fillStyle = LATE_START_FILL;
    ctx.fillRect(x0, top, x1 - x0, LANE - 6);
    stripes(ctx, x0, top, x1 - x0, LATE_START_STRIPE);
    const by = formatDuration(l.to - l.from);
    const label = [l.never ? 'never started' : `started ${by} late`, `${by} late`].find(
      (text) => ctx.measureText(text).width + 8 <= x1 - x0,
    );
    if (label) {
      const w = ctx.measureText(label).width + 6;
      ctx.fillStyle = LATE_START_FILL;
      ctx.fillRect((x0 + x1) / 2 - w / 2, top + 3, w, LANE - 12);
      ctx.fillStyle = '#333';
      ctx.fillText(label, (x0 + x1) / 2, top + (LANE - 6) / 2);
    }
  }
  ctx.textAlign = 'start';
  ctx.textBaseline = 'alphabetic';
}

export function Timeline() {
  // Deferred: when the shown block moves, this view re-renders as interruptible background work.
  const block = useDeferredValue(useApp(selectShownBlock));
  // Deferred too: a new trace arrives in the task that pulled it from the workers' rings; its
  // re-render (and canvas redraw) then runs as separate background work, not in that task.
  const trace = useDeferredValue(useApp((s) => s.trace));
  // Before a run, the lanes and the colour key the run will bring (see selectRunWorkers).
  const workers = useApp(selectRunWorkers);
  const strategy = useApp(selectRunStrategy);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const panZoom = useRef<PanZoom | null>(null);
  const zoomed = transform.k !== 1 || transform.x !== 0;
  const [width, setWidth] = useState(600);
  // The axis spans the shown block's clock, the time its wall time measures (see blockEvents):
  // from its opening, so time before its first task (every worker late) is on the chart, to the
  // end of its commit.
  const stats = useApp((s) => (block !== null ? s.blocks[block] : undefined));
  const events = useMemo(
    () => (trace && block !== null ? blockEvents(trace, block, stats) : null),
    [trace, block, stats],
  );
  // Tasks a pause stretched (see pauses.ts): hatched, so a long bar does not read as a costly
  // transaction.
  const paused = useMemo(() => (trace && events ? pausedEvents(trace, events.idx) : []), [trace, events]);
  const stretched = useMemo(() => new Set(paused), [paused]);
  const height = TOP + workers * LANE + 8;
  // Workers that were not running when the block began (see lateStarts.ts): striped grey, so the
  // empty start of their lane does not read as a worker with nothing to do.
  const late = useMemo(() => (trace && events ? lateStarts(trace, events, workers) : []), [trace, events, workers]);
  const running = useApp((s) => s.status === 'running');
  const selectedTx = useApp((s) => s.selectedTx);

  useEffect(() => {
    const canvas = canvasRef.current!;
    let size: [number, number] = [canvas.clientWidth, canvas.clientHeight];
    const pz = createPanZoom(canvas, {
      scaleExtent: [1, 200],
      xOnly: true,
      bounded: true,
      size: () => size,
      onTransform: setTransform,
    });
    panZoom.current = pz;
    const observer = new ResizeObserver(([e]) => {
      if (!e) return;
      size = [e.contentRect.width, e.contentRect.height];
      pz.update({});
      setWidth(e.contentRect.width);
    });
    observer.observe(canvas);
    return () => {
      observer.disconnect();
      pz.destroy();
    };
  }, []);

  const x = useMemo(() => {
    const base = scaleLinear()
      .domain(events ? [events.t0, events.t1] : [0, 1])
      .range([LEFT, width - 8]);
    return transform.rescaleX(base);
  }, [events, width, transform]);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const ctx = canvas.getContext('2d')!;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#333';
    for (let w = 0; w < workers; w++) ctx.fillText(`worker ${w}`, 4, TOP + w * LANE + LANE / 2 + 4);
    if (!trace || !events) return;
    // Ink in proportion to time: a sub-pixel validation is not painted as wide as an execution.
    const geometry = { x, left: LEFT, right: width, lanes: workers, kinds: TRACE_KINDS.length, height: LANE - 6 };
    for (const r of timelineInk(trace, events.idx, geometry)) {
      ctx.fillStyle = TRACE_KIND_COLORS[r.kind]!;
      ctx.fillRect(r.x, TOP + r.lane * LANE + 3 + r.y, r.w, r.h);
    }
    drawLateStarts(ctx, late, x, width);
    hatch(ctx, eventSpans(trace, paused, geometry));
    // Zoomed in far enough, each task's start is a hairline and, where it fits, its transaction
    // (·n for a re-execution's incarnation) is written on it, and "paused" on a stretched one.
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const m of eventMarks(trace, events.idx, geometry, MARK_MIN_PX)) {
      const top = TOP + m.lane * LANE + 3;
      ctx.fillStyle = '#fff';
      ctx.fillRect(m.x, top, 1, LANE - 6);
      const label = m.incarnation > 0 ? `${m.tx}·${m.incarnation}` : String(m.tx);
      const fits = (text: string): boolean => ctx.measureText(text).width + 6 <= m.w;
      const text = stretched.has(m.event) && fits(`${label} paused`) ? `${label} paused` : label;
      if (fits(text)) ctx.fillText(text, m.x + m.w / 2, top + (LANE - 6) / 2);
    }
    ctx.textAlign = 'start';
    ctx.textBaseline = 'alphabetic';
    // The inspector's transaction: each of its events outlined, at least 4 px wide, so its
    // executions, waits and validations can be found zoomed out.
    if (selectedTx !== null) {
      ctx.strokeStyle = SELECTED_TX_COLOR;
      ctx.lineWidth = 2;
      for (const span of txEventSpans(trace, events.idx, geometry, selectedTx, 4))
        ctx.strokeRect(span.x, TOP + span.lane * LANE + 1, span.w, LANE - 2);
    }
    ctx.fillStyle = '#555';
    for (const tick of timeAxisLabels(x, events.t0, width - 2, (label) => ctx.measureText(label).width))
      ctx.fillText(tick.label, tick.x, 11);
  }, [trace, events, paused, stretched, late, x, width, height, workers, selectedTx]);

  return (
    <section className="panel" aria-labelledby="tl-title">
      <h2 id="tl-title">Worker timeline{block !== null ? ` — block ${block}` : ''}</h2>
      <canvas
        ref={canvasRef}
        style={{ height }}
        className="timeline-canvas"
        data-testid="timeline"
        role="img"
        aria-label="Worker timeline: executions, validations, aborts and waits per worker, hatched where a pause stretched a task, striped grey where a worker started late; scroll to zoom"
        onClick={(e) => {
          if (!trace || !events) return;
          const rect = e.currentTarget.getBoundingClientRect();
          const px = e.clientX - rect.left;
          const lane = Math.floor((e.clientY - rect.top - TOP) / LANE);
          const hit = eventAtPixel(trace, events.idx, { x }, lane, px);
          if (hit >= 0) selectTx(trace.tx[hit]!);
        }}
      />
      <TimelineLegend
        strategy={strategy}
        events={events ? events.idx.length : null}
        letGo={
          trace?.releasedBefore !== undefined && block !== null && block < trace.releasedBefore
            ? trace.releasedBefore
            : null
        }
        paused={paused.length}
        late={late}
        dropped={trace?.dropped ?? 0}
        running={running}
        onResetZoom={zoomed ? () => panZoom.current?.reset() : null}
      />
    </section>
  );
}

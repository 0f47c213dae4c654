/** The conflict graph of the shown block: a node per transaction, an edge per dependency. */
import { useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { zoomIdentity, type ZoomTransform } from 'd3';
import { createForceGraph, type Bounds, type ForceGraph, type GraphData } from '../charts/forceGraph.ts';
import { createPanZoom, wholeTransform, type PanZoom } from '../charts/zoom.ts';
import { countOf, graphModel, groupDigits } from '../charts/math.ts';
import { selectTx } from '../store/actions.ts';
import { kindName, kindsOf } from '../store/runData.ts';
import { KIND_COLORS, kindCounts } from '../charts/graphColors.ts';
import { selectShownBlock, useApp } from '../store/store.ts';
import { DETAIL_LET_GO, detailLetGo } from '../store/detailBudget.ts';
import type { GraphLayout } from '../charts/orderLayout.ts';

/** Zoom limits: specks of a 20,000-node graph at one end, a lesson's node labels at the other. */
const SCALE_EXTENT: [number, number] = [0.2, 12];
/**
 * A small graph grows to fill the panel at most this much: 8 nodes at d3-force's spacing sit in a
 * few dozen pixels at the middle of a large panel, too small to click or to show a class.
 */
const FIT_MAX_SCALE = 3;
/** Pixels kept free around a fitted graph, so its outer nodes and rings are not cut. */
const FIT_PAD = 28;

export function ConflictGraph() {
  // Deferred: when the shown block moves, this view re-renders as interruptible background work.
  const block = useDeferredValue(useApp(selectShownBlock));
  const detail = useApp((s) => (block === null ? undefined : s.details[block]));
  const letGo = useApp((s) => detailLetGo(s, block));
  const selectedTx = useApp((s) => s.selectedTx);
  const layout = useApp((s) => s.graphLayout);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const graph = useRef<ForceGraph | null>(null);
  const panZoom = useRef<PanZoom | null>(null);
  /**
   * Whether new positions or a resized panel fit the whole graph to the panel ('fit': every
   * new graph, and the Fit button) or leave the view alone ('user': a pan or zoom). At d3-force's
   * spacing a 1,000-node block is about four panels wide, and the panel used to show a patch of
   * it: a hot pool's chain or a conflict-free block's scatter only show whole.
   */
  const viewMode = useRef<'fit' | 'user'>('fit');
  const applyView = useRef<() => void>(() => undefined);
  /** The extent of the shown graph's latest positions, once any have arrived. */
  const layoutBounds = useRef<Bounds | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current!;
    let size: [number, number] = [canvas.clientWidth, canvas.clientHeight];
    /** The view as last set; null until the first graph is placed. */
    let shown: ZoomTransform | null = null;
    const apply = (): void => {
      if (viewMode.current === 'user') return;
      // A settling layout is followed as it spreads, about every 30 ms, rather than jumping
      // once it is done (the spiral fits at 0.45× where the settled 1,000 nodes need 0.26×).
      const bounds = layoutBounds.current;
      if (bounds) panZoom.current?.set(wholeTransform(bounds, size, FIT_PAD, [SCALE_EXTENT[0], FIT_MAX_SCALE]));
      // Before the first layout, put the graph's origin (its layouts' centre) at the panel's
      // centre. Later graphs keep the last fit until their positions arrive, so the view does
      // not jump to 1× and back when the run's spiral starts to settle.
      else if (!shown) panZoom.current?.set(zoomIdentity.translate(size[0] / 2, size[1] / 2));
    };
    applyView.current = apply;
    const g = createForceGraph(canvas, (bounds) => {
      layoutBounds.current = bounds;
      apply();
    });
    graph.current = g;
    panZoom.current = createPanZoom(canvas, {
      scaleExtent: SCALE_EXTENT,
      size: () => size,
      onTransform: (t, byUser) => {
        if (byUser) viewMode.current = 'user';
        shown = t;
        g.setTransform(t);
      },
    });
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const [dx, dy] = [(entry.contentRect.width - size[0]) / 2, (entry.contentRect.height - size[1]) / 2];
      size = [entry.contentRect.width, entry.contentRect.height];
      g.resize(size[0], size[1]);
      // A view the user moved keeps what was at the panel's centre there.
      if (viewMode.current === 'user' && shown)
        panZoom.current?.set(zoomIdentity.translate(shown.x + dx, shown.y + dy).scale(shown.k));
      else apply();
    });
    observer.observe(canvas);
    return () => {
      observer.disconnect();
      panZoom.current?.destroy();
      g.destroy();
    };
  }, []);

  const { data, kinds } = useMemo(() => {
    if (!detail || block === null) return { data: null, kinds: [] };
    const model = graphModel(detail);
    const codes = kindsOf(block);
    const colors = Array.from({ length: model.nodes }, (_x, i) => KIND_COLORS[kindName(codes[i] ?? 0)]);
    const data: GraphData = { nodes: model.nodes, links: model.links, colors, reexecuted: model.reexecuted };
    return { data, kinds: kindCounts(codes) };
  }, [detail, block]);

  // While a run or its sequential baseline keeps the cores busy, show the cheap starting
  // layout; settle it when idle.
  const settle = useApp((s) => s.status !== 'running' && s.baseline.status !== 'running');
  useEffect(() => {
    if (data) {
      layoutBounds.current = null;
      graph.current?.setData(data, useApp.getState().selectedTx, settle, layout);
      viewMode.current = 'fit';
      applyView.current();
    }
  }, [data, settle, layout]);

  useEffect(() => graph.current?.setSelected(selectedTx), [selectedTx]);

  const reexecuted = data ? data.reexecuted.reduce((a, b) => a + b, 0) : 0;
  return (
    <section className="panel graph-panel" aria-labelledby="cg-title">
      <h2 id="cg-title">Conflict graph{block !== null ? ` — block ${block}` : ''}</h2>
      <canvas
        ref={canvasRef}
        className="graph-canvas"
        data-testid="conflict-graph"
        aria-label="Conflict graph: click a transaction to inspect it; drag to pan, scroll to zoom"
        role="img"
        onClick={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          const hit = graph.current?.pick(e.clientX - rect.left, e.clientY - rect.top);
          if (hit !== null && hit !== undefined) selectTx(hit);
        }}
      />
      <p className="legend" data-testid="graph-legend">
        {data ? (
          <>
            {`${countOf(data.nodes, 'transaction')}, ${countOf(data.links.length / 2, 'dependency', 'dependencies')}, ${groupDigits(reexecuted)} re-executed (red ring)`}{' '}
            <button
              type="button"
              className="link"
              title="Show the whole graph in the panel"
              onClick={() => {
                viewMode.current = 'fit';
                applyView.current();
              }}
            >
              Fit
            </button>
            <label className="graph-layout">
              Layout{' '}
              <select
                value={layout}
                onChange={(e) => useApp.setState({ graphLayout: e.target.value as GraphLayout })}
                title="By links: d3-force pulls dependent transactions together. In block order: transaction 0 at the top left, each row turning back, so a chain is one line."
              >
                <option value="force">by links</option>
                <option value="order">in block order</option>
              </select>
            </label>
          </>
        ) : letGo ? (
          DETAIL_LET_GO
        ) : (
          'Run a scenario to see which transactions depend on which.'
        )}
      </p>
      {data && (
        <ul className="legend kind-legend" aria-label="Transaction kinds in this block" data-testid="kind-legend">
          {kinds.map((k) => (
            <li key={k.kind} data-kind={k.kind} data-count={k.count}>
              <span className="swatch kind" style={{ background: KIND_COLORS[k.kind] }} /> {k.kind}{' '}
              <span className="count">{groupDigits(k.count)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

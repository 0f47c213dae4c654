/** The conflict graph of the shown block: a node per transaction, an edge per dependency. */
import { useDeferredValue, useEffect, useMemo, useRef } from 'react';
import { zoomIdentity } from 'd3';
import { createForceGraph, type Bounds, type ForceGraph, type GraphData } from '../charts/forceGraph.ts';
import { createPanZoom, fitTransform, type PanZoom } from '../charts/zoom.ts';
import { countOf, graphModel, groupDigits } from '../charts/math.ts';
import { selectTx } from '../store/actions.ts';
import { KIND_COLORS, kindName, kindsOf } from '../store/runData.ts';
import { selectShownBlock, useApp } from '../store/store.ts';
import { DETAIL_LET_GO, detailLetGo } from '../store/detailBudget.ts';

export function ConflictGraph() {
  // Deferred: when the shown block moves, this view re-renders as interruptible background work.
  const block = useDeferredValue(useApp(selectShownBlock));
  const detail = useApp((s) => (block === null ? undefined : s.details[block]));
  const letGo = useApp((s) => detailLetGo(s, block));
  const selectedTx = useApp((s) => s.selectedTx);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const graph = useRef<ForceGraph | null>(null);
  const panZoom = useRef<PanZoom | null>(null);
  /** Whether the user panned or zoomed this graph: then a finished layout leaves the view alone. */
  const userMoved = useRef(false);

  useEffect(() => {
    const canvas = canvasRef.current!;
    let size: [number, number] = [canvas.clientWidth, canvas.clientHeight];
    // A small graph fills the canvas once laid out: 8 nodes at d3-force's spacing sit in a few
    // dozen pixels at the middle of a large panel, too small to click or to show a class. Again
    // when the panel changes size (the page crossing a layout width), unless the user moved it.
    let laidOut: Bounds | null = null;
    const fit = (): void => {
      if (!laidOut || userMoved.current) return;
      panZoom.current?.set(fitTransform(laidOut, size, 28, 3) ?? zoomIdentity);
    };
    const g = createForceGraph(canvas, (bounds) => {
      laidOut = bounds;
      fit();
    });
    graph.current = g;
    panZoom.current = createPanZoom(canvas, {
      scaleExtent: [0.2, 12],
      size: () => size,
      onTransform: (t, byUser) => {
        if (byUser) userMoved.current = true;
        g.setTransform(t);
      },
    });
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      size = [entry.contentRect.width, entry.contentRect.height];
      g.resize(size[0], size[1]);
      fit();
    });
    observer.observe(canvas);
    return () => {
      observer.disconnect();
      panZoom.current?.destroy();
      g.destroy();
    };
  }, []);

  const data = useMemo<GraphData | null>(() => {
    if (!detail || block === null) return null;
    const model = graphModel(detail);
    const kinds = kindsOf(block);
    const colors = Array.from({ length: model.nodes }, (_x, i) => KIND_COLORS[kindName(kinds[i] ?? 0)]);
    return { nodes: model.nodes, links: model.links, colors, reexecuted: model.reexecuted };
  }, [detail, block]);

  // While a run or its sequential baseline keeps the cores busy, show the cheap starting
  // layout; settle it when idle.
  const settle = useApp((s) => s.status !== 'running' && s.baseline.status !== 'running');
  useEffect(() => {
    if (data) {
      graph.current?.setData(data, useApp.getState().selectedTx, settle);
      panZoom.current?.reset();
      userMoved.current = false;
    }
  }, [data, settle]);

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
        {data
          ? `${countOf(data.nodes, 'transaction')}, ${countOf(data.links.length / 2, 'dependency', 'dependencies')}, ${groupDigits(reexecuted)} re-executed (red ring)`
          : letGo
            ? DETAIL_LET_GO
            : 'Run a scenario to see which transactions depend on which.'}
      </p>
    </section>
  );
}

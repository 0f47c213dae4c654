/**
 * The conflict graph renderer: positions from the layout worker (d3-force) or in block order
 * (computed here: a grid needs no worker), a canvas for drawing (thousands of nodes stay
 * smooth), a quadtree for picking. Framework-free, with setData/setTransform/destroy, so React
 * only hosts the canvas. The main thread only draws, and only when something changed.
 */
import { quadtree, zoomIdentity, type ZoomTransform } from 'd3';
import { incidentLinks } from './math.ts';
import { SELECTED_TX_COLOR } from './selection.ts';
import { REEXECUTED_RING } from './graphColors.ts';
import { orderLayout, orderLinkControl, type GraphLayout } from './orderLayout.ts';
import { arrowHead } from './arrowHead.ts';

export interface GraphData {
  nodes: number;
  /** Pairs (source, target). */
  links: Int32Array;
  colors: string[];
  reexecuted: Uint8Array;
}

/** Above this many nodes, edges are drawn only when zoomed in enough to read them. */
const LOD_NODES = 1500;
/** The selected transaction's links. */
const SELECTED_EDGE = '#333333';
/** Up to this many nodes, each carries its transaction number (a lesson's block, not a crowd). */
const LABEL_NODES = 40;
/**
 * Every link gets an arrowhead once its nodes are drawn at least this many pixels in radius
 * (the lesson's graph fitted to the panel, a 1,000-node block zoomed to 1×): zoomed out, a
 * thousand heads would be a smudge on each node. The inspected transaction's links have theirs
 * at any zoom.
 */
const ARROW_MIN_NODE_PX = 4;
/** An arrowhead's size on screen, in pixels, at any zoom. */
const ARROW_LENGTH_PX = 7;
const ARROW_HALF_WIDTH_PX = 3;

/** A layout's extent in graph coordinates: [minX, minY, maxX, maxY]. */
export type Bounds = [number, number, number, number];

export interface ForceGraph {
  /**
   * New graph. In the force layout, `settle` runs the forces (else the cheap starting layout
   * only); the order layout is final at once.
   */
  setData(data: GraphData, selected: number | null, settle: boolean, layout: GraphLayout): void;
  setSelected(selected: number | null): void;
  /**
   * Graph to canvas coordinates, as d3-zoom applies them (canvas = graph × k + t, from the canvas's
   * top left), so a wheel zooms about the pointer. The layout is centred on the graph's origin.
   */
  setTransform(t: ZoomTransform): void;
  resize(width: number, height: number): void;
  pick(x: number, y: number): number | null;
  /** Canvas-space position of node i (for tests and keyboard focus rings). */
  position(i: number): [number, number] | null;
  destroy(): void;
}

/**
 * `onLayout`: new positions arrived (the starting layout, each step of a settling one about every
 * 30 ms, and the settled one), with their extent.
 */
export function createForceGraph(canvas: HTMLCanvasElement, onLayout?: (bounds: Bounds) => void): ForceGraph {
  const ctx = canvas.getContext('2d')!;
  const layout = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'dexsim-layout' });
  let width = canvas.clientWidth || 600;
  let height = canvas.clientHeight || 400;
  let transform: ZoomTransform = zoomIdentity;
  let data: GraphData | null = null;
  let positions: Float32Array = new Float32Array(0);
  let selected: number | null = null;
  /** The selected node's links (offsets into data.links), found once per selection, not per frame. */
  let selectedLinks: number[] = [];
  const select = (sel: number | null): void => {
    selected = sel;
    selectedLinks = data && sel !== null && sel < data.nodes ? incidentLinks(data.links, sel) : [];
  };
  /** How the current graph is placed. */
  let arrangement: GraphLayout = 'force';
  let requestId = 0;
  /** Whether the current request runs the force layout (else the starting layout only). */
  let settling = false;
  let frame = 0;

  /**
   * Adds the link a → b to the current path: straight by links, bowed in block order. With
   * `heads`, also adds its arrowhead there (at the reader, b, its tip on b's rim), found from the
   * same control point, and returns whether it had one (not when a and b share a position).
   */
  const pathLink = (a: number, b: number, heads: Path2D | null = null, radius = 0): boolean => {
    const p = positions;
    const x1 = p[a * 2]!;
    const y1 = p[a * 2 + 1]!;
    const x2 = p[b * 2]!;
    const y2 = p[b * 2 + 1]!;
    ctx.moveTo(x1, y1);
    // A curve arrives along the line from its control point; a straight link from its start.
    let [fx, fy] = [x1, y1];
    if (arrangement === 'order') {
      [fx, fy] = orderLinkControl(x1, y1, x2, y2);
      ctx.quadraticCurveTo(fx, fy, x2, y2);
    } else ctx.lineTo(x2, y2);
    if (!heads) return false;
    const k = transform.k;
    const head = arrowHead(fx, fy, x2, y2, radius + 0.5 / k, ARROW_LENGTH_PX / k, ARROW_HALF_WIDTH_PX / k);
    if (!head) return false;
    heads.moveTo(head[0], head[1]);
    heads.lineTo(head[2], head[3]);
    heads.lineTo(head[4], head[5]);
    heads.closePath();
    return true;
  };

  const draw = (): void => {
    frame = 0;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * dpr)) canvas.width = Math.round(width * dpr);
    if (canvas.height !== Math.round(height * dpr)) canvas.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (!data || positions.length < data.nodes * 2) return;
    ctx.save();
    ctx.translate(transform.x, transform.y);
    ctx.scale(transform.k, transform.k);
    const big = data.nodes > LOD_NODES;
    const p = positions;
    const r = big ? 2.2 : 4;
    const linksShown = !big || transform.k > 1.5;
    const everyHead = linksShown && r * transform.k >= ARROW_MIN_NODE_PX;
    /** Links drawn with a head: every one, or only the inspected transaction's. */
    let arrows = 0;
    if (linksShown) {
      // In block order nothing overlaps and a link is the point of the picture: drawn stronger.
      const ordered = arrangement === 'order';
      const ink = ordered ? 'rgba(60,60,80,0.75)' : 'rgba(90,90,110,0.35)';
      ctx.strokeStyle = ink;
      ctx.lineWidth = (ordered ? 1.2 : 0.6) / transform.k;
      ctx.beginPath();
      const l = data.links;
      const heads = everyHead ? new Path2D() : null;
      for (let e = 0; e < l.length; e += 2) if (pathLink(l[e]!, l[e + 1]!, heads, r)) arrows++;
      ctx.stroke();
      if (heads) {
        ctx.fillStyle = ink;
        ctx.fill(heads);
      }
    }
    // The selected transaction's own dependencies, dark and at any zoom (a large graph hides the
    // rest until zoomed in): what it read from earlier transactions and who read what it wrote.
    if (selectedLinks.length > 0) {
      const l = data.links;
      ctx.strokeStyle = SELECTED_EDGE;
      ctx.lineWidth = 1.5 / transform.k;
      ctx.beginPath();
      // Zoomed in, these links have a head already: it is drawn again, darker, on top.
      const heads = new Path2D();
      let headed = 0;
      for (const e of selectedLinks) if (pathLink(l[e]!, l[e + 1]!, heads, r)) headed++;
      ctx.stroke();
      ctx.fillStyle = SELECTED_EDGE;
      ctx.fill(heads);
      if (!everyHead) arrows = headed;
    }
    // One path and one fill per colour (per transaction kind), not per node: a fill per node with
    // a colour switch each time made 2,000-node frames cost tens of milliseconds. Large graphs
    // draw squares, which are cheaper than arcs and read the same at that size.
    const groups = new Map<string, number[]>();
    for (let i = 0; i < data.nodes; i++) {
      const c = data.colors[i]!;
      let g = groups.get(c);
      if (!g) groups.set(c, (g = []));
      g.push(i);
    }
    for (const [color, members] of groups) {
      ctx.fillStyle = color;
      ctx.beginPath();
      for (const i of members) {
        const x = p[i * 2]!;
        const y = p[i * 2 + 1]!;
        if (big) ctx.rect(x - r, y - r, r * 2, r * 2);
        else {
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, Math.PI * 2);
        }
      }
      ctx.fill();
    }
    // Rings keep a gap of a pixel or more from their node on screen: fitted to the panel, a
    // 1,000-node graph is drawn at about 0.26×, where rings in graph units would close up into
    // dots (a red ring would read as a red node; the selection as one more black oracle dot).
    const ringGap = (graphUnits: number, px: number): number => r + Math.max(graphUnits, px / transform.k);
    const rexRing = ringGap(2, 1.5);
    ctx.strokeStyle = REEXECUTED_RING;
    ctx.lineWidth = 1.5 / transform.k;
    ctx.beginPath();
    for (let i = 0; i < data.nodes; i++) {
      if (!data.reexecuted[i]) continue;
      ctx.moveTo(p[i * 2]! + rexRing, p[i * 2 + 1]!);
      ctx.arc(p[i * 2]!, p[i * 2 + 1]!, rexRing, 0, Math.PI * 2);
    }
    ctx.stroke();
    if (selected !== null && selected < data.nodes) {
      // A dark ring on a white halo, so it stands out on dense edges and from black nodes.
      const at: [number, number] = [p[selected * 2]!, p[selected * 2 + 1]!];
      const ring = ringGap(5, 7);
      ctx.beginPath();
      ctx.arc(at[0], at[1], ring, 0, Math.PI * 2);
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 5 / transform.k;
      ctx.stroke();
      ctx.strokeStyle = SELECTED_TX_COLOR;
      ctx.lineWidth = 2 / transform.k;
      ctx.stroke();
    }
    ctx.restore();
    // Exposed for tests and tooling, like data-layout: how many links carry a head, and where
    // the transaction numbers are drawn.
    canvas.dataset.arrows = String(arrows);
    canvas.dataset.labels =
      data.nodes > LABEL_NODES
        ? 'none'
        : drawLabels(ctx, data.nodes, p, r * transform.k, (x, y) => [
            x * transform.k + transform.x,
            y * transform.k + transform.y,
          ]);
  };
  const invalidate = (): void => {
    if (!frame) frame = requestAnimationFrame(draw);
  };
  /** New positions for the current graph, from either layout; `state` goes to data-layout. */
  const place = (next: Float32Array, state: string): void => {
    positions = next;
    // Exposed for tests and tooling: the order layout, or the force layout's starting one,
    // still moving, or settled.
    canvas.dataset.layout = state;
    invalidate();
    if (onLayout && positions.length >= 2) onLayout(boundsOf(positions));
  };

  layout.onmessage = (e: MessageEvent<{ id: number; positions: Float32Array; done: boolean }>) => {
    if (e.data.id !== requestId) return;
    place(e.data.positions, !settling ? 'initial' : e.data.done ? 'settled' : 'moving');
  };

  return {
    setData(next, sel, settle, placement) {
      data = next;
      arrangement = placement;
      select(sel);
      positions = new Float32Array(0);
      requestId++; // a force layout still on its way for the previous graph is dropped
      if (placement === 'order') return place(orderLayout(next.nodes), 'order');
      settling = settle;
      canvas.dataset.layout = settle ? 'moving' : 'initial';
      layout.postMessage({ id: requestId, nodes: next.nodes, links: next.links, settle });
      invalidate();
    },
    setSelected(sel) {
      select(sel);
      invalidate();
    },
    setTransform(t) {
      transform = t;
      invalidate();
    },
    resize(w, h) {
      width = w;
      height = h;
      invalidate();
    },
    pick(x, y) {
      if (!data || positions.length < data.nodes * 2) return null;
      const gx = (x - transform.x) / transform.k;
      const gy = (y - transform.y) / transform.k;
      const p = positions;
      const tree = quadtree<number>()
        .x((i) => p[i * 2]!)
        .y((i) => p[i * 2 + 1]!)
        .addAll(Array.from({ length: data.nodes }, (_x, i) => i));
      const hit = tree.find(gx, gy, 10 / transform.k);
      return hit ?? null;
    },
    position(i) {
      if (!data || positions.length < data.nodes * 2 || i >= data.nodes) return null;
      return [positions[i * 2]! * transform.k + transform.x, positions[i * 2 + 1]! * transform.k + transform.y];
    },
    destroy() {
      if (frame) cancelAnimationFrame(frame);
      layout.terminate();
    },
  };
}

function boundsOf(p: Float32Array): Bounds {
  const b: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i += 2) {
    b[0] = Math.min(b[0], p[i]!);
    b[1] = Math.min(b[1], p[i + 1]!);
    b[2] = Math.max(b[2], p[i]!);
    b[3] = Math.max(b[3], p[i + 1]!);
  }
  return b;
}

/**
 * Transaction numbers in screen space (a fixed font size at any zoom): inside a node drawn large
 * enough to hold one, else beside it.
 */
function drawLabels(
  ctx: CanvasRenderingContext2D,
  n: number,
  p: Float32Array,
  radiusPx: number,
  toScreen: (x: number, y: number) => [number, number],
): 'inside' | 'beside' {
  const inside = radiusPx >= 8;
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = inside ? 'center' : 'left';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = inside ? '#fff' : '#222';
  for (let i = 0; i < n; i++) {
    const [x, y] = toScreen(p[i * 2]!, p[i * 2 + 1]!);
    ctx.fillText(String(i), inside ? x : x + radiusPx + 2, y);
  }
  return inside ? 'inside' : 'beside';
}

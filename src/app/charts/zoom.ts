/**
 * A d3-zoom behaviour wrapped as a small factory with update/destroy (the xyflow XYPanZoom
 * pattern): created in an effect on a ref, it reports transforms to React and never appends to
 * a node React renders.
 */
import { select, zoom, zoomIdentity, type ZoomTransform } from 'd3';

export interface PanZoomOptions {
  scaleExtent: [number, number];
  /**
   * The element's size. Passed in (the caller tracks it with a ResizeObserver) because d3-zoom's
   * default reads clientWidth/clientHeight, forcing a synchronous layout on every transform.
   */
  size: () => [number, number];
  /** Restrict to horizontal panning and zooming (timelines). */
  xOnly?: boolean;
  /**
   * Keep the view inside the element's own extent: zoomed in, panning stops at the content's
   * ends rather than sliding it off into blank space (timelines, whose content is the element).
   * Call `update` when the size changes, so the bounds follow it.
   */
  bounded?: boolean;
  /** Every transform; `byUser` when a wheel, drag or touch made it (not `set` or `reset`). */
  onTransform: (t: ZoomTransform, byUser: boolean) => void;
}

export interface PanZoom {
  update(options: Partial<PanZoomOptions>): void;
  reset(): void;
  /** Move the view to `t`, as if the user had (the behaviour's state follows). */
  set(t: ZoomTransform): void;
  destroy(): void;
}

export function createPanZoom(element: Element, initial: PanZoomOptions): PanZoom {
  let options = initial;
  const behaviour = zoom<Element, unknown>()
    .scaleExtent(options.scaleExtent)
    .extent(() => {
      const [w, h] = options.size();
      return [
        [0, 0],
        [w, h],
      ];
    })
    .on('zoom', (event: { transform: ZoomTransform; sourceEvent: unknown }) => {
      const t = event.transform;
      options.onTransform(options.xOnly ? zoomIdentity.translate(t.x, 0).scale(t.k) : t, event.sourceEvent != null);
    });
  const applyBounds = (): void => {
    const [w, h] = options.size();
    behaviour.translateExtent(
      options.bounded
        ? [
            [0, 0],
            [w, h],
          ]
        : [
            [-Infinity, -Infinity],
            [Infinity, Infinity],
          ],
    );
  };
  applyBounds();
  const selection = select(element);
  selection.call(behaviour);
  return {
    update(next) {
      options = { ...options, ...next };
      behaviour.scaleExtent(options.scaleExtent);
      applyBounds();
    },
    reset() {
      selection.call(behaviour.transform, zoomIdentity);
    },
    set(t) {
      selection.call(behaviour.transform, t);
    },
    destroy() {
      selection.on('.zoom', null);
    },
  };
}

/**
 * The transform that shows all of `bounds` (graph coordinates), centred, in a view of `size`
 * with `pad` pixels to spare, its scale held within `[minScale, maxScale]`: a large graph
 * shrinks onto the view, a small one (a 16-transaction lesson) grows to fill it.
 */
export function wholeTransform(
  bounds: readonly [number, number, number, number],
  size: readonly [number, number],
  pad: number,
  [minScale, maxScale]: readonly [number, number],
): ZoomTransform {
  const k = Math.max(minScale, Math.min(maxScale, fittingScale(bounds, size, pad)));
  const [x0, y0, x1, y1] = bounds;
  const [w, h] = size;
  return zoomIdentity.translate(w / 2 - ((x0 + x1) / 2) * k, h / 2 - ((y0 + y1) / 2) * k).scale(k);
}

/** The largest scale at which `bounds` fits in `size` with `pad` pixels to spare. */
function fittingScale(
  [x0, y0, x1, y1]: readonly [number, number, number, number],
  [w, h]: readonly [number, number],
  pad: number,
): number {
  return Math.min((w - 2 * pad) / Math.max(x1 - x0, 1), (h - 2 * pad) / Math.max(y1 - y0, 1));
}

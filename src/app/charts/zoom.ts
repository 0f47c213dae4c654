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
  onTransform: (t: ZoomTransform) => void;
}

export interface PanZoom {
  update(options: Partial<PanZoomOptions>): void;
  reset(): void;
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
    .on('zoom', (event: { transform: ZoomTransform }) => {
      const t = event.transform;
      options.onTransform(options.xOnly ? zoomIdentity.translate(t.x, 0).scale(t.k) : t);
    });
  const selection = select(element);
  selection.call(behaviour);
  return {
    update(next) {
      options = { ...options, ...next };
      behaviour.scaleExtent(options.scaleExtent);
    },
    reset() {
      selection.call(behaviour.transform, zoomIdentity);
    },
    destroy() {
      selection.on('.zoom', null);
    },
  };
}

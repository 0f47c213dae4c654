/**
 * Force layout off the main thread: d3-force ticks here and posts positions back, so the page
 * only draws. A 2,000-node many-body tick is cheap alone but, with the engine saturating every
 * core, it turned frames into 50–80 ms long tasks when it ran on the main thread.
 */
import { forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3';

interface Request {
  id: number;
  nodes: number;
  links: Int32Array;
  /**
   * Run the forces. Without it only the starting layout is posted (d3-force's phyllotaxis by
   * transaction index): what the graph shows while a run keeps every core busy, since the graph
   * changes every second then and a force layout would only take CPU from the page.
   */
  settle: boolean;
}

let current = 0;

self.onmessage = (e: MessageEvent<Request>) => {
  const { id, nodes: n, links, settle } = e.data;
  current = id;
  const nodes: SimulationNodeDatum[] = Array.from({ length: n }, () => ({}));
  const linkList = [];
  for (let i = 0; i < links.length; i += 2) linkList.push({ source: links[i]!, target: links[i + 1]! });
  const large = n > 1500;
  const sim = forceSimulation(nodes)
    .stop()
    .alphaDecay(large ? 0.05 : 0.03)
    .force(
      'charge',
      forceManyBody()
        .strength(large ? -6 : -18)
        .theta(0.9),
    )
    .force('link', forceLink(linkList).distance(12).strength(0.4))
    .force('x', forceX(0).strength(0.06))
    .force('y', forceY(0).strength(0.06));
  const post = (done: boolean): void => {
    const positions = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      positions[i * 2] = nodes[i]!.x ?? 0;
      positions[i * 2 + 1] = nodes[i]!.y ?? 0;
    }
    self.postMessage({ id, positions, done }, { transfer: [positions.buffer] });
  };
  post(!settle);
  if (!settle) return;
  const step = (): void => {
    if (current !== id) return; // a newer graph replaced this one
    const start = performance.now();
    while (performance.now() - start < 30 && sim.alpha() > sim.alphaMin()) sim.tick();
    const done = sim.alpha() <= sim.alphaMin();
    post(done);
    if (!done) setTimeout(step, 0);
  };
  setTimeout(step, 0);
};

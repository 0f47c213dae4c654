/** The transaction inspector, opened from each view that shows transactions. */
import { test, expect, MIXED_QUERY as QUERY } from './fixtures.ts';

test('the inspector opens from a node of the conflict graph', async ({ app, page }) => {
  await app.open(QUERY);
  await app.runToDone();
  const graph = page.getByTestId('conflict-graph');
  await page.waitForTimeout(1500); // let the layout settle
  // 400 nodes: too many to number.
  await expect(graph).toHaveAttribute('data-labels', 'none');
  // Find a pixel painted in a node colour (not background, not the grey edges) and click it.
  const point = await graph.evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const dpr = c.width / c.clientWidth;
    const cx = c.width / 2;
    const cy = c.height / 2;
    let best: [number, number] | null = null;
    let bestDist = Infinity;
    for (let y = 0; y < c.height; y += 2)
      for (let x = 0; x < c.width; x += 2) {
        const i = (y * c.width + x) * 4;
        const [r, g, b, a] = [d[i]!, d[i + 1]!, d[i + 2]!, d[i + 3]!];
        if (a < 250 || (r === g && g === b)) continue;
        if (r === 78 && g === 121 && b === 167) {
          const dist = (x - cx) ** 2 + (y - cy) ** 2;
          if (dist < bestDist) [best, bestDist] = [[x / dpr, y / dpr], dist];
        }
      }
    return best;
  });
  expect(point).not.toBeNull();
  await graph.click({ position: { x: point![0], y: point![1] } });
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toBeVisible();
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveText(/Transaction \d+ of block 3: transfer/);
  // The graph rings the clicked node, around the click, at least 7 px clear of a node's 4 graph
  // units however far the fitted graph is shrunk: a ring of the selection's colour, rgb(17, 17, 17).
  const ring = () =>
    graph.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const dpr = c.width / c.clientWidth;
      let [x0, y0, x1, y1] = [c.width, c.height, -1, -1];
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3]! < 200 || d[i] !== 17 || d[i + 1] !== 17 || d[i + 2] !== 17) continue;
        const [x, y] = [(i / 4) % c.width, Math.floor(i / 4 / c.width)];
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      }
      return { width: x1 < 0 ? 0 : (x1 - x0) / dpr, x: (x0 + x1) / 2 / dpr, y: (y0 + y1) / 2 / dpr };
    });
  await expect.poll(async () => (await ring()).width).toBeGreaterThanOrEqual(14);
  const drawn = await ring();
  expect(drawn.width).toBeLessThan(40);
  expect(Math.hypot(drawn.x - point![0], drawn.y - point![1])).toBeLessThan(8);
  await expect(inspector.getByText(/Read-set \(\d+\)/)).toBeVisible();
  await expect(page.getByTestId('inspector-receipt')).toHaveText(/ok|reverted: [A-Z_]+/);
  // Its history, from the trace: every incarnation it started appears, either executed or
  // stopped at an ESTIMATE, and each line says when, where, what happened and how long it took.
  const lines = await inspector.getByTestId('tx-history').getByRole('listitem').allTextContents();
  const took = String.raw`[\d.]+ (µs|ms)( \(paused\))?`;
  const said = [
    String.raw`executed incarnation \d+( in ${took})?$`,
    String.raw`validated incarnation \d+( in ${took})?$`,
    String.raw`validation aborted incarnation \d+( in ${took})?: a read had changed$`,
    String.raw`incarnation \d+( ran ${took},)? read an ESTIMATE of tx \d+`,
  ];
  for (const line of lines)
    expect(line).toMatch(new RegExp(String.raw`^\s*\d+\.\d{3} ms · worker \d+ · (${said.join('|')})`));
  const started = new Set<number>();
  for (const line of lines) {
    const m = line.match(/executed incarnation (\d+)|incarnation (\d+)( ran [^,]+,)? read an ESTIMATE/);
    if (m) started.add(Number(m[1] ?? m[2]));
  }
  const incarnations = Number(await page.getByTestId('inspector-incarnations').textContent());
  expect([...started].sort((a, b) => a - b)).toEqual(Array.from({ length: incarnations }, (_x, i) => i));
});

test('the inspector opens from a version in the state view and from a bar of the timeline', async ({ app, page }) => {
  await app.open(QUERY);
  await app.runToDone();
  const inspector = page.getByTestId('inspector');
  // The state view: a writer's chip names its transaction.
  const chip = page.locator('[data-testid="mv-table"] button.version').first();
  const tx = (await chip.getAttribute('title'))!.match(/^tx (\d+)/)![1]!;
  // The graph draws a selected transaction's own links dark, rgb(51, 51, 51); none before. The
  // hottest key's first writer has some: the next writer of that key read what it wrote.
  const graph = page.getByTestId('conflict-graph');
  const darkLinkPixels = () =>
    graph.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4)
        if (d[i + 3]! > 200 && d[i] === 51 && d[i + 1] === 51 && d[i + 2] === 51) n++;
      return n;
    });
  expect(await darkLinkPixels()).toBe(0);
  // Fitted to the panel, 400 nodes are too small for a head on every link.
  await expect(graph).toHaveAttribute('data-arrows', '0');
  await chip.click();
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveText(new RegExp(`^Transaction ${tx} of block 3: `));
  await expect.poll(darkLinkPixels).toBeGreaterThan(10);
  // The inspected transaction's links have theirs at any zoom, so their direction shows.
  await expect(graph).toHaveAttribute('data-arrows', /^[1-9]\d*$/);
  // Its write-set names who read each value it wrote, and the chain can be walked forwards: the
  // reader's read-set names this transaction back.
  const reader = inspector.getByTestId('read-by').first().getByRole('button').first();
  const next = (await reader.textContent())!.match(/^tx (\d+)$/)![1]!;
  expect(Number(next)).toBeGreaterThan(Number(tx));
  await reader.click();
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveText(
    new RegExp(`^Transaction ${next} of block 3: `),
  );
  await expect(
    inspector.getByRole('button', { name: new RegExp(`^tx ${tx} \\(incarnation \\d+\\)$`) }).first(),
  ).toBeVisible();
  // The timeline: click a moment when some worker was busy. Which worker and when depends on
  // how the OS scheduled the two (on the CI machine one worker once sat out most of a block),
  // so look for a pixel column that a lane's bar fills from top to bottom: events in a lane are
  // back to back, so a click there lands on one. Only coloured ink counts: a worker the OS kept
  // off its core for the whole block has a lane of grey late-start stripes, which open nothing.
  const timeline = page.getByTestId('timeline');
  await inspector.getByRole('button', { name: 'Close' }).click();
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveCount(0);
  const target = await timeline.evaluate((c: HTMLCanvasElement) => {
    // Timeline.tsx: bars start LEFT = 64 px in; lanes TOP = 18 px down, LANE = 26 px apart; bars
    // 3 px below a lane's top and 20 px tall.
    const scale = c.width / c.clientWidth;
    const ink = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const inked = (x: number, y: number): boolean => {
      const i = (Math.round(y * scale) * c.width + Math.round(x * scale)) * 4;
      const [r, g, b, a] = [ink[i]!, ink[i + 1]!, ink[i + 2]!, ink[i + 3]!];
      // The event kinds' colours are saturated; late-start stripes and the block kind are grey.
      return a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 30;
    };
    for (const lane of [0, 1]) {
      const top = 18 + lane * 26 + 3;
      for (let x = 66; x < c.clientWidth - 10; x++)
        if (inked(x, top + 1) && inked(x, top + 10) && inked(x, top + 18)) return { x: x + 0.5, y: top + 10 };
    }
    return null;
  });
  expect(target, 'a busy moment in lane 0 or 1').not.toBeNull();
  // The inspector's transaction is outlined on the timeline in rgb(17, 17, 17); closed, none is.
  const outlineXs = () =>
    timeline.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const xs: number[] = [];
      for (let i = 0; i < d.length; i += 4)
        if (d[i + 3]! > 200 && d[i] === 17 && d[i + 1] === 17 && d[i + 2] === 17)
          xs.push(((i / 4) % c.width) / (c.width / c.clientWidth));
      return xs;
    });
  expect(await outlineXs()).toEqual([]);
  await timeline.click({ position: target! });
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveText(/^Transaction \d+ of block 3: /);
  // One of its outlines is around the clicked event.
  await expect.poll(async () => (await outlineXs()).some((x) => Math.abs(x - target!.x) < 6)).toBe(true);
  // Scrolled into, the timeline offers Reset zoom, which shows the whole block as before.
  const legend = page.getByTestId('timeline-legend');
  const pixels = () => timeline.evaluate((c: HTMLCanvasElement) => c.toDataURL());
  const whole = await pixels();
  await expect(legend.getByRole('button', { name: 'Reset zoom' })).toHaveCount(0);
  const box = (await timeline.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -480);
  await expect.poll(pixels).not.toBe(whole);
  await legend.getByRole('button', { name: 'Reset zoom' }).click();
  await expect.poll(pixels).toBe(whole);
  await expect(legend.getByRole('button', { name: 'Reset zoom' })).toHaveCount(0);
  // Showing the whole block, a drag cannot slide it off into blank space.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(200);
  expect(await pixels()).toBe(whole);
  await expect(legend.getByRole('button', { name: 'Reset zoom' })).toHaveCount(0);
  expect(app.errors).toEqual([]);
});

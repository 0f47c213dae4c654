import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { DEFAULT_SCENARIO, exportBlockFile, generateWorkload } from '../src/engine/index.ts';
import { test, expect } from './fixtures.ts';
import type { Locator, Page } from '@playwright/test';

test('no long task over 50 ms during a 20 × 2,000 run on 2 workers', async ({ app }, testInfo) => {
  await app.open('seed=1&blockSize=2000&blocks=20&contention=0.2&workers=2&strategy=block-stm');
  await app.watchLongTasks();
  await app.runToDone(240_000);
  const tasks = await app.longTasks();
  const worst = tasks.length ? Math.max(...tasks) : 0;
  testInfo.annotations.push({ type: 'worst long task (ms)', description: worst.toFixed(1) });
  console.log(`long tasks during the run: ${tasks.length}, worst ${worst.toFixed(1)} ms`);
  expect(worst, await app.longFrames()).toBeLessThanOrEqual(50);
});

test('importing a 5 MB block file is checked in a worker: no long task over 50 ms', async ({ app, page }, testInfo) => {
  const file = exportBlockFile(generateWorkload({ ...DEFAULT_SCENARIO, blocks: 20, blockSize: 2000 }));
  const text = JSON.stringify(file);
  expect(text.length).toBeGreaterThan(4_000_000);
  // From a path, as a user picks it: a buffer would be decoded from base64 by Playwright's own
  // script in the page, a long task of the harness rather than of the app.
  const path = testInfo.outputPath('large.json');
  writeFileSync(path, text);
  await app.open();
  await app.watchLongTasks();
  await page.getByLabel('Block file').setInputFiles(path);
  await expect(page.getByTestId('imported')).toContainText('large.json: 20 blocks, 40,000 transactions');
  const tasks = await app.longTasks();
  const worst = tasks.length ? Math.max(...tasks) : 0;
  testInfo.annotations.push({ type: 'worst long task (ms)', description: worst.toFixed(1) });
  expect(worst, await app.longFrames()).toBeLessThanOrEqual(50);
});

for (const width of [1280, 1024, 390]) {
  test(`no serious or critical accessibility violations at ${width}px, before a run and after, and nothing overflows`, async ({
    app,
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await app.open('seed=2&blockSize=200&blocks=2&vmCost=0');
    // Before a run too: the empty views and the block's facts as dashes are what a visitor meets first.
    for (const moment of ['before a run', 'after a run']) {
      if (moment === 'after a run') await app.runToDone();
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        moment,
      ).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, moment).toBeLessThanOrEqual(0);
    }
  });
}

test('every protocol table shows all its columns at every width beside the controls (780 px up)', async ({
  app,
  page,
}) => {
  // From 1,181 px (where the views went to two columns) to 1,244 px the lending table's seven
  // columns scrolled inside their half-width panel, and at 761 px (just above the phone layout)
  // it overflowed by a pixel. The lending preset's market is named "main": its longer reserve
  // names overflowed by 13 px at 1,260.
  const scrolled: string[] = [];
  for (const [query, count] of [
    ['seed=2&blockSize=200&blocks=2&vmCost=0', 3],
    ['preset=lending-oracle&vmCost=0', 1],
  ] as const) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await app.open(query);
    await app.runToDone();
    const tables = page.getByTestId('protocol-state').locator('table');
    await expect(tables).toHaveCount(count);
    for (const width of [780, 800, 900, 1024, 1180, 1181, 1200, 1230, 1250, 1260, 1280, 1366, 1600]) {
      await page.setViewportSize({ width, height: 900 });
      const hidden = await tables.evaluateAll((all: HTMLTableElement[]) =>
        all.filter((t) => t.scrollWidth > t.parentElement!.clientWidth).map((t) => t.caption?.textContent ?? '?'),
      );
      scrolled.push(...hidden.map((caption) => `${query} at ${width}px: ${caption}`));
    }
  }
  expect(scrolled).toEqual([]);
});

test('the multi-version table shows all four columns on a phone (360 and 390 px)', async ({ app, page }) => {
  // Its header's "incarnations" set the Versions column's least width, and the cells' padding
  // the rest: the table scrolled by 6–15 px at 390 px and by 36–45 px at 360.
  const scrolled: string[] = [];
  for (const query of ['seed=2&blockSize=200&blocks=2&vmCost=0', 'preset=lending-oracle&vmCost=0']) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await app.open(query);
    await app.runToDone();
    const table = page.getByTestId('mv-table');
    await expect(table).toBeVisible();
    for (const width of [360, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const over = await table.evaluate((t: HTMLTableElement) => t.scrollWidth - t.parentElement!.clientWidth);
      if (over > 0) scrolled.push(`${query} at ${width}px: ${over}px`);
    }
  }
  expect(scrolled).toEqual([]);
});

test('controls are reachable by keyboard with a visible focus ring', async ({ app, page }) => {
  await app.open();
  const seen = new Set<string>();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return null;
      const style = getComputedStyle(el);
      return { label: el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.id, outline: style.outlineStyle };
    });
    if (info) {
      seen.add(info.label);
      expect(info.outline).not.toBe('none');
    }
  }
  expect([...seen]).toEqual(expect.arrayContaining(['Run', 'Share']));
});

test('a 5,000-transaction conflict graph pans and zooms without long tasks', async ({ app, page }, testInfo) => {
  await app.open('seed=5&blockSize=5000&blocks=2&contention=0.3&vmCost=0&workers=2&strategy=block-stm');
  await app.runToDone();
  const graph = page.getByTestId('conflict-graph');
  await expect(page.getByTestId('graph-legend')).toHaveText(/^5,000 transactions/);
  // The force layout runs in its worker after the run, redrawing as it moves: let it finish.
  await expect(graph).toHaveAttribute('data-layout', 'settled', { timeout: 30_000 });
  const pixels = () => graph.evaluate((c: HTMLCanvasElement) => c.toDataURL());
  const before = await pixels();
  await app.watchLongTasks();
  const box = (await graph.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -240);
  await page.mouse.down();
  for (let i = 0; i < 10; i++) await page.mouse.move(box.x + box.width / 2 + i * 15, box.y + box.height / 2 + i * 6);
  await page.mouse.up();
  await page.waitForTimeout(300);
  const tasks = await app.longTasks();
  const worst = tasks.length ? Math.max(...tasks) : 0;
  testInfo.annotations.push({
    type: 'worst long task while zooming a 5,000-node graph (ms)',
    description: worst.toFixed(1),
  });
  console.log(`5,000-node graph interaction: ${tasks.length} long tasks, worst ${worst.toFixed(1)} ms`);
  expect(worst, await app.longFrames()).toBeLessThanOrEqual(50);
  expect(await pixels()).not.toBe(before); // the view really moved
  // Zoomed in, the graph runs off the panel; Fit brings all of it back, clear of every edge.
  expect((await nodeInk(graph)).edgeGap).toBe(0);
  await page.getByTestId('graph-legend').getByRole('button', { name: 'Fit' }).click();
  await expect.poll(async () => (await nodeInk(graph)).edgeGap).toBeGreaterThanOrEqual(10);
  const fitted = await nodeInk(graph);
  expect(Math.max(fitted.widthShare, fitted.heightShare)).toBeGreaterThan(0.6);
  // Another block's graph opens whole, once laid out, whatever the last one's view.
  await page.getByLabel('Show block').selectOption('0');
  await expect(page.getByRole('heading', { name: 'Conflict graph — block 0' })).toBeVisible();
  await expect(graph).toHaveAttribute('data-layout', 'settled', { timeout: 30_000 });
  await expect.poll(async () => (await nodeInk(graph)).edgeGap).toBeGreaterThanOrEqual(10);
});

/** Each view's held minimum height ('' when none): the hold of heldPanelHeights.ts. */
const holdsOf = (page: Page): Promise<string[]> =>
  page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.grid > .panel')].map((p) => p.style.minHeight));
/** What holdsOf reads once the hold has let go. */
const NOTHING_HELD = ['', '', '', '', '', ''];

/**
 * From now on, in every frame: where each element `selectors` names stands (its top, or null
 * while there is none). `framesSeen` returns each distinct frame once, in order.
 */
async function watchFrames(page: Page, selectors: string[]): Promise<void> {
  await page.evaluate((selectors) => {
    const seen = new Map<string, (string | null)[]>();
    (window as unknown as { __frames: typeof seen }).__frames = seen;
    const sample = () => {
      const tops = selectors.map((s) => document.querySelector(s)?.getBoundingClientRect().top.toFixed(1) ?? null);
      seen.set(tops.join(' '), tops);
      requestAnimationFrame(sample);
    };
    sample();
  }, selectors);
}
const framesSeen = (page: Page): Promise<(string | null)[][]> =>
  page.evaluate(() => [...(window as unknown as { __frames: Map<string, (string | null)[]> }).__frames.values()]);

/**
 * Where a graph canvas has node ink (coloured pixels: not the edges' grey, not the clear background): the
 * least distance in CSS pixels from that ink to the canvas's edge, and the share of the width and
 * of the height the ink spans.
 */
function nodeInk(graph: Locator): Promise<{ edgeGap: number; widthShare: number; heightShare: number }> {
  return graph.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let [x0, y0, x1, y1] = [c.width, c.height, -1, -1];
    for (let i = 0; i < d.length; i += 4) {
      // Shrunk, a node is a pixel or two, mostly anti-aliased: take any solid-ish pixel whose red
      // and green differ (no kind's colour has them equal; edges, rgb(90, 90, 110), do).
      if (d[i + 3]! < 100 || d[i] === d[i + 1]) continue;
      const x = (i / 4) % c.width;
      const y = Math.floor(i / 4 / c.width);
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
    const dpr = c.width / c.clientWidth;
    return {
      edgeGap: Math.min(x0, y0, c.width - 1 - x1, c.height - 1 - y1) / dpr,
      widthShare: (x1 - x0) / c.width,
      heightShare: (y1 - y0) / c.height,
    };
  });
}

for (const width of [1280, 1024, 800, 400]) {
  test(`a first run moves none of the views but the state tables' own, from Run to the baseline's result, at ${width}px`, async ({
    app,
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    // Blocks of about 10 ms at the default VM cost: no short-blocks note, no fallback to sequential.
    await app.open('seed=5&blockSize=1000&blocks=6');
    // Where the throughput chart, the timeline and the views after them stand in every frame, from
    // before Run to the end. Above them: the warm-up's message (Run lands in the warm-up), the first block's facts, the
    // digest and the baseline's ratios must fit in the room the status and the block bar had. And
    // the graph's legends and the timeline's count, which arrive with the first block, in the room
    // their panels had.
    // The multi-version state's panel comes after the timeline and the inspector at every width.
    await watchFrames(page, ['[data-testid="throughput-chart"]', '[data-testid="timeline"]', 'section:has(#mv-title)']);
    await page.waitForTimeout(300);
    await app.run();
    await expect(page.getByText('Warming the engine up first')).toBeVisible();
    await page.locator('[data-testid="app"][data-run-state="done"]').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('speedup')).toHaveText(/^\d+\.\d\d×$/, { timeout: 60_000 });
    await expect(page.getByTestId('block-facts').locator('li', { hasText: 'sequential' })).toHaveText(/^\d+\.\d\d× /);
    await expect(page.getByTestId('kind-legend').locator('li').first()).toBeVisible();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const frames = await framesSeen(page);
    expect(frames, 'the throughput chart, the timeline or the multi-version state moved').toHaveLength(1);
    expect(app.errors).toEqual([]);
  });
}

for (const width of [1280, 400]) {
  test(`a second Run neither shortens nor lifts a view until its results are in, at ${width}px`, async ({
    app,
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await app.open('seed=5&blockSize=1000&blocks=6');
    await app.runToDone();
    await expect(page.getByTestId('speedup')).toHaveText(/^\d+\.\d\d×$/, { timeout: 60_000 });
    // The first run's views as they end up: its own hold (of the empty views it began with) goes
    // once the page is idle, after the views that render deferred have caught up.
    await expect.poll(() => holdsOf(page)).toEqual(NOTHING_HELD);
    // In every frame of the second run, which starts by clearing the first run's blocks from the
    // views: how far any panel got shorter than before the run, or rose above where it was. A run's
    // content may come out taller (more versions to list, say), but never flash away and back.
    await page.evaluate(() => {
      const panels = [...document.querySelectorAll<HTMLElement>('.grid > .panel')];
      const before = panels.map((p) => p.getBoundingClientRect());
      const worst = { shorter: 0, lifted: 0, heldFrames: 0 };
      (window as unknown as { __worst: typeof worst }).__worst = worst;
      const sample = () => {
        const holding = panels[0]!.style.minHeight !== '';
        // Until the hold ends, and not in the frame after: this run's views may then be shorter
        // than the last run's (fewer versions to list, say) and get so, once. Sampling that frame
        // too failed 3 runs in 18 on a loaded machine, by 8 to 104 px.
        if (worst.heldFrames > 0 && !holding) return;
        panels.forEach((p, i) => {
          const r = p.getBoundingClientRect();
          worst.shorter = Math.max(worst.shorter, before[i]!.height - r.height);
          worst.lifted = Math.max(worst.lifted, before[i]!.top - r.top);
        });
        if (holding) worst.heldFrames++;
        requestAnimationFrame(sample);
      };
      sample();
    });
    await app.runToDone();
    await expect(page.getByTestId('speedup')).toHaveText(/^\d+\.\d\d×$/, { timeout: 60_000 });
    // The hold ends once the page is idle after the run and its baseline.
    await expect.poll(() => holdsOf(page)).toEqual(NOTHING_HELD);
    const { shorter, lifted, heldFrames } = await page.evaluate(
      () => (window as unknown as { __worst: { shorter: number; lifted: number; heldFrames: number } }).__worst,
    );
    expect(heldFrames, 'the run held the views').toBeGreaterThan(0);
    expect(shorter, 'px a panel got shorter during the run').toBeLessThanOrEqual(0.5);
    expect(lifted, 'px a panel rose during the run').toBeLessThanOrEqual(0.5);
    expect(app.errors).toEqual([]);
  });
}

for (const width of [1280, 400]) {
  test(`a re-run of blocks too short to time or to run in parallel keeps its notes' room: no view moves, at ${width}px`, async ({
    app,
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    // Blocks of 6 transactions on 2 workers run sequentially (under 4 a worker), and take the
    // baseline well under a millisecond. The note saying they run sequentially stands from the
    // inputs, but the one on blocks too short to time leaves at Run and comes back with the
    // baseline: without the hold, every view went up and came back.
    await app.open('seed=2&blockSize=6&blocks=30&vmCost=20000');
    await app.runToDone();
    await expect(page.getByTestId('short-blocks-note')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('fallback-note')).toBeVisible();
    await expect.poll(() => holdsOf(page)).toEqual(NOTHING_HELD);
    await watchFrames(page, ['[data-testid="throughput-chart"]', '[data-testid="short-blocks-note"]']);
    await app.runToDone();
    await expect(page.getByTestId('short-blocks-note')).toBeVisible({ timeout: 60_000 });
    await expect.poll(() => holdsOf(page)).toEqual(NOTHING_HELD);
    const frames = await framesSeen(page);
    expect(
      frames.some(([, note]) => note === null),
      "the run cleared the last run's notes",
    ).toBe(true);
    expect(new Set(frames.map(([chart]) => chart)).size, 'the throughput chart moved').toBe(1);
    expect(app.errors).toEqual([]);
  });
}

for (const width of [1280, 400]) {
  test(`a first run of blocks too small to run in parallel moves no view: the inputs say so before Run, at ${width}px`, async ({
    app,
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    // 6 transactions on 2 workers: each block runs sequentially. A VM cost of 300,000 makes each
    // block several milliseconds, so no short-blocks note comes with the baseline.
    await app.open('seed=2&blockSize=6&blocks=8&vmCost=300000');
    await expect(page.getByTestId('fallback-note')).toContainText('Blocks of 6 transactions have fewer than 4');
    await watchFrames(page, ['[data-testid="throughput-chart"]']);
    await app.runToDone();
    await expect(page.getByTestId('speedup')).toHaveText(/^\d+\.\d\d×$/, { timeout: 60_000 });
    await expect(page.getByTestId('block-fallback')).toBeVisible();
    await expect(page.getByTestId('short-blocks-note')).toHaveCount(0);
    await expect.poll(() => holdsOf(page)).toEqual(NOTHING_HELD);
    expect(await framesSeen(page), 'the throughput chart moved').toHaveLength(1);
    expect(app.errors).toEqual([]);
  });
}

test('a held view lets go when the page is resized mid-run: heights from another width mean nothing', async ({
  app,
  page,
}) => {
  await app.open('seed=3&blockSize=2000&blocks=3&vmCost=2500');
  await app.runToDone();
  // A second run long enough (400 blocks, several seconds) to be resized in the middle of.
  await page.getByLabel('Blocks').fill('400');
  await app.run();
  await expect(page.getByText(/Running block [2-9]/)).toBeVisible({ timeout: 60_000 });
  expect(
    (await holdsOf(page)).every((h) => /^\d+(\.\d+)?px$/.test(h)),
    'every view held while the run goes',
  ).toBe(true);
  await page.setViewportSize({ width: 700, height: 900 });
  await expect.poll(() => holdsOf(page), { timeout: 2_000 }).toEqual(NOTHING_HELD);
  await expect(app.root).toHaveAttribute('data-run-state', 'running');
  expect(await app.stopThenRunSmall()).toMatch(/^[0-9a-f]{32}$/);
  expect(app.errors).toEqual([]);
});

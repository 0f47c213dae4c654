import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, cliDigest, cliFileDigest, type AppPage } from './fixtures.ts';
import { parseTraceFile } from '../src/engine/index.ts';

/**
 * Serve the same files without COOP/COEP, in a browser that gives the page no service worker (a
 * private window), so coi-serviceworker cannot add them either: SharedArrayBuffer and the worker
 * pool go away.
 */
async function serveWithoutIsolation(page: Page): Promise<void> {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined }));
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
}

/**
 * Export the current workload, import the downloaded file, run it: the run must end in the
 * digest the CLI prints for the scenario the file came from.
 */
async function exportImportRun(app: AppPage, page: Page, query: string): Promise<void> {
  const download = await app.download('Export block file');
  expect(download.suggestedFilename()).toMatch(/^dexsim-seed\d+\.json$/);
  const text = readFileSync(await download.path(), 'utf8');
  await page.getByLabel('Block file').setInputFiles({
    name: 'exported.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(page.getByTestId('imported')).toContainText('exported.json: 2 blocks, 300 transactions');
  // A generated world's genesis alone is over 1 MB: the page says the file stays out of the link.
  await expect(page.getByTestId('imported')).toContainText('This file is too large for a link (1.1 MB of JSON');
  expect(page.url()).not.toContain('block=');
  expect(await app.runToDone()).toBe(cliDigest(query));
}

test('a malformed URL shows a notice naming each bad parameter and still runs', async ({ app, page }) => {
  await app.open('blockSize=abc&contention=7&colour=red&seed=4&blocks=2&seed=5');
  const notices = page.getByTestId('notices');
  await expect(notices).toHaveAttribute('role', 'alert');
  await expect(notices).toContainText('"blockSize"');
  await expect(notices).toContainText('"contention"');
  await expect(notices).toContainText('"colour"');
  await expect(notices).toContainText(
    '"seed": "seed" is given 2 times with different values ("4", "5"). The last one is used.',
  );
  // Good parameters still apply (a repeated one as last given), bad ones fall back to their defaults.
  await expect(page.getByLabel('Seed')).toHaveValue('5');
  await expect(page.getByLabel('Block size')).toHaveValue('1000');
  await expect(page).toHaveURL(/blockSize=1000/);
  await app.page.getByLabel('Block size').fill('200');
  expect(await app.runToDone()).toMatch(/^[0-9a-f]{32}$/);
});

test('Share copies a link that reproduces the same blocks and final state', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open('seed=11&blockSize=300&blocks=2&contention=0.8&vmCost=0');
  await page.getByLabel('Seed').fill('12');
  await page.getByLabel('Strategy').selectOption('sequential');
  const digest = await app.runToDone();
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByRole('button', { name: 'Link copied' })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('seed=12');
  expect(link).toContain('strategy=sequential');
  const other = await context.newPage();
  await other.goto(link);
  await other.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(other.getByTestId('app')).toHaveAttribute('data-run-state', 'done', { timeout: 60_000 });
  await expect(other.getByTestId('state-digest')).toHaveText(digest);
});

test('a link can name a block and a transaction: the run shows them, and the fragment follows the view', async ({
  app,
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  // Canonical, as the page writes it back.
  const query =
    'seed=3&blockSize=300&blocks=3&contention=0.5&mix=transfer:35,swap:30,route:5,liquidity:5,lending:15,staking:8,oracle:2&vmCost=0&strategy=block-stm&workers=2';
  await app.open(`${query}#show=1&tx=42`);
  await app.runToDone();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByRole('heading', { level: 2 })).toHaveText(/^Transaction 42 of block 1: /);
  await expect(page.getByLabel('Show block')).toHaveValue('1');
  // The scenario stays the query (what the CLI runs); the view is the fragment.
  expect(new URL(page.url()).search.slice(1)).toBe(query);
  expect(new URL(page.url()).hash).toBe('#show=1&tx=42');
  // Another block, then closing the inspector: the address bar and Share follow.
  await page.getByLabel('Show block').selectOption('2');
  await expect.poll(() => new URL(page.url()).hash).toBe('#show=2');
  await page.getByLabel('Transaction #').fill('7');
  await page.getByRole('button', { name: 'Inspect' }).click();
  await expect.poll(() => new URL(page.url()).hash).toBe('#show=2&tx=7');
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(link).hash).toBe('#show=2&tx=7');
  await inspector.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => new URL(page.url()).hash).toBe('#show=2');
  expect(app.errors).toEqual([]);
});

/** A link whose fragment names a view: block 1 pinned, its transaction 42 in the inspector. */
const VIEW_LINK = 'seed=3&blockSize=300&blocks=3&contention=0.5&vmCost=0&workers=2#show=1&tx=42';

test("a link's view stays through a change of workers, and goes when the inputs run other blocks", async ({
  app,
  page,
}) => {
  await app.open(VIEW_LINK);
  // Workers run the same blocks: block 1's transaction 42 is still the one the link meant.
  await app.setWorkers(1);
  await expect.poll(() => new URL(page.url()).search).toContain('workers=1');
  expect(new URL(page.url()).hash).toBe('#show=1&tx=42');
  // Another contention draws other transactions: the same numbers would name something else.
  await page.getByLabel(/^Contention/).fill('0.8');
  await expect.poll(() => new URL(page.url()).hash).toBe('');
  await expect(page.getByTestId('notices')).toContainText(
    "The link's view (block 1, transaction 42) was for the link's blocks; the inputs changed, so it is not applied.",
  );
  await app.runToDone();
  await expect(page.getByLabel('Show block')).toHaveValue('latest');
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 2 })).toHaveCount(0);
  expect(app.errors).toEqual([]);
});

test("a run under way keeps the link's view; a run of other blocks after a stopped one drops it", async ({
  app,
  page,
}) => {
  const inspector = page.getByTestId('inspector').getByRole('heading', { level: 2 });
  // Run right after load: it waits seconds for the engines' warm-up, so it is still under way
  // when the contention moves. It runs the link's blocks, so the view applies when it ends.
  await app.open(VIEW_LINK);
  await app.run();
  await expect(app.root).toHaveAttribute('data-run-state', 'running');
  await page.getByLabel(/^Contention/).fill('0.8');
  await expect(app.root).toHaveAttribute('data-run-state', 'done', { timeout: 60_000 });
  await expect(inspector).toHaveText(/^Transaction 42 of block 1: /);
  // Stopped before its end, a run applies nothing; the next one runs other blocks, so the view,
  // still waiting, is dropped when that run ends rather than shown on unrelated transactions.
  await app.open(VIEW_LINK);
  await app.run();
  await expect(app.root).toHaveAttribute('data-run-state', 'running');
  await page.getByLabel(/^Contention/).fill('0.8');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(app.root).toHaveAttribute('data-run-state', 'idle', { timeout: 5_000 });
  await app.runToDone();
  await expect(page.getByTestId('notices')).toContainText(
    "The link's view (block 1, transaction 42) was for the link's blocks",
  );
  await expect(page.getByLabel('Show block')).toHaveValue('latest');
  await expect(inspector).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe('');
  expect(app.errors).toEqual([]);
});

test('the graph can be laid out in block order: the link carries it, a click inspects, the other layout comes back', async ({
  app,
  page,
}) => {
  await app.open('preset=lesson&vmCost=0&workers=2#layout=order');
  await app.runToDone();
  const graph = page.getByTestId('conflict-graph');
  await expect(graph).toHaveAttribute('data-layout', 'order');
  await expect(page.getByLabel('Layout')).toHaveValue('order');
  // Eight transactions on a grid of 4 columns and 2 rows: the node fills, seen from the side and
  // from above, fall into that many separate bands. The force layout places them by their links.
  const bands = () =>
    graph.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const cols = new Uint8Array(c.width);
      const rows = new Uint8Array(c.height);
      for (let i = 0; i < d.length; i += 4) {
        // Node fills only: not grey links, white labels, or a re-execution's red ring.
        if (d[i + 3]! < 250 || (d[i] === d[i + 1] && d[i + 1] === d[i + 2])) continue;
        if (d[i] === 214 && d[i + 1] === 39 && d[i + 2] === 40) continue;
        cols[(i / 4) % c.width] = 1;
        rows[Math.floor(i / 4 / c.width)] = 1;
      }
      const runs = (a: Uint8Array) => a.reduce((n, v, i) => n + (v && !a[i - 1] ? 1 : 0), 0);
      return [runs(cols), runs(rows)];
    });
  await expect.poll(bands).toEqual([4, 2]);
  // Transaction 0 is the top left node: a click there inspects it, and the fragment keeps both.
  const box = (await graph.boundingBox())!;
  const first = await graph.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const dpr = c.width / c.clientWidth;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3]! < 250 || (d[i] === d[i + 1] && d[i + 1] === d[i + 2])) continue;
      // The first fill row-major is the top of the top row's first node: step down into it.
      return [((i / 4) % c.width) / dpr, Math.floor(i / 4 / c.width) / dpr + 4];
    }
    return null;
  });
  expect(first).not.toBeNull();
  await page.mouse.click(box.x + first![0]!, box.y + first![1]!);
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 2 })).toHaveText(
    /^Transaction 0 of block 1: /,
  );
  await expect.poll(() => new URL(page.url()).hash).toBe('#tx=0&layout=order');
  // Back to the force layout: it runs and settles, and the fragment drops the default.
  await page.getByLabel('Layout').selectOption('force');
  await expect(graph).toHaveAttribute('data-layout', 'settled', { timeout: 30_000 });
  await expect.poll(() => new URL(page.url()).hash).toBe('#tx=0');
  expect(app.errors).toEqual([]);
});

test('a bad view in the link is named, part by part, and the rest of the page works', async ({ app, page }) => {
  await app.open('seed=3&blockSize=300&blocks=3&contention=0.5&vmCost=0#show=9&tx=x&zoom=2');
  const notices = page.getByTestId('notices');
  await expect(notices).toContainText('Link fragment "tx": must be a transaction number');
  await expect(notices).toContainText('Link fragment "zoom": unknown');
  await app.runToDone();
  await expect(notices).toContainText('The link shows block 9, but this run has 3 blocks (0–2).');
  // Nothing was applied: the views follow the latest block, the inspector is empty.
  await expect(page.getByLabel('Show block')).toHaveValue('latest');
  await expect(page.getByTestId('inspector').getByRole('heading', { level: 2 })).toHaveCount(0);
  await expect.poll(() => new URL(page.url()).hash).toBe('');
  expect(app.errors).toEqual([]);
});

test('a link names a block-file preset: it loads, runs to the CLI digest, Share keeps it, the generated workload drops it', async ({
  app,
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open('preset=sequential&workers=1&vmCost=0');
  await expect(page.getByTestId('imported')).toContainText('sequential-chain.json: 5 blocks, 2,500 transactions');
  await expect(page.getByTestId('imported')).toContainText('The link names this preset');
  await expect(page.getByLabel('Seed')).toBeDisabled();
  const query = new URL(page.url()).search.slice(1);
  expect(query).toMatch(/^preset=sequential&.*vmCost=0&strategy=block-stm&workers=1$/);
  expect(await app.runToDone()).toBe(cliDigest(query));
  await expect(page.getByTestId('graph-legend')).toContainText('500 transactions, 499 dependencies');
  // A change to an input that still applies keeps the preset in the link.
  await page.getByLabel('Strategy').selectOption('sequential');
  await expect(page).toHaveURL(/\?preset=sequential&.*strategy=sequential/);
  await page.getByRole('button', { name: 'Share' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\?preset=sequential&/);
  await page.getByRole('button', { name: 'Use generated workload' }).click();
  await expect(page.getByTestId('imported')).toHaveCount(0);
  await expect(page).not.toHaveURL(/preset=/);
  expect(app.errors).toEqual([]);
});

/** The README's example lesson: two blocks of 8 transactions, transfers chained through a swap. */
const LESSON = new URL('../examples/lesson.json', import.meta.url).pathname;

test('a hand-built block file travels in the link: Share, open, run to the CLI digest; a broken one is named and ignored', async ({
  app,
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await app.open('vmCost=0&workers=2');
  await page.getByLabel('Block file').setInputFiles(LESSON);
  await expect(page.getByTestId('imported')).toContainText('lesson.json: 2 blocks, 16 transactions');
  await expect(page.getByTestId('imported')).toContainText('The link carries this file');
  await expect(page).toHaveURL(/&workers=2&block=[A-Za-z0-9_-]+$/);
  const query = new URL(page.url()).search.slice(1);
  const digest = await app.runToDone();
  expect(digest).toBe(cliFileDigest(LESSON));
  // Eight nodes fill the graph's canvas once laid out, rather than a few dozen pixels at its middle.
  const graph = page.getByTestId('conflict-graph');
  await expect(graph).toHaveAttribute('data-layout', 'settled', { timeout: 30_000 });
  await expect
    .poll(() =>
      graph.evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let min = c.width;
        let max = -1;
        for (let i = 0; i < d.length; i += 4) {
          // Node fills are coloured; edges are grey and the background is clear.
          if (d[i + 3]! < 250 || (d[i] === d[i + 1] && d[i + 1] === d[i + 2])) continue;
          const x = (i / 4) % c.width;
          if (x < min) min = x;
          if (x > max) max = x;
        }
        return (max - min) / c.width;
      }),
    )
    .toBeGreaterThan(0.4);
  // Scaled up, each node is large enough to carry its transaction number.
  await expect(graph).toHaveAttribute('data-labels', 'inside');
  // The wheel zooms about the pointer: the node under it, off the panel's centre, stays there.
  const node = await graph.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const dpr = c.width / c.clientWidth;
    let best: { x: number; y: number; rgb: string } | null = null;
    let far = -1;
    for (let y = 0; y < c.height; y += 2)
      for (let x = 0; x < c.width; x += 2) {
        const i = (y * c.width + x) * 4;
        // Node fills only: not the grey edges and labels, nor a re-execution's red ring (214, 39, 40).
        if (d[i + 3]! < 250 || (d[i] === d[i + 1] && d[i + 1] === d[i + 2])) continue;
        if (d[i] === 214 && d[i + 1] === 39 && d[i + 2] === 40) continue;
        const dist = Math.hypot(x - c.width / 2, y - c.height / 2);
        if (dist > far) [best, far] = [{ x: x / dpr, y: y / dpr, rgb: `${d[i]},${d[i + 1]},${d[i + 2]}` }, dist];
      }
    return best;
  });
  expect(node).not.toBeNull();
  const colourAt = (x: number, y: number) =>
    graph.evaluate(
      (c: HTMLCanvasElement, [x, y]) => {
        const dpr = c.width / c.clientWidth;
        const d = c.getContext('2d')!.getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data;
        return `${d[0]},${d[1]},${d[2]}`;
      },
      [x, y] as const,
    );
  // A point 4 px inside the node from its outermost pixel, toward the centre, is in its fill (a
  // node is 12 px in radius here; its label, at its centre, is narrower than 8 px).
  const box = (await graph.boundingBox())!;
  const [cx, cy] = [box.width / 2, box.height / 2];
  const len = Math.hypot(node!.x - cx, node!.y - cy);
  const [px, py] = [node!.x + ((cx - node!.x) / len) * 4, node!.y + ((cy - node!.y) / len) * 4];
  expect(await colourAt(px, py)).toBe(node!.rgb);
  const before = await graph.evaluate((c: HTMLCanvasElement) => c.toDataURL());
  await page.mouse.move(box.x + px, box.y + py);
  await page.mouse.wheel(0, -240);
  await expect.poll(() => graph.evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(before);
  expect(await colourAt(px, py)).toBe(node!.rgb);
  // Its blocks take the baseline well under a millisecond: the page says the speedup is noisy.
  await expect(page.getByTestId('short-blocks-note')).toContainText('Each block took the sequential baseline 0.');
  // The trace file names the run by the query that reproduces it, the packed file included.
  const traceFile = await app.download('Export trace');
  expect(parseTraceFile(JSON.parse(readFileSync(await traceFile.path(), 'utf8'))).run.scenario).toBe(query);
  expect(digest).toBe(cliDigest(query));
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(link).search.slice(1)).toBe(query);

  // The link opens the same file in another page, which runs it to the same state.
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByTestId('imported')).toContainText('linked-block.json: 2 blocks, 16 transactions');
  await expect(other.getByLabel('Seed')).toBeDisabled();
  await other.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(other.getByTestId('app')).toHaveAttribute('data-run-state', 'done', { timeout: 60_000 });
  await expect(other.getByTestId('state-digest')).toHaveText(digest);
  await other.close();
  // A VM cost that makes each block a few milliseconds long: the note goes away.
  await page.getByLabel('VM cost').fill('100000');
  expect(await app.runToDone()).toBe(digest);
  await expect(page.getByTestId('speedup')).toHaveText(/\d+\.\d\d×/, { timeout: 60_000 });
  await expect(page.getByTestId('short-blocks-note')).toHaveCount(0);
  await page.getByRole('button', { name: 'Use generated workload' }).click();
  await expect(page).not.toHaveURL(/block=/);

  // A link cut short: a notice names the parameter, and the generated workload runs.
  await app.open(query.slice(0, -12));
  await expect(page.getByTestId('notices')).toContainText(
    /URL parameter "block": it (is not a packed block file \(.*\): the link may have been cut short|is cut short \(.*\))\. It is ignored\./,
  );
  await expect(page.getByTestId('imported')).toHaveCount(0);
  await expect(page).not.toHaveURL(/block=/);
  expect(await app.runToDone()).toBe(cliDigest(new URL(page.url()).search.slice(1)));
  expect(app.errors).toEqual([]);
});

test('an invalid block file is refused inline; a valid one runs', async ({ app, page }) => {
  await app.open();
  const input = page.getByLabel('Block file');
  await input.setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"genesis":{},"blocks":[{"txs":[{"type":"swap","from":"a"}]}]}'),
  });
  await expect(page.getByTestId('import-errors')).toContainText('blocks[0].txs[0].pool');
  await expect(page.getByTestId('imported')).toHaveCount(0);
  const good = {
    genesis: { accounts: { alice: { USDC: '1000' } } },
    blocks: [
      {
        txs: [
          { type: 'transfer', from: 'alice', to: 'bob', token: 'USDC', amount: '5' },
          { type: 'transfer', from: 'bob', to: 'carol', token: 'USDC', amount: '9' },
        ],
      },
    ],
  };
  await input.setInputFiles({
    name: 'good.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(good)),
  });
  await expect(page.getByTestId('imported')).toContainText('good.json');
  await expect(page.getByTestId('import-errors')).toHaveCount(0);
  // The file brings its own blocks: the inputs that shape a generated workload are off; those
  // of the engine still apply.
  const workload = page.getByRole('group', { name: 'Generated workload' });
  for (const label of ['Blocks', 'Block size', 'Seed', /^Contention/, 'transfer'])
    await expect(workload.getByLabel(label)).toBeDisabled();
  for (const label of ['VM cost', 'Strategy', /^Workers/]) await expect(page.getByLabel(label)).toBeEnabled();
  await app.runToDone();
  await page.getByLabel('Transaction #').fill('1');
  await page.getByRole('button', { name: 'Inspect' }).click();
  await expect(page.getByTestId('inspector-receipt')).toHaveText('reverted: INSUFFICIENT_BALANCE');
  // A world of balances only: no empty tables, and no note about APRs it has none of.
  await expect(page.getByTestId('protocol-state')).toContainText('its state is balances only');
  await expect(page.getByTestId('protocol-state').getByRole('table')).toHaveCount(0);
  await expect(page.getByTestId('protocol-state')).not.toContainText('APRs');
  // Back to the generated workload: the URL's scenario runs again.
  await page.getByRole('button', { name: 'Use generated workload' }).click();
  await expect(page.getByTestId('imported')).toHaveCount(0);
  await expect(workload.getByLabel('Blocks')).toBeEnabled();
  expect(await app.runToDone()).toBe(cliDigest(new URL(page.url()).search.slice(1)));
  expect(app.errors).toEqual([]);
});

test('without cross-origin isolation a banner says so and the run still gives the CLI digest', async ({
  app,
  page,
}) => {
  await serveWithoutIsolation(page);
  const query = 'seed=4&blockSize=150&blocks=2&contention=0.5&vmCost=0&strategy=block-stm&workers=2';
  await app.open(query);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(page.getByTestId('isolation-banner')).toContainText('not cross-origin isolated');
  await expect(page.getByTestId('isolation-banner')).toContainText('gives the page no service worker');
  await expect(app.root).toHaveAttribute('data-engine', 'in-process');
  expect(await app.runToDone()).toBe(cliDigest(query));
  // Export and import are engine work too, done in-page here.
  await exportImportRun(app, page, query);
  expect(app.errors).toEqual([]);
});

test('Export block file saves the workload; importing it runs to the same final state', async ({
  app,
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const query = 'seed=9&blockSize=150&blocks=2&contention=0.5&vmCost=0&strategy=block-stm&workers=2';
  await app.open(query);
  await exportImportRun(app, page, query);
  // Too large for a link: Share says the file stays behind, and the link holds the inputs only.
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByRole('button', { name: 'Link copied, without the file' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).not.toContain('block=');
  expect(app.errors).toEqual([]);
});

test('the mix inputs refuse to zero the last weight: the URL keeps a mix the CLI accepts', async ({ app, page }) => {
  await app.open('blocks=2&blockSize=100&mix=transfer:3,swap:1');
  await page.getByLabel('swap', { exact: true }).fill('0');
  await expect(page).toHaveURL(/mix=transfer%3A3(&|$)|mix=transfer:3(&|$)/);
  await page.getByLabel('transfer', { exact: true }).fill('0');
  await expect(page.getByText('one kind needs a weight above 0')).toBeVisible();
  await expect(page.getByLabel('transfer', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/mix=transfer%3A3(&|$)|mix=transfer:3(&|$)/);
  const query = new URL(page.url()).search.slice(1);
  expect(await app.runToDone()).toBe(cliDigest(query));
  // Leaving the field shows the weight the scenario kept.
  await page.getByLabel('Seed').focus();
  await expect(page.getByLabel('transfer', { exact: true })).toHaveValue('3');
  expect(app.errors).toEqual([]);
});

test('without cross-origin isolation the page stays live during a long run and Stop ends it', async ({ app, page }) => {
  // The engine runs on the page's own thread here, handing it back between blocks.
  await serveWithoutIsolation(page);
  await app.open('blocks=200&blockSize=1000&vmCost=2500&strategy=block-stm');
  await app.run();
  await expect(page.getByText(/Running block [2-9]/)).toBeVisible({ timeout: 60_000 });
  expect(await app.stopThenRunSmall()).toBe(cliDigest('blocks=2&blockSize=300&vmCost=2500&strategy=block-stm'));
  expect(app.errors).toEqual([]);
});

test('the address bar names the running scenario as soon as Run is pressed', async ({ app, page }) => {
  await app.open('blocks=2&blockSize=200');
  const runId = Number(await app.root.getAttribute('data-run-id'));
  // An edit reaches the URL after a quiet period; pressing Run writes it at once. Both happen in
  // one task here, so the quiet period cannot have passed when the URL is read.
  const search = await page.evaluate(() => {
    const blocks = document.getElementById(
      [...document.querySelectorAll('label')].find((l) => l.textContent === 'Blocks')!.htmlFor,
    ) as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(blocks, '3');
    blocks.dispatchEvent(new Event('input', { bubbles: true }));
    [...document.querySelectorAll('button')].find((b) => b.textContent === 'Run')!.click();
    return window.location.search;
  });
  expect(new URLSearchParams(search).get('blocks')).toBe('3');
  await page.locator(`[data-testid="app"][data-run-id="${runId + 1}"][data-run-state="done"]`).waitFor();
  expect((await page.getByTestId('state-digest').textContent())!.trim()).toBe(cliDigest('blocks=3&blockSize=200'));
});

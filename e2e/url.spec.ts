/** The address bar: a scenario's query, the view in its fragment, Share, and what a bad link shows. */
import { test, expect, cliDigest } from './fixtures.ts';
import { KIND_COLORS } from '../src/app/charts/graphColors.ts';

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
  // Only pixels of a kind's exact fill count: where a re-execution's red ring or a link blends
  // with what is under it the pixel is neither red nor grey, and counting those made extra bands
  // in some runs (those with an abort, which comes and goes with how the tasks interleave).
  const fills = Object.values(KIND_COLORS).map((hex) => parseInt(hex.slice(1), 16));
  const bands = () =>
    graph.evaluate((c: HTMLCanvasElement, fills: number[]) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const cols = new Uint8Array(c.width);
      const rows = new Uint8Array(c.height);
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3]! < 250 || !fills.includes((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!)) continue;
        cols[(i / 4) % c.width] = 1;
        rows[Math.floor(i / 4 / c.width)] = 1;
      }
      const runs = (a: Uint8Array) => a.reduce((n, v, i) => n + (v && !a[i - 1] ? 1 : 0), 0);
      return [runs(cols), runs(rows)];
    }, fills);
  await expect.poll(bands).toEqual([4, 2]);
  // Transaction 0 is the top left node: a click there inspects it, and the fragment keeps both.
  const box = (await graph.boundingBox())!;
  const first = await graph.evaluate((c: HTMLCanvasElement, fills: number[]) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const dpr = c.width / c.clientWidth;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3]! < 250 || !fills.includes((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!)) continue;
      // The first fill row-major is the top of the top row's first node: step down into it.
      return [((i / 4) % c.width) / dpr, Math.floor(i / 4 / c.width) / dpr + 4];
    }
    return null;
  }, fills);
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

/** The README's example lesson: two blocks of 8 transactions, transfers chained through a swap. */

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

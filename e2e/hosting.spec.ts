/**
 * The build on a static host that sends no COOP/COEP headers, under a sub-folder (a GitHub Pages
 * project site): the page must load, isolate itself through coi-serviceworker and run on the
 * real Web Worker pool.
 */
import { fileURLToPath } from 'node:url';
import { test, expect, cliDigest } from './fixtures.ts';
import { serveStatic, type StaticHost } from './staticHost.ts';

let host: StaticHost;
// dist/ is what the Playwright web server just built and previews.
test.beforeAll(async () => {
  host = await serveStatic(fileURLToPath(new URL('../dist', import.meta.url)), 'dexsim');
});
test.afterAll(async () => host.close());

test('on a static host under a sub-folder, the service worker isolates the page and the worker pool runs', async ({
  app,
  page,
}) => {
  const query = 'seed=3&blockSize=300&blocks=3&contention=0.5&vmCost=300&strategy=block-stm&workers=2';
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(`${host.url}?${query}`);
  // The first load is not isolated: the script registers the service worker and reloads once.
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 20_000 }).toBe(true);
  await expect(app.root).toHaveAttribute('data-engine', 'workers');
  await expect(page.getByTestId('isolation-banner')).toHaveCount(0);
  expect(new URL(page.url()).pathname).toBe('/dexsim/');
  expect(await app.runToDone()).toBe(cliDigest(query));
  // Two engine workers ran it (and the baseline's), not the page's own thread.
  expect(page.workers().filter((w) => /worker\.browser/.test(w.url())).length).toBeGreaterThanOrEqual(2);
  // Every file came from the sub-folder: none was asked for at the host's root.
  expect(requested.filter((p) => !p.startsWith('/dexsim/'))).toEqual([]);
  expect(app.errors).toEqual([]);
});

test('the page is never blank: it shows its header while loading, and says why when it cannot run', async ({
  app,
  page,
  browser,
}) => {
  const boot = (p: typeof page) => p.getByRole('status').filter({ hasText: /Loading the simulator|could not load/ });
  // Loaded: the app replaces the loading line under the page's header, and adds no header of its own.
  await app.open();
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  await expect(boot(page)).toHaveCount(0);
  expect(app.errors).toEqual([]);
  // Its code cannot load: the line names what failed.
  const blocked = await browser.newPage();
  await blocked.route(/\/assets\/main-[^/]*\.js$/, (r) => r.abort());
  await blocked.goto('/');
  await expect(boot(blocked)).toHaveText(/^dexsim could not load \S+\/assets\/main-\S+\.js\. Reload the page/);
  await expect(blocked.getByRole('heading', { level: 1 })).toHaveText('dexsim');
  await blocked.close();
  // JavaScript is off: the header, and what the page needs.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const noScript = await context.newPage();
  await noScript.goto('/');
  await expect(noScript.getByRole('heading', { level: 1 })).toHaveText('dexsim');
  // (Playwright's text search skips <noscript>, so the line is found by its place.)
  const needs = noScript.locator('noscript > p');
  await expect(needs).toBeVisible();
  await expect(needs).toHaveText('dexsim needs JavaScript.');
  await expect(noScript.locator('#boot')).toBeHidden();
  await context.close();
});

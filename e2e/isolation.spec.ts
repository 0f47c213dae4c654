/** A page served without cross-origin isolation: no SharedArrayBuffer, so the engine runs in-page. */
import type { Page } from '@playwright/test';
import { test, expect, cliDigest, exportImportRun } from './fixtures.ts';

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

test('without cross-origin isolation the page stays live during a long run and Stop ends it', async ({ app, page }) => {
  // The engine runs on the page's own thread here, handing it back between blocks.
  await serveWithoutIsolation(page);
  await app.open('blocks=200&blockSize=1000&vmCost=2500&strategy=block-stm');
  await app.run();
  await expect(page.getByText(/Running block [2-9]/)).toBeVisible({ timeout: 60_000 });
  expect(await app.stopThenRunSmall()).toBe(cliDigest('blocks=2&blockSize=300&vmCost=2500&strategy=block-stm'));
  expect(app.errors).toEqual([]);
});

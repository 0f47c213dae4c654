/**
 * Block files: a preset named in a link, a hand-built file packed into one, a bad file refused,
 * and export then import.
 */
import { test, expect, cliDigest, cliFileDigest, exportImportRun } from './fixtures.ts';

const LESSON = new URL('../examples/lesson.json', import.meta.url).pathname;

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
  // Scaled up, each node is large enough to carry its transaction number, and every link a head
  // at its reader.
  await expect(graph).toHaveAttribute('data-labels', 'inside');
  const links = (await page.getByTestId('graph-legend').textContent())!.match(/(\d+) dependenc/)![1]!;
  expect(Number(links)).toBeGreaterThan(0);
  await expect(graph).toHaveAttribute('data-arrows', links);
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
  expect((await app.exportTrace()).run.scenario).toBe(query);
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
  // Twelve bad amounts: the list names the first eight and counts the rest.
  const twelveBad = {
    genesis: { accounts: { a: { USDC: '1' } } },
    blocks: [
      { txs: Array.from({ length: 12 }, () => ({ type: 'transfer', from: 'a', to: 'b', token: 'USDC', amount: 1 })) },
    ],
  };
  await input.setInputFiles({
    name: 'twelve-bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(twelveBad)),
  });
  const problems = page.getByTestId('import-errors').getByRole('listitem');
  await expect(problems).toHaveCount(9);
  await expect(problems.first()).toContainText('blocks[0].txs[0].amount: expected an amount');
  await expect(problems.nth(7)).toContainText('blocks[0].txs[7].amount');
  await expect(problems.last()).toHaveText('…and 4 more');
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

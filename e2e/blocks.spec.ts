import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, cliBlockStats, cliDigest, cliFileDigest } from './fixtures.ts';

const LESSON = new URL('../examples/lesson.json', import.meta.url).pathname;

test("the shown block's statistics are the engine's for that block, latest or picked", async ({ app, page }) => {
  const query = 'seed=11&blockSize=400&blocks=4&contention=0.5&vmCost=300&strategy=block-stm&workers=2';
  await app.open(query);
  await app.runToDone();
  const cli = cliBlockStats(query);
  const facts = page.getByTestId('block-facts');
  // Dependency edges come from the versions the final incarnations read: the same on any worker
  // count and in any runtime, so the page must show the CLI's count for the same block.
  for (const pick of ['latest', '1'] as const) {
    if (pick !== 'latest') await page.getByLabel('Show block').selectOption(pick);
    const b = pick === 'latest' ? cli.length - 1 : Number(pick);
    await expect(facts).toHaveAttribute('data-block', String(b));
    await expect(facts).toContainText(`Block ${b}:`);
    await expect(facts).toContainText('400 transactions');
    await expect(facts.locator('li', { hasText: 'dependencies' })).toHaveText(`${cli[b]!.edges} dependencies`);
    // Block-STM's own counters are listed; every transaction ran at least once.
    await expect(facts.locator('li', { hasText: 'validations/tx' })).toHaveCount(1);
    const executions = Number((await facts.locator('li', { hasText: 'executions/tx' }).textContent())!.split(' ')[0]);
    expect(executions).toBeGreaterThanOrEqual(1);
  }
  await expect(page.getByTestId('block-fallback')).toHaveCount(0);
  await expect(page.getByTestId('fallback-note')).toHaveCount(0);
  expect(app.errors).toEqual([]);
});

test('blocks too small for parallel execution say they ran sequentially', async ({ app, page }) => {
  // 5 transactions on 2 workers is under 4 per worker: Block-STM hands such a block to one worker.
  const query = 'seed=3&blockSize=5&blocks=2&strategy=block-stm&workers=2';
  await app.open(query);
  // Every block of a generated workload has the inputs' size: the page says so before the run.
  const note = 'Blocks of 5 transactions have fewer than 4 transactions per worker on 2 workers';
  await expect(page.getByTestId('fallback-note')).toContainText(note);
  await expect(page.getByTestId('block-facts-placeholder')).toContainText('5 transactions are fewer than 4 per worker');
  expect(await app.runToDone()).toBe(cliDigest(query));
  await expect(page.getByTestId('fallback-note')).toContainText(note);
  await expect(page.getByTestId('block-fallback')).toContainText(
    '5 transactions are fewer than 4 per worker on 2 workers',
  );
  await expect(page.getByTestId('block-facts').locator('li', { hasText: 'validations/tx' })).toHaveCount(0);
  // On one worker the same blocks are big enough, and run the real algorithm.
  await app.setWorkers(1);
  expect(await app.runToDone()).toBe(cliDigest(query));
  await expect(page.getByTestId('fallback-note')).toHaveCount(0);
  await expect(page.getByTestId('block-fallback')).toHaveCount(0);
  await expect(page.getByTestId('block-facts').locator('li', { hasText: 'validations/tx' })).toHaveCount(1);
  expect(app.errors).toEqual([]);
});

test("a block file's blocks too small for parallel execution are named before the run, each by its size", async ({
  app,
  page,
}, testInfo) => {
  // The lesson with its first block cut to 3 transactions, under 4 per worker on 2 workers; the
  // second keeps its 8.
  const lesson = JSON.parse(readFileSync(LESSON, 'utf8')) as { blocks: { txs: unknown[] }[] };
  const [first, second] = lesson.blocks;
  const path = testInfo.outputPath('mixed-sizes.json');
  writeFileSync(path, JSON.stringify({ ...lesson, blocks: [{ ...first, txs: first!.txs.slice(0, 3) }, second] }));
  await app.open('vmCost=0&workers=2');
  await page.getByLabel('Block file').setInputFiles(path);
  await expect(page.getByTestId('imported')).toContainText('2 blocks, 11 transactions');
  const note = '1 of 2 blocks has fewer than 4 transactions per worker on 2 workers, so it runs sequentially';
  await expect(page.getByTestId('fallback-note')).toContainText(note);
  await expect(page.getByTestId('block-facts-placeholder')).toContainText('3 transactions are fewer than 4 per worker');
  expect(await app.runToDone()).toBe(cliFileDigest(path));
  await expect(page.getByTestId('fallback-note')).toContainText(note);
  // The engine agrees, block by block.
  const facts = page.getByTestId('block-facts');
  await page.getByLabel('Show block').selectOption('0');
  await expect(facts).toHaveAttribute('data-block', '0');
  await expect(page.getByTestId('block-fallback')).toContainText(
    '3 transactions are fewer than 4 per worker on 2 workers',
  );
  await page.getByLabel('Show block').selectOption('1');
  await expect(facts).toHaveAttribute('data-block', '1');
  await expect(page.getByTestId('block-fallback')).toHaveCount(0);
  await expect(facts.locator('li', { hasText: 'validations/tx' })).toHaveCount(1);
  // On 3 workers the second block is too small as well.
  await app.setWorkers(3);
  await expect(page.getByTestId('fallback-note')).toContainText(note);
  expect(await app.runToDone()).toBe(cliFileDigest(path));
  await expect(page.getByTestId('fallback-note')).toContainText(
    'Both blocks have fewer than 4 transactions per worker on 3 workers',
  );
  expect(app.errors).toEqual([]);
});

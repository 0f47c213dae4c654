/**
 * Playwright fixtures: an `app` page object, console-error collection, and the CLI as oracle
 * (the digest the app shows must equal what `npm run sim -- --json` prints).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test as base, expect, type Download, type Page } from '@playwright/test';
import { parseTraceFile, type BlockStats } from '../src/engine/index.ts';

export class AppPage {
  readonly errors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(m.text());
    });
    page.on('pageerror', (e) => this.errors.push(e.message));
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`/${query ? `?${query}` : ''}`);
    await expect(this.page.getByTestId('app')).toBeVisible();
  }

  get root() {
    return this.page.getByTestId('app');
  }

  /**
   * Start a run and wait until it has really started (a fast run may already be done). Waits
   * here use selectors, not expect(...).toHaveAttribute: each failed poll of an expect builds an
   * accessibility snapshot of the whole app for its error message, a 20-30 ms task on the page's
   * main thread that competed with the run and showed up in long-task measurements.
   */
  async run(): Promise<void> {
    const before = Number(await this.root.getAttribute('data-run-id'));
    await this.page.getByRole('button', { name: 'Run', exact: true }).click();
    await this.page.locator(`[data-testid="app"][data-run-id="${before + 1}"]`).waitFor();
  }

  async runToDone(timeout = 90_000): Promise<string> {
    await this.run();
    await this.page.locator('[data-testid="app"][data-run-state="done"]').waitFor({ timeout });
    return (await this.page.getByTestId('state-digest').textContent())!.trim();
  }

  /**
   * Start recording long tasks (PerformanceObserver) from now on; read them with longTasks().
   * Long animation frames are kept too, with the scripts that ran in them: when a long task
   * shows up, longFrames() says what it was.
   */
  async watchLongTasks(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[]; __longFrames: string[] };
      w.__longTasks = [];
      w.__longFrames = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
      interface Script {
        invoker: string;
        sourceFunctionName: string;
        sourceURL: string;
        sourceCharPosition: number;
        duration: number;
      }
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { duration: number; startTime: number; scripts: Script[] }[]) {
          if (e.duration <= 50) continue;
          const scripts = e.scripts
            .map(
              (s) =>
                `${s.invoker} → ${s.sourceFunctionName || '?'} (${s.sourceURL.split('/').pop()}:${s.sourceCharPosition}) ${s.duration.toFixed(0)} ms`,
            )
            .join('; ');
          w.__longFrames.push(
            `${e.duration.toFixed(0)} ms frame at ${e.startTime.toFixed(0)} ms: ${scripts || 'no script'}`,
          );
        }
      }).observe({ type: 'long-animation-frame' });
    });
  }

  /** Durations (ms) of the long tasks since watchLongTasks(). */
  async longTasks(): Promise<number[]> {
    return this.page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  }

  /** The animation frames over 50 ms since watchLongTasks(), each with the scripts it ran. */
  async longFrames(): Promise<string> {
    const frames = await this.page.evaluate(() => (window as unknown as { __longFrames: string[] }).__longFrames);
    return frames.length ? `long frames: ${frames.join(' | ')}` : 'no long animation frame';
  }

  /** Click a button that saves a file, and return the download it starts. */
  async download(button: string): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: button }).click(),
    ]);
    return download;
  }

  /** Press Export trace and read the file back with the engine's own parser. */
  async exportTrace(): Promise<ReturnType<typeof parseTraceFile> & { filename: string }> {
    const download = await this.download('Export trace');
    const file = parseTraceFile(JSON.parse(readFileSync(await download.path(), 'utf8')));
    return { ...file, filename: download.suggestedFilename() };
  }

  /** Show `block` in the views, and wait until the worker timeline shows it. */
  async showBlock(block: number): Promise<void> {
    await this.page.getByLabel('Show block').selectOption(String(block));
    await expect(this.page.getByRole('heading', { name: `Worker timeline — block ${block}` })).toBeVisible();
  }

  /**
   * Press Stop on the run going now and expect it ended within the time a Stop promises, then
   * run 2 blocks of 300 transactions of the current scenario (the same pool, right after) and
   * return that run's digest.
   */
  async stopThenRunSmall(): Promise<string> {
    await this.page.getByRole('button', { name: 'Stop' }).click();
    await expect(this.root).toHaveAttribute('data-run-state', 'idle', { timeout: 5_000 });
    await this.page.getByLabel('Blocks').fill('2');
    await this.page.getByLabel('Block size').fill('300');
    return this.runToDone();
  }

  async setWorkers(n: number): Promise<void> {
    const slider = this.page.getByLabel(/^Workers/);
    await slider.fill(String(n));
  }
}

export function cliDigest(query: string): string {
  return simDigest(['--scenario', query]);
}

/** The digest the CLI prints for a block file. */
export function cliFileDigest(path: string): string {
  return simDigest(['--block', path]);
}

/** The per-block statistics the CLI reports for a scenario (its timings differ run to run). */
export function cliBlockStats(query: string): BlockStats[] {
  return simJson(['--scenario', query]).stats.blocks;
}

function simDigest(args: string[]): string {
  return simJson(args).digest;
}

function simJson(args: string[]): { digest: string; stats: { blocks: BlockStats[] } } {
  const out = execFileSync('node', ['--import', 'tsx', 'src/cli/sim.ts', ...args, '--json'], {
    cwd: new URL('..', import.meta.url).pathname,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as { digest: string; stats: { blocks: BlockStats[] } };
}

export const test = base.extend<{ app: AppPage }>({
  app: async ({ page }, use) => {
    await use(new AppPage(page));
  },
});
export { expect };

/**
 * Export the current workload, import the downloaded file, run it: the run must end in the
 * digest the CLI prints for the scenario the file came from.
 */
export async function exportImportRun(app: AppPage, page: Page, query: string): Promise<void> {
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

/** Every kind of transaction on two workers, at a contention that makes aborts: the specs' usual run. */
export const MIXED_QUERY =
  'seed=7&blockSize=400&blocks=4&contention=0.5&mix=transfer:35,swap:30,route:5,liquidity:5,lending:15,staking:8,oracle:2&vmCost=300&strategy=block-stm&workers=2';

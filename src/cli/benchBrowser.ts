/**
 * npm run bench:browser [-- same flags as bench]: builds the app, serves it with the COOP/COEP
 * headers, and runs the benchmark matrix in headless Chromium through the app's own worker pool.
 */
import { build, preview } from 'vite';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/browser.ts';
import { formatTable, type BenchResult } from '../pool/benchMatrix.ts';
import { exitOnError } from './args.ts';
import { benchHeading, benchJson, parseBenchArgs } from './benchOptions.ts';
import { cpuName } from './machine.ts';

async function main(): Promise<void> {
  // Flags are checked (and --help answered) before the build and the browser, which take seconds.
  parseBenchArgs(process.argv.slice(2), 1, 'bench:browser');
  const executablePath = chromiumPath();
  await build({ logLevel: 'warn' });
  const server = await preview({ preview: { port: 4174, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4174/';
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(new URL('bench.html', url).toString());
    const info = await page.evaluate(() => ({ cores: navigator.hardwareConcurrency, isolated: crossOriginIsolated }));
    if (!info.isolated) throw new Error('the bench page is not cross-origin isolated');
    const { json, ...cfg } = parseBenchArgs(process.argv.slice(2), info.cores, 'bench:browser');
    const where = 'headless Chromium, Web Workers';
    // Chromium runs on this machine, so Node's view of the CPU is the browser's too.
    const machine = { cores: info.cores, cpu: cpuName() };
    if (!json) console.log(`${benchHeading(where, machine, cfg)}\n`);
    const result = (await page.evaluate((c) => window.dexsimBench(c), cfg)) as BenchResult;
    console.log(json ? benchJson(where, machine, cfg, result) : formatTable(result));
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
  }
}

main().catch((e: unknown) => exitOnError('bench:browser', e));

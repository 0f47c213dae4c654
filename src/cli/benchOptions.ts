/** Flags shared by `npm run bench` and `npm run bench:browser`. */
import { DEFAULT_MIX, formatMix, parseContention, parseInteger, parseMix } from '../engine/index.ts';
import { defaultBenchConfig, type BenchConfig, type BenchResult } from '../pool/benchMatrix.ts';
import { HelpRequested, intFlag, listFlag, parseFlags, UsageError } from './args.ts';

/** The usage text of `npm run <script>` (bench or bench:browser). */
export function benchUsage(script: string): string {
  const head = `usage: npm run ${script} -- `;
  return [
    `${head}[--quick] [--blockSize N] [--blocks N] [--passes N] [--warmups N]`,
    `${' '.repeat(head.length)}[--max-workers N] [--vm-costs A,B,…] [--contentions X,Y,…] [--mix K:W,…]`,
    `${' '.repeat(head.length)}[--json]`,
    '  --quick        one round of 3 blocks: a smoke run, too short for trustworthy ratios',
    '  --vm-costs     the VM costs to sweep (default: 0 and the default vmCost)',
    '  --contentions  the contentions to sweep (default: 0, 0.5 and 1)',
    '  --mix          the transaction mix, as in a link: transfer:1 for transfers only',
    "                 (default: the app's mix)",
    '  --json         print the results as one JSON object instead of the table (for sweeps and',
    '                 plots: every row with its speedup and middle half, the trace cost, the flags)',
  ].join('\n');
}

/** What to measure, and whether to print it as JSON rather than as the table. */
export type BenchOptions = BenchConfig & { json: boolean };

export function parseBenchArgs(argv: readonly string[], cores: number, script = 'bench'): BenchOptions {
  const flags = parseFlags(argv, {
    blockSize: { value: true },
    blocks: { value: true },
    passes: { value: true },
    warmups: { value: true },
    'max-workers': { value: true },
    'vm-costs': { value: true },
    contentions: { value: true },
    mix: { value: true },
    quick: { value: false },
    json: { value: false },
    help: { value: false },
  });
  if (flags.has('help')) throw new HelpRequested(benchUsage(script));
  const cfg: BenchOptions = { ...defaultBenchConfig(cores), json: flags.has('json') };
  if (flags.has('quick')) Object.assign(cfg, { blocks: 3, passes: 1, warmups: 1 });
  const int = (name: string, lo: number, hi: number): number | undefined =>
    flags.has(name) ? intFlag(name, String(flags.get(name)), lo, hi) : undefined;
  cfg.blockSize = int('blockSize', 1, 20000) ?? cfg.blockSize;
  cfg.blocks = int('blocks', 1, 500) ?? cfg.blocks;
  cfg.passes = int('passes', 1, 50) ?? cfg.passes;
  cfg.warmups = int('warmups', 0, 50) ?? cfg.warmups;
  cfg.maxWorkers = int('max-workers', 1, 16) ?? cfg.maxWorkers;
  // Sweeps: which VM costs and contentions to measure (the default matrix is the issue's).
  const vmCosts = flags.get('vm-costs');
  if (typeof vmCosts === 'string') cfg.vmCosts = listFlag('vm-costs', vmCosts, (p) => parseInteger('vmCost', p));
  const contentions = flags.get('contentions');
  if (typeof contentions === 'string') cfg.contentions = listFlag('contentions', contentions, parseContention);
  const mix = flags.get('mix');
  if (typeof mix === 'string') {
    const parsed = parseMix(mix);
    if (typeof parsed === 'string') throw new UsageError(`--mix: ${parsed}`);
    cfg.mix = parsed;
  }
  return cfg;
}

/** The machine a bench ran on: its core count and its CPU (see machine.ts). */
export interface BenchMachine {
  cores: number;
  cpu: string;
}

/** The table's heading: where it ran, and what it measured. The mix is named when not the app's. */
export function benchHeading(where: string, machine: BenchMachine, cfg: BenchConfig): string {
  const mix = formatMix(cfg.mix);
  const mixNote = mix === formatMix(DEFAULT_MIX) ? '' : `, mix ${mix}`;
  return `dexsim bench (${where}) — ${machine.cores} cores (${machine.cpu}), blocks of ${cfg.blockSize} × ${cfg.blocks}${mixNote}, median of ${cfg.passes} after ${cfg.warmups} warm-up(s)`;
}

/**
 * The results as one JSON object (`--json`): where the bench ran, its configuration and every
 * result with its numbers unrounded, for scripts that sweep and plot.
 */
export function benchJson(where: string, machine: BenchMachine, cfg: BenchConfig, result: BenchResult): string {
  return JSON.stringify({ where, cores: machine.cores, cpu: machine.cpu, config: cfg, ...result }, null, 2);
}

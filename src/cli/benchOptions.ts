/** Flags shared by `npm run bench` and `npm run bench:browser`. */
import { parseContention, parseInteger } from '../engine/index.ts';
import { defaultBenchConfig, type BenchConfig } from '../pool/benchMatrix.ts';
import { intFlag, listFlag, parseFlags } from './args.ts';

export function parseBenchArgs(argv: readonly string[], cores: number): BenchConfig {
  const flags = parseFlags(argv, {
    blockSize: { value: true },
    blocks: { value: true },
    passes: { value: true },
    warmups: { value: true },
    'max-workers': { value: true },
    'vm-costs': { value: true },
    contentions: { value: true },
    quick: { value: false },
  });
  const cfg = defaultBenchConfig(cores);
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
  return cfg;
}

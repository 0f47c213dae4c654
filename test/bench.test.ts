/** The benchmark's arithmetic and its matrix on the real Node pool (no timing is asserted). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodePool } from '../src/pool/node.ts';
import {
  benchScenario,
  formatTable,
  medianSample,
  middleHalf,
  pairedRatios,
  pairedSpeedup,
  runBenchMatrix,
  TRACE_ROUNDS_FACTOR,
  type BenchRow,
} from '../src/pool/benchMatrix.ts';
import { DEFAULT_MIX, DEFAULT_VM_COST, type StatsTotals } from '../src/engine/index.ts';
import { benchHeading, benchJson, parseBenchArgs } from '../src/cli/benchOptions.ts';
import { HelpRequested, UsageError } from '../src/cli/args.ts';
import { cpuName, l2PerCore } from '../src/cli/machine.ts';

const machine = { cores: 2, cpu: 'Example CPU, 512 KB L2 per core' };

const sample = (wallMs: number, executions = 100): StatsTotals => ({
  txs: 100,
  wallMs,
  executions,
  validations: 0,
  aborts: 0,
  suspensions: 0,
  edges: 0,
});

describe('bench arithmetic', () => {
  it('pairs passes: a slow spell that hits one round moves both sides, not the ratio', () => {
    // Round 2 ran on a machine twice as slow: both sides doubled.
    const seq = [10, 20, 10].map((ms) => sample(ms));
    const stm = [5, 10, 5].map((ms) => sample(ms));
    expect(pairedSpeedup(seq, stm)).toBe(2);
    // Spells on different rounds: each side's own median gives 10 / 10 = 1×; rounds give 2, 1, 3.
    const seq2 = [10, 10, 30].map((ms) => sample(ms));
    const stm2 = [5, 10, 10].map((ms) => sample(ms));
    expect(pairedSpeedup(seq2, stm2)).toBe(2);
  });

  it("shows the middle half of a cell's per-round ratios, so a slow spell is visible", () => {
    // Nine rounds; sequential took 10 ms in each, Block-STM 5 ms but for three slow rounds.
    const seq = Array.from({ length: 9 }, () => sample(10));
    const stm = [5, 5, 8, 5, 10, 5, 5, 8, 5].map((ms) => sample(ms));
    expect(pairedRatios(seq, stm)).toEqual([2, 2, 1.25, 2, 1, 2, 2, 1.25, 2]);
    expect(pairedSpeedup(seq, stm)).toBe(2);
    // Sorted: 1, 1.25, 1.25, 2, 2, 2, 2, 2, 2; the 25th percentile falls on the third (index 2).
    expect(middleHalf(pairedRatios(seq, stm))).toEqual([1.25, 2]);
    // Between two values the percentile is interpolated: the 25th of 1..4 is 1.75, the 75th 3.25.
    expect(middleHalf([4, 1, 3, 2])).toEqual([1.75, 3.25]);
  });

  it('reports the median pass, with its own counters', () => {
    const s = medianSample([sample(30, 130), sample(10, 110), sample(20, 120)]);
    expect(s.wallMs).toBe(20);
    expect(s.executions).toBe(120);
  });
});

describe('bench flags', () => {
  it("defaults to the issue's matrix: vmCost 0 and the default, contention 0, 0.5 and 1", () => {
    const cfg = parseBenchArgs([], 2);
    expect(cfg.vmCosts).toEqual([0, DEFAULT_VM_COST]);
    expect(cfg.contentions).toEqual([0, 0.5, 1]);
    expect(cfg.maxWorkers).toBe(2);
    expect(cfg.json).toBe(false);
    expect(parseBenchArgs(['--json', '--quick'], 2)).toMatchObject({ json: true, passes: 1 });
  });

  it('sweeps the VM costs and contentions it is given', () => {
    const cfg = parseBenchArgs(['--vm-costs', '2500,10000', '--contentions=0,0.25'], 2);
    expect(cfg.vmCosts).toEqual([2500, 10000]);
    expect(cfg.contentions).toEqual([0, 0.25]);
  });

  it('measures the mix it is given, and the heading names it', () => {
    const cfg = parseBenchArgs(['--mix', 'transfer:1'], 2);
    expect(cfg.mix).toEqual({ transfer: 1, swap: 0, route: 0, liquidity: 0, lending: 0, staking: 0, oracle: 0 });
    expect(benchScenario(cfg, 2500, 0)).toMatchObject({ mix: cfg.mix, vmCost: 2500, contention: 0, blocks: 20 });
    expect(benchHeading('Node worker_threads', machine, cfg)).toContain('blocks of 1000 × 20, mix transfer:1, median');
    const defaults = parseBenchArgs([], 2);
    expect(defaults.mix).toEqual(DEFAULT_MIX);
    expect(benchHeading('Node worker_threads', machine, defaults)).not.toContain('mix');
  });

  it.each([
    [['--mix', 'transfer'], /--mix: mix must look like "transfer:40,swap:30", got "transfer"/],
    [['--mix', 'bridge:3'], /--mix: mix has an unknown kind "bridge"/],
    [['--mix', 'transfer:0'], /--mix: mix must give at least one kind a weight above 0/],
    [['--vm-costs', '100,abc'], /--vm-costs: vmCost must be a whole number, got "abc"/],
    [['--vm-costs', '2000000'], /--vm-costs: vmCost must be between 0 and 1000000, got 2000000/],
    [['--vm-costs', '100,,200'], /--vm-costs takes a comma-separated list/],
    [['--vm-costs', '5,5'], /--vm-costs lists a value twice/],
    [['--contentions', '1.5'], /--contentions: contention must be between 0 and 1, got 1\.5/],
    [['--contentions', '-1'], /--contentions: contention must be a number from 0 to 1, got "-1"/],
    [['--vm-costs'], /--vm-costs needs a value/],
  ])('%j is refused with a message naming the flag', (argv, message) => {
    expect(() => parseBenchArgs(argv, 2)).toThrow(UsageError);
    expect(() => parseBenchArgs(argv, 2)).toThrow(message);
  });

  it('answers --help with a usage naming the script and every flag', () => {
    for (const script of ['bench', 'bench:browser']) {
      let help: unknown;
      try {
        parseBenchArgs(['--help'], 2, script);
      } catch (e) {
        help = e;
      }
      expect(help).toBeInstanceOf(HelpRequested);
      const text = (help as Error).message;
      expect(text).toMatch(new RegExp(`^usage: npm run ${script} -- `));
      for (const flag of [
        'quick',
        'blockSize',
        'blocks',
        'passes',
        'warmups',
        'max-workers',
        'vm-costs',
        'contentions',
        'mix',
        'json',
      ])
        expect(text).toContain(`--${flag}`);
    }
  });
});

describe('bench table', () => {
  const row = (txPerSec: number): BenchRow => ({
    vmCost: 0,
    contention: 0,
    strategy: 'sequential',
    workers: 1,
    txPerSec,
    speedup: 1,
    spread: null,
    execPerTx: 1,
    aborts: 0,
    suspensions: 0,
  });
  const trace = { workers: 2, rounds: 3, offMs: 10, onMs: 10.5, cost: 0.05, spread: [0.02, 0.08] as const };

  it('keeps its usual shape, and widens a column for a cell that does not fit', () => {
    const usual = formatTable({ rows: [row(2_983_683)], trace }).split('\n');
    expect(usual[0]).toBe(
      '| vmCost | contention | strategy   | workers |      tx/s | vs sequential | middle half | exec/tx | aborts | suspensions |',
    );
    expect(usual[2]).toBe(
      '|      0 |          0 | sequential |       1 | 2,983,683 |         1.00× |           — |    1.00 |      0 |           0 |',
    );
    expect(usual.at(-1)).toContain('5.0%, middle half of rounds 2.0% to 8.0% (median 10.0 ms → 10.5 ms');
    const wide = formatTable({ rows: [row(2_983_683), row(12_141_693)], trace }).split('\n');
    const table = wide.filter((l) => l.startsWith('|'));
    expect(table).toHaveLength(4);
    // Every line of the table as long as the header, and the wide cell in full.
    for (const l of table) expect(l).toHaveLength(table[0]!.length);
    expect(table[0]!.length).toBe(usual[0]!.length + 1);
    expect(table[3]).toContain('| 12,141,693 |');
    expect(table[2]).toContain('|  2,983,683 |');
  });

  it("writes a Block-STM row's middle half as a range of ratios", () => {
    const stm: BenchRow = { ...row(1_000_000), strategy: 'block-stm', speedup: 1.61, spread: [1.556, 1.66] };
    const line = formatTable({ rows: [stm], trace }).split('\n')[2]!;
    expect(line).toContain('|         1.61× |  1.56–1.66× |');
  });
});

describe('the machine a bench names', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  /** A Linux cache directory as sysfs lays it out: index0, index1, … with level, type and size. */
  function sysfsCacheDir(caches: [level: number, type: string, size: string][]): string {
    const dir = mkdtempSync(join(tmpdir(), 'dexsim-cache-'));
    dirs.push(dir);
    caches.forEach(([level, type, size], i) => {
      const at = join(dir, `index${i}`);
      mkdirSync(at);
      writeFileSync(join(at, 'level'), `${level}\n`);
      writeFileSync(join(at, 'type'), `${type}\n`);
      writeFileSync(join(at, 'size'), `${size}\n`);
    });
    return dir;
  }

  it("reads one core's L2 from the cache directory, past the L1 caches", () => {
    const epyc = sysfsCacheDir([
      [1, 'Data', '32K'],
      [1, 'Instruction', '32K'],
      [2, 'Unified', '512K'],
      [3, 'Unified', '32768K'],
    ]);
    expect(l2PerCore(epyc)).toBe('512 KB');
    expect(
      l2PerCore(
        sysfsCacheDir([
          [1, 'Data', '48K'],
          [2, 'Unified', '2048K'],
        ]),
      ),
    ).toBe('2 MB');
    expect(cpuName(epyc)).toMatch(/, 512 KB L2 per core$/);
  });

  it('names the model alone where no L2 can be read', () => {
    expect(l2PerCore(join(tmpdir(), 'dexsim-no-such-dir'))).toBeNull();
    expect(l2PerCore(sysfsCacheDir([[1, 'Data', '32K']]))).toBeNull();
    expect(l2PerCore(sysfsCacheDir([[2, 'Unified', 'big']]))).toBeNull();
    expect(cpuName(join(tmpdir(), 'dexsim-no-such-dir'))).not.toContain('L2');
  });

  it('puts the CPU in the heading', () => {
    expect(benchHeading('Node worker_threads', machine, parseBenchArgs([], 2))).toContain(
      '— 2 cores (Example CPU, 512 KB L2 per core), blocks of 1000 × 20',
    );
  });
});

describe('bench JSON', () => {
  it('holds where it ran, the configuration and every result, unrounded', () => {
    const { json, ...cfg } = parseBenchArgs(['--mix', 'swap:1', '--vm-costs', '0'], 2);
    expect(json).toBe(false);
    const result = {
      rows: [
        {
          ...{ vmCost: 0, contention: 0, strategy: 'block-stm' as const, workers: 2, txPerSec: 612_345.678 },
          ...{ speedup: 1.6125, spread: [1.58, 1.6375] as const, execPerTx: 1.01, aborts: 3, suspensions: 1 },
        },
      ],
      trace: { workers: 2, rounds: 27, offMs: 124.25, onMs: 127.5, cost: 0.0261, spread: [-0.01, 0.05] as const },
    };
    const parsed = JSON.parse(benchJson('Node worker_threads', machine, cfg, result)) as Record<string, unknown>;
    expect(parsed).toEqual({ where: 'Node worker_threads', cores: 2, cpu: machine.cpu, config: cfg, ...result });
    expect(parsed.config).toMatchObject({ vmCosts: [0], mix: { swap: 1, transfer: 0 } });
  });
});

describe('bench matrix', () => {
  const pool = createNodePool();
  afterAll(() => pool.terminate());

  it('measures every configuration against sequential and prints one table', async () => {
    const result = await runBenchMatrix(pool, {
      blockSize: 40,
      blocks: 2,
      passes: 1,
      warmups: 0,
      maxWorkers: 2,
      contentions: [0, 1],
      vmCosts: [0],
      mix: DEFAULT_MIX,
    });
    expect(result.rows.map((r) => `${r.contention} ${r.strategy} ${r.workers}`)).toEqual([
      '0 sequential 1',
      '0 block-stm 1',
      '0 block-stm 2',
      '1 sequential 1',
      '1 block-stm 1',
      '1 block-stm 2',
    ]);
    for (const r of result.rows) {
      expect(r.txPerSec).toBeGreaterThan(0);
      expect(r.execPerTx).toBeGreaterThanOrEqual(1);
      if (r.strategy === 'sequential') {
        expect(r.speedup).toBe(1);
        expect(r.spread).toBeNull();
      } else {
        expect(r.speedup).toBeGreaterThan(0);
        // One round: the middle half is that round's ratio, which is also the median.
        expect(r.spread).toEqual([r.speedup, r.speedup]);
      }
    }
    expect(Number.isFinite(result.trace.cost)).toBe(true);
    // The trace's cost is a few percent: it gets more rounds than a matrix cell.
    expect(result.trace.rounds).toBe(TRACE_ROUNDS_FACTOR);
    const table = formatTable(result);
    expect(table.split('\n').filter((l) => l.startsWith('|  '))).toHaveLength(6);
    expect(table).toMatch(
      /trace recording cost \(block-stm, 2 workers, contention 0\.5, default vmCost, 3 paired rounds\)/,
    );
  });
});

describe('npm run bench, as bundled', () => {
  const ROOT = new URL('..', import.meta.url).pathname;
  const node = (...args: string[]) => spawnSync('node', args, { cwd: ROOT, encoding: 'utf8' });

  // The bench runs an esbuild bundle, not the sources the tests import: a bundling mistake (a
  // dependency whose Node build clashed with the bundle's banner once) broke it with every test
  // still green.
  it('builds, loads its workers and prints the table', () => {
    const build = node('scripts/build-node.mjs');
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    const run = node(
      'dist-node/bench.js',
      ...['--blockSize', '50', '--blocks', '2', '--passes', '1', '--warmups', '0'],
      ...['--vm-costs', '0', '--contentions', '0', '--max-workers', '1'],
    );
    // Progress goes to stderr; a failure would be a line of its own, "bench: <message>".
    expect(run.stderr).not.toMatch(/^bench: /m);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\|\s+0 \|\s+0 \| block-stm\s+\|\s+1 \|/m);
    // With --json, stdout is one JSON object and nothing else (progress stays on stderr).
    const json = node(
      'dist-node/bench.js',
      ...['--blockSize', '50', '--blocks', '2', '--passes', '1', '--warmups', '0'],
      ...['--vm-costs', '0', '--contentions', '0', '--max-workers', '1', '--json'],
    );
    expect(json.status).toBe(0);
    const parsed = JSON.parse(json.stdout) as { where: string; config: { blockSize: number }; rows: BenchRow[] };
    expect(parsed.where).toBe('Node worker_threads');
    expect(parsed.config.blockSize).toBe(50);
    // The output flag is not part of what was measured.
    expect(parsed.config).not.toHaveProperty('json');
    expect(parsed.rows.map((r) => `${r.strategy} ${r.workers}`)).toEqual(['sequential 1', 'block-stm 1']);
  });
});

/** The sim CLI as a user runs it: stable JSON, readable summary, one-line errors with exit code 2. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeBlockLink, findPreset, parseTraceFile, traceEvents } from '../src/engine/index.ts';
import { runProgress } from '../src/cli/progress.ts';
import { problemsMessage, problemsOf } from '../src/cli/problems.ts';
import { traceClockProblems } from './traceClock.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const sim = (...args: string[]) =>
  spawnSync('node', ['--import', 'tsx', 'src/cli/sim.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });

/**
 * The JSON minus what may differ between runs: wall-clock fields always, and for Block-STM the
 * scheduling counters, which depend on how the OS interleaves the threads. Results (digest,
 * state, receipts) and dependency edges are determined by the blocks alone.
 */
function stable(stdout: string, parallel = false): unknown {
  const timing = new Set(['startMs', 'wallMs', 'txPerSec']);
  const scheduling = new Set(['executions', 'validations', 'aborts', 'suspensions']);
  return JSON.parse(stdout, (k, v) => (timing.has(k) || (parallel && scheduling.has(k)) ? undefined : v));
}

const dir = mkdtempSync(join(tmpdir(), 'dexsim-cli-'));
const file = (name: string, content: string): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

const INVALID_TEXT =
  '{"blocks":[{"txs":[{"type":"transfer","from":"a","to":"b","token":"USDC","amount":"x"}]}],"genesis":{"accounts":{"a":{"USDC":"1"}}}}';

/** Five transfers with a bad amount each: more problems than a one-line message names. */
const FIVE_BAD_TEXT = JSON.stringify({
  genesis: { accounts: { a: { USDC: '1' } } },
  blocks: [{ txs: [1, 2, 3, 4, 5].map((n) => ({ type: 'transfer', from: 'a', to: 'b', token: 'USDC', amount: n })) }],
});

/** The README's example lesson: two blocks of 8 transactions, transfers chained through a swap. */
const LESSON = readFileSync(join(ROOT, 'examples/lesson.json'), 'utf8');

/** Stand-ins in the bad-input table's arguments, made real (files, links) when the case runs. */
const PLACEHOLDERS: Record<string, () => string> = {
  MALFORMED: () => file('bad.json', '{"genesis": '),
  INVALID: () => file('invalid.json', INVALID_TEXT),
  FIVEBAD: () => file('five-bad.json', FIVE_BAD_TEXT),
  TRACE: () => join(dir, 'never-written.json'),
  DIR: () => dir,
  LINK: () => encodeBlockLink(JSON.parse(LESSON) as object).param!,
  CUT: () => encodeBlockLink(JSON.parse(LESSON) as object).param!.slice(0, 40),
  BADFILE: () => encodeBlockLink(JSON.parse(INVALID_TEXT) as object).param!,
  FIVEBADLINK: () => encodeBlockLink(JSON.parse(FIVE_BAD_TEXT) as object).param!,
};
const PLACEHOLDER = /\b(MALFORMED|INVALID|FIVEBADLINK|FIVEBAD|TRACE|DIR|LINK|CUT|BADFILE)\b/g;

/**
 * Run sim with the placeholders in `args` made real, expect it refused as bad input (exit code 2,
 * nothing on stdout), and return its stderr lines (npm's own warnings left out).
 */
function refusedLines(args: string[]): string[] {
  const r = sim(...args.map((a) => a.replace(PLACEHOLDER, (name) => PLACEHOLDERS[name]!())));
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  return r.stderr.split('\n').filter((l) => l.trim() && !l.includes('npm warn'));
}

describe('npm run sim', () => {
  const query = 'seed=7&blockSize=300&blocks=3&contention=0.3&vmCost=0';

  it('prints the same JSON for the same scenario on every run', () => {
    const seq = sim('--scenario', query, '--json', '--strategy', 'sequential');
    expect(seq.status).toBe(0);
    expect(stable(sim('--scenario', query, '--json', '--strategy', 'sequential').stdout)).toEqual(stable(seq.stdout));
    const stm = sim('--scenario', query, '--json');
    expect(stable(sim('--scenario', query, '--json').stdout, true)).toEqual(stable(stm.stdout, true));
  });

  it('gives the same digest, state and receipts with any strategy or worker count, and the same edges with any worker count', () => {
    const runs = [[], ['--workers', '3'], ['--workers', '1'], ['--strategy', 'sequential']].map(
      (extra) => JSON.parse(sim('--scenario', query, '--json', ...extra).stdout) as Record<string, unknown>,
    );
    const [first] = runs;
    expect(first!.digest).toMatch(/^[0-9a-f]{32}$/);
    expect((first!.receipts as unknown[]).length).toBe(900);
    for (const r of runs.slice(1)) {
      expect(r.digest).toBe(first!.digest);
      expect(r.state).toEqual(first!.state);
      expect(r.receipts).toEqual(first!.receipts);
    }
    const edges = (r: Record<string, unknown>) =>
      (r.stats as { blocks: { edges: number | null }[] }).blocks.map((b) => b.edges);
    expect(edges(runs[1]!)).toEqual(edges(first!));
    expect(edges(runs[2]!)).toEqual(edges(first!));
    expect(edges(first!).every((e) => typeof e === 'number' && e > 0)).toBe(true);
    // Sequential records no reads without detail: it says so rather than claiming 0 edges.
    expect(edges(runs[3]!).every((e) => e === null)).toBe(true);
  });

  it('runs a block file and reports balances, pools and receipts', () => {
    const path = file(
      'block.json',
      JSON.stringify({
        genesis: {
          accounts: { alice: { USDC: '1000000', WETH: '0' } },
          pools: {
            'USDC-WETH': { token0: 'USDC', token1: 'WETH', reserve0: '500000000', reserve1: '250000', feeBps: 30 },
          },
        },
        blocks: [
          {
            txs: [
              { type: 'transfer', from: 'alice', to: 'bob', token: 'USDC', amount: '5' },
              {
                type: 'swap',
                from: 'alice',
                pool: 'USDC-WETH',
                tokenIn: 'USDC',
                amountIn: '100000',
                minAmountOut: '0',
              },
            ],
          },
        ],
      }),
    );
    const r = sim('--block', path, '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.state.balances.bob).toEqual({ USDC: '5' });
    expect(j.state.pools['USDC-WETH'].reserve0).toBe('500100000');
    expect(j.receipts).toEqual([
      { block: 0, index: 0, status: 'ok' },
      { block: 0, index: 1, status: 'ok' },
    ]);
    expect(Object.keys(j.stats)).toEqual(
      expect.arrayContaining(['txs', 'wallMs', 'txPerSec', 'executions', 'validations', 'aborts']),
    );
  });

  it("writes the run's trace with --trace: an event per execution and per validation", () => {
    const path = join(dir, 'trace.json');
    const r = sim('--scenario', 'blockSize=300&blocks=3&vmCost=0&contention=0.5', '--json', '--trace', path);
    expect(r.status).toBe(0);
    const { stats } = JSON.parse(r.stdout) as {
      stats: { executions: number; validations: number; suspensions: number };
    };
    const { run, trace } = parseTraceFile(JSON.parse(readFileSync(path, 'utf8')));
    expect(run.strategy).toBe('block-stm');
    expect(run.scenario).toMatch(/blockSize=300&blocks=3/);
    expect(run.blocks).toHaveLength(3);
    // A suspended incarnation records a suspend event instead of an execute event.
    expect(trace.dropped).toBe(0);
    expect(trace.count).toBe(stats.executions + stats.validations);
    // Each suspend names the writer whose ESTIMATE it read, a transaction below it (which the
    // parser checks); every other event names none.
    const suspends = traceEvents(trace).filter((e) => e.kind === 'suspend');
    expect(suspends).toHaveLength(stats.suspensions);
    expect(traceEvents(trace).filter((e) => e.kind !== 'suspend' && e.blocking !== -1)).toEqual([]);
    expect([...trace.byBlock.keys()].sort()).toEqual([0, 1, 2]);
    // Times since the run started, each block's events inside its clock; not epoch milliseconds.
    expect(traceClockProblems(run.blocks, trace)).toEqual([]);
    expect(run.blocks[0]!.startMs).toBeLessThan(60_000);
    expect(r.stderr).toMatch(new RegExp(`wrote ${trace.count} trace events`));
  });

  it('runs a block-file preset named in --scenario exactly as the file itself', () => {
    const preset = findPreset('lending-oracle')!.file!();
    const viaFile = sim('--block', file(preset.name, JSON.stringify(preset.file)), '--json', '--workers', '1');
    const viaQuery = sim('--scenario', 'preset=lending-oracle&workers=1', '--json');
    expect(viaQuery.status).toBe(0);
    expect(viaFile.status).toBe(0);
    const a = JSON.parse(viaFile.stdout) as { digest: string; receipts: unknown[] };
    const b = JSON.parse(viaQuery.stdout) as { digest: string; receipts: unknown[] };
    expect(b.digest).toBe(a.digest);
    expect(b.receipts).toEqual(a.receipts);
    expect(b.receipts).toHaveLength(5 * 801);
  });

  it('runs a block file carried in --scenario (block=) exactly as the file itself', () => {
    const param = encodeBlockLink(JSON.parse(LESSON) as object).param!;
    const viaFile = sim('--block', join(ROOT, 'examples/lesson.json'), '--json', '--workers', '2');
    const viaQuery = sim('--scenario', `workers=2&block=${param}`, '--json');
    expect(viaQuery.stderr).not.toMatch(/error/i);
    expect(viaQuery.status).toBe(0);
    const a = JSON.parse(viaFile.stdout) as { digest: string; receipts: unknown[] };
    const b = JSON.parse(viaQuery.stdout) as { digest: string; receipts: unknown[] };
    expect(b.digest).toBe(a.digest);
    expect(b.receipts).toEqual(a.receipts);
    expect(b.receipts).toHaveLength(16);
  });

  it('answers --help on stdout with exit code 0', () => {
    const r = sim('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: npm run sim -- \[--scenario/);
    expect(r.stderr.split('\n').filter((l) => l.trim() && !l.includes('npm warn'))).toEqual([]);
  });

  it('prints a readable summary without --json', () => {
    const r = sim('--scenario', 'blockSize=50&blocks=2&vmCost=0');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^strategy\s+block-stm on 2 worker/m);
    expect(r.stdout).toMatch(/^wall time\s+[\d.]+ ms .*one cold run: `npm run bench` measures throughput\)$/m);
    expect(r.stdout).toMatch(/^conflicts\s+\d+ dependency edges$/m);
    expect(r.stdout).toMatch(/^digest\s+[0-9a-f]{32}$/m);
    const seq = sim('--scenario', 'blockSize=50&blocks=2&vmCost=0', '--strategy', 'sequential');
    expect(seq.stdout).toMatch(/^conflicts\s+not tracked by sequential execution/m);
    expect(r.stdout).not.toMatch(/^note/m);
    // Blocks too small for their workers say so, with how many.
    const small = sim('--scenario', 'blockSize=5&blocks=2&vmCost=0');
    expect(small.stdout).toMatch(
      /^note\s+all 2 blocks had fewer than 4 transactions per worker on 2 worker\(s\), so ran sequentially on one worker$/m,
    );
  });

  it.each([
    [['--wat'], /unknown flag --wat/],
    [['--workers', 'two'], /--workers must be a whole number/],
    [['--workers', '99'], /--workers must be between 1 and 16/],
    [['--strategy', 'magic'], /--strategy must be one of sequential, block-stm/],
    [['--scenario', 'contention=2'], /--scenario: contention must be between 0 and 1/],
    [['--scenario', 'colour=red'], /--scenario: unknown parameter "colour"/],
    [
      ['--scenario', 'contention=2&blocks=abc'],
      /--scenario: contention must be between 0 and 1, got 2; blocks must be a whole number, got "abc"$/,
    ],
    [
      ['--scenario', 'workers=2&workers=4'],
      /--scenario: "workers" is given 2 times with different values \("2", "4"\)/,
    ],
    [['--scenario', 'preset=nope'], /--scenario: unknown preset "nope" \(known: lesson, no-conflicts, /],
    [['--scenario', 'preset=sequential', '--block', 'INVALID'], /--block and --scenario "preset=sequential" both name/],
    [['--scenario', 'block=LINK', '--block', 'INVALID'], /--block and --scenario "block=…" both name/],
    [['--scenario', 'preset=sequential&block=LINK'], /--scenario: preset "sequential" is a block file, and "block"/],
    [['--scenario', 'block=abc!'], /--scenario: "block" holds "!", which is not base64url/],
    [['--scenario', 'block=CUT'], /--scenario: "block" is not a packed block file .*cut short/],
    [
      ['--scenario', 'block=BADFILE'],
      /--scenario: "block" carries an invalid block file: blocks\[0\]\.txs\[0\]\.amount/,
    ],
    [['--block', '/nonexistent/file.json'], /--block: cannot read/],
    [['--block', 'MALFORMED'], /--block: .* is not valid JSON/],
    [['--block', 'INVALID'], /--block: blocks\[0\]\.txs\[0\]\.amount: expected/],
    [['--strategy', 'sequential', '--trace', 'TRACE'], /--trace: only block-stm records a trace/],
    [['--trace', '/nonexistent/dir/trace.json'], /--trace: cannot write in \/nonexistent\/dir/],
    [['--trace', 'DIR'], /--trace: .* is a directory/],
  ])('%j → one line on stderr, exit code 2', (args, message) => {
    const lines = refusedLines(args);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  const fiveAmounts = [0, 1, 2, 3, 4].map(
    (i) => `  blocks[0].txs[${i}].amount: expected an amount as a decimal string, e.g. "1000"`,
  );
  it.each([
    [['--block', 'FIVEBAD'], /^sim: --block: .*five-bad\.json has 5 problems:$/],
    [['--scenario', 'block=FIVEBADLINK'], /^sim: --scenario: "block" carries an invalid block file with 5 problems:$/],
  ])('%j → a block file with several problems lists each on its own line, exit code 2', (args, heading) => {
    const lines = refusedLines(args);
    expect(lines[0]).toMatch(heading);
    expect(lines.slice(1)).toEqual(fiveAmounts);
  });
});

describe("the CLI's list of a block file's problems", () => {
  it('lists every problem the check kept, then counts the rest', () => {
    const bad = { type: 'transfer', from: 'a', to: 'b', token: 'USDC', amount: 1 };
    const problems = problemsOf({
      genesis: { accounts: { a: { USDC: '1' } } },
      blocks: [{ txs: Array.from({ length: 60 }, () => bad) }],
    });
    expect(problems?.total).toBe(60);
    const lines = problemsMessage(problems, 'one line', (n) => `heading: ${n}`).split('\n');
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines[0]).toBe('heading: 60');
    expect(lines[50]).toMatch(/^ {2}blocks\[0\]\.txs\[49\]\.amount: /);
    expect(lines[51]).toBe('  … and 10 more');
  });

  it('keeps a single problem to its one line', () => {
    const one = problemsOf(JSON.parse(INVALID_TEXT));
    expect(one?.total).toBe(1);
    expect(problemsMessage(one, 'one line', (n) => `heading: ${n}`)).toBe('one line');
  });

  it('finds no problem in a valid file', () => {
    expect(problemsOf(JSON.parse(LESSON))).toBeNull();
  });
});

describe('the progress line', () => {
  /** A stream and a clock the test moves by hand. */
  function terminal(isTTY: boolean) {
    const out: string[] = [];
    let t = 0;
    const progress = runProgress({ isTTY, write: (s: string) => out.push(s) }, () => t);
    return { out, progress, advance: (ms: number) => (t += ms) };
  }

  it('on a terminal: shows preparing, then blocks run, at most every 100 ms, and erases itself', () => {
    const { out, progress, advance } = terminal(true);
    progress.preparing({ blocks: 1, of: 3 });
    progress.preparing({ blocks: 2, of: 3 }); // within 100 ms of the last: not drawn
    advance(150);
    progress.preparing({ blocks: 3, of: 3 });
    progress.prepared(3);
    advance(150);
    progress.block();
    progress.block();
    advance(150);
    progress.block();
    progress.done();
    expect(out).toEqual([
      '\r\x1b[2Ksim: preparing block 1 of 3',
      '\r\x1b[2Ksim: preparing block 3 of 3',
      '\r\x1b[2Ksim: ran block 1 of 3',
      '\r\x1b[2Ksim: ran block 3 of 3',
      '\r\x1b[2K',
    ]);
  });

  it('writes nothing when stderr is not a terminal (pipes, CI, these tests)', () => {
    const { out, progress, advance } = terminal(false);
    progress.preparing({ blocks: 1, of: 1 });
    progress.prepared(1);
    advance(500);
    progress.block();
    progress.done();
    expect(out).toEqual([]);
  });
});

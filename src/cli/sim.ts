/**
 * npm run sim -- [--scenario "<query>"] [--block FILE] [--strategy NAME] [--workers N] [--json]
 *                [--trace FILE]
 *
 * Runs a scenario (the same query string the app's URL carries, `preset=<id>` and `block=` included) or a
 * block file on the engine pool and prints a summary, or one JSON object with --json. Bad input:
 * one line on stderr naming the problem (a block file with several: a line each), exit code 2.
 */
import { accessSync, constants, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  BlockLinkError,
  FALLBACK_TXS_PER_WORKER,
  findPreset,
  readBlockLink,
  parseScenario,
  receiptOf,
  recordsTrace,
  STRATEGIES,
  TRACED_STRATEGIES,
  totalStats,
  traceFileOf,
  ValidationError,
  formatScenario,
  type Scenario,
  type Strategy,
  type WorkloadSource,
} from '../engine/index.ts';
import { runProgress } from './progress.ts';
import { problemsMessage, problemsOf } from './problems.ts';
import { createNodePool } from '../pool/node.ts';
import { exitOnError, HelpRequested, intFlag, parseFlags, UsageError } from './args.ts';

const HELP = `usage: npm run sim -- [--scenario "seed=7&blocks=5&contention=0.3"] [--block FILE]
                     [--strategy ${STRATEGIES.join('|')}] [--workers N] [--json] [--accounts N]
                     [--trace FILE]   (block-stm: write the run's trace as a JSON trace file)`;

/** How many accounts a generated scenario lists in state.balances (a block file lists all). */
const DEFAULT_LISTED_ACCOUNTS = 20;

export interface SimArgs {
  scenario: Scenario;
  source: WorkloadSource;
  json: boolean;
  listedAccounts: number;
  /** Where to write the trace file, when asked. */
  tracePath: string | null;
  /** What the trace file says it recorded: the query string or the block file's path. */
  label: string;
}

export function parseSimArgs(argv: readonly string[]): SimArgs {
  const flags = parseFlags(argv, {
    scenario: { value: true },
    block: { value: true },
    strategy: { value: true },
    workers: { value: true },
    json: { value: false },
    accounts: { value: true },
    trace: { value: true },
    help: { value: false },
  });
  if (flags.has('help')) throw new HelpRequested(HELP);
  const { scenario, issues, preset, block: linked } = parseScenario(String(flags.get('scenario') ?? ''));
  // Every problem at once, on one line: fixing a query one refusal at a time is a slow loop.
  if (issues.length > 0) throw new UsageError(`--scenario: ${issues.map((i) => i.message).join('; ')}`);
  const strategy = flags.get('strategy');
  if (strategy !== undefined) {
    if (!(STRATEGIES as readonly string[]).includes(String(strategy)))
      throw new UsageError(`--strategy must be one of ${STRATEGIES.join(', ')}, got "${String(strategy)}"`);
    scenario.strategy = strategy as Strategy;
  }
  const workers = flags.get('workers');
  if (workers !== undefined) scenario.workers = intFlag('workers', String(workers), 1, 16);
  let source: WorkloadSource = { kind: 'scenario', scenario };
  // A block-file preset (known valid: the presets' unit tests parse them) is the workload.
  const presetBlocks = preset === null ? undefined : findPreset(preset)?.file?.();
  if (presetBlocks) source = { kind: 'file', file: presetBlocks.file };
  // A block file the link carries (block=): decoded and validated here, so a bad one is a usage
  // error naming the problem rather than a failed run.
  if (linked !== null) {
    try {
      source = { kind: 'file', file: readBlockLink(linked).json };
    } catch (e) {
      if (e instanceof BlockLinkError)
        throw new UsageError(
          problemsMessage(
            e.problems,
            `--scenario: "block" ${e.message}`,
            (n) => `--scenario: "block" carries an invalid block file with ${n} problems:`,
          ),
        );
      throw e;
    }
  }
  const block = flags.get('block');
  if (block !== undefined && (presetBlocks || linked !== null))
    throw new UsageError(
      `--block and --scenario "${linked !== null ? 'block=…' : `preset=${preset}`}" both name the blocks; give one`,
    );
  if (block !== undefined) {
    let text: string;
    try {
      text = readFileSync(String(block), 'utf8');
    } catch (e) {
      throw new UsageError(`--block: cannot read ${String(block)} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    try {
      source = { kind: 'file', file: JSON.parse(text) };
    } catch (e) {
      throw new UsageError(`--block: ${String(block)} is not valid JSON (${(e as Error).message})`);
    }
  }
  const accounts = flags.get('accounts');
  const listedAccounts =
    accounts !== undefined
      ? intFlag('accounts', String(accounts), 0, 1_000_000)
      : source.kind === 'file'
        ? 1_000_000
        : DEFAULT_LISTED_ACCOUNTS;
  const trace = flags.get('trace');
  const tracePath = trace === undefined ? null : resolve(String(trace));
  if (tracePath !== null) {
    if (!recordsTrace(scenario.strategy))
      throw new UsageError(
        `--trace: only ${TRACED_STRATEGIES.join(', ')} records a trace; add --strategy ${TRACED_STRATEGIES[0]}`,
      );
    // Check before running, so a long run never ends in a path that cannot be written; the file
    // itself is written only once the run succeeded (an existing file is never half-replaced).
    try {
      accessSync(dirname(tracePath), constants.W_OK);
    } catch (e) {
      throw new UsageError(
        `--trace: cannot write in ${dirname(tracePath)} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    if (statSync(tracePath, { throwIfNoEntry: false })?.isDirectory())
      throw new UsageError(`--trace: ${tracePath} is a directory`);
  }
  const label = block !== undefined ? String(block) : formatScenario(scenario, preset, linked);
  return { scenario, source, json: flags.has('json'), listedAccounts, tracePath, label };
}

async function main(): Promise<void> {
  const args = parseSimArgs(process.argv.slice(2));
  const { scenario } = args;
  const pool = createNodePool();
  let outcome;
  let trace = null;
  const traced = args.tracePath !== null;
  const progress = runProgress(process.stderr);
  try {
    outcome = await pool.run(
      {
        source: args.source,
        strategy: scenario.strategy,
        workers: scenario.workers,
        options: { vmCost: scenario.vmCost, detail: false, trace: traced, summaryAccounts: args.listedAccounts },
      },
      {
        onPreparing: (p) => progress.preparing(p),
        onPrepared: (info) => progress.prepared(info.blocks),
        onBlock: () => {
          progress.block();
          // Pull the trace as blocks complete: the reader copies new events out of the
          // workers' rings before a long run laps them.
          if (traced) pool.traceColumns();
        },
      },
    );
    if (traced) trace = pool.traceColumns();
  } catch (e) {
    // Validation happens inside the worker; comlink hands back a plain Error with the message.
    const message = (e as Error).message;
    if (e instanceof ValidationError || /^(file|genesis|blocks)[.:[]/.test(message)) {
      // The worker's error carries only the message (the first three problems). Checking the
      // file again here, on this error path only, lists them all; a valid file is checked once.
      const problems = args.source.kind === 'file' ? problemsOf(args.source.file) : null;
      throw new UsageError(
        problemsMessage(problems, `--block: ${message}`, (n) => `--block: ${args.label} has ${n} problems:`),
      );
    }
    throw e;
  } finally {
    progress.done();
    await pool.terminate();
  }
  if (args.tracePath !== null && trace) {
    const file = traceFileOf(trace, {
      scenario: args.label,
      strategy: scenario.strategy,
      workers: outcome.info.workers,
      blocks: outcome.blocks.map((b) => b.stats),
    });
    writeFileSync(args.tracePath, JSON.stringify(file) + '\n');
    process.stderr.write(`sim: wrote ${trace.count} trace events to ${args.tracePath}\n`);
  }
  const totals = totalStats(outcome.blocks.map((b) => b.stats));
  const stats = {
    strategy: scenario.strategy,
    workers: outcome.info.workers,
    ...totals,
    txPerSec: totals.wallMs > 0 ? (totals.txs * 1000) / totals.wallMs : 0,
    blocks: outcome.blocks.map((b) => b.stats),
  };
  const receipts = outcome.blocks.flatMap((b) =>
    Array.from(b.receipts, (code, index) => ({ block: b.stats.block, index, ...receiptOf(code) })),
  );
  if (args.json) {
    const { accountsOmitted, ...state } = outcome.summary;
    process.stdout.write(
      JSON.stringify({ digest: outcome.digest, state: { ...state, accountsOmitted }, receipts, stats }) + '\n',
    );
    return;
  }
  const reverted = receipts.filter((r) => r.status === 'reverted').length;
  const lines = [
    `strategy   ${scenario.strategy}${scenario.strategy !== 'sequential' ? ` on ${outcome.info.workers} worker(s)` : ''}`,
    `blocks     ${outcome.blocks.length} (${totals.txs} transactions, ${reverted} reverted)`,
    // One run on fresh workers includes the JIT's warm-up: two workers measured slower than one.
    `wall time  ${totals.wallMs.toFixed(1)} ms  (${Math.round(stats.txPerSec).toLocaleString('en-US')} tx/s; one cold run: \`npm run bench\` measures throughput)`,
    `executions ${(totals.executions / Math.max(1, totals.txs)).toFixed(3)} per tx, ${totals.validations} validations, ${totals.aborts} aborts, ${totals.suspensions} dependency suspensions`,
    `conflicts  ${totals.edges === null ? 'not tracked by sequential execution (block-stm records every read)' : `${totals.edges} dependency edges`}`,
    `digest     ${outcome.digest}`,
  ];
  const fellBack = outcome.blocks.filter((b) => b.stats.fellBackToSequential).length;
  const ran = outcome.blocks.length;
  const which = fellBack === ran ? (ran === 1 ? 'the block' : `all ${ran} blocks`) : `${fellBack} of ${ran} blocks`;
  if (fellBack > 0)
    lines.push(
      `note       ${which} had fewer than ${FALLBACK_TXS_PER_WORKER} transactions per worker on ${outcome.info.workers} worker(s), so ran sequentially on one worker`,
    );
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e: unknown) => exitOnError('sim', e));

/**
 * Presets for the cases worth teaching. Most are scenarios: their values go into the link like
 * any input. Three need an exact transaction order, so they are small block files built in code;
 * a link names those as `preset=<id>` (see parseScenario), so the CLI and a shared link run them
 * too. Pure data: no I/O, the same blocks on every platform.
 */
import type { Mix, MixGroup, Scenario } from './scenario.ts';

const only = (m: Partial<Mix>): Mix => ({
  transfer: 0,
  swap: 0,
  route: 0,
  liquidity: 0,
  lending: 0,
  staking: 0,
  oracle: 0,
  ...m,
});

/** A block file built in code (the engine's JSON format; see the README's Block files). */
export interface PresetFile {
  name: string;
  file: { genesis: object; blocks: { txs: object[] }[] };
}

export interface Preset {
  id: string;
  label: string;
  description: string;
  scenario: Partial<Scenario>;
  /** When present, the preset runs this block file instead of a generated workload. */
  file?: () => PresetFile;
}

/**
 * Five blocks on one market, each opened by a WETH price update. Borrowing outpaces deposits and
 * repayments (net about 134 USDC of cash lent out a block against 800 supplied at genesis), so the
 * USDC reserve's utilisation climbs 27% → 46% → 63% → 78% → 91% and in the last block crosses the
 * jump-rate model's 80% kink: the borrow rate goes from 4.7% to 44%. Cash never runs out, so no
 * borrow reverts. (With $10M supplied the market would stay under 0.01% used, every rate at its
 * base: a lending market with nothing to show.)
 */
function lendingWithOracleHead(): PresetFile {
  const users = 200;
  const accounts: Record<string, Record<string, string>> = {};
  const deposits: Record<string, string> = { treasury: '10000000000000' };
  for (let u = 0; u < users; u++) {
    accounts[`user${u}`] = { USDC: '100000000000', WETH: '100000000' };
    deposits[`user${u}`] = '1000000';
  }
  const blocks = [];
  for (let b = 0; b < 5; b++) {
    // The oracle update at the head: every lending transaction after it reads the new price.
    const txs: object[] = [{ type: 'oracle', token: 'WETH', price: String(300_000_000_000 - b * 5_000_000_000) }];
    for (let i = 0; i < 800; i++) {
      const u = `user${(i * 7 + b) % users}`;
      txs.push(
        i % 3 === 0
          ? { type: 'deposit', from: u, market: 'main', token: 'USDC', amount: '200000' }
          : i % 3 === 1
            ? { type: 'borrow', from: u, market: 'main', token: 'USDC', amount: '1000000' }
            : { type: 'repay', from: u, market: 'main', token: 'USDC', amount: '300000' },
      );
    }
    blocks.push({ txs });
  }
  return {
    name: 'lending-oracle-head.json',
    file: {
      genesis: {
        accounts,
        prices: { USDC: '100000000', WETH: '300000000000' },
        markets: { main: { reserves: { USDC: { deposits: { treasury: '800000000' } }, WETH: { deposits } } } },
      },
      blocks,
    },
  };
}

function sequentialChain(): PresetFile {
  const blocks = [];
  // hop0 funds every block's chain (it once held one block's worth, so blocks 1-4 were 500
  // independent reverts); each later hop spends one unit less than it just received.
  let funding = 0;
  for (let b = 0; b < 5; b++) {
    const head = 1_000_000 - b * 1000;
    funding += head;
    const txs = [];
    for (let i = 0; i < 500; i++)
      txs.push({ type: 'transfer', from: `hop${i}`, to: `hop${i + 1}`, token: 'USDC', amount: String(head - i) });
    blocks.push({ txs });
  }
  return {
    name: 'sequential-chain.json',
    file: { genesis: { accounts: { hop0: { USDC: String(funding) } } }, blocks },
  };
}

/**
 * Two blocks small enough to read one transaction at a time (examples/lesson.json is this file,
 * and a test keeps the two equal). In each block: alice pays bob, who pays carol (a chain); alice
 * swaps USDC for WETH after paying (same sender) and sends carol some of the WETH (reads the
 * swap's output); erin's transfers run beside all of that (independent). In block 1 bob is short
 * of the 550 he sends, so that transfer reverts.
 */
function lesson(): PresetFile {
  const block = (aliceToBob: string): { txs: object[] } => ({
    txs: [
      { type: 'transfer', from: 'alice', to: 'bob', token: 'USDC', amount: aliceToBob },
      { type: 'transfer', from: 'erin', to: 'frank', token: 'USDC', amount: '50' },
      { type: 'transfer', from: 'bob', to: 'carol', token: 'USDC', amount: '550' },
      { type: 'swap', from: 'alice', pool: 'USDC-WETH', tokenIn: 'USDC', amountIn: '20000', minAmountOut: '0' },
      { type: 'transfer', from: 'erin', to: 'grace', token: 'USDC', amount: '70' },
      { type: 'transfer', from: 'alice', to: 'carol', token: 'WETH', amount: '3' },
      { type: 'transfer', from: 'carol', to: 'dave', token: 'USDC', amount: '200' },
      { type: 'transfer', from: 'frank', to: 'erin', token: 'USDC', amount: '20' },
    ],
  });
  return {
    name: 'lesson.json',
    file: {
      genesis: {
        accounts: { alice: { USDC: '100000', WETH: '0' }, bob: { USDC: '500' }, erin: { USDC: '1000' } },
        pools: {
          'USDC-WETH': { token0: 'USDC', token1: 'WETH', reserve0: '50000000', reserve1: '25000', feeBps: 30 },
        },
      },
      blocks: [block('100'), block('101')],
    },
  };
}

export const PRESETS: Preset[] = [
  {
    id: 'lesson',
    label: 'Small lesson (16 transactions)',
    description:
      'Two blocks of 8 to read one by one: payments that chain, a swap whose output is spent next, transfers that run beside them, and one that reverts. A VM cost of 1,000,000 (about 3 ms a transaction) makes each block long beside the work the page does on the same cores, so the timeline shows both workers at work. How their tasks interleave changes from run to run, and with it whether a transaction is aborted and runs again: run it a few times.',
    // Blocks this small take microseconds at the default VM cost, and the page's speedup would be
    // timing noise (see SHORT_BLOCK_MS in the app). At 100,000 (blocks of 1.5-3 ms) the page's
    // own work on the same cores still left one worker without a single task in 9 of 24 blocks
    // (a timeline with one lane, the lesson's point lost), and the speedup read 0.46-1.34x; at
    // 1,000,000, 1 of 24 and 1.52-1.89x (12 runs each, CI machine).
    scenario: { vmCost: 1_000_000 },
    file: lesson,
  },
  {
    id: 'no-conflicts',
    label: 'No conflicts',
    description: 'Transfers between 10,000 accounts, spread uniformly: nearly every transaction is independent.',
    scenario: { mix: only({ transfer: 1 }), contention: 0, blockSize: 2000, blocks: 10 },
  },
  {
    id: 'hot-pool',
    label: 'One hot AMM pool',
    description: 'Every swap hits the same Uniswap pool: each one reads the reserves the one before wrote.',
    scenario: { mix: only({ swap: 1 }), contention: 1, blockSize: 1000, blocks: 10 },
  },
  {
    id: 'lending-oracle',
    label: 'Lending + oracle at the head',
    description:
      'An oracle price update opens each block; every borrow after it reads the new price to check its health, and every deposit, borrow and repay updates the market’s totals. Borrowing outpaces deposits, so the USDC reserve’s utilisation climbs block by block and passes the rate model’s 80% kink in the last one, where the borrow rate jumps from under 10% to over 40%: step Show block and watch Protocol state.',
    scenario: {},
    file: lendingWithOracleHead,
  },
  {
    id: 'staking',
    label: 'Staking accumulator',
    description: 'Every stake, unstake and claim updates the farm’s reward-per-token accumulator first.',
    scenario: { mix: only({ staking: 1 }), contention: 1, blockSize: 1000, blocks: 10 },
  },
  {
    id: 'sequential',
    label: 'Fully sequential',
    description:
      'A chain of transfers where each spends what the one before received: no parallelism to find. Expect aborts but no waits: a transfer run before its funding arrives reverts and writes nothing, so it leaves no ESTIMATE to wait on; validation sends it back to run again.',
    scenario: {},
    file: sequentialChain,
  },
];

/** The preset with this id, or undefined. */
export const findPreset = (id: string): Preset | undefined => PRESETS.find((p) => p.id === id);

/**
 * The preset the inputs are on: a block-file preset by the id of the file that runs, else the
 * scenario preset whose every value the scenario has (inputs it does not set, such as the seed
 * or the workers, may be anything). Undefined once an input moves off the preset's values.
 */
export function presetInUse(scenario: Scenario, filePreset: string | null): Preset | undefined {
  if (filePreset !== null) return findPreset(filePreset);
  return PRESETS.find(
    (p) =>
      !p.file &&
      (Object.keys(p.scenario) as (keyof Scenario)[]).every((k) =>
        k === 'mix'
          ? (Object.keys(scenario.mix) as MixGroup[]).every((g) => p.scenario.mix![g] === scenario.mix[g])
          : p.scenario[k] === scenario[k],
      ),
  );
}

/**
 * Presets for the cases worth teaching. Most are scenarios: their values go into the link like
 * any input. Two need an exact transaction order, so they are small block files built in code;
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
          ? { type: 'deposit', from: u, market: 'main', token: 'USDC', amount: '1000000' }
          : i % 3 === 1
            ? { type: 'borrow', from: u, market: 'main', token: 'USDC', amount: '500000' }
            : { type: 'repay', from: u, market: 'main', token: 'USDC', amount: '200000' },
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
        markets: { main: { reserves: { USDC: { deposits: { treasury: '10000000000000' } }, WETH: { deposits } } } },
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

export const PRESETS: Preset[] = [
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
      'An oracle price update opens each block; every borrow after it reads the new price to check its health, and every deposit, borrow and repay updates the market’s totals.',
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
    description: 'A chain of transfers where each spends what the one before received: no parallelism to find.',
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

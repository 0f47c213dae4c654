import { describe, expect, it } from 'vitest';
import {
  blockTimestamp,
  cloneStore,
  DEFAULT_SCENARIO,
  exportBlockFile,
  formatScenario,
  generateWorkload,
  parseBlockFile,
  parseScenario,
  prepareRun,
  streamSource,
  runSequentialBlock,
  ValidationError,
  type Scenario,
} from '../src/engine/index.ts';
import { clock, runSequential } from './helpers.ts';

const small: Scenario = { ...DEFAULT_SCENARIO, blockSize: 300, blocks: 3, vmCost: 0 };

describe('seeded workloads', () => {
  it('same scenario → same blocks and same digest', () => {
    const a = generateWorkload(small);
    const b = generateWorkload(small);
    expect(JSON.stringify(a.blocks, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).toBe(
      JSON.stringify(b.blocks, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
    );
    expect(runSequential(a).digest).toBe(runSequential(b).digest);
  });

  it('a different seed gives different blocks and a different digest', () => {
    expect(runSequential(generateWorkload({ ...small, seed: 2 })).digest).not.toBe(
      runSequential(generateWorkload(small)).digest,
    );
  });

  it('the measured conflict rate rises with contention', () => {
    const edgesPerTx = (contention: number): number => {
      const w = generateWorkload({ ...small, blocks: 2, blockSize: 500, contention });
      const values = cloneStore(w.genesis).values;
      let edges = 0;
      w.blocks.forEach((txs, b) => {
        edges += runSequentialBlock(w.world, values, txs, blockTimestamp(w.world, b), b, {
          vmCost: 0,
          now: clock,
          detail: true,
        }).stats.edges!; // tracked: detail is on
      });
      return edges / 1000;
    };
    const rates = [0, 0.25, 0.5, 0.75, 1].map(edgesPerTx);
    for (let i = 1; i < rates.length; i++) expect(rates[i]!).toBeGreaterThan(rates[i - 1]!);
    expect(rates[4]!).toBeGreaterThan(3 * rates[0]!);
  });

  it('a run prepared from the streamed scenario is byte for byte the one from the whole workload', () => {
    const scenario = { ...small, blocks: 4, blockSize: 250, contention: 0.5 };
    const whole = prepareRun(generateWorkload(scenario));
    const streamed = prepareRun(streamSource({ kind: 'scenario', scenario }));
    expect(streamed.totalTxs).toBe(1000);
    expect(streamed.timestamps).toEqual(whole.timestamps);
    expect(streamed.maxBlockSize).toBe(whole.maxBlockSize);
    expect(new BigInt64Array(streamed.state, 0, streamed.stateLength)).toEqual(
      new BigInt64Array(whole.state, 0, whole.stateLength),
    );
    expect(streamed.blocks.length).toBe(4);
    streamed.blocks.forEach((b, i) => {
      expect(b.ints).toEqual(whole.blocks[i]!.ints);
      expect(b.amounts).toEqual(whole.blocks[i]!.amounts);
    });
  });

  it('refuses a stream whose blocks are not the sizes it announced', () => {
    const w = generateWorkload({ ...small, blocks: 2, blockSize: 10 });
    expect(() => prepareRun({ ...w, blockSizes: [10, 11] })).toThrow(/block 1 is not the size announced/);
    expect(() => prepareRun({ ...w, blockSizes: [10, 10, 10] })).toThrow(/2 blocks made, 3 announced/);
  });

  it('refuses a mix with no weight above 0, in the words the scenario parser uses', () => {
    const zero = { transfer: 0, swap: 0, route: 0, liquidity: 0, lending: 0, staking: 0, oracle: 0 };
    expect(() => generateWorkload({ ...small, mix: zero })).toThrow('mix must give at least one kind a weight above 0');
  });

  it('exports a block file that re-imports to the same final state', () => {
    const w = generateWorkload({ ...small, blocks: 2, blockSize: 100 });
    const file = JSON.parse(JSON.stringify(exportBlockFile(w)));
    expect(runSequential(parseBlockFile(file)).digest).toBe(runSequential(w).digest);
  });
});

describe('scenario query strings', () => {
  it('round-trips every input through the canonical query string', () => {
    const s: Scenario = {
      seed: 7,
      blockSize: 250,
      blocks: 4,
      contention: 0.35,
      mix: { ...DEFAULT_SCENARIO.mix, oracle: 0, swap: 12 },
      vmCost: 0,
      strategy: 'sequential',
      workers: 3,
    };
    const q = formatScenario(s);
    expect(q).toContain('mix=transfer:35,swap:12');
    expect(parseScenario(q)).toEqual({ scenario: s, issues: [], preset: null, block: null });
  });

  it('an empty query is the default scenario', () => {
    expect(parseScenario('')).toEqual({ scenario: DEFAULT_SCENARIO, issues: [], preset: null, block: null });
  });

  it.each([
    ['seed=-1', 'seed'],
    ['seed=1e3', 'seed'],
    ['blockSize=0', 'blockSize'],
    ['blocks=abc', 'blocks'],
    ['contention=1.5', 'contention'],
    ['contention=NaN', 'contention'],
    ['mix=swap', 'mix'],
    ['mix=swap:0', 'mix'],
    ['mix=bridge:5', 'mix'],
    ['vmCost=99999999', 'vmCost'],
    ['strategy=magic', 'strategy'],
    ['workers=17', 'workers'],
    ['colour=blue', 'colour'],
  ])('rejects %s, names %s and keeps the default', (query, param) => {
    const { scenario, issues } = parseScenario(`${query}&seed=9`.replace('seed=9', param === 'seed' ? '' : 'seed=9'));
    expect(issues.map((i) => i.param)).toEqual([param]);
    expect(issues[0]!.message).toContain(param);
    if (param !== 'colour')
      expect(scenario[param as keyof Scenario]).toEqual(DEFAULT_SCENARIO[param as keyof Scenario]);
  });
});

describe('a parameter given twice', () => {
  it('reads the last one and says so when the values differ', () => {
    const { scenario, issues } = parseScenario('workers=2&seed=3&workers=4');
    expect(scenario.workers).toBe(4);
    expect(scenario.seed).toBe(3);
    expect(issues).toEqual([
      { param: 'workers', message: '"workers" is given 2 times with different values ("2", "4")', fallback: 'last' },
    ]);
  });

  it('is silent when every value is the same', () => {
    expect(parseScenario('seed=3&seed=3')).toEqual(parseScenario('seed=3'));
  });

  it('still checks the last value, which falls back to the default when it is bad', () => {
    const { scenario, issues } = parseScenario('seed=3&seed=x');
    expect(scenario.seed).toBe(DEFAULT_SCENARIO.seed);
    expect(issues.map((i) => [i.param, i.fallback])).toEqual([
      ['seed', 'last'],
      ['seed', 'default'],
    ]);
  });

  it('names a few values, however often a link repeats the parameter', () => {
    const query = Array.from({ length: 100_000 }, (_v, i) => `seed=${i}`).join('&');
    const { scenario, issues } = parseScenario(query);
    expect(scenario.seed).toBe(99_999);
    expect(issues).toEqual([
      {
        param: 'seed',
        message: '"seed" is given 100,000 times with different values ("0", "1", "2", "3", and 99,996 more)',
        fallback: 'last',
      },
    ]);
  });

  it('applies to block= too: the last block file is the one named', () => {
    const { block, issues } = parseScenario('block=first&block=second');
    expect(block).toBe('second');
    expect(issues[0]).toMatchObject({ param: 'block', fallback: 'last' });
  });
});

describe('block-file validation', () => {
  const genesis = {
    accounts: { alice: { USDC: '10' } },
    pools: { P: { token0: 'USDC', token1: 'WETH', reserve0: '100000', reserve1: '100000' } },
  };
  it('keeps the first 50 problems, counts them all, and names the first three in its message', () => {
    const txs = Array.from({ length: 60 }, () => ({
      type: 'transfer',
      from: 'alice',
      to: 'b',
      token: 'USDC',
      amount: 5,
    }));
    let error: unknown;
    try {
      parseBlockFile({ genesis, blocks: [{ txs }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const { issues, total, message } = error as ValidationError;
    expect(issues).toHaveLength(50);
    expect(total).toBe(60);
    expect(message).toBe(`${issues.slice(0, 3).join('; ')} (and 57 more)`);
    expect(issues[2]).toMatch(/^blocks\[0\]\.txs\[2\]\.amount: expected an amount/);
  });

  const bad = (file: unknown): string[] => {
    try {
      parseBlockFile(file);
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      return (e as ValidationError).issues;
    }
    throw new Error('expected a validation error');
  };
  it.each([
    ['not JSON', '{"genesis": ', 'file: not valid JSON'],
    ['blocks missing', { genesis }, 'blocks: expected an array'],
    ['no blocks', { genesis, blocks: [] }, 'blocks: expected at least one block'],
    [
      'amount not a string',
      { genesis, blocks: [{ txs: [{ type: 'transfer', from: 'alice', to: 'b', token: 'USDC', amount: 5 }] }] },
      'blocks[0].txs[0].amount: expected an amount',
    ],
    [
      'negative amount',
      { genesis, blocks: [{ txs: [{ type: 'transfer', from: 'alice', to: 'b', token: 'USDC', amount: '-5' }] }] },
      'blocks[0].txs[0].amount: expected a decimal string',
    ],
    [
      'amount ≥ 2^63',
      {
        genesis,
        blocks: [{ txs: [{ type: 'transfer', from: 'alice', to: 'b', token: 'USDC', amount: '9223372036854775808' }] }],
      },
      'blocks[0].txs[0].amount',
    ],
    ['unknown type', { genesis, blocks: [{ txs: [{ type: 'mint' }] }] }, 'blocks[0].txs[0].type: expected one of'],
    [
      'unknown pool',
      {
        genesis,
        blocks: [
          { txs: [{ type: 'swap', from: 'alice', pool: 'Q', tokenIn: 'USDC', amountIn: '1', minAmountOut: '0' }] },
        ],
      },
      'blocks[0].txs[0].pool: unknown pool "Q"',
    ],
    [
      'token not in pool',
      {
        genesis,
        blocks: [
          { txs: [{ type: 'swap', from: 'alice', pool: 'P', tokenIn: 'DAI', amountIn: '1', minAmountOut: '0' }] },
        ],
      },
      'blocks[0].txs[0].tokenIn: unknown token "DAI"',
    ],
    [
      'broken route',
      {
        genesis: {
          ...genesis,
          pools: { ...genesis.pools, Q: { token0: 'DAI', token1: 'WBTC', reserve0: '100000', reserve1: '100000' } },
        },
        blocks: [
          {
            txs: [
              {
                type: 'swapRoute',
                from: 'alice',
                pools: ['P', 'Q'],
                tokenIn: 'USDC',
                amountIn: '1',
                minAmountOut: '0',
              },
            ],
          },
        ],
      },
      'blocks[0].txs[0].pools[1]: pool "Q" does not trade WETH',
    ],
    [
      'unknown field',
      {
        genesis,
        blocks: [{ txs: [{ type: 'transfer', from: 'alice', to: 'b', token: 'USDC', amount: '1', memo: 'x' }] }],
      },
      'blocks[0].txs[0].memo: unknown field',
    ],
    [
      'bad reserve',
      {
        genesis: { pools: { P: { token0: 'A', token1: 'B', reserve0: 'lots', reserve1: '1' } } },
        blocks: [{ txs: [] }],
      },
      'genesis.pools.P.reserve0',
    ],
    [
      'bad fee',
      {
        genesis: { pools: { P: { token0: 'A', token1: 'B', reserve0: '100000', reserve1: '100000', feeBps: 10000 } } },
        blocks: [{ txs: [] }],
      },
      'genesis.pools.P.feeBps',
    ],
    [
      'same tokens',
      {
        genesis: { pools: { P: { token0: 'A', token1: 'A', reserve0: '100000', reserve1: '100000' } } },
        blocks: [{ txs: [] }],
      },
      'genesis.pools.P.token1',
    ],
    [
      'unknown market',
      { genesis, blocks: [{ txs: [{ type: 'deposit', from: 'alice', market: 'm', token: 'USDC', amount: '1' }] }] },
      'blocks[0].txs[0].market: unknown market',
    ],
    [
      'zero price',
      { genesis, blocks: [{ txs: [{ type: 'oracle', token: 'USDC', price: '0' }] }] },
      'blocks[0].txs[0].price: a price must be above 0',
    ],
    [
      'farm without rate',
      { genesis: { farms: { F: { stakingToken: 'A', rewardsToken: 'B', duration: 10 } } }, blocks: [{ txs: [] }] },
      'genesis.farms.F.rewardRate',
    ],
  ])('%s → names the field', (_name, file, message) => {
    expect(bad(file).join('\n')).toContain(message);
  });

  it('accepts the documented example and defaults feeBps to 30', () => {
    const w = parseBlockFile({
      genesis: {
        accounts: { alice: { USDC: '1000000', WETH: '0' } },
        pools: { 'USDC-WETH': { token0: 'USDC', token1: 'WETH', reserve0: '500000000', reserve1: '250000' } },
      },
      blocks: [{ txs: [{ type: 'transfer', from: 'alice', to: 'bob', token: 'USDC', amount: '5' }] }],
    });
    expect(w.world.pools[0]!.feeBps).toBe(30);
    expect(w.world.accounts).toContain('bob');
  });
});

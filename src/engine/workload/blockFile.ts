/**
 * Block files: `{"genesis": {...}, "blocks": [{"txs": [...]}]}`. Parsing validates everything
 * before anything runs and names the path of each bad field; exporting writes the same format,
 * so a run can be handed to someone else and re-imported.
 */
import type { World } from '../state/world.ts';
import type { BufferFactory } from '../state/store.ts';
import { MAX_ROUTE_HOPS, type Tx } from '../protocols/tx.ts';
import { materialize, readGenesis, Registry, type GenesisSpec } from './genesis.ts';
import { Checker, ValidationError } from './validate.ts';
import type { Workload } from './workload.ts';

export interface BlockFile {
  genesis: GenesisSpec;
  blocks: { txs: Record<string, unknown>[] }[];
}

export const DEFAULT_ORACLE_ACCOUNT = 'oracle';
export const MAX_BLOCK_TXS = 100_000;

const TX_FIELDS: Record<string, readonly string[]> = {
  transfer: ['from', 'to', 'token', 'amount'],
  swap: ['from', 'pool', 'tokenIn', 'amountIn', 'minAmountOut'],
  swapRoute: ['from', 'pools', 'tokenIn', 'amountIn', 'minAmountOut'],
  addLiquidity: ['from', 'pool', 'amount0', 'amount1'],
  removeLiquidity: ['from', 'pool', 'liquidity'],
  deposit: ['from', 'market', 'token', 'amount'],
  withdraw: ['from', 'market', 'token', 'amount'],
  borrow: ['from', 'market', 'token', 'amount'],
  repay: ['from', 'market', 'token', 'amount'],
  liquidate: ['from', 'borrower', 'market', 'debtToken', 'collateralToken', 'amount'],
  stake: ['from', 'farm', 'amount'],
  unstake: ['from', 'farm', 'amount'],
  claim: ['from', 'farm'],
  oracle: ['from', 'token', 'price'],
};

class TxReader {
  private readonly pools: Map<string, number>;
  private readonly markets: Map<string, number>;
  private readonly farms: Map<string, number>;

  constructor(
    private readonly world: World,
    private readonly reg: Registry,
    private readonly check: Checker,
  ) {
    this.pools = new Map(world.pools.map((p, i) => [p.name, i]));
    this.markets = new Map(world.markets.map((m, i) => [m.name, i]));
    this.farms = new Map(world.farms.map((f, i) => [f.name, i]));
  }

  private named(map: Map<string, number>, what: string, path: string, v: unknown): number | undefined {
    const name = this.check.string(path, v);
    if (name === undefined) return undefined;
    const id = map.get(name);
    return id === undefined ? this.check.fail(path, `unknown ${what} "${name}"`) : id;
  }

  private token(path: string, v: unknown): number | undefined {
    const name = this.check.string(path, v);
    if (name === undefined) return undefined;
    if (!this.reg.hasToken(name)) return this.check.fail(path, `unknown token "${name}"`);
    return this.reg.token(name);
  }

  private account(path: string, v: unknown): number | undefined {
    const name = this.check.string(path, v);
    return name === undefined ? undefined : this.reg.account(name);
  }

  private reserve(path: string, market: number | undefined, tokenRaw: unknown): number | undefined {
    const token = this.token(path, tokenRaw);
    if (market === undefined || token === undefined) return undefined;
    const m = this.world.markets[market]!;
    const r = m.reserves.findIndex((x) => x.token === token);
    if (r < 0) return this.check.fail(path, `market "${m.name}" has no ${this.reg.tokens[token]} reserve`);
    let base = 0;
    for (let i = 0; i < market; i++) base += this.world.markets[i]!.reserves.length;
    return base + r;
  }

  read(path: string, raw: unknown): Tx | undefined {
    const c = this.check;
    const o = c.object(path, raw);
    if (!o) return undefined;
    const type = o.type;
    if (typeof type !== 'string' || !(type in TX_FIELDS))
      return c.fail(`${path}.type`, `expected one of ${Object.keys(TX_FIELDS).join(', ')}`);
    c.known(path, o, ['type', ...TX_FIELDS[type]!]);
    const fromRaw = type === 'oracle' && o.from === undefined ? DEFAULT_ORACLE_ACCOUNT : o.from;
    const from = this.account(`${path}.from`, fromRaw);
    const amt = (k: string): bigint | undefined => c.amount(`${path}.${k}`, o[k]);
    let tx: Tx | undefined;
    switch (type) {
      case 'transfer': {
        const to = this.account(`${path}.to`, o.to);
        const token = this.token(`${path}.token`, o.token);
        const amount = amt('amount');
        if (from !== undefined && to !== undefined && token !== undefined && amount !== undefined)
          tx = { kind: 'transfer', from, to, token, amount };
        break;
      }
      case 'swap':
      case 'swapRoute': {
        const route: number[] = [];
        if (type === 'swap') {
          const p = this.named(this.pools, 'pool', `${path}.pool`, o.pool);
          if (p !== undefined) route.push(p);
        } else {
          const list = c.array(`${path}.pools`, o.pools) ?? [];
          if (list.length < 1 || list.length > MAX_ROUTE_HOPS)
            c.fail(`${path}.pools`, `expected 1 to ${MAX_ROUTE_HOPS} pools`);
          list.forEach((v, h) => {
            const p = this.named(this.pools, 'pool', `${path}.pools[${h}]`, v);
            if (p !== undefined) route.push(p);
          });
        }
        const tokenIn = this.token(`${path}.tokenIn`, o.tokenIn);
        const amountIn = amt('amountIn');
        const minAmountOut = amt('minAmountOut');
        if (tokenIn === undefined || route.length === 0) break;
        let t = tokenIn;
        for (let h = 0; h < route.length; h++) {
          const pool = this.world.pools[route[h]!]!;
          if (pool.token0 !== t && pool.token1 !== t) {
            const where = type === 'swap' ? `${path}.tokenIn` : `${path}.pools[${h}]`;
            c.fail(where, `pool "${pool.name}" does not trade ${this.reg.tokens[t]}`);
            break;
          }
          t = pool.token0 === t ? pool.token1 : pool.token0;
        }
        if (from === undefined || amountIn === undefined || minAmountOut === undefined) break;
        tx =
          type === 'swap'
            ? { kind: 'swap', from, pool: route[0]!, tokenIn, amountIn, minAmountOut }
            : { kind: 'swapRoute', from, pools: route, tokenIn, amountIn, minAmountOut };
        break;
      }
      case 'addLiquidity': {
        const pool = this.named(this.pools, 'pool', `${path}.pool`, o.pool);
        const amount0 = amt('amount0');
        const amount1 = amt('amount1');
        if (from !== undefined && pool !== undefined && amount0 !== undefined && amount1 !== undefined)
          tx = { kind: 'addLiquidity', from, pool, amount0, amount1 };
        break;
      }
      case 'removeLiquidity': {
        const pool = this.named(this.pools, 'pool', `${path}.pool`, o.pool);
        const liquidity = amt('liquidity');
        if (from !== undefined && pool !== undefined && liquidity !== undefined)
          tx = { kind: 'removeLiquidity', from, pool, liquidity };
        break;
      }
      case 'deposit':
      case 'withdraw':
      case 'borrow':
      case 'repay': {
        const market = this.named(this.markets, 'market', `${path}.market`, o.market);
        const reserve = this.reserve(`${path}.token`, market, o.token);
        const amount = amt('amount');
        if (from !== undefined && market !== undefined && reserve !== undefined && amount !== undefined)
          tx = { kind: type, from, market, reserve, amount };
        break;
      }
      case 'liquidate': {
        const borrower = this.account(`${path}.borrower`, o.borrower);
        const market = this.named(this.markets, 'market', `${path}.market`, o.market);
        const debtReserve = this.reserve(`${path}.debtToken`, market, o.debtToken);
        const collateralReserve = this.reserve(`${path}.collateralToken`, market, o.collateralToken);
        const amount = amt('amount');
        if (
          from !== undefined &&
          borrower !== undefined &&
          market !== undefined &&
          debtReserve !== undefined &&
          collateralReserve !== undefined &&
          amount !== undefined
        )
          tx = { kind: 'liquidate', from, borrower, market, debtReserve, collateralReserve, amount };
        break;
      }
      case 'stake':
      case 'unstake':
      case 'claim': {
        const farm = this.named(this.farms, 'farm', `${path}.farm`, o.farm);
        const amount = type === 'claim' ? 0n : amt('amount');
        if (from === undefined || farm === undefined || amount === undefined) break;
        tx = type === 'claim' ? { kind: 'claim', from, farm } : { kind: type, from, farm, amount };
        break;
      }
      case 'oracle': {
        const token = this.token(`${path}.token`, o.token);
        const price = amt('price');
        if (price === 0n) c.fail(`${path}.price`, 'a price must be above 0');
        if (from !== undefined && token !== undefined && price !== undefined)
          tx = { kind: 'oracle', from, token, price };
        break;
      }
    }
    return tx;
  }
}

/** A block file's text as JSON; malformed JSON is a ValidationError like any bad field. */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ValidationError([`file: not valid JSON (${(e as Error).message})`]);
  }
}

/**
 * A block file's size: its blocks, its transactions, and each block's transactions (which tell,
 * before a run, the blocks too small for Block-STM to run in parallel on a given worker count).
 */
export interface BlockFileSize {
  blocks: number;
  txs: number;
  blockSizes: number[];
}

/**
 * Check a block file's text without running it: its JSON (parsed once, for callers that use it
 * again, to pack it for a link or to hand it to a pool) and its size. Throws ValidationError.
 */
export function checkBlockFileText(text: string): BlockFileSize & { json: object } {
  const json = parseJsonText(text);
  const { blocks } = parseBlockFile(json);
  const blockSizes = blocks.map((b) => b.length);
  // Validated: the root is an object (parseBlockFile refuses anything else).
  return { json: json as object, blocks: blocks.length, txs: blockSizes.reduce((n, b) => n + b, 0), blockSizes };
}

/** Parse and validate a block file (text or already-parsed JSON). Throws ValidationError. */
export function parseBlockFile(input: string | unknown, alloc?: BufferFactory): Workload {
  const raw = typeof input === 'string' ? parseJsonText(input) : input;
  const check = new Checker();
  const root = check.object('file', raw);
  if (!root) return check.throwIfAny() as never;
  check.known('file', root, ['genesis', 'blocks']);
  const reg = new Registry();
  const seed = readGenesis(root.genesis ?? {}, reg, check);
  const blocksRaw = check.array('blocks', root.blocks) ?? [];
  if (blocksRaw.length === 0 && Array.isArray(root.blocks)) check.fail('blocks', 'expected at least one block');
  const blocks: Tx[][] = [];
  if (seed) {
    const reader = new TxReader(seed.world, reg, check);
    blocksRaw.forEach((b, i) => {
      const bo = check.object(`blocks[${i}]`, b);
      if (!bo) return;
      check.known(`blocks[${i}]`, bo, ['txs']);
      const txs = check.array(`blocks[${i}].txs`, bo.txs) ?? [];
      if (txs.length > MAX_BLOCK_TXS) check.fail(`blocks[${i}].txs`, `at most ${MAX_BLOCK_TXS} transactions`);
      const out: Tx[] = [];
      txs.forEach((t, j) => {
        const tx = reader.read(`blocks[${i}].txs[${j}]`, t);
        if (tx) out.push(tx);
      });
      blocks.push(out);
    });
  }
  check.throwIfAny();
  const { world, state } = materialize(seed!, alloc);
  return { world, genesis: state, blocks, source: { kind: 'file', genesis: root.genesis as GenesisSpec } };
}

/** One transaction back to its block-file form. */
export function txToJson(world: World, tx: Tx): Record<string, unknown> {
  const acct = (i: number): string => world.accounts[i]!;
  const tok = (i: number): string => world.tokens[i]!;
  const reserveToken = (g: number): string => {
    for (const m of world.markets) {
      if (g < m.reserves.length) return tok(m.reserves[g]!.token);
      g -= m.reserves.length;
    }
    throw new Error('reserve out of range');
  };
  const s = (v: bigint): string => v.toString();
  switch (tx.kind) {
    case 'transfer':
      return { type: tx.kind, from: acct(tx.from), to: acct(tx.to), token: tok(tx.token), amount: s(tx.amount) };
    case 'swap':
      return {
        type: tx.kind,
        from: acct(tx.from),
        pool: world.pools[tx.pool]!.name,
        tokenIn: tok(tx.tokenIn),
        amountIn: s(tx.amountIn),
        minAmountOut: s(tx.minAmountOut),
      };
    case 'swapRoute':
      return {
        type: tx.kind,
        from: acct(tx.from),
        pools: tx.pools.map((p) => world.pools[p]!.name),
        tokenIn: tok(tx.tokenIn),
        amountIn: s(tx.amountIn),
        minAmountOut: s(tx.minAmountOut),
      };
    case 'addLiquidity':
      return {
        type: tx.kind,
        from: acct(tx.from),
        pool: world.pools[tx.pool]!.name,
        amount0: s(tx.amount0),
        amount1: s(tx.amount1),
      };
    case 'removeLiquidity':
      return { type: tx.kind, from: acct(tx.from), pool: world.pools[tx.pool]!.name, liquidity: s(tx.liquidity) };
    case 'deposit':
    case 'withdraw':
    case 'borrow':
    case 'repay':
      return {
        type: tx.kind,
        from: acct(tx.from),
        market: world.markets[tx.market]!.name,
        token: reserveToken(tx.reserve),
        amount: s(tx.amount),
      };
    case 'liquidate':
      return {
        type: tx.kind,
        from: acct(tx.from),
        borrower: acct(tx.borrower),
        market: world.markets[tx.market]!.name,
        debtToken: reserveToken(tx.debtReserve),
        collateralToken: reserveToken(tx.collateralReserve),
        amount: s(tx.amount),
      };
    case 'stake':
    case 'unstake':
      return { type: tx.kind, from: acct(tx.from), farm: world.farms[tx.farm]!.name, amount: s(tx.amount) };
    case 'claim':
      return { type: tx.kind, from: acct(tx.from), farm: world.farms[tx.farm]!.name };
    case 'oracle':
      return { type: tx.kind, from: acct(tx.from), token: tok(tx.token), price: s(tx.price) };
  }
}

/** The workload as a block file that re-imports to the same blocks and the same genesis. */
export function exportBlockFile(w: Workload): BlockFile {
  return { genesis: w.source.genesis, blocks: w.blocks.map((txs) => ({ txs: txs.map((t) => txToJson(w.world, t)) })) };
}

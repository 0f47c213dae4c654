/**
 * App logic that needs no browser: the store's selectors, the detail budget, the baseline cache,
 * the presets' block files and the isolation notice.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCENARIO,
  PRESETS,
  receiptOf,
  workloadKey,
  type BlockDetail,
  type BlockStats,
} from '../src/engine/index.ts';
import {
  selectRunWorkers,
  selectShownBlock,
  useApp,
  addNotice,
  dismissNotice,
  initialRun,
} from '../src/app/store/store.ts';
import { selectSmallBlocks } from '../src/app/store/smallBlocks.ts';
import { detailLetGo, releaseOldDetails } from '../src/app/store/detailBudget.ts';
import { BaselineCache } from '../src/app/store/baselineCache.ts';
import { whyNotIsolated } from '../src/app/isolation.ts';
import { readersOfWrites } from '../src/app/store/readBy.ts';
import { DetailBuilder } from '../src/engine/exec/detail.ts';
import { LESSON } from './mutations.ts';
import {
  blockTimestamp,
  cloneStore,
  parseBlockFile,
  runSequentialBlock,
  summarize,
  utilization,
  WAD,
} from '../src/engine/index.ts';
import { clock, stats } from './helpers.ts';

describe('store', () => {
  it('shows the pinned block when it exists, else the followed one', () => {
    useApp.setState({ ...initialRun, blocks: [stats(0, 1, 1), stats(1, 1, 1)], followBlock: 1, pinnedBlock: null });
    expect(selectShownBlock(useApp.getState())).toBe(1);
    useApp.setState({ pinnedBlock: 0 });
    expect(selectShownBlock(useApp.getState())).toBe(0);
    useApp.setState({ pinnedBlock: 7 });
    expect(selectShownBlock(useApp.getState())).toBe(1);
  });

  it('knows before a run which blocks are too small for parallel execution, and after one, which were', () => {
    const scenario = { ...DEFAULT_SCENARIO, blockSize: 6, blocks: 3, workers: 2 };
    useApp.setState({ ...initialRun, scenario, imported: null, engineMode: 'workers' });
    expect(selectRunWorkers(useApp.getState())).toBe(2);
    // 6 transactions on 2 workers are under 4 a worker: Block-STM runs each block on one.
    expect(selectSmallBlocks(useApp.getState())).toEqual({ count: 3, of: 3, size: 6, first: 6 });
    useApp.setState({ scenario: { ...scenario, workers: 1 } });
    expect(selectSmallBlocks(useApp.getState())).toEqual({ count: 0, of: 3, size: 6, first: null });
    useApp.setState({ scenario: { ...scenario, strategy: 'sequential' } });
    expect(selectSmallBlocks(useApp.getState()).count).toBe(0);
    // A block file's blocks differ: each is judged by its own size.
    useApp.setState({ scenario });
    const file = { name: 'f.json', text: '{}', txs: 29, blocks: 3, blockSizes: [20, 7, 2] };
    useApp.setState({ imported: file });
    expect(selectSmallBlocks(useApp.getState())).toEqual({ count: 2, of: 3, size: null, first: null });
    useApp.setState({ scenario: { ...scenario, workers: 6 } });
    expect(selectSmallBlocks(useApp.getState())).toEqual({ count: 3, of: 3, size: null, first: 20 });
    // Once a run is shown, its blocks, whatever the inputs say now.
    const ran = { strategy: 'block-stm' as const, workers: 2, totalTxs: 25, totalBlocks: 2, scenario: '' };
    useApp.setState({ ran: { ...ran, blocks: 'file:{}', blockSizes: [5, 20] } });
    expect(selectSmallBlocks(useApp.getState())).toEqual({ count: 1, of: 2, size: null, first: 5 });
    useApp.setState({ ran: { ...ran, blocks: 'scenario:x', blockSizes: [9, 9] } });
    expect(selectSmallBlocks(useApp.getState())).toEqual({ count: 0, of: 2, size: 9, first: null });
    // Without cross-origin isolation the engine runs in the page, on one worker.
    useApp.setState({ ran: null, imported: null, engineMode: 'in-process' });
    expect(selectRunWorkers(useApp.getState())).toBe(1);
    expect(selectSmallBlocks(useApp.getState()).count).toBe(0);
  });

  it('adds and dismisses notices', () => {
    useApp.setState({ notices: [] });
    addNotice('warning', 'a');
    addNotice('error', 'b');
    const [first] = useApp.getState().notices;
    dismissNotice(first!.id);
    expect(useApp.getState().notices.map((n) => n.text)).toEqual(['b']);
  });
});

describe('detail budget', () => {
  // Only the transaction count matters to the budget.
  const detailOf = (txs: number) => ({ incarnations: new Int32Array(txs) }) as unknown as BlockDetail;
  const kept = (details: (BlockDetail | undefined)[]) => details.map((d) => (d ? d.incarnations.length : 0));

  it('lets go of the oldest blocks once newer ones hold the budget, keeping the pinned one', () => {
    const details = [detailOf(4), detailOf(4), detailOf(4), detailOf(4), detailOf(4)];
    releaseOldDetails(details, 10, 1);
    // Newest first: 4, 8 fit; block 2 would make 12 > 10 and goes, as does block 0; 1 is pinned.
    expect(kept(details)).toEqual([0, 4, 0, 4, 4]);
  });

  it('always keeps the newest block, however large', () => {
    const details = [detailOf(3), detailOf(50)];
    releaseOldDetails(details, 10, null);
    expect(kept(details)).toEqual([0, 50]);
  });

  it('tells a let-go block from one that has not finished yet', () => {
    const finished = { txs: 4 } as unknown as BlockStats;
    const s = { blocks: [finished, finished], details: [undefined, detailOf(4)] };
    expect(detailLetGo(s, 0)).toBe(true);
    expect(detailLetGo(s, 1)).toBe(false);
    expect(detailLetGo(s, 2)).toBe(false);
    expect(detailLetGo(s, null)).toBe(false);
  });
});

describe('baseline cache', () => {
  const run = [stats(0, 10, 1)];

  it('names a workload by what makes its blocks: not strategy, workers or VM cost', () => {
    const key = workloadKey(DEFAULT_SCENARIO);
    expect(workloadKey({ ...DEFAULT_SCENARIO, strategy: 'sequential', workers: 7, vmCost: 9 })).toBe(key);
    for (const change of [
      { seed: DEFAULT_SCENARIO.seed + 1 },
      { contention: 0.95 },
      { blocks: DEFAULT_SCENARIO.blocks + 1 },
      { blockSize: DEFAULT_SCENARIO.blockSize + 1 },
      { mix: { ...DEFAULT_SCENARIO.mix, oracle: 40 } },
    ])
      expect(workloadKey({ ...DEFAULT_SCENARIO, ...change })).not.toBe(key);
  });
  const other = [stats(0, 10, 2)];

  it('shares a baseline across strategies and worker counts, not across vmCosts', () => {
    const cache = new BaselineCache();
    const scenario = { ...DEFAULT_SCENARIO, strategy: 'block-stm' as const, workers: 2 };
    cache.set({ kind: 'scenario', scenario }, 2500, run);
    expect(cache.get({ kind: 'scenario', scenario: { ...scenario, strategy: 'sequential', workers: 1 } }, 2500)).toBe(
      run,
    );
    expect(cache.get({ kind: 'scenario', scenario }, 0)).toBeUndefined();
    expect(cache.get({ kind: 'scenario', scenario: { ...scenario, seed: scenario.seed + 1 } }, 2500)).toBeUndefined();
  });

  it('never hands one block file the baseline of another, even of the same length', () => {
    const cache = new BaselineCache();
    const a = JSON.stringify({ version: 1, blocks: [[{ kind: 'transfer', amount: '1' }]] });
    const b = JSON.stringify({ version: 1, blocks: [[{ kind: 'transfer', amount: '2' }]] });
    expect(a.length).toBe(b.length);
    cache.set({ kind: 'file', file: a }, 2500, run);
    // The same text read again (a re-import) is the same workload.
    expect(cache.get({ kind: 'file', file: JSON.stringify(JSON.parse(a)) }, 2500)).toBe(run);
    expect(cache.get({ kind: 'file', file: b }, 2500)).toBeUndefined();
    cache.set({ kind: 'file', file: b }, 2500, other);
    expect(cache.get({ kind: 'file', file: a }, 2500)).toBe(run);
    expect(cache.get({ kind: 'file', file: a }, 0)).toBeUndefined();
  });

  it('keeps the baselines of the latest few files only', () => {
    const cache = new BaselineCache();
    const files = ['[1]', '[2]', '[3]', '[4]', '[5]'];
    for (const file of files) cache.set({ kind: 'file', file }, 0, run);
    expect(files.map((file) => cache.get({ kind: 'file', file }, 0) !== undefined)).toEqual([
      false,
      true,
      true,
      true,
      true,
    ]);
  });
});

describe('block-file presets teach what they say', () => {
  /** Each block of a preset's file run sequentially with detail: its txs, receipts and edges. */
  const runPreset = (id: string) => {
    const w = parseBlockFile(PRESETS.find((p) => p.id === id)!.file!().file);
    const values = cloneStore(w.genesis).values;
    return w.blocks.map((txs, b) => {
      const r = runSequentialBlock(w.world, values, txs, blockTimestamp(w.world, b), b, {
        vmCost: 0,
        now: clock,
        detail: true,
      });
      return { txs, receipts: r.receipts, edges: r.detail!.edges, state: summarize(w.world, values) };
    });
  };

  it('Small lesson: a chain, a swap spent next and an independent group in each block; one revert', () => {
    const blocks = runPreset('lesson');
    expect(blocks.map((b) => b.txs.length)).toEqual([8, 8]);
    blocks.forEach(({ edges }, b) => {
      const pairs = new Set<string>();
      for (let k = 0; k < edges.length; k += 2) pairs.add(`${edges[k]}>${edges[k + 1]}`);
      // alice→bob→carol→dave, alice's swap after her payment, its WETH sent on, erin's group.
      for (const dep of ['0>2', '0>3', '3>5', '1>4', '4>7']) expect(pairs.has(dep), dep).toBe(true);
      // In block 1 bob's payment reverts and writes nothing, so carol's no longer depends on it.
      expect(pairs.has('2>6')).toBe(b === 0);
      // erin, frank and grace (txs 1, 4, 7) never touch what the others do.
      const group = new Set([1, 4, 7]);
      for (const p of pairs) {
        const [i, j] = p.split('>').map(Number);
        expect(group.has(i!), p).toBe(group.has(j!));
      }
    });
    expect([...blocks[0]!.receipts]).toEqual(new Array(8).fill(0));
    expect([...blocks[1]!.receipts].map((c) => (c === 0 ? 'ok' : receiptOf(c).reason))).toEqual([
      'ok',
      'ok',
      'INSUFFICIENT_BALANCE',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
    // examples/lesson.json, which the README points to, is this preset's file.
    expect(LESSON).toEqual(PRESETS.find((p) => p.id === 'lesson')!.file!().file);
  });

  it('Fully sequential: in every block each transfer depends on the one before, and none reverts', () => {
    const blocks = runPreset('sequential');
    expect(blocks).toHaveLength(5);
    for (const { txs, receipts, edges } of blocks) {
      expect([...receipts].every((c) => c === 0)).toBe(true);
      const pairs = new Set<string>();
      for (let k = 0; k < edges.length; k += 2) pairs.add(`${edges[k]}>${edges[k + 1]}`);
      for (let j = 1; j < txs.length; j++) expect(pairs.has(`${j - 1}>${j}`)).toBe(true);
    }
  });

  it('Fully sequential: a transfer run before the one that funds it reverts and writes nothing', () => {
    // Why Block-STM shows aborts but no dependency waits here (the preset's description): a
    // transfer that runs early writes nothing, so it leaves no ESTIMATE for the next to wait on.
    const w = parseBlockFile(PRESETS.find((p) => p.id === 'sequential')!.file!().file);
    const values = cloneStore(w.genesis).values;
    const opts = { vmCost: 0, now: clock, detail: false };
    w.blocks.forEach((txs, b) => {
      const before = values.slice();
      for (let j = 1; j < txs.length; j++) {
        const early = runSequentialBlock(w.world, values, [txs[j]!], blockTimestamp(w.world, b), b, opts);
        expect(receiptOf(early.receipts[0]!).reason, `block ${b}, tx ${j}`).toBe('INSUFFICIENT_BALANCE');
      }
      expect(values).toEqual(before);
      runSequentialBlock(w.world, values, txs, blockTimestamp(w.world, b), b, opts);
    });
  });

  it('Lending + oracle: each block opens with the oracle update, and every borrow reads it', () => {
    for (const { txs, edges } of runPreset('lending-oracle')) {
      expect(txs[0]!.kind).toBe('oracle');
      const readersOfOracle = new Set<number>();
      for (let k = 0; k < edges.length; k += 2) if (edges[k] === 0) readersOfOracle.add(edges[k + 1]!);
      const borrows = txs.flatMap((t, j) => (t.kind === 'borrow' ? [j] : []));
      expect(borrows.length).toBeGreaterThan(100);
      expect(borrows.filter((j) => !readersOfOracle.has(j))).toEqual([]);
    }
  });

  it("Lending + oracle: USDC's utilisation climbs every block and the last one passes the kink", () => {
    const blocks = runPreset('lending-oracle');
    const usdc = blocks.map(({ state }) => state.markets['main']!['USDC']!);
    const percent = (n: bigint): number => Number((n * 10_000n) / WAD) / 100;
    const used = usdc.map((r) => percent(utilization(BigInt(r.cash), BigInt(r.totalBorrows), BigInt(r.totalReserves))));
    const borrowApr = usdc.map((r) => percent(BigInt(r.borrowRatePerYear)));
    for (let b = 1; b < used.length; b++) expect(used[b], `block ${b}`).toBeGreaterThan(used[b - 1]!);
    // The genesis kink is 80%: base 2% + 10% × 80% = 10% a year there, and 300% a year beyond.
    expect(used.at(-2)).toBeLessThan(80);
    expect(used.at(-1)).toBeGreaterThan(80);
    expect(borrowApr.at(-2)).toBeLessThan(10);
    expect(borrowApr.at(-1)).toBeGreaterThan(30);
    // Cash never runs short: every borrow goes through.
    for (const { txs, receipts } of blocks)
      txs.forEach((t, j) => {
        if (t.kind === 'borrow') expect(receipts[j], `borrow ${j}`).toBe(0);
      });
  });
});

describe("who read a transaction's writes", () => {
  it('names, per key written, the later readers that saw that value and no others', () => {
    // tx 0 writes keys 10 and 11; tx 1 reads 10 from it; tx 2 writes 10 again after reading 10
    // and 11 from tx 0; tx 3 reads 10 from tx 2 and 12 from storage.
    const b = new DetailBuilder();
    b.addWrite(10, 1n);
    b.addWrite(11, 1n);
    b.endTx();
    b.addRead(10, 0, 0);
    b.endTx();
    b.addRead(11, 0, 0);
    b.addRead(10, 0, 0);
    b.addWrite(10, 2n);
    b.endTx();
    b.addRead(10, 2, 0);
    b.addRead(12, -1, 0);
    b.endTx();
    const detail = b.build(new Int32Array(4).fill(1), new Int32Array(4));
    expect([...readersOfWrites(detail, 0)]).toEqual([
      [10, [1, 2]],
      [11, [2]],
    ]);
    expect([...readersOfWrites(detail, 2)]).toEqual([[10, [3]]]);
    expect(readersOfWrites(detail, 3).size).toBe(0);
  });

  it("matches the block's dependency edges out of each transaction", () => {
    const w = parseBlockFile(PRESETS.find((p) => p.id === 'lending-oracle')!.file!().file);
    const values = cloneStore(w.genesis).values;
    const txs = w.blocks[0]!;
    const detail = runSequentialBlock(w.world, values, txs, blockTimestamp(w.world, 0), 0, {
      vmCost: 0,
      now: clock,
      detail: true,
    }).detail!;
    expect(detail.edges.length).toBeGreaterThan(0);
    for (let tx = 0; tx < txs.length; tx++) {
      const fromEdges = new Set<number>();
      for (let e = 0; e < detail.edges.length; e += 2) if (detail.edges[e] === tx) fromEdges.add(detail.edges[e + 1]!);
      const readers = readersOfWrites(detail, tx);
      expect(new Set([...readers.values()].flat()), `tx ${tx}`).toEqual(fromEdges);
      // Each key named is one tx wrote.
      const written = new Set(detail.writeKeys.subarray(detail.writeStart[tx], detail.writeStart[tx + 1]));
      for (const key of readers.keys()) expect(written.has(key), `tx ${tx} key ${key}`).toBe(true);
    }
  });
});

describe('why a page is not isolated', () => {
  it('names the cause a visitor can act on, most fundamental first', () => {
    expect(whyNotIsolated({ secureContext: false, serviceWorkers: false })).toMatch(
      /plain HTTP.*HTTPS or from localhost/,
    );
    expect(whyNotIsolated({ secureContext: true, serviceWorkers: false })).toMatch(/no service worker.*private window/);
    expect(whyNotIsolated({ secureContext: true, serviceWorkers: true })).toMatch(/does not control this page yet/);
  });
});

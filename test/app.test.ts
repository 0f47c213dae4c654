/** App logic that needs no browser: the URL codec, the store's selectors and the chart math. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCENARIO,
  DEFAULT_VM_COST,
  encodeBlockLink,
  formatScenario,
  indexTrace,
  PRESETS,
  receiptOf,
  presetInUse,
  presetScenario,
  SCENARIO_KEYS,
  TX_KINDS,
  workloadKey,
  type BlockDetail,
  type BlockStats,
  type TraceColumns,
} from '../src/engine/index.ts';
import { readScenarioFromUrl, scenarioUrl, urlIssueNotice } from '../src/app/url/scenarioUrl.ts';
import { selectShownBlock, useApp, addNotice, dismissNotice, initialRun } from '../src/app/store/store.ts';
import {
  blockEvents,
  contentionSeries,
  countAxis,
  formatRate,
  graphModel,
  incidentLinks,
  hotKeys,
  medianBlockStats,
  speedup,
  throughputSeries,
  timeAxisLabels,
} from '../src/app/charts/math.ts';
import { scaleLinear } from 'd3';
import { detailLetGo, releaseOldDetails } from '../src/app/store/detailBudget.ts';
import { BaselineCache } from '../src/app/store/baselineCache.ts';
import { whyNotIsolated } from '../src/app/isolation.ts';
import { linkHint } from '../src/app/views/linkHint.ts';
import { wholeTransform } from '../src/app/charts/zoom.ts';
import {
  BLOCK_CHART_LEFT,
  BLOCK_CHART_RIGHT,
  BLOCK_CHART_WIDTH,
  blockColumn,
  blockScale,
  blockTicks,
} from '../src/app/charts/blockAxis.ts';
import { KIND_COLORS, REEXECUTED_RING, kindCounts } from '../src/app/charts/graphColors.ts';
import { SELECTED_TX_COLOR } from '../src/app/charts/selection.ts';
import { ORDER_SPACING, orderLayout, orderLinkControl } from '../src/app/charts/orderLayout.ts';
import { fitView, formatViewHash, parseViewHash } from '../src/app/url/viewHash.ts';
import { LESSON } from './mutations.ts';
import { linkedFile, scenarioForPreset } from '../src/app/store/actions.ts';
import { blockTimestamp, cloneStore, parseBlockFile, runSequentialBlock } from '../src/engine/index.ts';
import { clock } from './helpers.ts';

const stats = (block: number, txs: number, wallMs: number): BlockStats => ({
  block,
  txs,
  wallMs,
  txPerSec: (txs * 1000) / wallMs,
  executions: txs,
  validations: txs,
  aborts: 0,
  suspensions: 0,
  edges: 0,
  fellBackToSequential: false,
});

describe('URL codec', () => {
  it('round-trips a scenario through a shareable link', () => {
    const s = { ...DEFAULT_SCENARIO, seed: 42, workers: 4, contention: 0.75, strategy: 'sequential' as const };
    const url = scenarioUrl(s, 'http://localhost:5173/?old=1#x');
    expect(url).toBe(`http://localhost:5173/?${formatScenario(s)}#x`);
    expect(readScenarioFromUrl(new URL(url).search)).toEqual({ scenario: s, issues: [], preset: null, block: null });
  });

  it('falls back per parameter and names each bad one', () => {
    const { scenario, issues } = readScenarioFromUrl('?seed=3&blocks=0&workers=many&contention=%ZZ');
    expect(scenario.seed).toBe(3);
    expect(scenario.blocks).toBe(DEFAULT_SCENARIO.blocks);
    expect(scenario.workers).toBe(DEFAULT_SCENARIO.workers);
    expect(issues.map((i) => i.param)).toEqual(['blocks', 'workers', 'contention']);
  });

  it('names a block-file preset in the link, and expands a scenario preset into its values', () => {
    const file = readScenarioFromUrl('?workers=4&preset=sequential');
    expect(file.preset).toBe('sequential');
    expect(file.issues).toEqual([]);
    expect(file.scenario).toEqual({ ...DEFAULT_SCENARIO, workers: 4 });
    const link = scenarioUrl(file.scenario, 'http://localhost:5173/', { preset: file.preset, block: null });
    expect(new URL(link).search).toMatch(/^\?preset=sequential&seed=1&/);
    expect(readScenarioFromUrl(new URL(link).search)).toEqual(file);
    // A scenario preset is its values; the parameters given beside it win, wherever they stand.
    const hot = PRESETS.find((p) => p.id === 'hot-pool')!;
    const pool = readScenarioFromUrl('?contention=0.5&preset=hot-pool');
    expect(pool.preset).toBeNull();
    expect(pool.scenario).toEqual({ ...DEFAULT_SCENARIO, ...hot.scenario, contention: 0.5 });
    expect(formatScenario(pool.scenario, pool.preset)).not.toContain('preset');
  });

  it('knows which preset the inputs are on, and leaves it when one of its values changes', () => {
    for (const p of PRESETS.filter((x) => !x.file))
      expect(presetInUse({ ...presetScenario(p), seed: 9, workers: 4, strategy: 'sequential' }, null)?.id).toBe(p.id);
    const hot = presetScenario(PRESETS.find((p) => p.id === 'hot-pool')!);
    expect(presetInUse({ ...hot, contention: 0.5 }, null)).toBeUndefined();
    expect(presetInUse({ ...hot, mix: { ...hot.mix, transfer: 1 } }, null)).toBeUndefined();
    expect(presetInUse(DEFAULT_SCENARIO, null)).toBeUndefined();
    expect(presetInUse(DEFAULT_SCENARIO, 'sequential')?.label).toBe('Fully sequential');
  });

  it("keeps the workers and VM cost across presets, except a preset's own VM cost, which leaving undoes", () => {
    const lesson = PRESETS.find((p) => p.id === 'lesson')!;
    const hot = PRESETS.find((p) => p.id === 'hot-pool')!;
    const mine = { ...DEFAULT_SCENARIO, workers: 3, vmCost: 700 };
    expect(scenarioForPreset(hot, mine, null)).toMatchObject({ workers: 3, vmCost: 700, contention: 1 });
    const onLesson = scenarioForPreset(lesson, mine, null);
    expect(onLesson).toMatchObject({ workers: 3, vmCost: 1_000_000 });
    expect(scenarioForPreset(hot, onLesson, 'lesson')).toMatchObject({ workers: 3, vmCost: DEFAULT_VM_COST });
    // A VM cost chosen on the lesson is the user's: it stays.
    expect(scenarioForPreset(hot, { ...onLesson, vmCost: 5000 }, 'lesson').vmCost).toBe(5000);
  });

  it('says an unknown preset is ignored and keeps the other parameters', () => {
    const { scenario, issues, preset } = readScenarioFromUrl('?preset=nope&seed=9');
    expect(preset).toBeNull();
    expect(scenario).toEqual({ ...DEFAULT_SCENARIO, seed: 9 });
    expect(issues.map(urlIssueNotice)).toEqual([
      `URL parameter "preset": unknown preset "nope" (known: ${PRESETS.map((p) => p.id).join(', ')}). It is ignored.`,
    ]);
  });

  it('says a bad input keeps its default and an unknown parameter is ignored', () => {
    const { issues } = readScenarioFromUrl('?blocks=0&colour=red');
    expect(issues.map(urlIssueNotice)).toEqual([
      'URL parameter "blocks": blocks must be between 1 and 500, got 0. Using the default instead.',
      `URL parameter "colour": unknown parameter "colour" (known: preset, ${SCENARIO_KEYS.join(', ')}, block). It is ignored.`,
    ]);
  });

  it("says a bad input beside a preset keeps the preset's value, and one the preset leaves keeps the default", () => {
    const { scenario, issues } = readScenarioFromUrl('?preset=hot-pool&contention=2&seed=x');
    expect(scenario.contention).toBe(1);
    expect(scenario.seed).toBe(DEFAULT_SCENARIO.seed);
    expect(issues.map(urlIssueNotice)).toEqual([
      'URL parameter "contention": contention must be between 0 and 1, got 2. Using the preset\'s value instead.',
      'URL parameter "seed": seed must be a whole number, got "x". Using the default instead.',
    ]);
  });
});

describe('the view in the link fragment', () => {
  it('reads a block and a transaction, and writes them back the same', () => {
    expect(parseViewHash('#show=3&tx=42')).toEqual({ view: { block: 3, tx: 42 }, layout: 'force', issues: [] });
    expect(parseViewHash('#tx=7').view).toEqual({ block: null, tx: 7 });
    expect(parseViewHash('').view).toBeNull();
    expect(parseViewHash('#').view).toBeNull();
    expect(formatViewHash({ block: 3, tx: 42 })).toBe('#show=3&tx=42');
    expect(formatViewHash({ block: null, tx: 7 })).toBe('#tx=7');
    expect(formatViewHash({ block: null, tx: null })).toBe('');
    for (const hash of ['#show=3&tx=42', '#show=0', '#tx=0'])
      expect(formatViewHash(parseViewHash(hash).view!)).toBe(hash);
  });

  it('carries the graph layout, which needs no block or transaction', () => {
    expect(parseViewHash('#layout=order')).toEqual({ view: null, layout: 'order', issues: [] });
    expect(parseViewHash('#show=2&layout=order').view).toEqual({ block: 2, tx: null });
    expect(parseViewHash('#layout=force').layout).toBe('force');
    expect(formatViewHash({ block: 2, tx: 5 }, 'order')).toBe('#show=2&tx=5&layout=order');
    expect(formatViewHash({ block: null, tx: null }, 'order')).toBe('#layout=order');
    // The default is left out, so a link with nothing to say has no fragment.
    expect(formatViewHash({ block: null, tx: null }, 'force')).toBe('');
    const bad = parseViewHash('#layout=grid&tx=3');
    expect(bad.layout).toBe('force');
    expect(bad.view).toEqual({ block: null, tx: 3 });
    expect(bad.issues).toEqual(['Link fragment "layout": must be force or order, got "grid". It is ignored.']);
  });

  it('names each bad part and keeps the good ones', () => {
    const { view, issues } = parseViewHash('#show=-1&tx=5&zoom=2&tx=x');
    expect(view).toEqual({ block: null, tx: 5 });
    expect(issues).toEqual([
      'Link fragment "show": must be a block number (0, 1, 2, …), got "-1". It is ignored.',
      'Link fragment "zoom": unknown (known: show, tx, layout). It is ignored.',
      'Link fragment "tx": must be a transaction number (0, 1, 2, …), got "x". It is ignored.',
    ]);
    expect(parseViewHash('#show=1e3').issues).toHaveLength(1);
  });

  it('applies as far as the run has the block and the transaction', () => {
    const txsIn = (b: number) => [400, 400, 5][b] ?? 0;
    expect(fitView({ block: 1, tx: 42 }, 3, txsIn)).toEqual({ view: { block: 1, tx: 42 }, message: null });
    expect(fitView({ block: 9, tx: 42 }, 3, txsIn)).toEqual({
      view: { block: null, tx: null },
      message: 'The link shows block 9, but this run has 3 blocks (0–2).',
    });
    // No block named: the transaction is the latest block's, which has 5.
    expect(fitView({ block: null, tx: 42 }, 3, txsIn)).toEqual({
      view: { block: null, tx: null },
      message: 'The link inspects transaction 42 of block 2, which has 5 (0–4).',
    });
    expect(fitView({ block: 0, tx: 400 }, 3, txsIn).view).toEqual({ block: 0, tx: null });
    expect(fitView({ block: 1, tx: null }, 1, txsIn).message).toBe(
      'The link shows block 1, but this run has 1 block (0).',
    );
  });
});

describe('block files in the link', () => {
  const file = { genesis: { accounts: { a: { USDC: '9' } } }, blocks: [{ txs: [] as unknown[] }] };
  const base = { name: 'f.json', text: JSON.stringify(file), txs: 0, blocks: 1 };

  it('opens the file a link carries under one name, keeping the parameter as it came', () => {
    const param = encodeBlockLink(file).param!;
    const opened = linkedFile(param);
    expect(opened).toMatchObject({ name: 'linked-block.json', blocks: 1, txs: 0, link: { param } });
    expect(JSON.parse(opened.text)).toEqual(file);
    expect(linkHint(opened)).toBe('The link carries this file, so Share and the CLI run it too.');
  });

  it('says why a file stays out of the link, by the bound it passes', () => {
    expect(linkHint({ ...base, preset: 'sequential' })).toMatch(/^The link names this preset/);
    expect(linkHint({ ...base, link: { param: null, bytes: 9000, chars: 7321 } })).toBe(
      'This file is too large for a link (7,321 characters packed; a link carries up to 6,000), so Share sends the other inputs only: send the file too.',
    );
    expect(linkHint({ ...base, link: { param: null, bytes: 1_153_434, chars: 0 } })).toMatch(
      /^This file is too large for a link \(1\.1 MB of JSON; a link carries up to 1\.0 MB\)/,
    );
  });
});

describe('store', () => {
  it('shows the pinned block when it exists, else the followed one', () => {
    useApp.setState({ ...initialRun, blocks: [stats(0, 1, 1), stats(1, 1, 1)], followBlock: 1, pinnedBlock: null });
    expect(selectShownBlock(useApp.getState())).toBe(1);
    useApp.setState({ pinnedBlock: 0 });
    expect(selectShownBlock(useApp.getState())).toBe(0);
    useApp.setState({ pinnedBlock: 7 });
    expect(selectShownBlock(useApp.getState())).toBe(1);
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

describe('chart math', () => {
  it('pairs run and baseline per block and computes the overall speedup from wall times', () => {
    const run = [stats(0, 1000, 5), stats(1, 1000, 5)];
    const base = [stats(0, 1000, 10), stats(1, 1000, 20), stats(2, 1000, 10)];
    expect(throughputSeries(run, base)).toEqual([
      { block: 0, run: 200000, baseline: 100000 },
      { block: 1, run: 200000, baseline: 50000 },
      { block: 2, run: null, baseline: 100000 },
    ]);
    expect(speedup(run, base)).toBe(3); // (10 + 20) / (5 + 5) over the blocks both have
    expect(speedup([], base)).toBeNull();
  });

  it('gives each block its aborts and waits, on whole-number ticks from zero', () => {
    const run = [
      { ...stats(0, 1000, 5), aborts: 12, suspensions: 3 },
      { ...stats(1, 1000, 5), aborts: 0, suspensions: 0 },
    ];
    expect(contentionSeries(run)).toEqual([
      { block: 0, aborts: 12, waits: 3 },
      { block: 1, aborts: 0, waits: 0 },
    ]);
    // No aborts at all: the axis still runs 0–4, so the zero line is drawn at the bottom.
    expect(countAxis(0)).toEqual({ top: 4, ticks: [0, 1, 2, 3, 4] });
    // Never half an abort, even where a linear scale would tick at 0.5 (ten ticks over 0–4).
    expect(countAxis(3, 10)).toEqual({ top: 4, ticks: [0, 1, 2, 3, 4] });
    const wide = countAxis(137);
    expect(wide.top).toBeGreaterThanOrEqual(137);
    expect(wide.ticks[0]).toBe(0);
    expect(wide.ticks.every(Number.isInteger)).toBe(true);
  });

  it('puts block b at the same x on both per-block charts, with whole blocks as ticks', () => {
    const x = blockScale(10);
    expect(x(0)).toBe(BLOCK_CHART_LEFT);
    expect(x(9)).toBe(BLOCK_CHART_WIDTH - BLOCK_CHART_RIGHT);
    expect(blockTicks(x, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(blockTicks(blockScale(3), 3)).toEqual([0, 1, 2]);
    // One block has an axis of its own width, not a zero-width one.
    expect(blockScale(1)(0)).toBe(BLOCK_CHART_LEFT);
  });

  it("gives each block a click column that tiles the plot, however many blocks, around the block's x", () => {
    for (const total of [1, 2, 4, 300, 1000]) {
      const x = blockScale(total);
      const columns = Array.from({ length: total }, (_, b) => blockColumn(x, b));
      expect(columns[0]!.x0).toBe(BLOCK_CHART_LEFT);
      expect(columns.at(-1)!.x1).toBeCloseTo(total === 1 ? x(0.5) : BLOCK_CHART_WIDTH - BLOCK_CHART_RIGHT, 9);
      columns.forEach((c, b) => {
        expect(c.x0).toBeLessThanOrEqual(x(b));
        expect(c.x1).toBeGreaterThanOrEqual(x(b));
        // Each column starts where the one before ends: no gap, no overlap.
        if (b > 0) expect(c.x0).toBeCloseTo(columns[b - 1]!.x1, 9);
      });
    }
  });

  it("colours no kind like either of the graph's rings, nor two kinds alike", () => {
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((v, i) => v - rgb(b)[i]!));
    const kinds = Object.entries(KIND_COLORS);
    expect(kinds.map(([k]) => k).sort()).toEqual([...TX_KINDS].sort());
    for (const [kind, color] of kinds) {
      // A liquidation drawn in the re-executed ring's red read as re-executed.
      expect(distance(color, REEXECUTED_RING), kind).toBeGreaterThan(90);
      expect(distance(color, SELECTED_TX_COLOR), kind).toBeGreaterThan(90);
      // The quality spec finds node ink by red differing from green (edges are grey).
      expect(rgb(color)[0], kind).not.toBe(rgb(color)[1]);
      for (const [other, otherColor] of kinds)
        if (other < kind) expect(distance(color, otherColor), `${kind} ~ ${other}`).toBeGreaterThan(30);
    }
  });

  it('counts the kinds a block has, in the engine order, leaving absent kinds out', () => {
    const code = (k: (typeof TX_KINDS)[number]) => TX_KINDS.indexOf(k);
    const kinds = [code('oracle'), code('swap'), code('transfer'), code('swap'), code('liquidate')];
    expect(kindCounts(Int32Array.from(kinds))).toEqual([
      { kind: 'transfer', count: 1 },
      { kind: 'swap', count: 2 },
      { kind: 'liquidate', count: 1 },
      { kind: 'oracle', count: 1 },
    ]);
    expect(kindCounts(new Int32Array(0))).toEqual([]);
  });

  it("takes each block's median wall time over several baseline runs", () => {
    const runs = [
      [stats(0, 1000, 10), stats(1, 1000, 30)],
      [stats(0, 1000, 40), stats(1, 1000, 20)], // block 0 landed on a busy moment
      [stats(0, 1000, 12), stats(1, 1000, 25)],
    ];
    const base = medianBlockStats(runs);
    expect(base.map((b) => b.wallMs)).toEqual([12, 25]);
    expect(base.map((b) => b.txPerSec)).toEqual([1000 / 0.012, 1000 / 0.025]);
    expect(medianBlockStats([runs[0]!, runs[1]!]).map((b) => b.wallMs)).toEqual([25, 25]);
    expect(medianBlockStats([])).toEqual([]);
  });

  // Three transactions: 0 and 2 write key 5, 1 writes key 9; 1 and 2 read key 5 written by 0.
  const detail: BlockDetail = {
    readStart: Int32Array.from([0, 0, 1, 2]),
    readKeys: Int32Array.from([5, 5]),
    readVersions: Int32Array.from([0, 0]),
    readIncarnations: Int32Array.from([0, 0]),
    writeStart: Int32Array.from([0, 1, 2, 3]),
    writeKeys: Int32Array.from([5, 9, 5]),
    writeValues: BigInt64Array.from([1n, 2n, 3n]),
    incarnations: Int32Array.from([1, 1, 3]),
    validations: Int32Array.from([1, 1, 3]),
    edges: Int32Array.from([0, 1, 0, 2]),
  };

  it('ranks hot keys by writers with their incarnations and readers', () => {
    expect(hotKeys(detail, 1)).toEqual([
      {
        key: 5,
        writers: [
          { tx: 0, incarnations: 1 },
          { tx: 2, incarnations: 3 },
        ],
        readers: 2,
      },
    ]);
    expect(hotKeys(detail, 10).map((k) => k.key)).toEqual([5, 9]);
  });

  it('marks re-executed transactions in the graph model', () => {
    const g = graphModel(detail);
    expect(g.nodes).toBe(3);
    expect(Array.from(g.reexecuted)).toEqual([0, 0, 1]);
    expect(Array.from(g.links)).toEqual([0, 1, 0, 2]);
  });

  it("finds a node's links both ways, writer and reader", () => {
    // 0 → 1, 0 → 2, 1 → 3, 2 → 3 (writer → reader), as offsets into the pairs.
    const links = Int32Array.from([0, 1, 0, 2, 1, 3, 2, 3]);
    expect(incidentLinks(links, 0)).toEqual([0, 2]);
    expect(incidentLinks(links, 1)).toEqual([0, 4]);
    expect(incidentLinks(links, 3)).toEqual([4, 6]);
    expect(incidentLinks(links, 9)).toEqual([]);
  });

  it('selects one block of the trace and its time span', () => {
    const trace: TraceColumns = {
      count: 3,
      worker: Int32Array.from([0, 1, 0]),
      kind: Int32Array.from([0, 0, 2]),
      block: Int32Array.from([0, 1, 1]),
      tx: Int32Array.from([0, 0, 0]),
      incarnation: Int32Array.from([0, 0, 0]),
      start: Float64Array.from([1, 5, 7]),
      end: Float64Array.from([2, 6, 9]),
      dropped: 0,
    };
    expect(blockEvents(indexTrace(trace), 1)).toEqual({ idx: [1, 2], t0: 5, t1: 9 });
    expect(blockEvents(indexTrace(trace), 4)).toEqual({ idx: [], t0: 0, t1: 1 });
  });

  it('labels the time axis at round times since the block began, inside the canvas', () => {
    // A block from 1234.567 ms to 1242.667 ms of the run, drawn on pixels 64..600.
    const x = scaleLinear().domain([1234.567, 1242.667]).range([64, 600]);
    const labels = timeAxisLabels(x, 1234.567, 600, (label) => label.length * 6);
    expect(labels.map((l) => l.label)).toEqual([
      '0 ms',
      '1 ms',
      '2 ms',
      '3 ms',
      '4 ms',
      '5 ms',
      '6 ms',
      '7 ms',
      '8 ms',
    ]);
    expect(labels[0]!.x).toBe(64);
    for (const l of labels) expect(l.x + l.label.length * 6).toBeLessThanOrEqual(600);
    // The last tick (8 ms) sits 6.6 px from the edge: its label is pulled left to end there.
    expect(labels.at(-1)!.x).toBe(600 - 4 * 6);
    expect(labels[2]!.x).toBeCloseTo(64 + (2 / 8.1) * 536, 6);
    // Wider labels: 8 ms pulled left would overlap 7 ms, so it is dropped; no two labels touch.
    const wide = timeAxisLabels(x, 1234.567, 600, (label) => label.length * 12);
    expect(wide.map((l) => l.label)).toEqual(['0 ms', '1 ms', '2 ms', '3 ms', '4 ms', '5 ms', '6 ms', '7 ms']);
    for (let i = 1; i < wide.length; i++) expect(wide[i]!.x).toBeGreaterThanOrEqual(wide[i - 1]!.x + 4 * 12 + 4);
  });

  it('formats rates compactly', () => {
    expect([formatRate(950), formatRate(12_345), formatRate(2_500_000)]).toEqual(['950', '12.3k', '2.50M']);
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
      return { txs, receipts: r.receipts, edges: r.detail!.edges };
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
});

describe('fitting a graph to its canvas', () => {
  it('scales a small layout up to fill the view, centred, up to the greatest scale', () => {
    // 8 nodes in 40 × 20 graph units, a 600 × 400 canvas, 28 px to spare, at most 3×.
    const t = wholeTransform([-10, -5, 30, 15], [600, 400], 28, [0.2, 3]);
    expect(t.k).toBe(3);
    // The layout's centre (10, 5) lands on the view's centre.
    expect([10 * t.k + t.x, 5 * t.k + t.y]).toEqual([300, 200]);
    // Capped by the tighter side below the maximum: 300 × 100 units fit at (600 − 56) / 300.
    expect(wholeTransform([0, 0, 300, 100], [600, 400], 28, [0.2, 3]).k).toBeCloseTo(544 / 300);
    // A single node (no extent) gets the maximum, not a division by zero.
    expect(wholeTransform([4, 4, 4, 4], [600, 400], 28, [0.2, 3]).k).toBe(3);
  });

  it('shrinks a large layout onto the view, down to the least scale', () => {
    // 1,200 × 400 units on a 600 × 400 canvas: (600 − 56) / 1200 on the tighter side, centred.
    const t = wholeTransform([-500, -100, 700, 300], [600, 400], 28, [0.2, 3]);
    expect(t.k).toBeCloseTo(544 / 1200);
    expect(100 * t.k + t.x).toBeCloseTo(300);
    expect(100 * t.k + t.y).toBeCloseTo(200);
    // Every corner of the layout lands inside the view, 28 px from its edges or more.
    for (const [x, y] of [
      [-500, -100],
      [700, 300],
    ] as const) {
      expect(x * t.k + t.x).toBeGreaterThanOrEqual(28 - 1e-9);
      expect(x * t.k + t.x).toBeLessThanOrEqual(600 - 28 + 1e-9);
      expect(y * t.k + t.y).toBeGreaterThanOrEqual(28 - 1e-9);
      expect(y * t.k + t.y).toBeLessThanOrEqual(400 - 28 + 1e-9);
    }
    // Never below the least scale, however large the layout.
    expect(wholeTransform([0, 0, 100_000, 10], [600, 400], 28, [0.2, 3]).k).toBe(0.2);
  });
});

describe('the conflict graph in transaction order', () => {
  const at = (p: Float32Array, i: number): [number, number] => [p[i * 2]!, p[i * 2 + 1]!];
  const distance = (p: Float32Array, i: number, j: number): number =>
    Math.hypot(at(p, i)[0] - at(p, j)[0], at(p, i)[1] - at(p, j)[1]);

  it('keeps every transaction beside the next, so a chain is one unbroken line', () => {
    for (const n of [1, 2, 8, 16, 999, 1000, 2001]) {
      const p = orderLayout(n);
      expect(p).toHaveLength(n * 2);
      for (let i = 0; i + 1 < n; i++) expect(distance(p, i, i + 1)).toBeCloseTo(ORDER_SPACING);
      // No two transactions share a place.
      expect(new Set(Array.from({ length: n }, (_x, i) => at(p, i).join())).size).toBe(n);
    }
  });

  it('reads row by row, each row turning back, in a block about as wide as asked', () => {
    // 8 transactions at aspect 1.5: 4 columns (ceil √12), 2 rows; the second row runs back.
    const p = orderLayout(8);
    const xs = Array.from({ length: 8 }, (_x, i) => at(p, i)[0]);
    const ys = Array.from({ length: 8 }, (_x, i) => at(p, i)[1]);
    expect(xs).toEqual([-1.5, -0.5, 0.5, 1.5, 1.5, 0.5, -0.5, -1.5].map((c) => c * ORDER_SPACING));
    expect(ys).toEqual([-0.5, -0.5, -0.5, -0.5, 0.5, 0.5, 0.5, 0.5].map((r) => r * ORDER_SPACING));
    // 1,000 transactions: 39 columns and 26 rows, centred on the origin as the force layout is.
    const q = orderLayout(1000);
    const width = Math.max(...q.filter((_v, i) => i % 2 === 0)) - Math.min(...q.filter((_v, i) => i % 2 === 0));
    const height = Math.max(...q.filter((_v, i) => i % 2 === 1)) - Math.min(...q.filter((_v, i) => i % 2 === 1));
    expect([width, height]).toEqual([38 * ORDER_SPACING, 25 * ORDER_SPACING]);
    expect(orderLayout(0)).toHaveLength(0);
  });

  it('draws a link between neighbours straight and bows a longer one over the nodes between', () => {
    const s = ORDER_SPACING;
    // Neighbours: the control point is the midpoint, so the curve is the straight segment.
    expect(orderLinkControl(0, 0, s, 0)).toEqual([s / 2, 0]);
    expect(orderLinkControl(0, 0, 0, s)).toEqual([0, s / 2]);
    // Two apart, left to right: the apex (half the control point's offset) passes above the
    // middle node, whose dot (radius 4) would otherwise hide the link under its neighbours'.
    const [cx, cy] = orderLinkControl(0, 0, 2 * s, 0);
    expect(cx).toBe(s);
    expect(-cy / 2).toBeGreaterThan(4);
    // Right to left (a row running back) it bows the other way, below.
    expect(orderLinkControl(2 * s, 0, 0, 0)[1]).toBeCloseTo(-cy);
    // A link across the block bows no more than a row and a half, so it stays near its rows.
    expect(-orderLinkControl(0, 0, 40 * s, 0)[1] / 2).toBeCloseTo(1.5 * s);
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

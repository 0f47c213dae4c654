/** The address bar: the scenario's query codec, the view in the fragment, block files packed in a link. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCENARIO,
  DEFAULT_VM_COST,
  encodeBlockLink,
  formatScenario,
  checkBlockFileText,
  findPreset,
  PRESETS,
  presetInUse,
  presetScenario,
  SCENARIO_KEYS,
} from '../src/engine/index.ts';
import { readScenarioFromUrl, scenarioUrl, urlIssueNotice } from '../src/app/url/scenarioUrl.ts';
import { linkHint } from '../src/app/views/linkHint.ts';
import { fitView, formatViewHash, parseViewHash } from '../src/app/url/viewHash.ts';
import { linkedFile, presetFile, scenarioForPreset } from '../src/app/store/actions.ts';

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
  const base = { name: 'f.json', text: JSON.stringify(file), txs: 0, blocks: 1, blockSizes: [0] };

  it('opens the file a link carries under one name, keeping the parameter as it came', () => {
    const param = encodeBlockLink(file).param!;
    const opened = linkedFile(param);
    expect(opened).toMatchObject({ name: 'linked-block.json', blocks: 1, txs: 0, blockSizes: [0], link: { param } });
    expect(JSON.parse(opened.text)).toEqual(file);
    expect(linkHint(opened)).toBe('The link carries this file, so Share and the CLI run it too.');
  });

  it("holds each block's size however the file came: imported, from a link or a preset", () => {
    // The lesson's two blocks of 8: the sizes tell, before a run, which blocks are too small.
    const lesson = presetFile(findPreset('lesson')!)!;
    expect(lesson.blockSizes).toEqual([8, 8]);
    expect(checkBlockFileText(lesson.text)).toMatchObject({ blocks: 2, txs: 16, blockSizes: [8, 8] });
    const linked = linkedFile(encodeBlockLink(JSON.parse(lesson.text) as object).param!);
    expect(linked).toMatchObject({ blocks: 2, txs: 16, blockSizes: [8, 8] });
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

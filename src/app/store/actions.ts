/** Input actions: every change to the scenario goes through here and into the URL. */
import {
  DEFAULT_VM_COST,
  presetInUse,
  presetScenario,
  readBlockLink,
  type Preset,
  type Scenario,
  workloadKey,
} from '../../engine/index.ts';
import { writeScenarioToUrl, type LinkedBlocks } from '../url/scenarioUrl.ts';
import { fitView, type LinkedView } from '../url/viewHash.ts';
import { addNotice, useApp, type ImportedFile } from './store.ts';

/** What the link says about the blocks the page holds: a preset's id, or the file packed in it. */
export function linkedBlocks(f: ImportedFile | null): LinkedBlocks {
  return { preset: f?.preset ?? null, block: f?.link?.param ?? null };
}

/** An imported file the link cannot carry (too large): the link holds the other inputs only. */
export function leftOutOfLink(f: ImportedFile | null): f is ImportedFile {
  const { preset, block } = linkedBlocks(f);
  return f !== null && preset === null && block === null;
}

export function setInput<K extends keyof Scenario>(key: K, value: Scenario[K]): void {
  const { scenario: before, imported } = useApp.getState();
  const scenario = { ...before, [key]: value };
  dropLinkedViewIfBlocksChange(scenario, imported);
  useApp.setState({ scenario });
  writeScenarioToUrl(scenario, linkedBlocks(imported));
}

export function setScenario(scenario: Scenario, imported: ImportedFile | null = null): void {
  dropLinkedViewIfBlocksChange(scenario, imported);
  useApp.setState({ scenario, imported, importErrors: [], pinnedBlock: null, selectedTx: null });
  writeScenarioToUrl(scenario, linkedBlocks(imported));
}

/**
 * Names the blocks these inputs run: the file's text, or the generated workload's key (strategy,
 * workers and VM cost set aside: they run the same blocks). Equal names, equal blocks.
 */
export function blocksOf(scenario: Scenario, imported: ImportedFile | null): string {
  return imported ? `file:${imported.text}` : `scenario:${workloadKey(scenario)}`;
}

/**
 * A link's view names a block and a transaction of the link's blocks. Once the visitor changes
 * which blocks will run (another seed, contention, mix, preset or file), the same numbers would
 * name unrelated transactions, so the view is dropped at once, and a notice says so; workers,
 * strategy and VM cost keep it. A run under way is of the blocks it started with: its end decides
 * (see applyLinkedView).
 */
function dropLinkedViewIfBlocksChange(next: Scenario, nextFile: ImportedFile | null): void {
  const { linkedView, status } = useApp.getState();
  if (status === 'running' || !linkedView || blocksOf(next, nextFile) === linkedView.forBlocks) return;
  dropLinkedView(linkedView);
}

function dropLinkedView(view: LinkedView): void {
  useApp.setState({ linkedView: null });
  // A fragment with only a layout names no block or transaction: nothing to tell.
  if (view.block === null && view.tx === null) return;
  const named = [
    view.block !== null ? `block ${view.block}` : null,
    view.tx !== null ? `transaction ${view.tx}` : null,
  ];
  addNotice(
    'info',
    `The link's view (${named.filter(Boolean).join(', ')}) was for the link's blocks; the inputs changed, so it is not applied.`,
  );
}

/** The name a block file opened from a link goes by (in the page and when exported). */
export const LINKED_FILE_NAME = 'linked-block.json';

/**
 * The block file a link carries (`block=`), decoded and validated, as the page holds an imported
 * file. It keeps the link's parameter as it came, so the address bar and Share give it back
 * unchanged. Throws BlockLinkError naming the problem. Bounded (see blockLink.ts), so it runs on
 * the main thread while the page loads: a link's file is small.
 */
export function linkedFile(param: string): ImportedFile {
  const { text, bytes, blocks, txs, blockSizes } = readBlockLink(param);
  return { name: LINKED_FILE_NAME, text, txs, blocks, blockSizes, link: { param, bytes, chars: param.length } };
}

/**
 * The inputs after choosing preset `p` with `current` on the page (and `filePreset`, the
 * block-file preset it runs, if any). The preset's values; the workers and the VM cost stay as
 * they were, unless the preset brings its own VM cost (the lesson's blocks are too small to time
 * at the default). Leaving such a preset with its VM cost untouched goes back to the default:
 * the next preset, 20,000 transactions perhaps, would otherwise run 40 times slower.
 */
export function scenarioForPreset(p: Preset, current: Scenario, filePreset: string | null): Scenario {
  const own = presetInUse(current, filePreset)?.scenario.vmCost;
  const kept = own !== undefined && current.vmCost === own ? DEFAULT_VM_COST : current.vmCost;
  return { ...presetScenario(p), workers: current.workers, vmCost: p.scenario.vmCost ?? kept };
}

/**
 * A block-file preset as the page holds an imported file, or null for a scenario preset. Built
 * in code and known valid (the presets' unit tests parse them), so it skips the import's check.
 */
export function presetFile(p: Preset): ImportedFile | null {
  if (!p.file) return null;
  const { name, file } = p.file();
  const blockSizes = file.blocks.map((b) => b.txs.length);
  const txs = blockSizes.reduce((n, b) => n + b, 0);
  return { name, preset: p.id, text: JSON.stringify(file), txs, blocks: file.blocks.length, blockSizes };
}

export function selectTx(tx: number | null): void {
  useApp.setState({ selectedTx: tx });
}

export function pinBlock(block: number | null): void {
  useApp.setState({ pinnedBlock: block, selectedTx: null });
}

/**
 * Show what the link's fragment named (see viewHash.ts), once a run has finished: its block
 * pinned and its transaction in the inspector, as far as they exist in this run; a notice says
 * what did not. Applied once: later runs show what the visitor picks.
 */
export function applyLinkedView(): void {
  const { linkedView, blocks, ran } = useApp.getState();
  if (!linkedView) return;
  if (ran?.blocks !== linkedView.forBlocks) return dropLinkedView(linkedView);
  const { view, message } = fitView(linkedView, blocks.length, (b) => blocks[b]?.txs ?? 0);
  if (message) addNotice('warning', message);
  useApp.setState({
    linkedView: null,
    ...(view.block !== null ? { pinnedBlock: view.block } : {}),
    ...(view.tx !== null ? { selectedTx: view.tx } : {}),
  });
}

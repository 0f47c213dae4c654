/** Input actions: every change to the scenario goes through here and into the URL. */
import type { Preset, Scenario } from '../../engine/index.ts';
import { writeScenarioToUrl } from '../url/scenarioUrl.ts';
import { useApp, type ImportedFile } from './store.ts';

export function setInput<K extends keyof Scenario>(key: K, value: Scenario[K]): void {
  const scenario = { ...useApp.getState().scenario, [key]: value };
  useApp.setState({ scenario });
  writeScenarioToUrl(scenario, useApp.getState().imported?.preset ?? null);
}

export function setScenario(scenario: Scenario, imported: ImportedFile | null = null): void {
  useApp.setState({ scenario, imported, importErrors: [], pinnedBlock: null, selectedTx: null });
  writeScenarioToUrl(scenario, imported?.preset ?? null);
}

/**
 * A block-file preset as the page holds an imported file, or null for a scenario preset. Built
 * in code and known valid (the presets' unit tests parse them), so it skips the import's check.
 */
export function presetFile(p: Preset): ImportedFile | null {
  if (!p.file) return null;
  const { name, file } = p.file();
  const txs = file.blocks.reduce((n, b) => n + b.txs.length, 0);
  return { name, preset: p.id, text: JSON.stringify(file), txs, blocks: file.blocks.length };
}

export function selectTx(tx: number | null): void {
  useApp.setState({ selectedTx: tx });
}

export function pinBlock(block: number | null): void {
  useApp.setState({ pinnedBlock: block, selectedTx: null });
}

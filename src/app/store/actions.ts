/** Input actions: every change to the scenario goes through here and into the URL. */
import type { Scenario } from '../../engine/index.ts';
import { writeScenarioToUrl } from '../url/scenarioUrl.ts';
import { useApp, type ImportedFile } from './store.ts';

export function setInput<K extends keyof Scenario>(key: K, value: Scenario[K]): void {
  const scenario = { ...useApp.getState().scenario, [key]: value };
  useApp.setState({ scenario });
  writeScenarioToUrl(scenario);
}

export function setScenario(scenario: Scenario, imported: ImportedFile | null = null): void {
  useApp.setState({ scenario, imported, importErrors: [], pinnedBlock: null, selectedTx: null });
  writeScenarioToUrl(scenario);
}

export function selectTx(tx: number | null): void {
  useApp.setState({ selectedTx: tx });
}

export function pinBlock(block: number | null): void {
  useApp.setState({ pinnedBlock: block, selectedTx: null });
}

/**
 * The URL is the scenario. Reading: every parameter is validated by the engine's own parser; a
 * bad one becomes a notice naming it and keeps its default (never a blank page). Writing: the
 * canonical query string, debounced, with history.replaceState so the back button isn't flooded.
 */
import {
  DEFAULT_SCENARIO,
  formatScenario,
  parseScenario,
  type Scenario,
  type ScenarioIssue,
} from '../../engine/index.ts';

export function readScenarioFromUrl(search: string): { scenario: Scenario; issues: ScenarioIssue[] } {
  return parseScenario(search, DEFAULT_SCENARIO);
}

export function scenarioUrl(scenario: Scenario, base: string): string {
  const url = new URL(base);
  url.search = formatScenario(scenario);
  return url.toString();
}

let pending: { timer: ReturnType<typeof setTimeout>; write: () => void } | null = null;

/** Write the scenario into the address bar after `delay` ms of quiet. */
export function writeScenarioToUrl(scenario: Scenario, delay = 250): void {
  if (pending) clearTimeout(pending.timer);
  const write = (): void => {
    pending = null;
    const next = `?${formatScenario(scenario)}`;
    if (window.location.search !== next) window.history.replaceState(null, '', next + window.location.hash);
  };
  pending = { timer: setTimeout(write, delay), write };
}

/**
 * Write a pending change now. A run flushes it as it starts, so the address bar always names
 * the scenario that is running (a short run can end inside the quiet period).
 */
export function flushScenarioUrl(): void {
  if (!pending) return;
  clearTimeout(pending.timer);
  pending.write();
}

/**
 * The URL is the scenario. Reading: every parameter is validated by the engine's own parser; a
 * bad one becomes a notice naming it and keeps its default (never a blank page). Writing: the
 * canonical query string, debounced, with history.replaceState so the back button isn't flooded.
 */
import {
  DEFAULT_SCENARIO,
  formatScenario,
  parseScenario,
  SCENARIO_KEYS,
  type Scenario,
  type ScenarioIssue,
} from '../../engine/index.ts';

export function readScenarioFromUrl(search: string): {
  scenario: Scenario;
  issues: ScenarioIssue[];
  /** A block-file preset the link names, or null. */
  preset: string | null;
} {
  return parseScenario(search, DEFAULT_SCENARIO);
}

/**
 * The notice for one bad parameter, saying what the page did with it: a known input keeps its
 * default; an unknown one has no default and is dropped from the address bar.
 */
export function urlIssueNotice(issue: ScenarioIssue): string {
  const known = (SCENARIO_KEYS as readonly string[]).includes(issue.param);
  return `URL parameter "${issue.param}": ${issue.message}. ${known ? 'Using the default instead.' : 'It is ignored.'}`;
}

export function scenarioUrl(scenario: Scenario, base: string, preset: string | null = null): string {
  const url = new URL(base);
  url.search = formatScenario(scenario, preset);
  return url.toString();
}

let pending: { timer: ReturnType<typeof setTimeout>; write: () => void } | null = null;

/**
 * Write the scenario, and the block-file preset it runs if any, into the address bar after
 * `delay` ms of quiet.
 */
export function writeScenarioToUrl(scenario: Scenario, preset: string | null, delay = 250): void {
  if (pending) clearTimeout(pending.timer);
  const write = (): void => {
    pending = null;
    const next = `?${formatScenario(scenario, preset)}`;
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

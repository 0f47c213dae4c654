/**
 * The URL is the scenario. Reading: every parameter is validated by the engine's own parser; a
 * bad one becomes a notice naming it and keeps its default (never a blank page). Writing: the
 * canonical query string, debounced, with history.replaceState so the back button isn't flooded.
 */
import {
  DEFAULT_SCENARIO,
  formatScenario,
  parseScenario,
  type ParsedQuery,
  type Scenario,
  type ScenarioIssue,
} from '../../engine/index.ts';

export function readScenarioFromUrl(search: string): ParsedQuery {
  return parseScenario(search, DEFAULT_SCENARIO);
}

/**
 * What a link says about the blocks besides the scenario: a block-file preset's id, or a block
 * file packed into it (`block=`). Both null for the generated workload.
 */
export interface LinkedBlocks {
  preset: string | null;
  block: string | null;
}

export const GENERATED: LinkedBlocks = { preset: null, block: null };

const FALLBACK_TEXT: Record<ScenarioIssue['fallback'], string> = {
  default: 'Using the default instead.',
  preset: "Using the preset's value instead.",
  ignored: 'It is ignored.',
  last: 'The last one is used.',
};

/** The notice for one bad parameter, saying what the page did with it (the parser's fallback). */
export function urlIssueNotice(issue: ScenarioIssue): string {
  return `URL parameter "${issue.param}": ${issue.message}. ${FALLBACK_TEXT[issue.fallback]}`;
}

export function scenarioUrl(scenario: Scenario, base: string, blocks: LinkedBlocks = GENERATED): string {
  const url = new URL(base);
  url.search = formatScenario(scenario, blocks.preset, blocks.block);
  return url.toString();
}

let pending: { timer: ReturnType<typeof setTimeout>; write: () => void } | null = null;

/**
 * Write the scenario, and the blocks it runs when they are not generated (a preset's or a file's
 * that fits in a link), into the address bar after `delay` ms of quiet.
 */
export function writeScenarioToUrl(scenario: Scenario, blocks: LinkedBlocks, delay = 250): void {
  if (pending) clearTimeout(pending.timer);
  const write = (): void => {
    pending = null;
    const next = `?${formatScenario(scenario, blocks.preset, blocks.block)}`;
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

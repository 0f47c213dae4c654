/**
 * The scenario: the small set of named inputs a run is made from. The same names are the app's
 * URL query parameters and the CLI's --scenario string, so a link, a command and a test all
 * describe a run the same way.
 */

import { findPreset, PRESETS, type Preset } from './presets.ts';
import { groupDigits } from '../state/values.ts';

export const STRATEGIES = ['sequential', 'block-stm'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/**
 * The strategies whose workers record the trace of DESIGN.md §6 (sequential has no workers to
 * coordinate). The runner, the timeline and the CLI ask `recordsTrace` rather than naming
 * Block-STM, so an executor added later that records one is added here.
 */
export const TRACED_STRATEGIES: readonly Strategy[] = ['block-stm'];
export const recordsTrace = (strategy: Strategy): boolean => TRACED_STRATEGIES.includes(strategy);

/** Transaction groups the `mix` weights apply to. */
export const MIX_GROUPS = ['transfer', 'swap', 'route', 'liquidity', 'lending', 'staking', 'oracle'] as const;
export type MixGroup = (typeof MIX_GROUPS)[number];
export type Mix = Record<MixGroup, number>;

export interface Scenario {
  seed: number;
  blockSize: number;
  blocks: number;
  /** 0..1: the probability that each pick (account, pool, market, farm) comes from the hot set. */
  contention: number;
  mix: Mix;
  /** Rounds of deterministic hashing per transaction, standing for signature checks and the VM. */
  vmCost: number;
  strategy: Strategy;
  workers: number;
}

export const DEFAULT_MIX: Mix = {
  transfer: 35,
  swap: 30,
  route: 5,
  liquidity: 5,
  lending: 15,
  staking: 8,
  oracle: 2,
};

/** Calibrated so a swap costs about 10 µs on a 2-core CI machine (see README, "VM cost"). */
export const DEFAULT_VM_COST = 2500;

export const DEFAULT_SCENARIO: Scenario = {
  seed: 1,
  blockSize: 1000,
  blocks: 10,
  contention: 0.2,
  mix: DEFAULT_MIX,
  vmCost: DEFAULT_VM_COST,
  strategy: 'block-stm',
  workers: 2,
};

export const LIMITS = {
  seed: [0, 4294967295],
  blockSize: [1, 20000],
  blocks: [1, 500],
  contention: [0, 1],
  vmCost: [0, 1000000],
  workers: [1, 16],
} as const;

export const SCENARIO_KEYS = [
  'seed',
  'blockSize',
  'blocks',
  'contention',
  'mix',
  'vmCost',
  'strategy',
  'workers',
] as const;
export type ScenarioKey = (typeof SCENARIO_KEYS)[number];

export interface ScenarioIssue {
  param: string;
  message: string;
  /**
   * What the input keeps instead: the default (or the caller's base), the value a `preset=` in
   * the same query gave it, or nothing, for a parameter that is not an input (it is ignored).
   * `last`: the parameter was given more than once, and the last occurrence is the one read.
   */
  fallback: 'default' | 'preset' | 'ignored' | 'last';
}

const INTEGER = /^(0|[1-9][0-9]{0,9})$/;
const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** One whole-number parameter within its LIMITS; returns the value or an error message. */
export function parseInteger(
  key: 'seed' | 'blockSize' | 'blocks' | 'vmCost' | 'workers',
  raw: string,
): number | string {
  if (!INTEGER.test(raw)) return `${key} must be a whole number, got "${raw}"`;
  const v = Number(raw);
  const [lo, hi] = LIMITS[key];
  if (v < lo || v > hi) return `${key} must be between ${lo} and ${hi}, got ${raw}`;
  return v;
}

/** Contention in [0, 1]; returns the value or an error message. */
export function parseContention(raw: string): number | string {
  if (!DECIMAL.test(raw)) return `contention must be a number from 0 to 1, got "${raw}"`;
  const v = Number(raw);
  if (v < 0 || v > 1) return `contention must be between 0 and 1, got ${raw}`;
  return v;
}

export function parseMix(raw: string): Mix | string {
  const mix: Mix = { transfer: 0, swap: 0, route: 0, liquidity: 0, lending: 0, staking: 0, oracle: 0 };
  let total = 0;
  for (const part of raw.split(',')) {
    const m = /^([a-z]+):(0|[1-9][0-9]{0,5})$/.exec(part.trim());
    if (!m) return `mix must look like "transfer:40,swap:30", got "${raw}"`;
    const group = m[1] as MixGroup;
    if (!MIX_GROUPS.includes(group)) return `mix has an unknown kind "${m[1]}" (known: ${MIX_GROUPS.join(', ')})`;
    mix[group] = Number(m[2]);
    total += mix[group];
  }
  if (total === 0) return 'mix must give at least one kind a weight above 0';
  return mix;
}

export function formatMix(mix: Mix): string {
  return MIX_GROUPS.filter((g) => mix[g] > 0)
    .map((g) => `${g}:${mix[g]}`)
    .join(',');
}

/** Parse one parameter; returns the new value or an error message. */
function parseParam(key: ScenarioKey, raw: string): Partial<Scenario> | string {
  switch (key) {
    case 'seed':
    case 'blockSize':
    case 'blocks':
    case 'vmCost':
    case 'workers': {
      const v = parseInteger(key, raw);
      return typeof v === 'string' ? v : { [key]: v };
    }
    case 'contention': {
      const v = parseContention(raw);
      return typeof v === 'string' ? v : { contention: v };
    }
    case 'mix': {
      const v = parseMix(raw);
      return typeof v === 'string' ? v : { mix: v };
    }
    case 'strategy':
      if (!(STRATEGIES as readonly string[]).includes(raw))
        return `strategy must be one of ${STRATEGIES.join(', ')}, got "${raw}"`;
      return { strategy: raw as Strategy };
  }
}

/** Split a query string into decoded pairs (the engine has no URLSearchParams: it is platform-free). */
export function queryPairs(query: string): [string, string][] {
  const body = query.startsWith('?') ? query.slice(1) : query;
  const out: [string, string][] = [];
  for (const part of body.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    out.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  return out;
}

/**
 * One pair per key, the last one given: someone who edits a link by appending `&workers=4`
 * means the appended value. A key given again with a different value is still reported, since
 * one of the two was not what the link's author will get.
 */
function lastOfEach(pairs: [string, string][], issues: ScenarioIssue[]): [string, string][] {
  const last = new Map<string, string>();
  const given = new Map<string, { count: number; distinct: Set<string> }>();
  for (const [key, raw] of pairs) {
    last.delete(key); // re-inserted below, so the map keeps the order of last occurrences
    last.set(key, raw);
    const seen = given.get(key);
    if (seen) {
      seen.count++;
      seen.distinct.add(raw);
    } else given.set(key, { count: 1, distinct: new Set([raw]) });
  }
  for (const [key, { count, distinct }] of given) {
    if (distinct.size < 2) continue;
    issues.push({
      param: key,
      message: `"${key}" is given ${groupDigits(count)} times with different values (${listValues([...distinct])})`,
      fallback: 'last',
    });
  }
  return [...last];
}

/** A few of a parameter's values, each cut short: a link can repeat a parameter thousands of times. */
function listValues(values: string[], most = 4, width = 24): string {
  const shown = values.slice(0, most).map((v) => `"${v.length > width ? `${v.slice(0, width)}…` : v}"`);
  if (values.length > most) shown.push(`and ${groupDigits(values.length - most)} more`);
  return shown.join(', ');
}

/** A preset's scenario over `base`: its values, on Block-STM (what the presets teach). */
export const presetScenario = (p: Preset, base: Scenario = DEFAULT_SCENARIO): Scenario => ({
  ...base,
  ...p.scenario,
  mix: { ...(p.scenario.mix ?? base.mix) },
  strategy: 'block-stm',
});

/**
 * Every parameter a query string may hold: the scenario's inputs, `preset`, and `block` (a block
 * file carried in the link; see blockLink.ts).
 */
export const QUERY_KEYS = ['preset', ...SCENARIO_KEYS, 'block'] as const;

/** What a query string names: its scenario, and the blocks it runs when they are not generated. */
export interface ParsedQuery {
  scenario: Scenario;
  issues: ScenarioIssue[];
  /** A block-file preset whose blocks the run uses, or null. */
  preset: string | null;
  /**
   * The `block=` parameter as given (the caller decodes it with readBlockLink), or null. When
   * present it names the blocks, and a block-file preset in the same query is ignored.
   */
  block: string | null;
}

/**
 * Parse a query string ("seed=7&blocks=5"). Each bad or unknown parameter is reported and the
 * input keeps its default, so a caller can either refuse (CLI) or fall back and warn (app).
 *
 * `preset=<id>` starts from that preset's values wherever it stands in the query (the other
 * parameters override them). A scenario preset is nothing more; a block-file preset also names
 * the workload, returned as `preset` (its blocks come from `findPreset(id).file`, and the
 * generated workload's inputs do not apply). `block=<packed file>` names the blocks too, and wins
 * over a block-file preset.
 */
export function parseScenario(query: string, base: Scenario = DEFAULT_SCENARIO): ParsedQuery {
  const issues: ScenarioIssue[] = [];
  const pairs = lastOfEach(queryPairs(query), issues);
  let preset: Preset | undefined;
  let block: string | null = null;
  for (const [key, raw] of pairs) {
    if (key === 'block') block = raw.trim();
    if (key !== 'preset') continue;
    const found = findPreset(raw.trim());
    if (found) preset = found;
    else
      issues.push({
        param: key,
        message: `unknown preset "${raw}" (known: ${PRESETS.map((p) => p.id).join(', ')})`,
        fallback: 'ignored',
      });
  }
  const scenario: Scenario = preset ? presetScenario(preset, base) : { ...base, mix: { ...base.mix } };
  for (const [key, raw] of pairs) {
    if (key === 'preset' || key === 'block') continue;
    if (!(SCENARIO_KEYS as readonly string[]).includes(key)) {
      issues.push({
        param: key,
        message: `unknown parameter "${key}" (known: ${QUERY_KEYS.join(', ')})`,
        fallback: 'ignored',
      });
      continue;
    }
    const parsed = parseParam(key as ScenarioKey, raw.trim());
    if (typeof parsed === 'string')
      issues.push({
        param: key,
        message: parsed,
        fallback: preset && key in preset.scenario ? 'preset' : 'default',
      });
    else Object.assign(scenario, parsed);
  }
  if (block !== null && preset?.file)
    issues.push({
      param: 'preset',
      message: `preset "${preset.id}" is a block file, and "block" in the same link names the blocks`,
      fallback: 'ignored',
    });
  return { scenario, issues, preset: preset?.file && block === null ? preset.id : null, block };
}

/**
 * What names a generated workload's blocks: the scenario with the inputs that only change how
 * they run (strategy, workers, VM cost) set aside. Two scenarios with one key run the same blocks.
 */
export function workloadKey(s: Scenario): string {
  return formatScenario({ ...s, strategy: 'sequential', workers: 1, vmCost: 0 });
}

/**
 * The canonical query string: every input, in a fixed order, readable by hand; first the
 * block-file preset whose blocks the run uses, if any, and last a block file the link carries
 * (long and unreadable, so it stays out of the way of the inputs).
 */
export function formatScenario(s: Scenario, preset: string | null = null, block: string | null = null): string {
  const parts: [string, string][] = [
    ...(preset === null ? [] : ([['preset', preset]] as [string, string][])),
    ['seed', String(s.seed)],
    ['blockSize', String(s.blockSize)],
    ['blocks', String(s.blocks)],
    ['contention', String(s.contention)],
    ['mix', formatMix(s.mix)],
    ['vmCost', String(s.vmCost)],
    ['strategy', s.strategy],
    ['workers', String(s.workers)],
    ...(block === null ? [] : ([['block', block]] as [string, string][])),
  ];
  return parts.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%3A/g, ':').replace(/%2C/g, ',')}`).join('&');
}

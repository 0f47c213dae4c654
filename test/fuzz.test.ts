/**
 * Bad input gets a clear message, never a crash: arbitrary query strings and arbitrary or
 * mutated block files (fast-check). Each case must end in a parsed value or the engine's own
 * named error, never a TypeError from deep inside the parser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  BlockLinkError,
  formatScenario,
  parseBlockFile,
  parseScenario,
  QUERY_KEYS,
  readBlockLink,
  ValidationError,
} from '../src/engine/index.ts';
import { runSequential } from './helpers.ts';

const LESSON: unknown = JSON.parse(readFileSync(new URL('../examples/lesson.json', import.meta.url), 'utf8'));

/** A query string made of known and unknown keys with values that are often almost right. */
const queryArb = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 6 })),
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.integer({ min: -5, max: 2_000_000 }).map(String),
        fc.double({ noNaN: false }).map(String),
        fc.constantFrom('sequential', 'block-stm', 'hot-pool', 'transfer:1,swap:0', '%ZZ', '1e3', ''),
      ),
    ),
    { maxLength: 8 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));

/** Every path to a value inside a JSON tree, as keys and indexes. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v !== null && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
}

function replaceAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

describe('bad input is named, never a crash', () => {
  it('any query string parses; what it parsed formats to a query that parses back the same, cleanly', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        const parsed = parseScenario(query);
        for (const issue of parsed.issues) expect(issue.message.length).toBeGreaterThan(0);
        const again = parseScenario(formatScenario(parsed.scenario, parsed.preset, parsed.block));
        expect(again).toEqual({ ...parsed, issues: [] });
      }),
      { numRuns: 500 },
    );
  });

  it('any JSON value as a block file is parsed or refused with named fields', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        try {
          parseBlockFile(value);
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          expect((e as ValidationError).issues.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a valid file with one field replaced is refused with a named field, or runs to the end (reverts allowed)', () => {
    const all = paths(LESSON).filter((p) => p.length > 0);
    // Values near the edges of what each field accepts, besides arbitrary JSON.
    const edgy = fc.constantFrom(
      '0',
      '-1',
      '1e3',
      '9223372036854775807',
      '9223372036854775808',
      '',
      'alice',
      'USDC',
      'WETH',
      'LP:USDC-WETH',
      'USDC-WETH',
      'swap',
      0,
      1,
      -1,
      0.5,
      null,
      true,
      [],
      {},
    );
    // Any amount the format allows, small or up to 2^63 - 1: the arithmetic must revert, not throw.
    const amounts = fc.oneof(fc.nat(1_000_000), fc.bigInt({ min: 0n, max: (1n << 63n) - 1n })).map(String);
    let ran = 0;
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.oneof(edgy, amounts, fc.jsonValue({ maxDepth: 2 })), (path, value) => {
        let workload;
        try {
          workload = parseBlockFile(replaceAt(LESSON, path, value));
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          expect((e as ValidationError).issues.length).toBeGreaterThan(0);
          return;
        }
        // Accepted: every transaction must end in a receipt, ok or a named revert.
        const { codes } = runSequential(workload);
        expect(codes.reduce((n, c) => n + c.length, 0)).toBe(workload.blocks.reduce((n, b) => n + b.length, 0));
        ran++;
      }),
      { numRuns: 1000 },
    );
    // The mutations must reach the run, not only the validator.
    expect(ran).toBeGreaterThan(150);
  });

  it('any block= text is read or refused with a named problem', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (param) => {
        try {
          readBlockLink(param);
        } catch (e) {
          expect(e).toBeInstanceOf(BlockLinkError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

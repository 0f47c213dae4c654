/**
 * Bad input gets a clear message, never a crash: arbitrary query strings and arbitrary or
 * mutated block files (fast-check). Each case must end in a parsed value or the engine's own
 * named error, never a TypeError from deep inside the parser.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
import { mutatedLesson } from './mutations.ts';

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
    let ran = 0;
    fc.assert(
      fc.property(mutatedLesson(), (file) => {
        let workload;
        try {
          workload = parseBlockFile(file);
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

/** A block file carried in a link (`block=`): the codec, its bounds, and the query string. */
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  BlockLinkError,
  checkBlockFileText,
  decodeBlockLink,
  encodeBlockLink,
  formatScenario,
  LINK_BLOCK_MAX_BYTES,
  LINK_BLOCK_MAX_CHARS,
  parseScenario,
  readBlockLink,
  DEFAULT_SCENARIO,
} from '../src/engine/index.ts';

const FILE = {
  genesis: { accounts: { alice: { USDC: '1000' } } },
  blocks: [
    {
      txs: [
        { type: 'transfer', from: 'alice', to: 'bob', token: 'USDC', amount: '5' },
        { type: 'transfer', from: 'bob', to: 'carol', token: 'USDC', amount: '9' },
      ],
    },
  ],
};

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** A string no compressor shrinks much: every character drawn from a seeded generator. */
function noise(length: number): string {
  let x = 12345;
  let s = '';
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    s += String.fromCharCode(33 + ((x >>> 16) % 90));
  }
  return s.replace(/["\\]/g, 'x');
}

describe('block files in links', () => {
  it('carries any JSON text through the link unchanged, at every length and in any script', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.string({ unit: 'grapheme', maxLength: 40 }), (value, label) => {
        const compact = JSON.stringify({ label, value });
        const { param, bytes, chars } = encodeBlockLink({ label, value });
        expect(param).not.toBeNull();
        expect(param).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(chars).toBe(param!.length);
        expect(bytes).toBe(new TextEncoder().encode(compact).length);
        expect(text(decodeBlockLink(param!))).toBe(compact);
      }),
      { numRuns: 300 },
    );
  });

  it('drops the whitespace of an indented file, and the file reads back valid with its size', () => {
    // The import's check parses the text once and packs that JSON.
    const indented = encodeBlockLink(checkBlockFileText(JSON.stringify(FILE, null, 2)).json);
    expect(indented).toEqual(encodeBlockLink(FILE));
    const read = readBlockLink(indented.param!);
    expect(JSON.parse(read.text)).toEqual(FILE);
    expect(read).toMatchObject({ blocks: 1, txs: 2, bytes: JSON.stringify(FILE).length });
  });

  it('says a file is too large for a link, and by which bound', () => {
    const packedTooLong = encodeBlockLink({ ...FILE, note: noise(20_000) });
    expect(packedTooLong.param).toBeNull();
    expect(packedTooLong.chars).toBeGreaterThan(LINK_BLOCK_MAX_CHARS);
    const unpackedTooLarge = encodeBlockLink({ ...FILE, note: ' '.repeat(LINK_BLOCK_MAX_BYTES) });
    expect(unpackedTooLarge).toMatchObject({ param: null, chars: 0 });
    expect(unpackedTooLarge.bytes).toBeGreaterThan(LINK_BLOCK_MAX_BYTES);
  });

  it.each([
    ['', /is empty/],
    ['abc!def', /holds "!", which is not base64url/],
    ['abcde', /is cut short/],
    ['A'.repeat(LINK_BLOCK_MAX_CHARS + 4), /is 6,004 characters long; a link carries at most 6,000/],
    ['AAAAAAAA', /is not a packed block file/],
  ])('refuses the parameter %j, naming the problem', (param, message) => {
    expect(() => decodeBlockLink(param)).toThrow(BlockLinkError);
    expect(() => decodeBlockLink(param)).toThrow(message);
  });

  it('refuses a link cut short, a link that unpacks beyond the bound, and an invalid file in a link', () => {
    const good = encodeBlockLink(FILE).param!;
    expect(() => readBlockLink(good.slice(0, good.length - 8))).toThrow(/not a packed block file .*cut short/);
    // A crafted link: DEFLATE packs a run of spaces a thousand to one, so 2 MB fit in 3 KB.
    const bomb = Buffer.from(deflateSync(new Uint8Array(2 << 20).fill(32), { level: 9 })).toString('base64url');
    expect(bomb.length).toBeLessThan(LINK_BLOCK_MAX_CHARS);
    expect(() => readBlockLink(bomb)).toThrow(/unpacks to more than 1 MB/);
    const invalid = encodeBlockLink({ genesis: {}, blocks: [{ txs: [{ type: 'swap' }] }] }).param!;
    expect(() => readBlockLink(invalid)).toThrow(
      /carries an invalid block file: blocks\[0\]\.txs\[0\]\.from: .*\(and \d+ more\)/,
    );
  });

  it('reads block= from a query, writes it last, and lets it win over a block-file preset', () => {
    const param = encodeBlockLink(FILE).param!;
    const q = formatScenario({ ...DEFAULT_SCENARIO, workers: 3 }, null, param);
    expect(q).toMatch(new RegExp(`&workers=3&block=${param}$`));
    expect(parseScenario(q)).toEqual({
      scenario: { ...DEFAULT_SCENARIO, workers: 3 },
      issues: [],
      preset: null,
      block: param,
    });
    const both = parseScenario(`preset=sequential&block=${param}`);
    expect(both.preset).toBeNull();
    expect(both.block).toBe(param);
    expect(both.issues).toEqual([
      {
        param: 'preset',
        message: 'preset "sequential" is a block file, and "block" in the same link names the blocks',
        fallback: 'ignored',
      },
    ]);
  });
});

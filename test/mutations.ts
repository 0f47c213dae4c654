/**
 * The example lesson with one field replaced: near-edge values, any amount up to 2^63 − 1, or
 * arbitrary JSON. Shared by the bad-input fuzz (refused or runs) and the thread property
 * (accepted ones run under Block-STM to sequential's state).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';

export const LESSON: unknown = JSON.parse(readFileSync(new URL('../examples/lesson.json', import.meta.url), 'utf8'));

type Path = (string | number)[];

/** Every path to a value inside a JSON tree, as keys and indexes. */
function paths(v: unknown, at: Path = []): Path[] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v !== null && typeof v === 'object') return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
}

function replaceAt(root: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

/** Values near the edges of what a block file's fields accept. */
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

/** Any amount the format allows, small or up to 2^63 − 1: arithmetic must revert, not throw. */
export const amounts = fc.oneof(fc.nat(1_000_000), fc.bigInt({ min: 0n, max: (1n << 63n) - 1n })).map(String);

/** The lesson's fields that hold an amount (balances, reserves, transfer and swap amounts). */
export const isAmount = (path: Path): boolean => {
  const key = path[path.length - 1];
  return typeof key === 'string' && /^(amount|amountIn|minAmountOut|reserve[01]|USDC|WETH)$/.test(key);
};

/** The lesson with one field (at any depth, or one `where` picks) replaced. */
export const mutatedLesson = (
  values: fc.Arbitrary<unknown> = fc.oneof(edgy, amounts, fc.jsonValue({ maxDepth: 2 })),
  where: (path: Path) => boolean = () => true,
) =>
  fc
    .tuple(fc.constantFrom(...paths(LESSON).filter((p) => p.length > 0 && where(p))), values)
    .map(([path, value]) => replaceAt(LESSON, path, value));

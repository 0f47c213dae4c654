/**
 * The canonical digest: identity of a result. Two runs agree iff their digests agree.
 *
 * It hashes every non-zero (key, value) pair in key order with two independent 32-bit
 * multiply-xorshift lanes per half (128 bits in all). Zero slots are skipped so the digest does
 * not depend on how much empty key space a layout reserves; the key is hashed with the value so
 * a value moving between keys changes the digest. Not cryptographic: it guards against
 * accidental divergence between executors, which is all we ask of it.
 */
const M1 = 0x85ebca6b;
const M2 = 0xc2b2ae35;

function mix(h: number, x: number): number {
  let k = Math.imul(x, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, M1);
  h ^= h >>> 13;
  h = Math.imul(h, M2);
  h ^= h >>> 16;
  return h >>> 0;
}

export function digestValues(values: BigInt64Array): string {
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  let a = 0x243f6a88;
  let b = 0x85a308d3;
  let c = 0x13198a2e;
  let d = 0x03707344;
  let count = 0;
  for (let key = 0; key < values.length; key++) {
    // Little-endian halves of the int64; all platforms we run on are little-endian.
    const lo = words[key * 2]!;
    const hi = words[key * 2 + 1]!;
    if ((lo | hi) === 0) continue;
    count++;
    a = mix(a, key);
    a = mix(a, lo);
    b = mix(b, hi);
    b = mix(b, key ^ 0x5bd1e995);
    c = mix(c, lo ^ hi);
    c = mix(c, key);
    d = mix(d, hi);
    d = mix(d, lo + key);
  }
  const hex = (x: number): string =>
    fmix(x ^ count)
      .toString(16)
      .padStart(8, '0');
  return hex(a) + hex(b) + hex(c) + hex(d);
}

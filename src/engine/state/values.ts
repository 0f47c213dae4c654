/**
 * Exact integer values, as on chain. Storage is int64; arithmetic is BigInt, so intermediate
 * products may exceed 2^64 but every stored value must fit in [0, 2^63).
 */
export const MAX_AMOUNT = (1n << 63n) - 1n;
export const WAD = 10n ** 18n;
/** Rates are stored per second; APRs are shown per year of this many seconds. */
export const SECONDS_PER_YEAR = 31_536_000n;

/** A decimal string of a non-negative integer below 2^63, or null. */
export function parseAmount(text: string): bigint | null {
  if (!/^(0|[1-9][0-9]{0,18})$/.test(text)) return null;
  const v = BigInt(text);
  return v <= MAX_AMOUNT ? v : null;
}

/** Integer square root (Babylonian), as v2-core Math.sqrt. */
export function sqrt(y: bigint): bigint {
  if (y > 3n) {
    let z = y;
    let x = y / 2n + 1n;
    while (x < z) {
      z = x;
      x = (y / x + x) / 2n;
    }
    return z;
  }
  return y !== 0n ? 1n : 0n;
}

export const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
export const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/**
 * Digits grouped by hand (1,217) rather than toLocaleString('en-US'): a page's first Intl call
 * loads locale data, which took ~20 ms inside the end-of-run render (a long task on 2 cores).
 */
export const groupDigits = (n: number | bigint): string => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** Small helpers for validating untrusted JSON with errors that name the path of the bad field. */
import { parseAmount } from '../state/values.ts';

/** How many problems a one-line message names before it counts the rest. */
const NAMED_IN_MESSAGE = 3;
/** How many problems a check keeps (a file wrong throughout would otherwise list thousands). */
const KEPT_ISSUES = 50;

/**
 * Every problem found, each naming its field's path. The message, all that crosses a worker
 * boundary and what a one-line notice shows, names the first few and counts the rest; callers
 * with room list `issues` (the app's import panel, the CLI), so a hand-built file is fixed in one
 * pass.
 */
export class ValidationError extends Error {
  constructor(
    readonly issues: string[],
    /** All the problems found, when there were more than `issues` kept. */
    readonly total = issues.length,
  ) {
    const named = issues.slice(0, NAMED_IN_MESSAGE);
    const rest = total - named.length;
    super(named.length > 0 ? `${named.join('; ')}${rest > 0 ? ` (and ${rest} more)` : ''}` : 'invalid input');
  }
}

export class Checker {
  readonly issues: string[] = [];
  private found = 0;

  fail(path: string, message: string): undefined {
    this.found++;
    if (this.issues.length < KEPT_ISSUES) this.issues.push(`${path}: ${message}`);
    return undefined;
  }

  object(path: string, v: unknown): Record<string, unknown> | undefined {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return this.fail(path, 'expected an object');
    return v as Record<string, unknown>;
  }

  array(path: string, v: unknown): unknown[] | undefined {
    if (!Array.isArray(v)) return this.fail(path, 'expected an array');
    return v;
  }

  string(path: string, v: unknown): string | undefined {
    if (typeof v !== 'string' || v.length === 0) return this.fail(path, 'expected a non-empty string');
    return v;
  }

  amount(path: string, v: unknown): bigint | undefined {
    if (typeof v !== 'string') return this.fail(path, 'expected an amount as a decimal string, e.g. "1000"');
    const a = parseAmount(v);
    if (a === null)
      return this.fail(path, `expected a decimal string of a non-negative integer below 2^63, got "${v}"`);
    return a;
  }

  int(path: string, v: unknown, lo: number, hi: number): number | undefined {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)
      return this.fail(path, `expected an integer from ${lo} to ${hi}`);
    return v;
  }

  /** Reject fields the format does not know, so a typo never passes silently. */
  known(path: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) this.fail(`${path}.${k}`, 'unknown field');
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues, this.found);
  }
}

/**
 * A block file's problems as the CLI prints them. The engine's message names the first three and
 * counts the rest: it is all that crosses a worker boundary, and the app shows it in a notice. A
 * terminal has room for every problem the check kept, so the CLI lists them one per line and a
 * hand-built file is fixed in one pass.
 */
import { parseBlockFile, ValidationError } from '../engine/index.ts';

/**
 * The message for a refused block file: `oneLine` when it has a single problem (or none is known),
 * else `heading(total)`, then each problem kept on its own indented line, then how many the
 * check did not keep.
 */
export function problemsMessage(
  problems: ValidationError | null | undefined,
  oneLine: string,
  heading: (total: number) => string,
): string {
  if (!problems || problems.total <= 1) return oneLine;
  const more = problems.total - problems.issues.length;
  return [heading(problems.total), ...problems.issues, ...(more > 0 ? [`… and ${more} more`] : [])].join('\n  ');
}

/** The problems of a block file (parsed JSON), or null when it is valid. */
export function problemsOf(file: unknown): ValidationError | null {
  try {
    parseBlockFile(file);
    return null;
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
}

/**
 * A block file's problems as the CLI prints them. The engine's message names the first three and
 * counts the rest: it is all that crosses a worker boundary, and the app shows it in a notice. A
 * terminal has room for every problem the check kept, so the CLI lists them one per line and a
 * hand-built file is fixed in one pass.
 */
import { parseBlockFile, ValidationError } from '../engine/index.ts';

/** `heading`, then each problem on its own indented line, then how many the check did not keep. */
export function eachProblem(heading: string, problems: ValidationError): string {
  const more = problems.total - problems.issues.length;
  return [heading, ...problems.issues, ...(more > 0 ? [`… and ${more} more`] : [])].join('\n  ');
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

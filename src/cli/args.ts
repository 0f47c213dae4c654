/**
 * Tiny strict flag parser for the CLIs: every flag is declared, every value checked, and any
 * problem becomes a UsageError whose message is printed on stderr (exit code 2): one line, or for
 * a block file with several problems a line saying how many and a line each (see problems.ts).
 */
export class UsageError extends Error {}

/** `--help`: the message is the usage text, printed on stdout with exit code 0. */
export class HelpRequested extends Error {}

/**
 * How every CLI ends on an error: help on stdout (exit 0), a usage error on stderr (exit 2),
 * anything else as one line on stderr (exit 1).
 */
export function exitOnError(tool: string, e: unknown): never {
  if (e instanceof HelpRequested) {
    process.stdout.write(`${e.message}\n`);
    process.exit(0);
  }
  process.stderr.write(`${tool}: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
}

export interface FlagSpec {
  /** Takes a value ("--workers 4" or "--workers=4"). */
  value: boolean;
}

export function parseFlags(argv: readonly string[], spec: Record<string, FlagSpec>): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}" (flags start with --)`);
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const flag = spec[name];
    if (!flag)
      throw new UsageError(
        `unknown flag --${name} (known: ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(', ')})`,
      );
    if (out.has(name)) throw new UsageError(`--${name} given twice`);
    if (!flag.value) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.set(name, true);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    out.set(name, value);
  }
  return out;
}

export function intFlag(name: string, raw: string, lo: number, hi: number): number {
  if (!/^[0-9]+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  const v = Number(raw);
  if (v < lo || v > hi) throw new UsageError(`--${name} must be between ${lo} and ${hi}, got ${raw}`);
  return v;
}

/**
 * A comma-separated list, each entry parsed by `parseOne` (the scenario's own parameter parsers,
 * so a bench flag accepts exactly what a URL or --scenario does); it returns the value or a
 * message naming the problem.
 */
export function listFlag(name: string, raw: string, parseOne: (part: string) => number | string): number[] {
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new UsageError(`--${name} takes a comma-separated list, got "${raw}"`);
  const values = parts.map((p) => {
    const v = parseOne(p);
    if (typeof v === 'string') throw new UsageError(`--${name}: ${v}`);
    return v;
  });
  if (new Set(values).size !== values.length) throw new UsageError(`--${name} lists a value twice, got "${raw}"`);
  return values;
}

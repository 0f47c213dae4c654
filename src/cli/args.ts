/**
 * Tiny strict flag parser for the CLIs: every flag is declared, every value checked, and any
 * problem becomes a UsageError whose message is the one line printed on stderr (exit code 2).
 */
export class UsageError extends Error {}

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

/** A comma-separated list of numbers in [lo, hi], each checked like a single flag value. */
export function numberListFlag(name: string, raw: string, lo: number, hi: number, whole: boolean): number[] {
  const parts = raw.split(',');
  if (parts.some((p) => p.trim() === '')) throw new UsageError(`--${name} takes a comma-separated list, got "${raw}"`);
  const values = parts.map((part) => {
    const p = part.trim();
    const ok = whole ? /^[0-9]+$/.test(p) : /^[0-9]+(\.[0-9]+)?$/.test(p);
    if (!ok) throw new UsageError(`--${name}: "${p}" is not a ${whole ? 'whole number' : 'number'}`);
    const v = Number(p);
    if (v < lo || v > hi) throw new UsageError(`--${name}: ${p} is outside ${lo}..${hi}`);
    return v;
  });
  if (new Set(values).size !== values.length) throw new UsageError(`--${name} lists a value twice, got "${raw}"`);
  return values;
}

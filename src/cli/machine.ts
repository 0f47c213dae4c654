/**
 * What a bench ran on, for its heading and its JSON. Ratios move with the machine, not only from
 * run to run: one engine read 1.56–1.70× on 2-core VMs with 2 MB of L2 per core and 1.47–1.51× on
 * one with 512 KB (docs/performance.md, "On another machine"), so a table names its CPU.
 */
import { cpus } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Linux's description of the first CPU's caches. */
const LINUX_CACHE_DIR = '/sys/devices/system/cpu/cpu0/cache';

/**
 * The size of one core's L2 cache ("512 KB"), read from a Linux cache directory (index0,
 * index1, … each holding level, type and size), or null where there is none to read.
 */
export function l2PerCore(cacheDir: string = LINUX_CACHE_DIR): string | null {
  let names: string[];
  try {
    names = readdirSync(cacheDir).filter((n) => /^index\d+$/.test(n));
  } catch {
    return null; // not Linux, or no sysfs: the model alone names the CPU
  }
  const byIndex = (a: string, b: string): number => Number(a.slice(5)) - Number(b.slice(5));
  for (const name of names.sort(byIndex)) {
    const read = (file: string): string => readFileSync(join(cacheDir, name, file), 'utf8').trim();
    try {
      if (read('level') !== '2' || read('type') === 'Instruction') continue;
      // sysfs writes "512K" or "1024K" (KiB); printed as KB, as docs/performance.md does.
      const size = /^(\d+)K$/.exec(read('size'));
      if (!size) return null;
      const kb = Number(size[1]);
      return kb % 1024 === 0 ? `${kb / 1024} MB` : `${kb} KB`;
    } catch {
      return null;
    }
  }
  return null;
}

/** "AMD EPYC, 512 KB L2 per core": the CPU's model, and its L2 where the system says. */
export function cpuName(cacheDir?: string): string {
  const model = cpus()[0]?.model.trim() || 'unknown CPU';
  const l2 = l2PerCore(cacheDir);
  return l2 ? `${model}, ${l2} L2 per core` : model;
}

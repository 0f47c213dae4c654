/**
 * Who read what a transaction wrote: the far end of its outgoing dependencies, per key. The
 * read-set names the writers a transaction read from, so a chain can be walked backwards from
 * the inspector; this lets it be walked forwards too.
 */
import type { BlockDetail } from '../../engine/index.ts';

/**
 * For each key `tx` wrote, the later transactions whose (final) read of it saw tx's value, in
 * block order. Keys no one read from tx are absent. Only transactions after tx can have read
 * its writes, so only their reads are scanned.
 */
export function readersOfWrites(detail: BlockDetail, tx: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const n = detail.readStart.length - 1;
  for (let j = tx + 1; j < n; j++)
    for (let r = detail.readStart[j]!; r < detail.readStart[j + 1]!; r++) {
      if (detail.readVersions[r] !== tx) continue;
      const key = detail.readKeys[r]!;
      let readers = out.get(key);
      if (!readers) out.set(key, (readers = []));
      // A transaction reads a key once (it sees one value per key), so j is not repeated.
      readers.push(j);
    }
  return out;
}

/** Builds a BlockDetail incrementally, and derives dependency edges from read versions. */
import type { BlockDetail } from './types.ts';

export class DetailBuilder {
  private readonly readStart: number[] = [0];
  private readonly readKeys: number[] = [];
  private readonly readVersions: number[] = [];
  private readonly readIncarnations: number[] = [];
  private readonly writeStart: number[] = [0];
  private readonly writeKeys: number[] = [];
  private readonly writeValues: bigint[] = [];

  addRead(key: number, version: number, incarnation: number): void {
    this.readKeys.push(key);
    this.readVersions.push(version);
    this.readIncarnations.push(incarnation);
  }

  addWrite(key: number, value: bigint): void {
    this.writeKeys.push(key);
    this.writeValues.push(value);
  }

  endTx(): void {
    this.readStart.push(this.readKeys.length);
    this.writeStart.push(this.writeKeys.length);
  }

  build(incarnations: Int32Array, validations: Int32Array): BlockDetail {
    const readVersions = Int32Array.from(this.readVersions);
    const readStart = Int32Array.from(this.readStart);
    return {
      readStart,
      readKeys: Int32Array.from(this.readKeys),
      readVersions,
      readIncarnations: Int32Array.from(this.readIncarnations),
      writeStart: Int32Array.from(this.writeStart),
      writeKeys: Int32Array.from(this.writeKeys),
      writeValues: BigInt64Array.from(this.writeValues),
      incarnations,
      validations,
      edges: edgesFromReads(readStart, readVersions),
    };
  }
}

/** One edge (writer → reader) per distinct pair, from the version each read saw. */
export function edgesFromReads(readStart: Int32Array, readVersions: Int32Array): Int32Array {
  const out: number[] = [];
  const n = readStart.length - 1;
  const seen = new Set<number>();
  for (let j = 0; j < n; j++) {
    seen.clear();
    for (let r = readStart[j]!; r < readStart[j + 1]!; r++) {
      const i = readVersions[r]!;
      if (i >= 0 && !seen.has(i)) {
        seen.add(i);
        out.push(i, j);
      }
    }
  }
  return Int32Array.from(out);
}

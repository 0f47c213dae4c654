/**
 * Sequential baselines measured in this page, per workload and vmCost. The throughput chart
 * compares each Block-STM block with this baseline, so a hit must mean the very same blocks.
 *
 * A generated workload is named by its workload key (the scenario without strategy, workers and
 * VM cost, which do not change the blocks) and the VM cost, which changes the baseline. An
 * imported block file is named by its whole text (a Map compares strings by content; V8 hashes a
 * string once and keeps the hash). Keying files by their length (as this once did) made two
 * different files of equal length share a baseline.
 */
import { workloadKey, type BlockStats, type Scenario, type WorkloadSource } from '../../engine/index.ts';

/** Files whose baselines are kept: the page holds one imported file at a time, plus presets. */
const FILES_KEPT = 4;

export class BaselineCache {
  private readonly scenarios = new Map<string, BlockStats[]>();
  private readonly files = new Map<string, Map<number, BlockStats[]>>();

  get(source: WorkloadSource, vmCost: number): BlockStats[] | undefined {
    if (source.kind === 'scenario') return this.scenarios.get(scenarioKey(source.scenario, vmCost));
    return typeof source.file === 'string' ? this.files.get(source.file)?.get(vmCost) : undefined;
  }

  set(source: WorkloadSource, vmCost: number, blocks: BlockStats[]): void {
    if (source.kind === 'scenario') {
      this.scenarios.set(scenarioKey(source.scenario, vmCost), blocks);
      return;
    }
    // The app runs files as text; anything else is simply not cached.
    if (typeof source.file !== 'string') return;
    let perCost = this.files.get(source.file);
    if (!perCost) {
      this.files.set(source.file, (perCost = new Map()));
      // Maps iterate in insertion order: the first key is the oldest file.
      if (this.files.size > FILES_KEPT) this.files.delete(this.files.keys().next().value!);
    }
    perCost.set(vmCost, blocks);
  }
}

function scenarioKey(scenario: Scenario, vmCost: number): string {
  // The scenario carries its own vmCost; the run's is passed in so the two cannot disagree.
  return `${workloadKey(scenario)}|vmCost=${vmCost}`;
}

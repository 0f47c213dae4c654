/**
 * Sequential baselines measured in this page, per workload and vmCost. The throughput chart
 * compares each Block-STM block with this baseline, so a hit must mean the very same blocks.
 *
 * A generated workload is named by its scenario with strategy and workers normalised out: they
 * do not change the blocks. An imported block file is named by the parsed file itself (object
 * identity): it stays the same object while it is the imported one, and re-importing builds a
 * new one, which costs one fresh baseline. Keying files by their text would mean stringifying
 * a 20,000-transaction file on the main thread for every run; keying by its length (as this
 * once did) made two different files of equal length share a baseline.
 */
import { formatScenario, type BlockStats, type Scenario, type WorkloadSource } from '../../engine/index.ts';

export class BaselineCache {
  private readonly scenarios = new Map<string, BlockStats[]>();
  /** Weak, so a file the user has replaced is freed with its baselines. */
  private readonly files = new WeakMap<object, Map<number, BlockStats[]>>();

  get(source: WorkloadSource, vmCost: number): BlockStats[] | undefined {
    if (source.kind === 'scenario') return this.scenarios.get(scenarioKey(source.scenario, vmCost));
    return isObject(source.file) ? this.files.get(source.file)?.get(vmCost) : undefined;
  }

  set(source: WorkloadSource, vmCost: number, blocks: BlockStats[]): void {
    if (source.kind === 'scenario') {
      this.scenarios.set(scenarioKey(source.scenario, vmCost), blocks);
      return;
    }
    // A validated block file is always an object; anything else is simply not cached.
    if (!isObject(source.file)) return;
    let perCost = this.files.get(source.file);
    if (!perCost) this.files.set(source.file, (perCost = new Map()));
    perCost.set(vmCost, blocks);
  }
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

function scenarioKey(scenario: Scenario, vmCost: number): string {
  // The scenario carries its own vmCost; the run's is passed in so the two cannot disagree.
  return formatScenario({ ...scenario, strategy: 'sequential', workers: 1, vmCost });
}

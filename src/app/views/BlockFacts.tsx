/** The shown block's own statistics, beside the block picker: what the engine measured for it. */
import { selectRunStrategy, selectRunWorkers, selectShownBlock, useApp } from '../store/store.ts';
import { selectSmallBlocks } from '../store/smallBlocks.ts';
import { blockFactPlaces, blockFacts, fallbackReason, smallBlockReason, type BlockFact } from '../charts/blockFacts.ts';

function FactList({ which, facts, label }: { which: string; facts: BlockFact[]; label?: string }) {
  return (
    <ul aria-label={label}>
      <li className="which">{which}</li>
      {facts.map((f) => (
        <li key={f.label} title={f.title}>
          <b>{f.value}</b> {f.label}
        </li>
      ))}
    </ul>
  );
}

export function BlockFacts() {
  const shown = useApp(selectShownBlock);
  const stats = useApp((s) => (shown === null ? undefined : s.blocks[shown]));
  const baseline = useApp((s) => (shown === null ? undefined : s.baseline.blocks[shown]));
  const ran = useApp((s) => s.ran);
  const strategy = useApp(selectRunStrategy);
  const workers = useApp(selectRunWorkers);
  // Block 0's size when it runs sequentially: the first block to replace the placeholder.
  const firstSmall = useApp((s) => selectSmallBlocks(s).first);
  if (!stats || !ran) {
    // Until a block arrives, its facts' places are shown with dashes, as the run's totals are:
    // each value has a fixed width, so the list wraps as the real one will and the bar does not
    // grow under the visitor's pointer when the first block comes in (51 px at 400 px wide).
    // When the inputs make the first block too small for parallel execution, a sequential
    // block's facts, and why, which the inputs already tell.
    return (
      <div className="block-facts placeholder" aria-hidden="true" data-testid="block-facts-placeholder">
        <FactList which="Block —:" facts={blockFactPlaces(strategy, firstSmall !== null)} />
        {firstSmall !== null && <p className="hint">{smallBlockReason(firstSmall, workers)}</p>}
      </div>
    );
  }
  const reason = fallbackReason(stats, ran.workers);
  return (
    <div className="block-facts" data-testid="block-facts" data-block={stats.block}>
      <FactList
        which={`Block ${stats.block}:`}
        facts={blockFacts(stats, baseline, ran.strategy)}
        label={`Block ${stats.block} statistics`}
      />
      {reason && (
        <p className="hint" data-testid="block-fallback">
          {reason}
        </p>
      )}
    </div>
  );
}

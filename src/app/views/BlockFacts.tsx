/** The shown block's own statistics, beside the block picker: what the engine measured for it. */
import { selectShownBlock, useApp } from '../store/store.ts';
import { blockFacts, fallbackReason } from '../charts/blockFacts.ts';

export function BlockFacts() {
  const shown = useApp(selectShownBlock);
  const stats = useApp((s) => (shown === null ? undefined : s.blocks[shown]));
  const baseline = useApp((s) => (shown === null ? undefined : s.baseline.blocks[shown]));
  const ran = useApp((s) => s.ran);
  if (!stats || !ran) return null;
  const reason = fallbackReason(stats, ran.workers);
  return (
    <div className="block-facts" data-testid="block-facts" data-block={stats.block}>
      <ul aria-label={`Block ${stats.block} statistics`}>
        <li className="which">Block {stats.block}:</li>
        {blockFacts(stats, baseline, ran.strategy).map((f) => (
          <li key={f.label} title={f.title}>
            <b>{f.value}</b> {f.label}
          </li>
        ))}
      </ul>
      {reason && (
        <p className="hint" data-testid="block-fallback">
          {reason}
        </p>
      )}
    </div>
  );
}

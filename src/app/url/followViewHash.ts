/**
 * The link's fragment and the page's view, kept in step: the fragment the page opened with (or
 * that is typed into the address bar later) becomes the linked view, applied once a run has
 * finished; from then on the fragment names the block and transaction on screen, so the address
 * bar and Share always link to what the visitor sees. The graph's layout needs no run: it applies
 * as soon as it is read.
 */
import { applyLinkedView, blocksOf } from '../store/actions.ts';
import { addNotice, useApp } from '../store/store.ts';
import { formatViewHash, parseViewHash } from './viewHash.ts';

function readHash(): void {
  const { view, layout, issues } = parseViewHash(window.location.hash);
  for (const issue of issues) addNotice('warning', issue);
  // The view is of the blocks the page holds now: the link's, as the page opens.
  const { scenario, imported } = useApp.getState();
  useApp.setState({ linkedView: view && { ...view, forBlocks: blocksOf(scenario, imported) }, graphLayout: layout });
  if (view && useApp.getState().status === 'done') applyLinkedView();
}

/** What the address bar's fragment says: the linked view still waiting, else what is shown. */
function writeHash(): void {
  const { linkedView, pinnedBlock, selectedTx, graphLayout } = useApp.getState();
  const next = formatViewHash(linkedView ?? { block: pinnedBlock, tx: selectedTx }, graphLayout);
  if (window.location.hash === next) return;
  const { pathname, search } = window.location;
  window.history.replaceState(null, '', pathname + search + next);
}

export function followViewHash(): void {
  readHash();
  window.addEventListener('hashchange', readHash);
  useApp.subscribe((s, prev) => {
    if (
      s.linkedView !== prev.linkedView ||
      s.pinnedBlock !== prev.pinnedBlock ||
      s.selectedTx !== prev.selectedTx ||
      s.graphLayout !== prev.graphLayout
    )
      writeHash();
  });
  writeHash();
}

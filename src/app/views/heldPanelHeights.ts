/**
 * While a run fills the views in, no panel gets shorter than it was when the run began.
 *
 * A run starts by clearing the last run's blocks, so every panel fell back to its empty state and
 * grew again with the run's blocks: at 1280 px the timeline's row rose 91 px and came back a few
 * hundred milliseconds later, and the state tables' row 118 px, on every Run, under the visitor's
 * pointer. So each panel's height is measured just before the store clears the views (a store
 * subscription runs before React renders the change) and kept as its minimum until everything
 * the run brings is in: its summary (which comes last), and its baseline. Even then the views
 * that render deferred (the graph, the multi-version state) may not have caught up: releasing in
 * the same frame let the state tables' row drop 106 px for a frame. So the hold goes when the
 * page is next idle, and a smaller workload's views get shorter once, at the end.
 *
 * What sits above the views is held the same way. A re-run of blocks too short to time well
 * dropped the note saying so at Run and got it back with the baseline, moving every view up and
 * down 40 px at 1280 (96 at 400); blocks small enough to run sequentially did the same with their
 * note, and their block bar, whose extra fact took a second line, 17 px.
 */
import { useEffect, type RefObject } from 'react';
import { useApp, type AppState } from '../store/store.ts';
import { onIdle } from '../idle.ts';

const settled = (s: AppState): boolean =>
  s.status !== 'running' && !(s.status === 'done' && s.summary === null) && s.baseline.status !== 'running';

/** What is held, in the views' column: the run's notes, the shown block's bar and the views' panels. */
const heldIn = (views: HTMLElement | null): HTMLElement[] =>
  views
    ? [...views.querySelectorAll<HTMLElement>(':scope .run-notes, :scope > .block-bar, :scope .grid > .panel')]
    : [];

const release = (views: HTMLElement | null): void => {
  for (const p of heldIn(views)) p.style.minHeight = '';
};

export function useHeldPanelHeights(views: RefObject<HTMLElement | null>): void {
  useEffect(
    () =>
      useApp.subscribe((s, prev) => {
        if (s.runId === prev.runId) return;
        // The last run's content is still in the DOM: measure it without any earlier hold, and
        // read every height before writing any (one layout, not one per panel).
        release(views.current);
        const boxes = heldIn(views.current);
        const heights = boxes.map((p) => p.getBoundingClientRect().height);
        boxes.forEach((p, i) => (p.style.minHeight = `${heights[i]}px`));
      }),
    [views],
  );
  // Heights measured at another width mean nothing at this one (a phone turned mid-run).
  useEffect(() => {
    const onResize = () => release(views.current);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [views]);
  const held = useApp((s) => !settled(s));
  useEffect(() => {
    if (held) return;
    return onIdle(() => release(views.current), 1000, 200);
  }, [held, views]);
}

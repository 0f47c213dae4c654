/** URL and runtime notices, announced to screen readers; and the isolation banner. */
import { dismissNotice, useApp } from '../store/store.ts';
import { currentPageSecurity, whyNotIsolated } from '../isolation.ts';

export function Notices() {
  const notices = useApp((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="alert" data-testid="notices">
      {notices.map((n) => (
        <p key={n.id} className={`notice ${n.kind}`}>
          {n.text}
          <button type="button" aria-label="Dismiss notice" onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}

export function IsolationBanner() {
  const mode = useApp((s) => s.engineMode);
  if (mode === 'workers') return null;
  return (
    <p className="banner" role="status" data-testid="isolation-banner">
      This page is not cross-origin isolated, so SharedArrayBuffer and the worker pool are unavailable.{' '}
      {whyNotIsolated(currentPageSecurity())} The engine runs in this tab with one worker: results are exact, but there
      is no parallelism to see.
    </p>
  );
}

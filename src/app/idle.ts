/**
 * Run `task` the next time the page's main thread is idle, and at the latest `timeoutMs` from
 * now. Without requestIdleCallback (Safari), after `fallbackMs`. Returns a cancel.
 */
export function onIdle(task: () => void, timeoutMs: number, fallbackMs = 0): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, fallbackMs);
  return () => clearTimeout(id);
}

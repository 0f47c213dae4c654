/**
 * Why a page is not cross-origin isolated, said so a visitor can act on it. The build ships
 * coi-serviceworker (scripts/coiServiceWorker.ts), which isolates the page on hosts that send no
 * COOP/COEP headers; these are the cases where it cannot.
 */
export interface PageSecurity {
  /** window.isSecureContext: HTTPS, or localhost. */
  secureContext: boolean;
  /** navigator.serviceWorker exists (not in some private windows, or when turned off). */
  serviceWorkers: boolean;
}

export function whyNotIsolated(page: PageSecurity): string {
  if (!page.secureContext)
    return (
      'It was loaded over plain HTTP from another machine, where browsers allow neither shared memory nor the ' +
      'service worker that would isolate the page: open it over HTTPS or from localhost.'
    );
  if (!page.serviceWorkers)
    return (
      'The server sends no COOP/COEP headers, and this browser gives the page no service worker to add them ' +
      '(a private window, or service workers turned off).'
    );
  return (
    'The server sends no COOP/COEP headers, and the service worker that adds them does not control this page yet: ' +
    'the page reloads once it is installed. A forced reload bypasses it; reload normally.'
  );
}

export const currentPageSecurity = (): PageSecurity => ({
  secureContext: window.isSecureContext,
  serviceWorkers: navigator.serviceWorker !== undefined,
});

/**
 * Cross-origin isolation on hosts that cannot send headers (GitHub Pages and most static hosts):
 * ships coi-serviceworker's script beside index.html and loads it first. On a page that is not
 * isolated it registers a service worker that adds COOP/COEP to every response, then reloads
 * once, so SharedArrayBuffer and the worker pool are there. Where the server already sends the
 * headers (`npm start`, `npm run preview`, a configured host) it does nothing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** Served next to index.html: a service worker's scope is its script's folder. */
export const COI_SCRIPT = 'coi-serviceworker.js';

const scriptSource = (): string =>
  readFileSync(createRequire(import.meta.url).resolve('coi-serviceworker/coi-serviceworker.min.js'), 'utf8');

export function coiServiceWorker(): Plugin {
  return {
    name: 'dexsim:coi-serviceworker',
    configureServer(server) {
      server.middlewares.use(`/${COI_SCRIPT}`, (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript');
        res.end(scriptSource());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: COI_SCRIPT, source: scriptSource() });
    },
    // A classic script: it runs before the app's module (modules are deferred) and registers the
    // service worker from its own URL (document.currentScript).
    transformIndexHtml: () => [{ tag: 'script', attrs: { src: `./${COI_SCRIPT}` }, injectTo: 'head' }],
  };
}

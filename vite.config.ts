import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { coiServiceWorker } from './scripts/coiServiceWorker.ts';

/**
 * SharedArrayBuffer needs cross-origin isolation, so both the dev server and the preview send
 * COOP/COEP. A static host that cannot send them gets them from coi-serviceworker instead (see
 * README, "Hosting the build").
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative URLs, so the build works from any folder (a GitHub Pages project site is served
  // under /<repository>/: with absolute /assets/ URLs the page stayed blank there).
  base: './',
  plugins: [react(), coiServiceWorker()],
  server: { headers: isolation, strictPort: true },
  preview: { headers: isolation, strictPort: true },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // bench.html is the page `npm run bench:browser` drives; it ships with the app.
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
});

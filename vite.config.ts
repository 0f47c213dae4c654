import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * SharedArrayBuffer needs cross-origin isolation, so both the dev server and the preview send
 * COOP/COEP. A static host must send the same two headers (see README, "Hosting the build").
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
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

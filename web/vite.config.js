// Builds the web UI into build/web/, the directory next to build/khabar that `khabar serve` serves
// by default (`--web DIR` overrides; `vite build --outDir DIR` builds elsewhere).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './', // relative asset URLs: the UI works from any mount point; routes are in the #hash
  build: {
    outDir: fileURLToPath(new URL('../build/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200, // cytoscape alone is ~ 450 kB minified
    // No "plugin timings" notes in `make` output (they vary with the machine's load).
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    // `npm run dev` against a running `khabar serve --port 8080` (or `npm run mock`).
    proxy: { '/api': process.env.KHABAR_API || 'http://127.0.0.1:8080' },
  },
});

// Build of the static site: plain ES modules, no inline scripts or styles (the CSP forbids them).
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Keep every asset a separate file: `data:` inlining is fine for images only, never scripts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev` proxies the API to a running local stack (`make run`).
    proxy: { '/api': 'http://127.0.0.1:8000', '/dev': 'http://127.0.0.1:8000' },
  },
});

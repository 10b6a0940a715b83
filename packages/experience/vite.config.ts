// The sign-in pages build to static files the server serves (packages/server/src/http/experience-pages.ts).
// Every asset lives under /experience/ so the page routes (/sign-in, /register, …) stay free.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/experience/',
  plugins: [react()],
  resolve: {
    alias: { '@signet/schemas': fileURLToPath(new URL('../schemas/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Inline nothing as data: URIs so the CSP can stay strict (img-src covers admin logos only).
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
  },
});

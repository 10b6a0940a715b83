// The Console builds to static files the server serves at /console (packages/server/src/http/console-pages.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  resolve: {
    alias: { '@signet/schemas': fileURLToPath(new URL('../schemas/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No data: URIs for assets, so the CSP stays strict.
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
  },
});

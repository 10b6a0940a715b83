// Vitest global setup: builds the sign-in pages once per run, so the server in every test serves
// the pages of this checkout (not a stale build). Vite's production build takes a second or two.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function buildExperience(): Promise<void> {
  const root = fileURLToPath(new URL('../../../experience/', import.meta.url));
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build: the tests
  // must see what users get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, configFile: `${root}vite.config.ts`, mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

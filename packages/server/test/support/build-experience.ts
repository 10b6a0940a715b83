// Vitest global setup: builds the sign-in pages and the Console once per run, so the server in every
// test serves the web apps of this checkout (not a stale build). Each Vite production build takes a
// second or two.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function buildWebApps(): Promise<void> {
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build: the tests
  // must see what users get.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    for (const app of ['experience', 'console']) {
      const root = fileURLToPath(new URL(`../../../${app}/`, import.meta.url));
      await build({ root, configFile: `${root}vite.config.ts`, mode: 'production', logLevel: 'warn' });
    }
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

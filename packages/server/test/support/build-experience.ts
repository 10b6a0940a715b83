// Vitest global setup: builds the sign-in pages once per run, so the server in every test serves
// the pages of this checkout (not a stale build). Vite's production build takes a second or two.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function buildExperience(): Promise<void> {
  const root = fileURLToPath(new URL('../../../experience/', import.meta.url));
  await build({ root, configFile: `${root}vite.config.ts`, logLevel: 'warn' });
}

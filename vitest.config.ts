import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@signet/schemas': fileURLToPath(new URL('./packages/schemas/src/index.ts', import.meta.url)),
    },
  },
  test: {
    // Starts a real PostgreSQL server for the run (or uses SIGNET_TEST_POSTGRES_URL); tests get its URL
    // with inject('postgresUrl').
    // Also builds the sign-in pages the servers under test serve.
    globalSetup: ['packages/server/test/support/postgres-server.ts', 'packages/server/test/support/build-experience.ts'],
    include: ['packages/**/*.test.ts', 'bench/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30000,
    hookTimeout: 60000,
  },
});

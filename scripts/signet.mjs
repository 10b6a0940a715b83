// `npm run signet -- <command>`: bundles the command line (TypeScript in packages/server/src/cli) with
// esbuild — a few tens of milliseconds, so the command always matches this checkout — and runs it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}packages/server/dist/signet-cli.js`;

await build({
  entryPoints: [`${root}packages/server/src/cli/main.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Third-party packages load from node_modules; the workspace's own TypeScript is bundled.
  plugins: [
    {
      name: 'external-third-party',
      setup(builder) {
        builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@signet/') ? undefined : { path: args.path, external: true }));
      },
    },
  ],
  logLevel: 'warning',
});

const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);

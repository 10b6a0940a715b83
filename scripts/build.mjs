// Bundles the server (and the workspace packages it imports) into one ESM file. Third-party
// packages stay external and load from node_modules. Bundling keeps cold start fast: one file to
// parse instead of hundreds of modules, and no TypeScript at run time.
import { build } from 'esbuild';

const externalThirdParty = {
  name: 'external-third-party',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@signet/')) return undefined; // workspace source: bundle it
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: ['packages/server/src/main.ts'],
  outfile: 'packages/server/dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [externalThirdParty],
  logLevel: 'warning',
});

// Bundles the server (and the workspace packages it imports) into one ESM file. Third-party
// packages stay external and load from node_modules. Bundling keeps cold start fast: one file to
// parse instead of hundreds of modules, and no TypeScript at run time.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
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

// `./file?raw` imports a file's text (connector READMEs and logos), as Vite does in the tests.
const rawText = {
  name: 'raw-text',
  setup(builder) {
    builder.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)),
      namespace: 'raw-text',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
    }));
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
  plugins: [rawText, externalThirdParty],
  logLevel: 'warning',
});

// Bundles the server (the workspace packages it imports and its third-party packages) into one ESM
// file. Bundling keeps cold start fast: one file to parse instead of hundreds of modules (bundling
// the third-party packages too took ~0.4 s off a start, measured in bench/), and no TypeScript at
// run time.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

// Stay in node_modules: native addons, packages that load files that sit next to their code
// (WebAssembly, data), and optional drivers that may not be installed.
const keepExternal = new Set(['@node-rs/argon2', '@electric-sql/pglite', 'pg-native', '@zxcvbn-ts/language-common']);
const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

const externalThirdParty = {
  name: 'external-third-party',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || keepExternal.has(packageName(args.path))) return { path: args.path, external: true };
      return undefined; // bundled
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

// An optional first argument builds into another folder (the scale-out test builds a private copy,
// so a concurrent build by another test can never hand it a half-written file).
const outdir = process.argv[2] ?? 'packages/server/dist';

const result = await build({
  entryPoints: ['packages/server/src/main.ts'],
  outdir,
  // main.js stays small (a cluster's primary loads only it); the server itself is a chunk loaded
  // with a dynamic import. Chunks sit next to main.js, so paths relative to the code hold.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [rawText, externalThirdParty],
  // Bundled CommonJS packages call require() for Node's built-in modules.
  banner: { js: "import { createRequire as __signetCreateRequire } from 'node:module'; const require = __signetCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});

// Chunks of earlier builds (their names carry a content hash) would pile up; only those this build
// did not write go, so a concurrent build of the same code never loses a file it just wrote.
const written = new Set(Object.keys(result.metafile.outputs).map((file) => path.resolve(file)));
for (const name of existsSync(outdir) ? readdirSync(outdir) : []) {
  const file = path.resolve(outdir, name);
  if (/^chunk-[A-Z0-9]+\.js(\.map)?$/.test(name) && !written.has(file)) rmSync(file, { force: true });
}

// Serves the sign-in pages (packages/experience, built by Vite) from memory: read once at start,
// compressed once in the background on libuv's threads (brotli at its best level takes ~0.5 s of CPU,
// too much to add to the cold start), hashed assets cached for a year, the page itself revalidated.
// Missing build → a clear 503 instead of a blank page.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';
import type { Context, Middleware } from 'koa';

/** The page routes the sign-in app handles itself (history API routing). */
export const experiencePageRoutes = ['/sign-in', '/register', '/forgot-password', '/consent', '/error'] as const;
const assetPrefix = '/experience/';

type StaticFile = { body: Buffer; br: Promise<Buffer>; gzip: Promise<Buffer>; type: string; etag: string };

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The build output, wherever this module runs from (TypeScript source in tests, the bundle in production). */
export function findExperienceBuild(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../../experience/dist'), path.resolve(here, '../../experience/dist')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html')));
}

function loadFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const full = path.join(directory, name);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      const body = readFileSync(full);
      const urlPath = `${assetPrefix}${path.relative(root, full).split(path.sep).join('/')}`;
      files.set(urlPath, {
        body,
        br: brotli(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        gzip: gzipAsync(body, { level: 9 }),
        type: contentTypes[path.extname(name)] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      });
    }
  };
  walk(root);
  return files;
}

/**
 * Scripts only from our origin, so neither custom CSS nor anything an admin configures can run
 * script. Logos are admin-set URLs (any http(s) host) or built-in `data:` SVGs. Only the Console's
 * live preview (same origin) may frame the pages.
 */
function contentSecurityPolicy(preview: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' https: http: data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
    `frame-ancestors ${preview ? "'self'" : "'none'"}`,
  ].join('; ');
}

async function send(ctx: Context, file: StaticFile, cacheControl: string): Promise<void> {
  ctx.set('Cache-Control', cacheControl);
  ctx.set('ETag', file.etag);
  ctx.set('Vary', 'Accept-Encoding');
  ctx.type = file.type;
  if (ctx.get('if-none-match') === file.etag) {
    ctx.status = 304;
    return;
  }
  // Our preference, not the client's list order: browsers list gzip first with the same weight,
  // and brotli is ~15% smaller here.
  const acceptEncoding = ctx.get('accept-encoding');
  const encoding = !acceptEncoding ? 'identity' : ctx.acceptsEncodings('br') ? 'br' : ctx.acceptsEncodings('gzip') ? 'gzip' : 'identity';
  ctx.status = 200;
  if (encoding === 'br') {
    ctx.set('Content-Encoding', 'br');
    ctx.body = await file.br;
  } else if (encoding === 'gzip') {
    ctx.set('Content-Encoding', 'gzip');
    ctx.body = await file.gzip;
  } else {
    ctx.body = file.body;
  }
}

export function experiencePages(options: { buildDirectory: string | undefined }): Middleware {
  const files = options.buildDirectory ? loadFiles(options.buildDirectory) : new Map<string, StaticFile>();
  const index = files.get(`${assetPrefix}index.html`);
  const routes = new Set<string>(experiencePageRoutes);

  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (routes.has(ctx.path)) {
      if (!index) {
        ctx.status = 503;
        ctx.type = 'text';
        ctx.body = 'The sign-in pages are not built. Run `npm run build` (or `npm start`), then restart Signet.';
        return;
      }
      ctx.set('Content-Security-Policy', contentSecurityPolicy(ctx.query.preview === '1'));
      // The page is the same for everyone; it reads the sign-in state from the Experience API.
      await send(ctx, index, 'no-cache');
      return;
    }
    if (ctx.path.startsWith(assetPrefix)) {
      const file = files.get(ctx.path);
      if (!file || ctx.path.endsWith('/index.html')) return next();
      // Vite puts a content hash in every asset name under assets/: they never change.
      await send(ctx, file, ctx.path.startsWith(`${assetPrefix}assets/`) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      return;
    }
    await next();
  };
}

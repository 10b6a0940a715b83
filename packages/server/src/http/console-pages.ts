// Serves the admin Console (packages/console, built by Vite) at /console from memory (see
// static-files.ts). Every path under /console that is not a built file gets the app's index.html: the
// Console routes in the browser.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';
import { loadStaticFiles, sendStaticFile, type StaticFile } from './static-files.ts';

const prefix = '/console/';

/** The build output, wherever this module runs from (TypeScript source in tests, the bundle in production). */
export function findConsoleBuild(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../../console/dist'), path.resolve(here, '../../console/dist')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html')));
}

/**
 * Scripts only from our origin. The Console frames only its own origin (the sign-in pages' live
 * preview) and may itself not be framed, so it cannot be clickjacked.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: http: data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function consolePages(options: { buildDirectory: string | undefined }): Middleware {
  const files: Map<string, StaticFile> = options.buildDirectory ? loadStaticFiles(options.buildDirectory, prefix) : new Map();
  const index = files.get(`${prefix}index.html`);

  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path !== '/console' && !ctx.path.startsWith(prefix)) return next();
    const file = ctx.path.endsWith('/index.html') ? undefined : files.get(ctx.path);
    if (file) {
      // Vite puts a content hash in every asset name under assets/: they never change.
      await sendStaticFile(ctx, file, ctx.path.startsWith(`${prefix}assets/`) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      return;
    }
    if (ctx.path.startsWith(`${prefix}assets/`)) return next(); // a missing asset is a 404, not the app
    if (!index) {
      ctx.status = 503;
      ctx.type = 'text';
      ctx.body = 'The Console is not built. Run `npm run build` (or `npm start`), then restart Signet.';
      return;
    }
    ctx.set('Content-Security-Policy', contentSecurityPolicy);
    ctx.set('X-Frame-Options', 'DENY');
    await sendStaticFile(ctx, index, 'no-cache');
  };
}

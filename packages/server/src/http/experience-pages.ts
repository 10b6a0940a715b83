// Serves the sign-in pages (packages/experience, built by Vite) from memory (see static-files.ts).
// Missing build → a clear 503 instead of a blank page.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';
import { loadStaticFiles, sendStaticFile, type StaticFile } from './static-files.ts';

/** The page routes the sign-in app handles itself (history API routing). */
export const experiencePageRoutes = ['/sign-in', '/register', '/forgot-password', '/consent', '/error'] as const;
const assetPrefix = '/experience/';

/** The build output, wherever this module runs from (TypeScript source in tests, the bundle in production). */
export function findExperienceBuild(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../../experience/dist'), path.resolve(here, '../../experience/dist')];
  return candidates.find((candidate) => existsSync(path.join(candidate, 'index.html')));
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

export function experiencePages(options: { buildDirectory: string | undefined }): Middleware {
  const files = options.buildDirectory ? loadStaticFiles(options.buildDirectory, assetPrefix) : new Map<string, StaticFile>();
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
      await sendStaticFile(ctx, index, 'no-cache');
      return;
    }
    if (ctx.path.startsWith(assetPrefix)) {
      const file = files.get(ctx.path);
      if (!file || ctx.path.endsWith('/index.html')) return next();
      // Vite puts a content hash in every asset name under assets/: they never change.
      await sendStaticFile(ctx, file, ctx.path.startsWith(`${assetPrefix}assets/`) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      return;
    }
    await next();
  };
}

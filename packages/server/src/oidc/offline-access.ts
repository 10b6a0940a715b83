// oidc-provider drops `offline_access` unless the request also carries `prompt=consent` (OIDC Core
// §11). Auth.js's Logto provider never sends it, so first-party apps would get no refresh token.
// This middleware records, before the provider strips it, that a first-party request asked for
// offline_access; loadExistingGrant then adds offline_access to the grant, and issueRefreshToken /
// expiresWithSession honour it. Third-party apps still need consent for offline access.
import type { Middleware } from 'koa';

export const offlineAccessParam = 'signet_offline_access';

export function rememberOfflineAccessRequest(): Middleware {
  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/oidc/auth') {
      const query = { ...ctx.query };
      // Never trust a client-supplied value.
      delete query[offlineAccessParam];
      const scopes = typeof query.scope === 'string' ? query.scope.split(' ') : [];
      const prompts = typeof query.prompt === 'string' ? query.prompt.split(' ') : [];
      if (scopes.includes('offline_access') && !prompts.includes('consent')) query[offlineAccessParam] = 'true';
      ctx.query = query;
    }
    await next();
  };
}

// Discovery and JWKS answered from memory. Both documents depend only on the configuration and the
// published keys, so the provider's answer is kept as bytes and served again without running its
// middleware; a provider rebuilt after a key rotation (runtime.ts) starts with an empty cache.
// The CORS headers are the ones oidc-provider sets on these two open endpoints (Vary: Origin and
// Access-Control-Allow-Origin echoing the Origin, or *); preflights still go to the provider.
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';

const cachedPaths = new Set(['/oidc/.well-known/openid-configuration', '/oidc/jwks']);

type Document = { body: Buffer; type: string };

export function serveCachedMetadata(currentProvider: () => Provider): Middleware {
  const documents = new WeakMap<Provider, Map<string, Document>>();

  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !cachedPaths.has(ctx.path)) return next();
    const provider = currentProvider();
    let byPath = documents.get(provider);
    if (!byPath) documents.set(provider, (byPath = new Map()));

    const cached = byPath.get(ctx.path);
    if (cached) {
      ctx.vary('Origin');
      ctx.set('Access-Control-Allow-Origin', ctx.get('Origin') || '*');
      ctx.type = cached.type;
      ctx.body = cached.body;
      return;
    }

    await next();
    if (ctx.method !== 'GET' || ctx.status !== 200 || ctx.body === null || typeof ctx.body !== 'object' || Buffer.isBuffer(ctx.body)) return;
    // Stored as the exact bytes sent, so every later answer is identical to the provider's.
    const body = Buffer.from(JSON.stringify(ctx.body));
    byPath.set(ctx.path, { body, type: ctx.response.get('Content-Type') || 'application/json; charset=utf-8' });
    ctx.body = body;
  };
}

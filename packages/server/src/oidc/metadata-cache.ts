// Discovery and JWKS answered from memory. Both documents depend only on the configuration, the
// published keys and the origin the request came through (oidc-provider builds the endpoint URLs
// in discovery from it), so the provider's answer is kept as bytes per origin and served again
// without running its middleware; a provider rebuilt after a key rotation (runtime.ts) starts with
// an empty cache. The CORS headers are the ones oidc-provider sets on these two open endpoints
// (Vary: Origin and Access-Control-Allow-Origin echoing the Origin, or *); preflights still go to
// the provider.
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';

const cachedPaths = new Set(['/oidc/.well-known/openid-configuration', '/oidc/jwks']);
/** A deployment is reached through a handful of origins; any Host header beyond these is not kept. */
const maxOrigins = 16;

type Document = { body: Buffer; type: string };

export function serveCachedMetadata(currentProvider: () => Provider): Middleware {
  const documents = new WeakMap<Provider, Map<string, Document>>();

  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || !cachedPaths.has(ctx.path)) return next();
    const provider = currentProvider();
    let byKey = documents.get(provider);
    if (!byKey) documents.set(provider, (byKey = new Map()));
    // What the provider builds its URLs from (ctx.href): protocol and host, which honour
    // X-Forwarded-Proto/Host when SIGNET_TRUST_PROXY is on. (Koa 3's ctx.origin is the Origin header.)
    const key = `${ctx.protocol}://${ctx.host}${ctx.path}`;

    const cached = byKey.get(key);
    if (cached) {
      ctx.vary('Origin');
      ctx.set('Access-Control-Allow-Origin', ctx.get('Origin') || '*');
      ctx.type = cached.type;
      ctx.body = cached.body;
      return;
    }

    await next();
    if (ctx.method !== 'GET' || ctx.status !== 200 || ctx.body === null || typeof ctx.body !== 'object' || Buffer.isBuffer(ctx.body)) return;
    if (byKey.size >= maxOrigins * cachedPaths.size) return;
    // Stored as the exact bytes sent, so every later answer is identical to the provider's.
    const body = Buffer.from(JSON.stringify(ctx.body));
    byKey.set(key, { body, type: ctx.response.get('Content-Type') || 'application/json; charset=utf-8' });
    ctx.body = body;
  };
}

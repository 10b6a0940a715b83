// CSRF defence for cookie-authenticated APIs: a state-changing request must not come from another
// site. Browsers always send Origin (and Sec-Fetch-Site) on cross-site fetches and form posts;
// non-browser clients send neither and carry no ambient cookies worth forging.
import type { Middleware } from 'koa';
import { ApiError } from './api-error.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sameOriginOnly(publicOrigin: string): Middleware {
  return async (ctx, next) => {
    if (!safeMethods.has(ctx.method)) {
      const origin = ctx.get('origin');
      const site = ctx.get('sec-fetch-site');
      if ((origin && origin !== publicOrigin) || (site && site !== 'same-origin' && site !== 'none')) {
        throw new ApiError('request.csrf_rejected', 'Cross-site requests are not allowed here');
      }
    }
    await next();
  };
}

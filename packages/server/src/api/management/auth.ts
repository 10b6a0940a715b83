// Management API access: a JWT access token issued by this Signet for the `${ENDPOINT}/api`
// resource, carrying the `all` scope. 401 without a valid token, 403 without the scope.
import type { Middleware } from 'koa';
import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ApiError } from '../../http/api-error.ts';

export type ManagementAuth = { subject: string; clientId: string | undefined; scopes: string[] };

export function requireManagementAccess(options: { keys: JWTVerifyGetKey; issuer: string; audience: string }): Middleware {
  return async (ctx, next) => {
    const match = /^Bearer\s+([\w.-]+)$/i.exec(ctx.get('authorization'));
    if (!match) {
      ctx.set('WWW-Authenticate', 'Bearer');
      throw new ApiError('auth.unauthorized', 'A Bearer access token for the Management API is required');
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1]!, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['ES256', 'ES384', 'RS256'],
      }));
    } catch {
      ctx.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new ApiError('auth.unauthorized', 'The access token is invalid or expired');
    }
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    if (!scopes.includes('all')) {
      ctx.set('WWW-Authenticate', 'Bearer error="insufficient_scope", scope="all"');
      throw new ApiError('auth.forbidden', 'The access token lacks the "all" scope');
    }
    const auth: ManagementAuth = {
      subject: String(payload.sub),
      clientId: typeof payload.client_id === 'string' ? payload.client_id : undefined,
      scopes,
    };
    ctx.state.managementAuth = auth;
    await next();
  };
}

// Management API access: a JWT access token issued by this Signet for the `${ENDPOINT}/api`
// resource, carrying the `all` scope. 401 without a valid token, 403 without the scope.
// The signature alone is not enough: the token's subject must still hold the access now, so
// deleting an application, removing its role, or suspending a user cuts access at once instead of
// when the token expires (one cheap indexed query per request).
import type { Middleware } from 'koa';
import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ApiError } from '../../http/api-error.ts';

export type ManagementAuth = { subject: string; clientId: string | undefined; scopes: string[] };

export type CurrentAccess = {
  /** Scopes an application holds now ([] when it no longer exists). */
  ofApplication(clientId: string): Promise<string[]>;
  /** Scopes a user holds now ([] when deleted or suspended). */
  ofUser(userId: string): Promise<string[]>;
};

export function requireManagementAccess(options: { keys: JWTVerifyGetKey; issuer: string; audience: string; currentAccess: CurrentAccess }): Middleware {
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
        // Only what this issuer uses for Management API tokens (see oidc/keys.ts), and only access
        // tokens (RFC 9068), so an ID token of the same issuer cannot pass for one.
        algorithms: ['ES256'],
        typ: 'at+jwt',
      }));
    } catch {
      ctx.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new ApiError('auth.unauthorized', 'The access token is invalid or expired');
    }
    const tokenScopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
    const subject = String(payload.sub);
    // client_credentials tokens have the client as subject; user tokens have the user.
    const held = subject === clientId ? await options.currentAccess.ofApplication(subject) : await options.currentAccess.ofUser(subject);
    if (!tokenScopes.includes('all') || !held.includes('all')) {
      ctx.set('WWW-Authenticate', 'Bearer error="insufficient_scope", scope="all"');
      throw new ApiError('auth.forbidden', 'This token does not (or no longer) grant the "all" scope');
    }
    const auth: ManagementAuth = { subject, clientId, scopes: tokenScopes };
    ctx.state.managementAuth = auth;
    await next();
  };
}

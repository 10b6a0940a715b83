// oidc-provider configuration. Only options that differ from the library's defaults appear, each
// with the reason. The library stays untouched: configuration, adapter and interaction APIs only.
import Provider, { errors, type Configuration, type KoaContextWithOIDC, type JWKS } from 'oidc-provider';
import type { UsersService } from '../domain/users/users.service.ts';
import type { RolesService } from '../domain/roles/roles.service.ts';
import { claimsOf, scopeClaims } from './claims.ts';
import { extraClientProperties, type SignetClientExtras } from './clients.ts';
import type { ClientFinder } from './adapter.ts';
import { createAdapterFactory } from './adapter.ts';
import type { Db } from '../db/client.ts';
import { offlineAccessParam } from './offline-access.ts';
import { renderLogoutConfirmation, renderLogoutSuccess, renderOidcError } from './pages.ts';
import { prefetchedUser } from './model-rows.ts';
import { consoleClientId, managementApiScopes } from '@signet/schemas';

export type ProviderDeps = {
  issuer: string;
  /** The Management API's resource indicator, `${ENDPOINT}/api`. */
  managementApiResource: string;
  db: Db;
  jwks: JWKS;
  cookieKeys: string[];
  users: UsersService;
  roles: RolesService;
  findClient: ClientFinder;
};

export const ttlSeconds = {
  accessToken: 3600,
  idToken: 3600,
  refreshToken: 14 * 86_400,
  authorizationCode: 60,
  interaction: 3600,
  session: 14 * 86_400,
  grant: 180 * 86_400,
};

type SignetClient = NonNullable<KoaContextWithOIDC['oidc']['client']> & SignetClientExtras;

/** Did this authorization ask for a refresh token? (Directly, or as a first-party app; see offline-access.ts.) */
function wantsOfflineAccess(ctx: KoaContextWithOIDC, scopes: Set<string>): boolean {
  if (scopes.has('offline_access')) return true;
  const grant = ctx.oidc.entities.Grant;
  return Boolean(grant?.getOIDCScope().split(' ').includes('offline_access'));
}

export function createProvider(deps: ProviderDeps): Provider {
  const { issuer, managementApiResource, users, roles } = deps;
  const managementApiInfo = (scope: string) => ({
    scope,
    audience: managementApiResource,
    accessTokenTTL: ttlSeconds.accessToken,
    accessTokenFormat: 'jwt' as const,
    jwt: { sign: { alg: 'ES256' as const } },
  });

  const configuration: Configuration = {
    adapter: createAdapterFactory(deps.db, deps.findClient),
    jwks: deps.jwks,
    // Shared by every instance (they come from the database), so a cookie set by one verifies on all.
    cookies: {
      keys: deps.cookieKeys,
      // The Experience API (/api/experience) must receive the interaction cookie, not only /sign-in.
      short: { path: '/' },
    },
    claims: scopeClaims as unknown as Configuration['claims'],
    scopes: ['openid', 'offline_access', 'profile', 'email', 'phone'],
    // Auth.js reads the profile from the ID token only: put the scope's claims in it.
    conformIdTokenClaims: false,
    // Defaults for clients without an explicit value; ES384 is what the guides' Auth.js setup expects.
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      id_token_signed_response_alg: 'ES384',
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    // Authorization code only: no implicit or hybrid flows (RFC 9700).
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    enabledJWA: {
      idTokenSigningAlgValues: ['ES384', 'RS256'],
      // ES256 signs Management API access tokens; see keys.ts.
      requestObjectSigningAlgValues: ['ES256', 'ES384', 'RS256'],
    },
    extraClientMetadata: { properties: [...extraClientProperties] },
    extraParams: [offlineAccessParam],
    features: {
      devInteractions: { enabled: false },
      // A client may only introspect or revoke its own tokens: the library's default would let any
      // confidential client read the claims of every other client's tokens.
      introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = renderLogoutConfirmation(form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = renderLogoutSuccess();
        },
      },
      resourceIndicators: {
        enabled: true,
        // Without `resource`, access tokens are opaque and only good for userinfo.
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        async getResourceServerInfo(ctx, resourceIndicator, client) {
          if (resourceIndicator !== managementApiResource) throw new errors.InvalidTarget();
          const isClientCredentials = ctx.oidc.params?.grant_type === 'client_credentials';
          // Users reach the Management API through the Console only, never through another app.
          if (!isClientCredentials && client.clientId !== consoleClientId) {
            throw new errors.InvalidTarget('only the Console may request Management API access for a user');
          }
          // The authorization request is checked before anyone signs in (and a remembered session
          // may be about to change with prompt=login): the account decides at the end of the
          // sign-in (resume) and again at every token request.
          if (ctx.oidc.route === 'authorization') return managementApiInfo(managementApiScopes.join(' '));
          const accountId = isClientCredentials
            ? undefined
            : (ctx.oidc.entities.Grant?.accountId ?? ctx.oidc.entities.Account?.accountId ?? ctx.oidc.session?.accountId);
          const allowed = isClientCredentials
            ? await roles.managementScopesOfApplication(client.clientId)
            : accountId
              ? await roles.managementScopesOfUser(accountId)
              : [];
          if (allowed.length === 0) throw new errors.InvalidTarget('this client or user has no access to the Management API');
          return managementApiInfo(allowed.join(' '));
        },
      },
    },
    // PKCE (S256, the only method oidc-provider 9 accepts) is required for public clients and
    // accepted from confidential ones.
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    async findAccount(_ctx, sub) {
      // Usually already read with the token that names it (model-rows.ts): no second round trip.
      const user = prefetchedUser(sub) ?? (await users.find(sub));
      if (!user || user.isSuspended) return undefined;
      return { accountId: user.id, claims: () => claimsOf(user) };
    },
    interactions: {
      url: (_ctx, interaction) => (interaction.prompt.name === 'consent' ? '/consent' : '/sign-in'),
    },
    // First-party applications never show a consent screen: their grant is created (or widened to
    // the requested scopes) here, which also makes single sign-on silent across them.
    async loadExistingGrant(ctx) {
      const { client, session, params, result } = ctx.oidc;
      if (!client || !session) return undefined;
      const grantId = (result?.consent as { grantId?: string } | undefined)?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      const extras = client as SignetClient;
      if (extras.signet_third_party || !session.accountId) return existing;
      const grant =
        existing && existing.accountId === session.accountId
          ? existing
          : new ctx.oidc.provider.Grant({ accountId: session.accountId, clientId: client.clientId });
      const scope = typeof params?.scope === 'string' ? params.scope : 'openid';
      grant.addOIDCScope(scope);
      if (params?.[offlineAccessParam] === 'true' && extras.signet_always_issue_refresh_token !== false) {
        grant.addOIDCScope('offline_access');
      }
      if (typeof params?.resource === 'string') {
        grant.addResourceScope(params.resource, scope.split(' ').filter((value) => !scopeClaims[value as keyof typeof scopeClaims] && value !== 'offline_access').join(' '));
      }
      await grant.save();
      return grant;
    },
    issueRefreshToken: async (ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && wantsOfflineAccess(ctx, code.scopes),
    expiresWithSession: async (ctx, code) => !wantsOfflineAccess(ctx, code.scopes),
    rotateRefreshToken: (ctx) => (ctx.oidc.client as SignetClient | undefined)?.signet_rotate_refresh_token !== false,
    ttl: {
      AccessToken: ttlSeconds.accessToken,
      AuthorizationCode: ttlSeconds.authorizationCode,
      ClientCredentials: ttlSeconds.accessToken,
      Grant: ttlSeconds.grant,
      Interaction: ttlSeconds.interaction,
      Session: ttlSeconds.session,
      IdToken: (_ctx, _token, client) => (client as SignetClient).signet_id_token_ttl ?? ttlSeconds.idToken,
      RefreshToken: (_ctx, _token, client) => (client as SignetClient).signet_refresh_token_ttl ?? ttlSeconds.refreshToken,
    },
    clientBasedCORS(_ctx, origin, client) {
      const extras = client as SignetClient;
      if (extras.signet_cors_allowed_origins?.includes(origin)) return true;
      // Browser apps may call the token endpoint from the origins they redirect to.
      return client.clientAuthMethod === 'none' && (client.redirectUris ?? []).some((uri) => safeOrigin(uri) === origin);
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = renderOidcError(out);
    },
    // Errors carry the RFC 6749 code and description; never internals.
    allowOmittingSingleRegisteredRedirectUri: false,
  };

  const provider = new Provider(issuer, configuration);
  return provider;
}

function safeOrigin(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}

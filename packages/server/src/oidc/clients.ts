// Applications as oidc-provider clients. The Client model reads applications through the
// applications service's cache, which every change drops on every instance (see cache/).
import type { AdapterPayload } from 'oidc-provider';
import { consoleClientId, consolePostSignOutPath, consoleRedirectPath } from '@signet/schemas';
import type { ApplicationRecord } from '../domain/applications/applications.service.ts';

/** Client metadata Signet adds to the standard set (declared in the provider's extraClientMetadata). */
export const extraClientProperties = [
  'signet_third_party',
  'signet_cors_allowed_origins',
  'signet_id_token_ttl',
  'signet_refresh_token_ttl',
  'signet_rotate_refresh_token',
  'signet_always_issue_refresh_token',
] as const;

export type SignetClientExtras = {
  signet_third_party?: boolean;
  signet_cors_allowed_origins?: string[];
  signet_id_token_ttl?: number;
  signet_refresh_token_ttl?: number;
  signet_rotate_refresh_token?: boolean;
  signet_always_issue_refresh_token?: boolean;
};

/** Cached applications are shared objects: their client metadata is built once per version of them. */
const built = new WeakMap<ApplicationRecord, { secret: string; metadata: AdapterPayload }>();

export function toClientMetadata(app: ApplicationRecord, secret: string): AdapterPayload {
  const known = built.get(app);
  if (known?.secret === secret) return known.metadata;
  const metadata = buildClientMetadata(app, secret);
  built.set(app, { secret, metadata });
  return metadata;
}

function buildClientMetadata(app: ApplicationRecord, secret: string): AdapterPayload {
  const custom = app.customClientMetadata;
  const refreshTtl = custom.refreshTokenTtl ?? (custom.refreshTokenTtlInDays === undefined ? undefined : custom.refreshTokenTtlInDays * 86_400);
  const extras: SignetClientExtras = {
    signet_third_party: app.isThirdParty,
    signet_cors_allowed_origins: custom.corsAllowedOrigins ?? [],
    ...(custom.idTokenTtl !== undefined && { signet_id_token_ttl: custom.idTokenTtl }),
    ...(refreshTtl !== undefined && { signet_refresh_token_ttl: refreshTtl }),
    signet_rotate_refresh_token: custom.rotateRefreshToken ?? true,
    signet_always_issue_refresh_token: custom.alwaysIssueRefreshToken ?? true,
  };
  const common = { client_id: app.id, client_name: app.name, ...extras };

  if (app.type === 'MachineToMachine') {
    return {
      ...common,
      client_secret: secret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    };
  }
  const isPublic = app.type === 'SPA' || app.type === 'Native';
  return {
    ...common,
    ...(isPublic ? { token_endpoint_auth_method: 'none' } : { client_secret: secret, token_endpoint_auth_method: 'client_secret_basic' }),
    application_type: app.type === 'Native' ? 'native' : 'web',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: app.oidcClientMetadata.redirectUris,
    post_logout_redirect_uris: app.oidcClientMetadata.postLogoutRedirectUris,
    id_token_signed_response_alg: app.oidcClientMetadata.idTokenSignedResponseAlg,
  };
}

/** How the Console is named on the sign-in pages. */
export const consoleClientName = 'Signet Console';

/**
 * The admin Console, a built-in client answered from code: it is not in the applications table, so
 * the Management API can neither list, change nor delete it (and no application can take its id).
 * A public single-page app: no secret, so PKCE is required (provider.ts); first-party, so no consent
 * screen; refresh tokens rotate.
 */
export function consoleClientMetadata(endpoint: string): AdapterPayload {
  const extras: SignetClientExtras = {
    signet_third_party: false,
    signet_cors_allowed_origins: [],
    signet_rotate_refresh_token: true,
    signet_always_issue_refresh_token: true,
  };
  return {
    client_id: consoleClientId,
    client_name: consoleClientName,
    ...extras,
    token_endpoint_auth_method: 'none',
    application_type: 'web',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [`${endpoint}${consoleRedirectPath}`],
    post_logout_redirect_uris: [`${endpoint}${consolePostSignOutPath}`],
    id_token_signed_response_alg: 'ES384',
  };
}

// Microsoft (Entra ID, formerly Azure AD): sign in with a work, school or personal Microsoft
// account through the OIDC core, one tenant or many (`common`, `organizations`, `consumers`).
import { defineConnector, svgDataUri } from '../kit.ts';
import { standardUserInfo } from '../oidc/claims.ts';
import type { Claims } from '../oidc/claims.ts';
import { oidcSocialConnector } from '../oidc/core.ts';
import type { OidcProviderSettings } from '../oidc/core.ts';
import { azureAdConfigSchema } from './config.ts';
import type { AzureAdConfig } from './config.ts';
import { acceptsDiscoveredIssuer, consumersTenantId, issuerForToken, tenantIssuer } from './tenants.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

export function azureAdSettings(config: AzureAdConfig): OidcProviderSettings {
  return {
    providerName: 'Microsoft Entra ID',
    issuer: tenantIssuer(config.cloudInstance, config.tenantId),
    acceptDiscoveredIssuer: (discovered) => acceptsDiscoveredIssuer(config.cloudInstance, config.tenantId, discovered),
    resolveIssuer: (claims, expected) => issuerForToken(config.tenantId, claims, expected),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    tokenEndpointAuthMethod: 'client_secret_post',
    scope: 'openid profile email',
    authorizationParameters: config.prompts?.length ? { prompt: config.prompts.join(' ') } : {},
    // The ID token has the profile; Microsoft's userinfo lives on Graph and adds nothing usable
    // (its `picture` needs the access token to be read).
    userInfo: false,
  };
}

/**
 * The user id is `oid` (the user's object id, the same for every app, and what Microsoft Graph
 * calls `id`); `sub` differs per app. Entra ID does not verify the `email` claim of work accounts
 * (any admin can set it), so it only counts as verified for personal accounts, or when the
 * optional `xms_edov` claim says the domain owner verified it.
 */
export function azureAdUserInfo(claims: Claims) {
  const info = standardUserInfo(claims);
  if (typeof claims.oid === 'string' && claims.oid !== '') info.id = claims.oid;
  if (info.email !== undefined) info.emailVerified = claims.tid === consumersTenantId || claims.xms_edov === true;
  return info;
}

export default defineConnector<AzureAdConfig>(
  oidcSocialConnector({
    metadata: {
      id: 'azuread-universal',
      target: 'azuread',
      platform: 'Universal',
      name: { en: 'Microsoft', es: 'Microsoft', fr: 'Microsoft', 'zh-CN': 'Microsoft' },
      description: {
        en: 'Sign in with a Microsoft work, school or personal account (Microsoft Entra ID).',
        es: 'Inicio de sesión con una cuenta de Microsoft profesional, educativa o personal (Microsoft Entra ID).',
        fr: 'Connexion avec un compte Microsoft professionnel, scolaire ou personnel (Microsoft Entra ID).',
        'zh-CN': '使用 Microsoft 工作、学校或个人账户登录（Microsoft Entra ID）。',
      },
      logo: svgDataUri(logo),
      logoDark: null,
      readme,
    },
    configSchema: azureAdConfigSchema,
    settings: azureAdSettings,
    toUserInfo: azureAdUserInfo,
  }),
);

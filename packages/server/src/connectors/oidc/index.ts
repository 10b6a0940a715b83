// OIDC: sign in with any OpenID Connect provider, found by its issuer (discovery) or by endpoints
// given by hand. A standard connector: an admin may add several, each naming its own target.
import { defineConnector, svgDataUri } from '../kit.ts';
import { oidcConfigSchema } from './config.ts';
import type { OidcConfig } from './config.ts';
import { oidcSocialConnector } from './core.ts';
import type { OidcProviderSettings } from './core.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

function providerName(config: OidcConfig): string {
  const url = config.issuer ?? config.tokenEndpoint ?? '';
  return `OIDC provider ${URL.canParse(url) ? new URL(url).host : ''}`.trim();
}

function authorizationParameters(config: OidcConfig): Record<string, string> {
  const options = config.authRequestOptionalConfig ?? {};
  const parameters: Record<string, string | undefined> = {
    ...config.customConfig,
    response_mode: options.responseMode,
    display: options.display,
    prompt: options.prompt,
    ui_locales: options.uiLocales,
    id_token_hint: options.idTokenHint,
    login_hint: options.loginHint,
    acr_values: options.acrValues,
  };
  return Object.fromEntries(Object.entries(parameters).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export function oidcSettings(config: OidcConfig): OidcProviderSettings {
  const verification = config.idTokenVerificationConfig ?? {};
  const settings: OidcProviderSettings = {
    providerName: providerName(config),
    endpoints: {
      authorizationEndpoint: config.authorizationEndpoint,
      tokenEndpoint: config.tokenEndpoint,
      userinfoEndpoint: config.userInfoEndpoint,
      jwksUri: verification.jwksUri,
    },
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    tokenEndpointAuthMethod: config.tokenEndpointAuthMethod,
    scope: config.scope,
    authorizationParameters: authorizationParameters(config),
    acceptStringBooleans: config.acceptStringTypedBooleanClaims,
  };
  if (config.issuer !== undefined) settings.issuer = config.issuer;
  if (verification.issuer !== undefined) settings.expectedIssuer = verification.issuer;
  if (verification.algorithms !== undefined) settings.idTokenAlgorithms = verification.algorithms;
  if (verification.clockTolerance !== undefined) settings.clockToleranceSeconds = verification.clockTolerance;
  if (config.authRequestOptionalConfig?.maxAge !== undefined) settings.maxAgeSeconds = config.authRequestOptionalConfig.maxAge;
  return settings;
}

export default defineConnector<OidcConfig>(
  oidcSocialConnector({
    metadata: {
      id: 'oidc',
      target: 'oidc',
      platform: 'Universal',
      isStandard: true,
      name: { en: 'OIDC', es: 'OIDC', fr: 'OIDC', 'zh-CN': 'OIDC' },
      description: {
        en: 'Sign in with any OpenID Connect provider, found by its issuer URL.',
        es: 'Inicio de sesión con cualquier proveedor OpenID Connect, localizado por la URL de su emisor.',
        fr: 'Connexion avec n’importe quel fournisseur OpenID Connect, trouvé par l’URL de son émetteur.',
        'zh-CN': '使用任意 OpenID Connect 身份提供商登录，通过其签发者（issuer）URL 自动发现配置。',
      },
      logo: svgDataUri(logo),
      logoDark: null,
      readme,
    },
    configSchema: oidcConfigSchema,
    settings: oidcSettings,
  }),
);

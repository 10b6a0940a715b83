// Google: sign in with a Google account, through the OIDC core (discovery at accounts.google.com,
// PKCE, nonce, ID token signature via Google's keys, then Google's userinfo).
import { defineConnector, svgDataUri } from '../kit.ts';
import { oidcSocialConnector } from '../oidc/core.ts';
import type { OidcProviderSettings } from '../oidc/core.ts';
import { googleConfigSchema } from './config.ts';
import type { GoogleConfig } from './config.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

export function googleSettings(config: GoogleConfig): OidcProviderSettings {
  return {
    providerName: 'Google',
    issuer: config.issuer,
    // Google documents `iss` as either "https://accounts.google.com" or "accounts.google.com".
    resolveIssuer: (claims, expected) => (claims.iss === new URL(expected).host ? claims.iss : undefined),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    tokenEndpointAuthMethod: 'client_secret_post',
    scope: config.scope,
    authorizationParameters: config.prompts?.length ? { prompt: config.prompts.join(' ') } : {},
  };
}

export default defineConnector<GoogleConfig>(
  oidcSocialConnector({
    metadata: {
      id: 'google-universal',
      target: 'google',
      platform: 'Universal',
      name: { en: 'Google', es: 'Google', fr: 'Google', 'zh-CN': 'Google' },
      description: {
        en: 'Sign in with a Google account.',
        es: 'Inicio de sesión con una cuenta de Google.',
        fr: 'Connexion avec un compte Google.',
        'zh-CN': '使用 Google 账号登录。',
      },
      logo: svgDataUri(logo),
      logoDark: null,
      readme,
    },
    configSchema: googleConfigSchema,
    settings: googleSettings,
  }),
);

// Sign in with Apple, through the OIDC core. Apple's differences, handled here: the client secret
// is a JWT signed per exchange (client-secret.ts); asking for the name or email needs
// `response_mode=form_post`, so the callback arrives as a POST form (the caller routes it, this
// connector reads `code`, `state` and `user` from its fields); the name only comes in that form
// (user-info.ts); and Apple has no userinfo endpoint.
import { defineConnector, svgDataUri } from '../kit.ts';
import { oidcSocialConnector } from '../oidc/core.ts';
import type { OidcProviderSettings } from '../oidc/core.ts';
import { appleClientSecret } from './client-secret.ts';
import { appleConfigSchema } from './config.ts';
import type { AppleConfig } from './config.ts';
import { appleUserInfo } from './user-info.ts';
import readme from './README.md?raw';
import logo from './logo.svg?raw';

export function appleSettings(config: AppleConfig): OidcProviderSettings {
  return {
    providerName: 'Apple',
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: () => appleClientSecret(config),
    tokenEndpointAuthMethod: 'client_secret_post',
    scope: config.scope,
    authorizationParameters: { response_mode: 'form_post' },
    userInfo: false,
    acceptStringBooleans: true,
  };
}

export default defineConnector<AppleConfig>(
  oidcSocialConnector({
    metadata: {
      id: 'apple-universal',
      target: 'apple',
      platform: 'Universal',
      name: { en: 'Apple', es: 'Apple', fr: 'Apple', 'zh-CN': 'Apple' },
      description: {
        en: 'Sign in with Apple: users sign in with their Apple Account.',
        es: 'Iniciar sesión con Apple: los usuarios inician sesión con su cuenta de Apple.',
        fr: 'Se connecter avec Apple : les utilisateurs se connectent avec leur compte Apple.',
        'zh-CN': '通过 Apple 登录：用户使用其 Apple 账户登录。',
      },
      logo: svgDataUri(logo),
      logoDark: null,
      readme,
    },
    configSchema: appleConfigSchema,
    settings: appleSettings,
    toUserInfo: (claims, callbackData) => appleUserInfo(claims, callbackData),
  }),
);

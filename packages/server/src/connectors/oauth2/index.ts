// Generic OAuth 2.0 social connector: any provider with an authorization-code flow and a JSON user
// info endpoint, for those without OpenID Connect. Admins name the target when they create one.
import { z } from 'zod';
import { ConnectorError, defineConnector, svgDataUri } from '../kit.ts';
import type { SocialConnector } from '../kit.ts';
import logo from './logo.svg?raw';
import readme from './README.md?raw';
import { oauth2ConfigSchema } from './config.ts';
import type { OAuth2Config } from './config.ts';
import { buildAuthorizationUri, createPkce, fetchProtectedJson, isPkceVerifier, mapProfile, readAuthorizationCode, requestAccessToken } from './core.ts';

/** Errors name the provider by its host: enough for an admin with several OAuth connectors. */
function providerName(config: OAuth2Config): string {
  return `OAuth 2.0 provider (${new URL(config.tokenEndpoint).host})`;
}

const profileSchema = z.record(z.string(), z.unknown());

export const oauth2Connector: SocialConnector<OAuth2Config> = {
  type: 'Social',
  metadata: {
    id: 'oauth2',
    target: 'oauth2',
    platform: 'Universal',
    isStandard: true,
    name: { en: 'OAuth 2.0', es: 'OAuth 2.0', fr: 'OAuth 2.0', 'zh-CN': 'OAuth 2.0' },
    description: {
      en: 'Sign in with any OAuth 2.0 provider that offers the authorization code flow and a user info endpoint.',
      es: 'Inicia sesión con cualquier proveedor OAuth 2.0 que ofrezca el flujo de código de autorización y un endpoint de información de usuario.',
      fr: "Connexion avec tout fournisseur OAuth 2.0 proposant le flux par code d'autorisation et un point d'accès d'informations utilisateur.",
      'zh-CN': '使用任何支持授权码流程并提供用户信息端点的 OAuth 2.0 提供商登录。',
    },
    logo: svgDataUri(logo),
    logoDark: null,
    readme,
  },
  configSchema: oauth2ConfigSchema,

  async getAuthorizationUri(config, { state, redirectUri, setSession }) {
    let codeChallenge: string | undefined;
    if (config.enablePkce) {
      const pkce = createPkce();
      codeChallenge = pkce.challenge;
      setSession({ codeVerifier: pkce.verifier });
    }
    return buildAuthorizationUri(config.authorizationEndpoint, {
      responseType: config.responseType,
      clientId: config.clientId,
      redirectUri,
      scope: config.scope,
      state,
      codeChallenge,
      extra: config.customConfig,
    });
  },

  async getUserInfo(config, callbackData, { redirectUri, session }, context) {
    const provider = providerName(config);
    const code = readAuthorizationCode(provider, callbackData);

    let codeVerifier: string | undefined;
    if (config.enablePkce) {
      codeVerifier = session.codeVerifier;
      // Without the verifier the code cannot be redeemed: the sign-in must start over.
      if (!codeVerifier || !isPkceVerifier(codeVerifier)) {
        throw new ConnectorError('authorization_failed', 'The sign-in session has no PKCE code verifier; start the sign-in again');
      }
    }

    const token = await requestAccessToken(
      {
        provider,
        tokenEndpoint: config.tokenEndpoint,
        credentials: {
          clientId: config.clientId,
          clientSecret: config.clientSecret,
          method: config.tokenEndpointAuthMethod,
          signingAlgorithm: config.clientSecretJwtSigningAlgorithm,
        },
        code,
        redirectUri,
        codeVerifier,
        responseFormat: config.tokenEndpointResponseType,
        extraParameters: config.customConfig,
      },
      context,
    );

    const profile = await fetchProtectedJson({ provider, url: config.userInfoEndpoint, accessToken: token.accessToken }, profileSchema, context);
    return mapProfile(provider, profile, config.profileMap);
  },
};

export default defineConnector(oauth2Connector);

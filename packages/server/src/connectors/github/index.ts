// "Sign in with GitHub" through a GitHub OAuth app, built on the OAuth 2.0 core: GitHub's token
// endpoint reports errors with HTTP 200, and its profile needs a second call for private emails.
import { defineConnector, svgDataUri } from '../kit.ts';
import type { SocialConnector } from '../kit.ts';
import { buildAuthorizationUri, readAuthorizationCode, requestAccessToken } from '../oauth2/core.ts';
import logo from './logo.svg?raw';
import readme from './README.md?raw';
import { githubConfigSchema, githubDefaults } from './config.ts';
import type { GitHubConfig } from './config.ts';
import { fetchGitHubProfile, githubApiHeaders, provider } from './github-api.ts';

export const githubConnector: SocialConnector<GitHubConfig> = {
  type: 'Social',
  metadata: {
    id: 'github-universal',
    target: 'github',
    platform: 'Universal',
    name: { en: 'GitHub', es: 'GitHub', fr: 'GitHub', 'zh-CN': 'GitHub' },
    description: {
      en: 'Let users sign in with their GitHub account, the home of millions of developers.',
      es: 'Permite a los usuarios iniciar sesión con su cuenta de GitHub, el hogar de millones de desarrolladores.',
      fr: 'Permet aux utilisateurs de se connecter avec leur compte GitHub, la plateforme de millions de développeurs.',
      'zh-CN': '让用户使用 GitHub 账号登录，GitHub 是数百万开发者的代码托管平台。',
    },
    logo: svgDataUri(logo),
    logoDark: null,
    readme,
  },
  configSchema: githubConfigSchema,

  async getAuthorizationUri(config, { state, redirectUri }) {
    return buildAuthorizationUri(config.authorizationEndpoint ?? githubDefaults.authorizationEndpoint, {
      clientId: config.clientId,
      redirectUri,
      scope: config.scope || githubDefaults.scope,
      state,
    });
  },

  async getUserInfo(config, callbackData, { redirectUri }, context) {
    const code = readAuthorizationCode(provider, callbackData);
    const token = await requestAccessToken(
      {
        provider,
        tokenEndpoint: config.tokenEndpoint ?? githubDefaults.tokenEndpoint,
        credentials: { clientId: config.clientId, clientSecret: config.clientSecret, method: 'client_secret_post' },
        code,
        redirectUri,
        // Without `Accept: application/json` GitHub answers form-encoded.
        responseFormat: 'json',
        headers: { 'User-Agent': githubApiHeaders['User-Agent'] },
        authCodeInvalidErrors: ['bad_verification_code'],
      },
      context,
    );
    return fetchGitHubProfile(config.apiBaseUrl ?? githubDefaults.apiBaseUrl, token.accessToken, context);
  },
};

export default defineConnector(githubConnector);

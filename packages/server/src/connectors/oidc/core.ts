// The OpenID Connect sign-in that the generic `oidc` connector and the presets (Google, Microsoft,
// Apple) share. A preset only says how its config becomes provider settings (settings.ts) and,
// if it must, how claims become user info:
//
//   export default defineConnector(oidcSocialConnector({ metadata, configSchema, settings: (config) => ({ … }) }));
//
// Flow: discovery → authorization URL with PKCE (S256), nonce and state, the verifier and nonce
// kept with `setSession` → callback → code exchange and ID token validation by openid-client
// (token.ts) → optional userinfo → claims → user info.
import type { ConnectorMetadata } from '@signet/schemas';
import * as client from 'openid-client';
import type { z } from 'zod';
import { ConnectorError } from '../kit.ts';
import type { AuthorizationRequest, CallbackRequest, ConnectorContext, SocialConnector, SocialUserInfo } from '../kit.ts';
import { standardUserInfo } from './claims.ts';
import type { Claims } from './claims.ts';
import { clientConfiguration } from './client-config.ts';
import { loadServerMetadata } from './discovery.ts';
import type { ProviderMetadata } from './discovery.ts';
import { toConnectorError } from './errors.ts';
import { protocolParameters } from './settings.ts';
import type { OidcProviderSettings } from './settings.ts';
import { exchangeCode } from './token.ts';

export type { OidcProviderSettings } from './settings.ts';
export { protocolParameters } from './settings.ts';

export type OidcPreset<Config> = {
  metadata: ConnectorMetadata;
  configSchema: z.ZodType<Config>;
  /** The provider settings for a (validated) config. */
  settings: (config: Config) => OidcProviderSettings;
  /**
   * Validated claims (ID token, then userinfo on top) → user info. Default: the standard claims.
   * `callbackData` is what the provider sent back (Apple sends the user's name only there).
   */
  toUserInfo?: (claims: Claims, callbackData: Record<string, string>, settings: OidcProviderSettings) => SocialUserInfo;
};

/** What `getAuthorizationUri` keeps for the callback (the caller stores it with the sign-in). */
export type OidcSession = { codeVerifier: string; nonce: string; state: string };

const reserved = new Set<string>(protocolParameters);

async function authorizationUri(settings: OidcProviderSettings, request: AuthorizationRequest, context: ConnectorContext): Promise<string> {
  const { server } = await loadServerMetadata(settings, context);
  const configuration = clientConfiguration(server, settings, undefined, context);
  const session: OidcSession = { codeVerifier: client.randomPKCECodeVerifier(), nonce: client.randomNonce(), state: request.state };
  const extra = Object.entries(settings.authorizationParameters ?? {}).filter(([key]) => !reserved.has(key));
  const parameters: Record<string, string> = {
    ...Object.fromEntries(extra),
    response_type: 'code',
    redirect_uri: request.redirectUri,
    scope: settings.scope,
    state: request.state,
    nonce: session.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(session.codeVerifier),
    code_challenge_method: 'S256',
  };
  if (settings.maxAgeSeconds !== undefined) parameters.max_age = String(settings.maxAgeSeconds);
  request.setSession(session);
  return client.buildAuthorizationUrl(configuration, parameters).href;
}

/** The callback must carry a code (not an error) and match the sign-in that began it. */
function readCallback(provider: string, callbackData: Record<string, string>, session: Partial<OidcSession>) {
  const { error, error_description: description } = callbackData;
  if (error) {
    throw new ConnectorError('authorization_failed', `${provider} did not authorize the sign-in ("${error}"${description ? `: ${description}` : ''})`, {
      providerCode: error,
      providerMessage: description,
    });
  }
  const { code } = callbackData;
  if (!code) throw new ConnectorError('authorization_failed', `${provider} came back without an authorization code`);
  if (!session.codeVerifier || !session.nonce) {
    throw new ConnectorError('authorization_failed', 'The sign-in session has no PKCE verifier or nonce; start the sign-in again');
  }
  // The caller checks `state` against the sign-in; this also catches a callback of another sign-in.
  if (callbackData.state !== undefined && session.state !== undefined && callbackData.state !== session.state) {
    throw new ConnectorError('authorization_failed', `The state ${provider} sent back is not the one of this sign-in`);
  }
  return { code, iss: callbackData.iss, codeVerifier: session.codeVerifier, nonce: session.nonce };
}

/** RFC 9207 (mix-up defence): a provider that names itself in the callback must name the discovered issuer. */
function checkCallbackIssuer(provider: string, expected: ProviderMetadata['callbackIssuer'], iss: string | undefined) {
  if (expected === undefined) return;
  if (iss === undefined ? expected.required : iss !== expected.issuer) {
    throw new ConnectorError('authorization_failed', `The callback's issuer is not ${provider}'s issuer`);
  }
}

async function userInfoClaims(settings: OidcProviderSettings, configuration: client.Configuration, accessToken: string, subject: string): Promise<Claims> {
  try {
    return await client.fetchUserInfo(configuration, accessToken, subject);
  } catch (error) {
    throw await toConnectorError(settings.providerName, 'userinfo', error);
  }
}

async function userInfo<Config>(preset: OidcPreset<Config>, config: Config, callbackData: Record<string, string>, request: CallbackRequest, context: ConnectorContext) {
  const settings = preset.settings(config);
  const callback = readCallback(settings.providerName, callbackData, request.session);
  const { server, callbackIssuer } = await loadServerMetadata(settings, context);
  checkCallbackIssuer(settings.providerName, callbackIssuer, callback.iss);

  // openid-client reads the code from the callback URL and sends that URL, without its query, as
  // `redirect_uri` (Signet's callback URIs have no query of their own).
  const callbackUrl = new URL(request.redirectUri);
  callbackUrl.search = '';
  callbackUrl.searchParams.set('code', callback.code);

  const secret = typeof settings.clientSecret === 'function' ? await settings.clientSecret() : settings.clientSecret;
  const checks: client.AuthorizationCodeGrantChecks = {
    pkceCodeVerifier: callback.codeVerifier,
    expectedNonce: callback.nonce,
    expectedState: client.skipStateCheck, // compared above and by the caller
    idTokenExpected: true,
  };
  if (settings.maxAgeSeconds !== undefined) checks.maxAge = settings.maxAgeSeconds;
  const { tokens, configuration } = await exchangeCode(server, settings, secret, callbackUrl, checks, context);

  const idClaims = tokens.claims();
  if (!idClaims) throw new ConnectorError('invalid_response', `${settings.providerName} sent no ID token`);
  let claims: Claims = { ...idClaims };
  if (settings.userInfo !== false && server.userinfo_endpoint !== undefined) {
    // Userinfo is fresher for profile claims; `sub` is checked to be the ID token's.
    claims = { ...claims, ...(await userInfoClaims(settings, configuration, tokens.access_token, idClaims.sub)) };
  }
  return preset.toUserInfo ? preset.toUserInfo(claims, callbackData, settings) : standardUserInfo(claims, { acceptStringBooleans: settings.acceptStringBooleans ?? false });
}

export function oidcSocialConnector<Config>(preset: OidcPreset<Config>): SocialConnector<Config> {
  return {
    type: 'Social',
    metadata: preset.metadata,
    configSchema: preset.configSchema,
    getAuthorizationUri: (config, request, context) => authorizationUri(preset.settings(config), request, context),
    getUserInfo: (config, callbackData, request, context) => userInfo(preset, config, callbackData, request, context),
  };
}

// The code exchange: openid-client sends the code with the PKCE verifier and client
// authentication, then validates the ID token (signature via JWKS, iss, aud, exp, iat, nonce, azp).
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import type { ConnectorContext, ProviderResponse } from '../kit.ts';
import { clientConfiguration } from './client-config.ts';
import { failedClaim, toConnectorError } from './errors.ts';
import type { OidcProviderSettings } from './settings.ts';

export type CodeExchange = {
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
  /** The configuration that accepted the tokens (userinfo goes through it too). */
  configuration: client.Configuration;
};

const sameUrl = (a: string, b: string) => new URL(a).href === new URL(b).href;

/**
 * The issuer a preset expects instead, when the ID token failed only because its `iss` is not the
 * metadata's issuer (Entra ID multi-tenant: `…/{tenantid}/v2.0` becomes the user's tenant).
 */
function alternativeIssuer(settings: OidcProviderSettings, server: client.ServerMetadata, error: unknown, answer: ProviderResponse | undefined) {
  if (!settings.resolveIssuer || !answer || failedClaim(error) !== 'iss') return undefined;
  try {
    const idToken = (JSON.parse(answer.text) as { id_token?: unknown }).id_token;
    if (typeof idToken !== 'string') return undefined;
    const issuer = settings.resolveIssuer(decodeJwt(idToken), server.issuer);
    return issuer !== undefined && issuer !== server.issuer ? issuer : undefined;
  } catch {
    return undefined;
  }
}

export async function exchangeCode(
  server: client.ServerMetadata,
  settings: OidcProviderSettings,
  clientSecret: string,
  callbackUrl: URL,
  checks: client.AuthorizationCodeGrantChecks,
  context: ConnectorContext,
): Promise<CodeExchange> {
  const isTokenRequest = (request: { url: string; method: string }) =>
    request.method === 'POST' && server.token_endpoint !== undefined && sameUrl(request.url, server.token_endpoint);

  let tokenAnswer: ProviderResponse | undefined;
  const configuration = clientConfiguration(server, settings, clientSecret, context, {
    onResponse: (request, response) => {
      if (isTokenRequest(request)) tokenAnswer = response;
    },
  });
  try {
    return { tokens: await client.authorizationCodeGrant(configuration, callbackUrl, checks), configuration };
  } catch (error) {
    const issuer = alternativeIssuer(settings, server, error, tokenAnswer);
    if (issuer === undefined) throw await toConnectorError(settings.providerName, 'token', error);
    // The code is spent, so the same answer is validated again, every check included, against the
    // issuer the preset named. openid-client offers no other way to expect a per-token issuer
    // (its own Entra ID support only covers login.microsoftonline.com, not sovereign clouds).
    const replayed = tokenAnswer;
    const retry = clientConfiguration({ ...server, issuer }, settings, clientSecret, context, {
      replay: (request) => (isTokenRequest(request) ? replayed : undefined),
    });
    try {
      return { tokens: await client.authorizationCodeGrant(retry, callbackUrl, checks), configuration: retry };
    } catch (retryError) {
      throw await toConnectorError(settings.providerName, 'token', retryError);
    }
  }
}

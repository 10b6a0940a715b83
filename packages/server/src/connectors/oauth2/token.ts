// The authorization-code exchange (RFC 6749 §4.1.3–4.1.4) with the variations real providers need:
// three client authentication methods, JSON or form-encoded answers, errors sent with HTTP 200.
import { z } from 'zod';
import { ConnectorError, callProvider, parseProviderJson } from '../kit.ts';
import type { ConnectorContext } from '../kit.ts';
import { reservedOAuthParameters } from './authorization-uri.ts';
import { authenticateClient } from './client-auth.ts';
import type { ClientCredentials } from './client-auth.ts';
import { declaredFormat, decodeLoosely, errorFromStatus, providerErrorData, readOAuthError } from './provider-errors.ts';

/** `query-string` and `json` are the names Logto's OAuth 2.0 connector uses for the answer format. */
export type TokenResponseFormat = 'query-string' | 'json';

export type TokenRequest = {
  /** Names the provider in error messages, e.g. `GitHub` or `OAuth 2.0 provider (auth.example.com)`. */
  provider: string;
  tokenEndpoint: string;
  credentials: ClientCredentials;
  code: string;
  redirectUri: string;
  /** Sent when the authorization request had a PKCE challenge, never otherwise. */
  codeVerifier?: string;
  /** The format asked for, and assumed when the answer's Content-Type names none we know. */
  responseFormat: TokenResponseFormat;
  /** Provider-specific body parameters; reserved names are ignored. */
  extraParameters?: Record<string, string>;
  headers?: Record<string, string>;
  /** Provider error codes that mean "bad code" besides the standard `invalid_grant`. */
  authCodeInvalidErrors?: readonly string[];
};

export type TokenResponse = {
  accessToken: string;
  tokenType?: string;
  scope?: string;
  /** The whole answer (an OIDC preset reads `id_token` here). Holds tokens: never log it or put it in rawData. */
  fields: Record<string, unknown>;
};

const tokenAnswerSchema = z.looseObject({ access_token: z.string().min(1) });

/** OAuth error codes that say the provider, not the request, is at fault. */
const outageErrors = new Set(['server_error', 'temporarily_unavailable']);

export async function requestAccessToken(request: TokenRequest, context: ConnectorContext): Promise<TokenResponse> {
  const { provider, tokenEndpoint, credentials } = request;
  const authentication = authenticateClient(credentials, tokenEndpoint);
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(request.extraParameters ?? {})) {
    if (!reservedOAuthParameters.has(key)) body.set(key, value);
  }
  body.set('grant_type', 'authorization_code');
  body.set('code', request.code);
  body.set('redirect_uri', request.redirectUri);
  if (request.codeVerifier) body.set('code_verifier', request.codeVerifier);
  for (const [key, value] of Object.entries(authentication.parameters)) body.set(key, value);

  const response = await callProvider(
    provider,
    tokenEndpoint,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: request.responseFormat === 'json' ? 'application/json' : 'application/x-www-form-urlencoded, application/json;q=0.5',
        ...request.headers,
        ...authentication.headers,
      },
      body: body.toString(),
    },
    context,
  );

  const secrets = [credentials.clientSecret, request.code, request.codeVerifier];
  // The answer's own Content-Type wins: providers often send errors as JSON whatever was asked.
  const format = declaredFormat(response) ?? (request.responseFormat === 'json' ? 'json' : 'form');
  const decoded = decodeLoosely(response.text, format);

  if (response.status === 429) throw errorFromStatus(provider, 'token request', response, secrets);
  // Some providers (GitHub) answer errors with HTTP 200, so an `error` member is checked first.
  const oauthError = readOAuthError(decoded);
  if (oauthError) {
    const data = providerErrorData(response.status, decoded, secrets);
    if (oauthError.error === 'invalid_grant' || request.authCodeInvalidErrors?.includes(oauthError.error)) {
      throw new ConnectorError('social_auth_code_invalid', `${provider} rejected the authorization code (invalid, expired or already used)`, data);
    }
    if (outageErrors.has(oauthError.error)) {
      throw new ConnectorError('provider_unavailable', `${provider} could not issue a token right now`, data);
    }
    throw new ConnectorError('general', `${provider} refused the token request (${String(data.providerCode)})`, data);
  }
  if (response.status < 200 || response.status >= 300) throw errorFromStatus(provider, 'token request', response, secrets);

  let answer: z.output<typeof tokenAnswerSchema>;
  if (format === 'json') {
    answer = parseProviderJson(provider, response.text, tokenAnswerSchema);
  } else {
    if (!decoded) throw new ConnectorError('invalid_response', `${provider} answered the token request with something that is not form-encoded`);
    answer = parseProviderJson(provider, JSON.stringify(decoded), tokenAnswerSchema);
  }
  return {
    accessToken: answer.access_token,
    tokenType: typeof answer.token_type === 'string' ? answer.token_type : undefined,
    scope: typeof answer.scope === 'string' ? answer.scope : undefined,
    fields: answer,
  };
}

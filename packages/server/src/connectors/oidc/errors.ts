// Turns what openid-client throws into the kit's closed set of connector errors. The library's
// messages are fixed texts (safe to show); its error causes hold response bodies with tokens, so
// they never go into a message or `data`.
import { ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import { z } from 'zod';
import { ConnectorError } from '../kit.ts';

/** What was going on: the same library error means different things at each step. */
export type OidcStep = 'token' | 'userinfo';

type OAuthError = { error?: string | undefined; error_description?: string | undefined; status: number };

const idTokenCodes = new Set(['OAUTH_JWT_CLAIM_COMPARISON_FAILED', 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED', 'OAUTH_KEY_SELECTION_FAILED']);

/** The error and its causes, outermost first (openid-client wraps the lower layer's errors). */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && current !== null && chain.length < 8; ) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}

/** The claim an ID token check complained about (`iss`, `aud`, `nonce` …), when it says. */
export function failedClaim(error: unknown): string | undefined {
  for (const link of causeChain(error)) {
    const claim = (link as { cause?: { claim?: unknown } }).cause?.claim;
    if (typeof claim === 'string') return claim;
  }
  return undefined;
}

const stepLabel = (step: OidcStep) => (step === 'token' ? 'code exchange' : 'userinfo request');

/** An OAuth error answer (RFC 6749 5.2, RFC 6750 3.1) by its `error` code and HTTP status. */
function oauthError(provider: string, step: OidcStep, answer: OAuthError): ConnectorError {
  const data = { providerCode: answer.error, providerMessage: answer.error_description, status: answer.status };
  const said = answer.error ? `"${answer.error}"${answer.error_description ? `: ${answer.error_description}` : ''}` : `HTTP ${answer.status}`;
  const text = `${provider} refused the ${stepLabel(step)} (${said})`;
  if (step === 'token' && answer.error === 'invalid_grant') return new ConnectorError('social_auth_code_invalid', text, data);
  if (step === 'userinfo' && (answer.error === 'invalid_token' || answer.status === 401)) return new ConnectorError('social_access_token_invalid', text, data);
  if (answer.status === 429 || answer.error === 'slow_down') return new ConnectorError('rate_limit_exceeded', text, data);
  if (answer.error === 'temporarily_unavailable' || answer.status >= 500) return new ConnectorError('provider_unavailable', text, data);
  return new ConnectorError('general', text, data);
}

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

async function oauthErrorBody(response: Response): Promise<z.infer<typeof oauthErrorSchema> | undefined> {
  try {
    const parsed = oauthErrorSchema.safeParse(await response.clone().json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function statusError(provider: string, step: OidcStep, status: number): ConnectorError {
  const text = `${provider} answered HTTP ${status} during the ${stepLabel(step)}`;
  if (status === 429) return new ConnectorError('rate_limit_exceeded', text, { status });
  if (status >= 500) return new ConnectorError('provider_unavailable', text, { status });
  if (step === 'userinfo' && status === 401) return new ConnectorError('social_access_token_invalid', text, { status });
  return new ConnectorError('invalid_response', text, { status });
}

export async function toConnectorError(provider: string, step: OidcStep, error: unknown): Promise<ConnectorError> {
  const chain = causeChain(error);
  // Our own errors (from callProvider inside the library's fetch) pass through unchanged.
  const own = chain.find((link): link is ConnectorError => link instanceof ConnectorError);
  if (own) return own;

  const body = chain.find((link): link is ResponseBodyError => link instanceof ResponseBodyError);
  if (body) return oauthError(provider, step, body);

  const challenge = chain.find((link): link is WWWAuthenticateChallengeError => link instanceof WWWAuthenticateChallengeError);
  if (challenge) {
    // A 401 with `WWW-Authenticate` (a refused client, RFC 6749 5.2; a refused token, RFC 6750):
    // the library stops at the header, but the body usually has the OAuth error too.
    const parameters = challenge.cause[0]?.parameters;
    const answer = (await oauthErrorBody(challenge.response)) ?? { error: parameters?.error, error_description: parameters?.error_description };
    return oauthError(provider, step, { ...answer, status: challenge.status });
  }

  // A non-conforming HTTP status keeps the response as the cause.
  const response = chain.find((link): link is Response => link instanceof Response);
  if (response) return statusError(provider, step, response.status);

  // The innermost library error carries the precise reason.
  const reason = chain.filter((link): link is Error => link instanceof Error).at(-1)?.message ?? 'unknown error';
  const codes = chain.map((link) => (link as { code?: unknown }).code);
  const aboutIdToken = step === 'token' && (codes.some((code) => typeof code === 'string' && idTokenCodes.has(code)) || /\b(JWT|JWS|ID Token)\b/.test(reason));
  if (aboutIdToken) {
    const claim = failedClaim(error);
    return new ConnectorError('social_id_token_invalid', `${provider} ID token was rejected: ${reason}`, claim === undefined ? { reason } : { reason, claim });
  }
  return new ConnectorError('invalid_response', `${provider} answered the ${stepLabel(step)} with something unusable: ${reason}`, { reason });
}

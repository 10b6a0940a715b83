// How an OAuth 2.0 provider's refusals become connector errors. Shared by the token request and
// the protected-resource calls so every preset maps the same answer to the same code.
import { ConnectorError } from '../kit.ts';
import type { ProviderResponse } from '../kit.ts';

/** Provider text (error descriptions, messages) is shown to admins: keep it short and secret-free. */
const maxProviderTextLength = 500;

/**
 * Provider text may echo what we sent (a careless server repeating the request), and callback
 * parameters are attacker-controlled: cut it short and blank out every secret we know of.
 */
export function sanitizeProviderText(text: string, secrets: readonly (string | undefined)[] = []): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) clean = clean.split(secret).join('***');
  }
  return clean.length > maxProviderTextLength ? `${clean.slice(0, maxProviderTextLength)}…` : clean;
}

export type OAuthErrorBody = { error: string; error_description?: string; error_uri?: string };

/** An RFC 6749 §5.2 error answer (`{ error, error_description? }`), whatever its encoding. */
export function readOAuthError(body: Record<string, unknown> | undefined): OAuthErrorBody | undefined {
  if (!body || typeof body.error !== 'string' || body.error.length === 0) return undefined;
  return {
    error: body.error,
    error_description: typeof body.error_description === 'string' ? body.error_description : undefined,
    error_uri: typeof body.error_uri === 'string' ? body.error_uri : undefined,
  };
}

/** Decodes an answer body as JSON or as a form, without failing: for error detection only. */
export function decodeLoosely(text: string, format: 'json' | 'form'): Record<string, unknown> | undefined {
  if (format === 'form') {
    if (!text.includes('=') || text.trimStart().startsWith('{')) return undefined;
    return Object.fromEntries(new URLSearchParams(text.trim()));
  }
  try {
    const json: unknown = JSON.parse(text);
    return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The format an answer declares in its Content-Type, if it declares one we know. */
export function declaredFormat(response: ProviderResponse): 'json' | 'form' | undefined {
  const contentType = response.headers.get('content-type')?.toLowerCase() ?? '';
  if (contentType.includes('json')) return 'json';
  if (contentType.includes('application/x-www-form-urlencoded')) return 'form';
  return undefined;
}

/** What an admin may see of a provider's error: its code and message, never our request. */
export function providerErrorData(
  status: number,
  body: Record<string, unknown> | undefined,
  secrets: readonly (string | undefined)[],
): Record<string, unknown> {
  const data: Record<string, unknown> = { status };
  const oauthError = readOAuthError(body);
  const code = oauthError?.error ?? (typeof body?.code === 'string' ? body.code : undefined);
  const message = oauthError?.error_description ?? (typeof body?.message === 'string' ? body.message : undefined);
  if (code !== undefined) data.providerCode = sanitizeProviderText(code, secrets);
  if (message !== undefined) data.providerMessage = sanitizeProviderText(message, secrets);
  return data;
}

/**
 * The error for a non-2xx answer that carries no OAuth error code we act on: rate limits and
 * outages are told apart from refusals so the API maps them to 429 / 504 rather than 400.
 */
export function errorFromStatus(
  provider: string,
  what: string,
  response: ProviderResponse,
  secrets: readonly (string | undefined)[],
): ConnectorError {
  const body = decodeLoosely(response.text, declaredFormat(response) ?? 'json');
  const data = providerErrorData(response.status, body, secrets);
  if (response.status === 429) return new ConnectorError('rate_limit_exceeded', `${provider} rate-limited the ${what}`, data);
  if (response.status >= 500) {
    return new ConnectorError('provider_unavailable', `${provider} failed the ${what} (HTTP ${response.status})`, data);
  }
  return new ConnectorError('general', `${provider} refused the ${what} (HTTP ${response.status})`, data);
}

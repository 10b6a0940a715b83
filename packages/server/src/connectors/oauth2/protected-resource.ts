// Calls made with the user's access token (userinfo endpoints, provider APIs).
import type { z } from 'zod';
import { ConnectorError, callProvider, parseProviderJson } from '../kit.ts';
import type { ConnectorContext, ProviderResponse } from '../kit.ts';
import { errorFromStatus } from './provider-errors.ts';

export type ProtectedResourceRequest = {
  provider: string;
  url: string;
  accessToken: string;
  /** Extra headers (GitHub wants `User-Agent` and its own `Accept`). */
  headers?: Record<string, string>;
  /** Says what `what` means in error messages, e.g. `user info request`. */
  what?: string;
  /**
   * A provider's own reading of a failed answer (e.g. GitHub's rate limit comes as 403), consulted
   * before the standard mapping; return undefined to fall through.
   */
  classifyFailure?: (response: ProviderResponse) => ConnectorError | undefined;
};

/** GETs a JSON resource with `Authorization: Bearer`; 401 means the token is no good. */
export async function fetchProtectedJson<T extends z.ZodType>(
  request: ProtectedResourceRequest,
  schema: T,
  context: ConnectorContext,
): Promise<z.output<T>> {
  const { provider, accessToken } = request;
  const what = request.what ?? 'user info request';
  const response = await callProvider(
    provider,
    request.url,
    { method: 'GET', headers: { Accept: 'application/json', ...request.headers, Authorization: `Bearer ${accessToken}` } },
    context,
  );
  if (response.status < 200 || response.status >= 300) {
    const custom = request.classifyFailure?.(response);
    if (custom) throw custom;
    if (response.status === 401) {
      throw new ConnectorError('social_access_token_invalid', `${provider} did not accept the access token for the ${what}`, { status: 401 });
    }
    throw errorFromStatus(provider, what, response, [accessToken]);
  }
  return parseProviderJson(provider, response.text, schema);
}

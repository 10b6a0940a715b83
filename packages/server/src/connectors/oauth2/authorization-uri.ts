// Builds the URI the browser is sent to. The endpoint may carry its own query (some providers
// want e.g. `?prompt=consent` there); our parameters are added to it, never replacing the path.

/** Parameters a connector's `customConfig` may not set: the flow and its protections depend on them. */
export const reservedOAuthParameters = new Set([
  'response_type',
  'client_id',
  'client_secret',
  'redirect_uri',
  'state',
  'code',
  'code_challenge',
  'code_challenge_method',
  'code_verifier',
  'grant_type',
  'client_assertion',
  'client_assertion_type',
]);

export type AuthorizationParameters = {
  clientId: string;
  redirectUri: string;
  state: string;
  scope?: string;
  /** Always `code` today; kept as a parameter so the URI shows exactly what the config says. */
  responseType?: string;
  codeChallenge?: string;
  /** Provider-specific extras (e.g. `prompt`, `access_type`); reserved names are ignored. */
  extra?: Record<string, string>;
};

export function buildAuthorizationUri(endpoint: string, parameters: AuthorizationParameters): string {
  const url = new URL(endpoint);
  const query = url.searchParams;
  query.set('response_type', parameters.responseType ?? 'code');
  query.set('client_id', parameters.clientId);
  query.set('redirect_uri', parameters.redirectUri);
  if (parameters.scope) query.set('scope', parameters.scope);
  query.set('state', parameters.state);
  if (parameters.codeChallenge) {
    query.set('code_challenge', parameters.codeChallenge);
    query.set('code_challenge_method', 'S256');
  }
  for (const [key, value] of Object.entries(parameters.extra ?? {})) {
    if (!reservedOAuthParameters.has(key)) query.set(key, value);
  }
  return url.toString();
}

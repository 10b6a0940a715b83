// What a connector built on the OIDC core tells it about its provider: the generic `oidc`
// connector derives these from its config, each preset (Google, Microsoft, Apple) from its own.
import type { JWTPayload } from 'jose';

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt';

export type OidcEndpoints = {
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  userinfoEndpoint?: string;
  jwksUri?: string;
};

export type OidcProviderSettings = {
  /** Names the provider in error messages ("Google", "Microsoft Entra ID" …). */
  providerName: string;
  /** Discovery at `${issuer}/.well-known/openid-configuration`; may be left out when `endpoints` and `expectedIssuer` say everything. */
  issuer?: string;
  /**
   * Accepts a discovered `issuer` that is not `issuer` itself (default: it must be the same).
   * Entra ID answers discovery for `common` with the template `…/{tenantid}/v2.0`.
   */
  acceptDiscoveredIssuer?: (discovered: string) => boolean;
  /** Override (or, without `issuer`, replace) what discovery says. */
  endpoints?: OidcEndpoints;
  /** The `iss` ID tokens must carry; default: the discovered issuer. */
  expectedIssuer?: string;
  /**
   * When an ID token's `iss` is not the expected one, the preset may name the issuer to expect
   * instead, read from the token's (not yet verified) claims, e.g. Entra ID's `{tenantid}` filled
   * with `tid`. The token is then validated in full against that issuer; `undefined` rejects it.
   */
  resolveIssuer?: (unverifiedClaims: JWTPayload, expectedIssuer: string) => string | undefined;
  /** Accepted ID token signing algorithms; default: what discovery lists, else RS256. */
  idTokenAlgorithms?: string[];
  /** Seconds of clock difference tolerated on `exp`/`iat`/`nbf` (default 30). */
  clockToleranceSeconds?: number;
  clientId: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** A function when the secret must be made per request (Apple signs a short-lived JWT). */
  clientSecret: string | (() => Promise<string>);
  /** Space-delimited, sent as is. */
  scope: string;
  /** Extra authorization request parameters (`prompt`, `response_mode` …); they never replace the protocol's own. */
  authorizationParameters?: Record<string, string>;
  /** `max_age`: the ID token's `auth_time` must then be recent enough. */
  maxAgeSeconds?: number;
  /** Merge the userinfo endpoint's claims (when the provider has one). Default: true. */
  userInfo?: boolean;
  /** Some providers (Apple) send `email_verified` as the string "true". */
  acceptStringBooleans?: boolean;
};

// Parameters the flow sets itself; extra parameters from a config may not replace them.
export const protocolParameters = [
  'client_id',
  'response_type',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'request',
  'request_uri',
] as const;

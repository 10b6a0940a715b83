// The reusable OAuth 2.0 authorization-code machinery. The generic `oauth2` connector is one user;
// presets (GitHub …) call these pieces with their provider's fixed endpoints and quirks.
export { buildAuthorizationUri, reservedOAuthParameters } from './authorization-uri.ts';
export type { AuthorizationParameters } from './authorization-uri.ts';
export { readAuthorizationCode } from './callback.ts';
export { authenticateClient, clientSecretJwt, clientSecretJwtSigningAlgorithms, tokenEndpointAuthMethods } from './client-auth.ts';
export type { ClientCredentials, ClientSecretJwtSigningAlgorithm, TokenEndpointAuthMethod } from './client-auth.ts';
export { createPkce, isPkceVerifier, pkceChallengeOf } from './pkce.ts';
export { mapProfile, valueAtPath } from './profile-map.ts';
export type { ProfileMap } from './profile-map.ts';
export { fetchProtectedJson } from './protected-resource.ts';
export type { ProtectedResourceRequest } from './protected-resource.ts';
export { errorFromStatus, sanitizeProviderText } from './provider-errors.ts';
export { requestAccessToken } from './token.ts';
export type { TokenRequest, TokenResponse, TokenResponseFormat } from './token.ts';

// The Console is a public OIDC client of this very Signet (client id `signet-console`): authorization
// code + PKCE, with `resource=<ENDPOINT>/api` so the access token is a Management API token. Only users
// holding the admin role get one (the server decides, see oidc/provider.ts).
//
// Where tokens live: the access token in memory only; the rotating refresh token in sessionStorage, so
// a reload in the same tab stays signed in but closing the tab ends it. Refresh tokens rotate with
// reuse detection on the server, which limits what a stolen one is worth.
import * as oauth from 'oauth4webapi';
import { consoleClientId, consolePostSignOutPath, consoleRedirectPath } from '@signet/schemas';

const origin = window.location.origin;
const issuer = new URL(`${origin}/oidc`);
const resource = `${origin}/api`;
const redirectUri = `${origin}${consoleRedirectPath}`;
const scope = 'openid profile email offline_access all';
const client: oauth.Client = { client_id: consoleClientId, id_token_signed_response_alg: 'ES384' };
const clientAuth = oauth.None();
// Signet runs on plain http on a developer's machine; oauth4webapi refuses http unless told.
const httpOptions = origin.startsWith('http:') ? { [oauth.allowInsecureRequests]: true } : {};

const keys = {
  pending: 'signet.console.pending-sign-in',
  refreshToken: 'signet.console.refresh-token',
  idToken: 'signet.console.id-token',
  profile: 'signet.console.profile',
};

export type AdminProfile = { sub: string; name: string };

export class SignInError extends Error {
  /** The OIDC error code (`invalid_target` when the account is not an admin). */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

let serverMetadata: Promise<oauth.AuthorizationServer> | undefined;
function authorizationServer(): Promise<oauth.AuthorizationServer> {
  serverMetadata ??= oauth
    .discoveryRequest(issuer, { algorithm: 'oidc', ...httpOptions })
    .then((response) => oauth.processDiscoveryResponse(issuer, response))
    .catch((error: unknown) => {
      serverMetadata = undefined;
      throw error;
    });
  return serverMetadata;
}

let accessToken: { value: string; expiresAt: number } | undefined;
let refreshing: Promise<string> | undefined;

/** Sends the browser to Signet's sign-in page; `returnTo` is a Console path to come back to. */
export async function startSignIn(returnTo: string): Promise<never> {
  const as = await authorizationServer();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  sessionStorage.setItem(keys.pending, JSON.stringify({ codeVerifier, state, nonce, returnTo: safeReturnPath(returnTo) }));
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: consoleClientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope,
    resource,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.href);
  return new Promise<never>(() => undefined);
}

/** Only paths inside the Console: a crafted `returnTo` must not send the admin elsewhere. */
function safeReturnPath(path: string): string {
  return /^\/console(\/|$)/.test(path) && !path.startsWith('//') ? path : '/console';
}

/** Finishes the sign-in on /console/callback; answers the Console path to show next. */
export async function completeSignIn(callbackUrl: URL): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(keys.pending) ?? 'null') as { codeVerifier: string; state: string; nonce: string; returnTo: string } | null;
  sessionStorage.removeItem(keys.pending);
  const error = callbackUrl.searchParams.get('error');
  if (error) throw new SignInError(error, callbackUrl.searchParams.get('error_description') ?? error);
  if (!pending) throw new SignInError('invalid_request', 'This sign-in was not started from this tab');
  const as = await authorizationServer();
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, callbackUrl, pending.state);
  } catch (cause) {
    throw new SignInError('invalid_request', cause instanceof Error ? cause.message : String(cause));
  }
  const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, pending.codeVerifier, {
    additionalParameters: { resource },
    ...httpOptions,
  });
  const result = await processTokens(() => oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true }));
  const claims = oauth.getValidatedIdTokenClaims(result);
  if (claims) {
    const name = String(claims.username ?? claims.name ?? claims.email ?? claims.sub);
    sessionStorage.setItem(keys.profile, JSON.stringify({ sub: claims.sub, name } satisfies AdminProfile));
  }
  if (result.id_token) sessionStorage.setItem(keys.idToken, result.id_token);
  return pending.returnTo;
}

async function processTokens(process: () => Promise<oauth.TokenEndpointResponse>): Promise<oauth.TokenEndpointResponse> {
  let result: oauth.TokenEndpointResponse;
  try {
    result = await process();
  } catch (cause) {
    if (cause instanceof oauth.ResponseBodyError) throw new SignInError(cause.error, cause.error_description ?? cause.error);
    throw cause;
  }
  accessToken = { value: result.access_token, expiresAt: Date.now() + ((result.expires_in ?? 60) - 30) * 1000 };
  if (result.refresh_token) sessionStorage.setItem(keys.refreshToken, result.refresh_token);
  return result;
}

export function hasSession(): boolean {
  return Boolean(accessToken ?? sessionStorage.getItem(keys.refreshToken));
}

export function currentProfile(): AdminProfile | undefined {
  const stored = sessionStorage.getItem(keys.profile);
  return stored ? (JSON.parse(stored) as AdminProfile) : undefined;
}

/** A valid Management API access token, refreshed when needed (one refresh at a time). */
export async function getAccessToken(forceRefresh = false): Promise<string> {
  if (!forceRefresh && accessToken && accessToken.expiresAt > Date.now()) return accessToken.value;
  refreshing ??= refresh().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function refresh(): Promise<string> {
  const refreshToken = sessionStorage.getItem(keys.refreshToken);
  if (!refreshToken) return startSignIn(currentPath());
  const as = await authorizationServer();
  const response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, { additionalParameters: { resource }, ...httpOptions });
  try {
    await processTokens(() => oauth.processRefreshTokenResponse(as, client, response));
  } catch (error) {
    // The refresh token expired, was revoked, or the admin lost the role: sign in again.
    sessionStorage.removeItem(keys.refreshToken);
    accessToken = undefined;
    if (error instanceof SignInError) return startSignIn(currentPath());
    throw error;
  }
  return accessToken!.value;
}

function currentPath(): string {
  return window.location.pathname + window.location.search;
}

/** Ends the Signet session too (RP-initiated logout), then comes back to /console. */
export async function signOut(): Promise<void> {
  const as = await authorizationServer();
  const refreshToken = sessionStorage.getItem(keys.refreshToken);
  if (refreshToken) {
    await oauth.revocationRequest(as, client, clientAuth, refreshToken, httpOptions).catch(() => undefined);
  }
  const idToken = sessionStorage.getItem(keys.idToken);
  for (const key of Object.values(keys)) sessionStorage.removeItem(key);
  accessToken = undefined;
  const url = new URL(as.end_session_endpoint!);
  url.search = new URLSearchParams({
    client_id: consoleClientId,
    post_logout_redirect_uri: `${origin}${consolePostSignOutPath}`,
    ...(idToken && { id_token_hint: idToken }),
  }).toString();
  window.location.assign(url.href);
}

/**
 * A generic OAuth 2.0 provider over real HTTP (loopback), for tests of the `oauth2` connector and
 * of anything built on it (Management API, end-to-end sign-in).
 *
 *   const fake = await startOAuth2Fake({
 *     clients: [{ clientId: 'app', clientSecret: 's3cret', redirectUris: ['http://localhost:3001/callback/x'] }],
 *     users: { alice: { id: 'u-1', name: 'Alice' } },       // key → the JSON /userinfo answers
 *   });
 *   // config: { authorizationEndpoint: fake.authorizationEndpoint, tokenEndpoint: fake.tokenEndpoint,
 *   //           userInfoEndpoint: fake.userInfoEndpoint, clientId: 'app', clientSecret: 's3cret', ... }
 *   const callback = await fake.authorize(authorizationUri);  // → { code, state } (or { error, … })
 *   await fake.close();
 *
 * Endpoints (checked like a strict real server):
 * - `GET /authorize`: known client, registered `redirect_uri` (else HTTP 400, no redirect),
 *   `response_type=code`, PKCE only as S256 (required when the client says `requirePkce`). It
 *   signs in the consenting user (`setConsent`; default: the first user) and redirects with
 *   `code` and `state`, or with `error=access_denied` when consent is `'deny'`.
 * - `POST /token` (form body): client authentication by `client_secret_basic` (RFC 6749 §2.3.1
 *   form-decoding), `client_secret_post` or `client_secret_jwt` (HS256/384/512, `aud` = token
 *   endpoint), exactly one method, and the method the client allows (`authMethod`, default any);
 *   single-use codes that expire, bound to client and `redirect_uri`; PKCE S256 verification (a
 *   verifier without a challenge is refused too). Errors are RFC 6749 §5.2 (`invalid_grant`,
 *   `invalid_client` with 401 …). Answers JSON or form-encoded (`tokenResponseType`).
 * - `GET|POST /userinfo`: `Authorization: Bearer <token>` else 401 with `WWW-Authenticate`;
 *   answers the user's profile JSON exactly as configured (nest it to test `profileMap` paths).
 *
 * Knobs: `setConsent`, `setFault(endpoint, fault)` (status / delay / malformed / drop),
 * `setTokenResponseType`, `setTokenContentType` (e.g. `text/plain` to hide the format),
 * `setAccessTokenLifetime` (0 → every token is already expired at /userinfo), `revokeTokens`, `issueCode` (mint a code without the browser step), `reset`; every request is
 * in `requests` / `requestsTo(endpoint)`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { form, json, redirect, startFakeServer } from './fake-http.ts';
import type { FakeAnswer, FakeRequest, Fault } from './fake-http.ts';
import { pkceChallengeOf } from './pkce.ts';
import type { TokenEndpointAuthMethod } from './client-auth.ts';

export type { Fault, FakeRequest } from './fake-http.ts';

export type OAuth2FakeClient = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** The one client authentication method accepted; default: any of the three. */
  authMethod?: TokenEndpointAuthMethod;
  /** Refuse authorization requests without a PKCE challenge. */
  requirePkce?: boolean;
};

export type OAuth2FakeOptions = {
  clients: OAuth2FakeClient[];
  /** User key → the profile JSON `/userinfo` answers (any shape). */
  users: Record<string, Record<string, unknown>>;
  /** The token endpoint's answer format; default `json`. */
  tokenResponseType?: 'json' | 'query-string';
  /** How long a code may be redeemed; default 60 s. */
  codeTtlMs?: number;
};

export type OAuth2FakeEndpoint = 'authorize' | 'token' | 'userinfo';

export type OAuth2Fake = {
  url: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  userInfoEndpoint: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  requestsTo(endpoint: OAuth2FakeEndpoint): FakeRequest[];
  /** Who `/authorize` signs in and approves, or `'deny'` for `error=access_denied`. */
  setConsent(consent: { user: string } | 'deny'): void;
  /** A fault for every request to an endpoint until cleared with `undefined` or `reset()`. */
  setFault(endpoint: OAuth2FakeEndpoint, fault: Fault | undefined): void;
  setTokenResponseType(type: 'json' | 'query-string'): void;
  /** Overrides the Content-Type of token answers (e.g. `text/plain`); undefined restores it. */
  setTokenContentType(contentType: string | undefined): void;
  /** Makes every access token issued so far invalid (userinfo answers 401). */
  revokeTokens(): void;
  /** Lifetime of access tokens issued from now on (default 1 h); 0 makes them expired at once. */
  setAccessTokenLifetime(ms: number | undefined): void;
  /** Mints a code as `/authorize` would, without the browser step. */
  issueCode(grant: { clientId: string; redirectUri: string; user: string; codeChallenge?: string }): string;
  /** Follows an authorization URI like a browser and returns the callback's query parameters. */
  authorize(authorizationUri: string): Promise<Record<string, string>>;
  /** Clears faults, consent, format overrides and recorded requests. */
  reset(): void;
  close(): Promise<void>;
};

type CodeGrant = { clientId: string; redirectUri: string; user: string; codeChallenge?: string; expiresAt: number; used: boolean; tokens: string[] };

const endpointOf: Record<string, OAuth2FakeEndpoint> = { '/authorize': 'authorize', '/token': 'token', '/userinfo': 'userinfo' };

export async function startOAuth2Fake(options: OAuth2FakeOptions): Promise<OAuth2Fake> {
  const clients = new Map(options.clients.map((client) => [client.clientId, client]));
  const codes = new Map<string, CodeGrant>();
  /** Access token → the user it speaks for and when it expires. */
  const tokens = new Map<string, { user: string; expiresAt: number }>();
  let accessTokenLifetimeMs = 3_600_000;
  const faults = new Map<OAuth2FakeEndpoint, Fault>();
  const firstUser = Object.keys(options.users)[0];
  let consent: { user: string } | 'deny' | undefined;
  let tokenResponseType = options.tokenResponseType ?? 'json';
  let tokenContentType: string | undefined;
  const codeTtlMs = options.codeTtlMs ?? 60_000;
  let tokenEndpoint = '';

  const mint = () => randomBytes(24).toString('base64url');

  function issueCode(grant: { clientId: string; redirectUri: string; user: string; codeChallenge?: string }): string {
    const code = mint();
    codes.set(code, { ...grant, expiresAt: Date.now() + codeTtlMs, used: false, tokens: [] });
    return code;
  }

  function tokenAnswer(status: number, value: Record<string, string | number>, headers: Record<string, string> = {}): FakeAnswer {
    const strings = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]));
    const answer = tokenResponseType === 'json' ? json(status, value, headers) : form(status, strings, headers);
    if (tokenContentType) answer.headers = { ...answer.headers, 'content-type': tokenContentType };
    return answer;
  }

  const tokenError = (error: string, description: string, status = 400, headers: Record<string, string> = {}) =>
    tokenAnswer(status, { error, error_description: description }, headers);

  function handleAuthorize(request: FakeRequest): FakeAnswer {
    const { client_id: clientId, redirect_uri: redirectUri, state, response_type: responseType } = request.query;
    const client = clientId === undefined ? undefined : clients.get(clientId);
    // An unknown client or redirect URI is shown to the user, never redirected (RFC 6749 §4.1.2.1).
    if (!client) return { status: 400, headers: { 'content-type': 'text/plain' }, body: 'unknown client_id' };
    if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
      return { status: 400, headers: { 'content-type': 'text/plain' }, body: 'redirect_uri is not registered for this client' };
    }
    const back = (parameters: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [key, value] of Object.entries(parameters)) target.searchParams.set(key, value);
      if (state !== undefined) target.searchParams.set('state', state);
      return redirect(target.toString());
    };
    if (responseType !== 'code') return back({ error: 'unsupported_response_type', error_description: 'only response_type=code is supported' });
    const { code_challenge: challenge, code_challenge_method: method } = request.query;
    if (challenge !== undefined && method !== 'S256') return back({ error: 'invalid_request', error_description: 'code_challenge_method must be S256' });
    if (challenge === undefined && method !== undefined) return back({ error: 'invalid_request', error_description: 'code_challenge_method without code_challenge' });
    if (client.requirePkce && challenge === undefined) return back({ error: 'invalid_request', error_description: 'PKCE is required for this client' });
    if (consent === 'deny') return back({ error: 'access_denied', error_description: 'The user denied the request' });
    const user = consent?.user ?? firstUser;
    if (user === undefined || !(user in options.users)) return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'the fake has no such user' };
    return back({ code: issueCode({ clientId: client.clientId, redirectUri, user, codeChallenge: challenge }) });
  }

  /** The authenticated client, or the error answer. */
  function authenticate(request: FakeRequest): OAuth2FakeClient | FakeAnswer {
    const presented: { method: TokenEndpointAuthMethod; clientId: string; check: (client: OAuth2FakeClient) => boolean }[] = [];
    const authorization = request.headers.authorization;
    if (authorization?.toLowerCase().startsWith('basic ')) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return tokenError('invalid_request', 'malformed Basic credentials');
      const formDecode = (text: string) => new URLSearchParams(`v=${text}`).get('v') ?? '';
      const id = formDecode(decoded.slice(0, colon));
      const secret = formDecode(decoded.slice(colon + 1));
      presented.push({ method: 'client_secret_basic', clientId: id, check: (client) => safeEqual(client.clientSecret, secret) });
    }
    if (request.form.client_secret !== undefined) {
      const secret = request.form.client_secret;
      presented.push({ method: 'client_secret_post', clientId: request.form.client_id ?? '', check: (client) => safeEqual(client.clientSecret, secret) });
    }
    if (request.form.client_assertion !== undefined) {
      if (request.form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return tokenError('invalid_request', 'unsupported client_assertion_type');
      }
      const assertion = request.form.client_assertion;
      const claimed = jwtIssuer(assertion) ?? '';
      presented.push({ method: 'client_secret_jwt', clientId: claimed, check: (client) => verifyClientJwt(assertion, client, tokenEndpoint) });
    }
    if (presented.length > 1) return tokenError('invalid_request', 'more than one client authentication method');
    const [credentials] = presented;
    const unauthorized = tokenError('invalid_client', 'client authentication failed', 401, { 'www-authenticate': 'Basic realm="fake"' });
    if (!credentials) return unauthorized;
    if (request.form.client_id !== undefined && request.form.client_id !== credentials.clientId) return unauthorized;
    const client = clients.get(credentials.clientId);
    if (!client || (client.authMethod && client.authMethod !== credentials.method) || !credentials.check(client)) return unauthorized;
    return client;
  }

  function handleToken(request: FakeRequest): FakeAnswer {
    if (request.method !== 'POST') return { status: 405, headers: { allow: 'POST' }, body: '' };
    if (!(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
      return tokenError('invalid_request', 'the body must be application/x-www-form-urlencoded');
    }
    const client = authenticate(request);
    if ('status' in client) return client;
    const { grant_type: grantType, code, redirect_uri: redirectUri, code_verifier: verifier } = request.form;
    if (grantType !== 'authorization_code') return tokenError('unsupported_grant_type', 'only authorization_code is supported');
    if (!code) return tokenError('invalid_request', 'code is missing');
    const grant = codes.get(code);
    if (!grant || grant.expiresAt < Date.now()) return tokenError('invalid_grant', 'the authorization code is invalid or expired');
    if (grant.used) {
      // A replayed code: revoke what it gave (RFC 6749 §4.1.2).
      for (const token of grant.tokens) tokens.delete(token);
      return tokenError('invalid_grant', 'the authorization code was already used');
    }
    grant.used = true;
    if (grant.clientId !== client.clientId) return tokenError('invalid_grant', 'the code was issued to another client');
    if (grant.redirectUri !== redirectUri) return tokenError('invalid_grant', 'redirect_uri does not match the authorization request');
    if (grant.codeChallenge !== undefined) {
      if (!verifier) return tokenError('invalid_grant', 'code_verifier is required');
      if (pkceChallengeOf(verifier) !== grant.codeChallenge) return tokenError('invalid_grant', 'PKCE verification failed');
    } else if (verifier !== undefined) {
      return tokenError('invalid_grant', 'code_verifier sent but the authorization request had no code_challenge');
    }
    const accessToken = mint();
    tokens.set(accessToken, { user: grant.user, expiresAt: Date.now() + accessTokenLifetimeMs });
    grant.tokens.push(accessToken);
    return tokenAnswer(200, { access_token: accessToken, token_type: 'bearer', expires_in: Math.floor(accessTokenLifetimeMs / 1000), scope: 'profile' }, { 'cache-control': 'no-store' });
  }

  function handleUserInfo(request: FakeRequest): FakeAnswer {
    const unauthorized = json(401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const token = match?.[1] === undefined ? undefined : tokens.get(match[1]);
    if (token === undefined || token.expiresAt <= Date.now()) return unauthorized;
    return json(200, options.users[token.user] ?? {});
  }

  const server = await startFakeServer(
    (request) => {
      const endpoint = endpointOf[request.path];
      if (endpoint === 'authorize') return handleAuthorize(request);
      if (endpoint === 'token') return handleToken(request);
      if (endpoint === 'userinfo') return handleUserInfo(request);
      return json(404, { error: 'not_found' });
    },
    (request) => {
      const endpoint = endpointOf[request.path];
      return endpoint === undefined ? undefined : faults.get(endpoint);
    },
  );
  tokenEndpoint = `${server.url}/token`;

  return {
    url: server.url,
    authorizationEndpoint: `${server.url}/authorize`,
    tokenEndpoint,
    userInfoEndpoint: `${server.url}/userinfo`,
    requests: server.requests,
    requestsTo: (endpoint) => server.requests.filter((request) => endpointOf[request.path] === endpoint),
    setConsent(value) {
      consent = value;
    },
    setFault(endpoint, fault) {
      if (fault) faults.set(endpoint, fault);
      else faults.delete(endpoint);
    },
    setTokenResponseType(type) {
      tokenResponseType = type;
    },
    setTokenContentType(contentType) {
      tokenContentType = contentType;
    },
    revokeTokens() {
      tokens.clear();
    },
    setAccessTokenLifetime(ms) {
      accessTokenLifetimeMs = ms ?? 3_600_000;
    },
    issueCode,
    async authorize(authorizationUri) {
      const response = await fetch(authorizationUri, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status !== 302 || !location) throw new Error(`the fake did not redirect (HTTP ${response.status}): ${await response.text()}`);
      return Object.fromEntries(new URL(location).searchParams);
    },
    reset() {
      faults.clear();
      consent = undefined;
      tokenResponseType = options.tokenResponseType ?? 'json';
      tokenContentType = undefined;
      accessTokenLifetimeMs = 3_600_000;
      server.requests.length = 0;
    },
    close: () => server.close(),
  };
}

function safeEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

function decodeJwtPart(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function jwtIssuer(jwt: string): string | undefined {
  const issuer = decodeJwtPart(jwt.split('.')[1])?.iss;
  return typeof issuer === 'string' ? issuer : undefined;
}

const hmacHashOf: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** RFC 7523 §3 checks of a `client_secret_jwt` assertion. */
function verifyClientJwt(jwt: string, client: OAuth2FakeClient, audience: string): boolean {
  const [header, payload, signature] = jwt.split('.');
  const alg = decodeJwtPart(header)?.alg;
  const claims = decodeJwtPart(payload);
  const hash = typeof alg === 'string' ? hmacHashOf[alg] : undefined;
  if (!hash || !claims || signature === undefined) return false;
  const expected = createHmac(hash, client.clientSecret).update(`${header}.${payload}`).digest('base64url');
  if (!safeEqual(expected, signature)) return false;
  const now = Math.floor(Date.now() / 1000);
  const aud = claims.aud;
  const audienceOk = aud === audience || (Array.isArray(aud) && aud.includes(audience));
  return claims.iss === client.clientId && claims.sub === client.clientId && audienceOk && typeof claims.exp === 'number' && claims.exp > now && typeof claims.jti === 'string';
}

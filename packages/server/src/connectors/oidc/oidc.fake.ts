/**
 * A small but real OpenID Connect provider on a loopback port, for tests of the `oidc` connector
 * and the presets built on it (Google, Microsoft Entra ID, Apple), and for any other test
 * (Management API, end to end) that needs a social sign-in provider.
 *
 *   const fake = await startOidcFake({
 *     clients: [{ clientId: 'app', auth: { method: 'client_secret_post', clientSecret: 's3cret' } }],
 *     users: [{ sub: 'u1', claims: { name: 'Ada', email: 'ada@example.com', email_verified: true } }],
 *   });
 *   const config = { issuer: fake.issuer, clientId: 'app', clientSecret: 's3cret' };
 *   const url = await connector.getAuthorizationUri(config, { state, redirectUri, connectorInstanceId, setSession }, context);
 *   const callbackData = await fake.authorize(url); // the user signs in and consents; the callback parameters
 *   const user = await connector.getUserInfo(config, callbackData, { redirectUri, session }, context);
 *   await fake.close();
 *
 * Endpoints, under the issuer: `/.well-known/openid-configuration`, `/jwks`, `/authorize`, `/token`,
 * `/userinfo`. They check what real providers check:
 * - `/authorize` (GET): known `client_id`, registered `redirect_uri` (when the client lists them),
 *   `response_type=code`, `openid` in `scope` (except Apple style), S256 PKCE when a challenge is
 *   sent. It signs in a user at once (header `x-fake-user: <sub>`, else `knobs.authorizeAs`, else
 *   the first user) and redirects back with `code` and `state`, or answers an auto-submitting HTML
 *   form for `response_mode=form_post`. `x-fake-deny: 1` (or `knobs.authorizeError`) sends back
 *   `error=access_denied` instead. `fake.authorize(url)` does this request and returns the callback
 *   parameters (from the redirect or the form).
 * - `/token`: client authentication (`client_secret_basic`, `client_secret_post`,
 *   `client_secret_jwt` HS256, or Apple's ES256 client-secret JWT: iss = team id, sub = client id,
 *   aud = https://appleid.apple.com, kid = key id, signed with the registered key, at most six
 *   months long) → 401 `invalid_client`; `grant_type=authorization_code`; the code known, unused
 *   (single use), unexpired, of this client, the same `redirect_uri`, and the PKCE verifier
 *   matching the challenge (a verifier without a challenge is refused too) → 400 `invalid_grant`.
 *   Success: `access_token`, `token_type`, `expires_in`, `id_token` (RS256 or ES256, `kid` in the
 *   JWKS) with iss, aud, exp, iat, auth_time, nonce and the user's claims allowed by the scope.
 * - `/userinfo`: Bearer access token → the user's claims (401 `invalid_token` otherwise).
 *
 * Microsoft style: an `issuerPath` with `{tenantid}` (e.g. `/{tenantid}/v2.0`) serves every tenant
 * segment: `common`/`organizations` answer discovery with the template as issuer, `consumers` with
 * the Microsoft-account tenant, a GUID with itself, a domain in `tenantAliases` with its GUID; ID
 * tokens carry `tid` (the user's `claims.tid`, else the requested tenant) and `iss` with it filled in.
 * Apple style (`appleStyle: true`): no `openid` needed in scope, no profile claims in the ID token,
 * no userinfo endpoint, and the `user` JSON (name, email) in the callback on a user's first consent.
 *
 * Knobs (`fake.knobs`, cleared by `fake.reset()`): `delayMs` and `malformed` ('not-json' |
 * 'wrong-shape') and `status` (a bare HTTP status) per endpoint; `tokenError` (an OAuth error answer);
 * `discoveryIssuer` (another issuer in discovery); ID token: `idTokenIssuer`, `idTokenAudience`,
 * `idTokenExpired`, `idTokenNonce`, `idTokenClaims` (added/overridden), `badSignature` (signed by a
 * key not in the JWKS, same `kid`), `omitIdToken`; `userinfoSub`; `authorizeAs`, `authorizeError`.
 * What arrived is in `fake.received` (authorization requests, token requests with their client
 * authentication, userinfo requests, and a count per endpoint).
 */
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type { JWK, JWTPayload } from 'jose';

export type OidcFakeAlg = 'RS256' | 'ES256';

export type OidcFakeClientAuth =
  | { method: 'client_secret_basic' | 'client_secret_post' | 'client_secret_jwt'; clientSecret: string }
  /** Sign in with Apple: `client_secret` is an ES256 JWT signed with the key registered here. */
  | { method: 'apple_client_secret_jwt'; teamId: string; keyId: string; publicKey: KeyObject | string };

export type OidcFakeClient = {
  clientId: string;
  auth: OidcFakeClientAuth;
  /** When given, `/authorize` accepts only these. */
  redirectUris?: string[];
};

export type OidcFakeUser = {
  sub: string;
  /** Claims for the ID token and userinfo (filtered by scope: profile, email, phone, address). */
  claims?: Record<string, unknown>;
  /** Claims only the userinfo endpoint returns. */
  userinfo?: Record<string, unknown>;
};

export type OidcFakeEndpoint = 'discovery' | 'jwks' | 'authorize' | 'token' | 'userinfo';

export type OidcFakeKnobs = {
  delayMs: Partial<Record<OidcFakeEndpoint, number>>;
  malformed: Partial<Record<OidcFakeEndpoint, 'not-json' | 'wrong-shape'>>;
  /** A bare HTTP status (plain-text body) for an endpoint, e.g. 503. */
  status: Partial<Record<OidcFakeEndpoint, number>>;
  tokenError?: { status: number; error: string; error_description?: string };
  discoveryIssuer?: string;
  idTokenIssuer?: string;
  idTokenAudience?: string | string[];
  idTokenExpired?: boolean;
  idTokenNonce?: string;
  idTokenClaims?: Record<string, unknown>;
  badSignature?: boolean;
  omitIdToken?: boolean;
  userinfoSub?: string;
  authorizeAs?: string;
  authorizeError?: { error: string; error_description?: string };
};

export type OidcFakeOptions = {
  /** Path of the issuer under the origin: '' (default), '/realms/x', '/{tenantid}/v2.0' (Microsoft style). */
  issuerPath?: string;
  clients: OidcFakeClient[];
  users: OidcFakeUser[];
  /** ID token signing algorithm (default RS256). */
  alg?: OidcFakeAlg;
  appleStyle?: boolean;
  /** RFC 9207: advertise `authorization_response_iss_parameter_supported` and send `iss` back. */
  issParameter?: boolean;
  /** Microsoft style: tenant domain names and the tenant ids they stand for ('contoso.onmicrosoft.com' → GUID). */
  tenantAliases?: Record<string, string>;
};

export type OidcFakeTokenRequest = {
  params: Record<string, string>;
  authorization?: string;
  /** How the client authenticated, when it did. */
  clientAuthMethod?: OidcFakeClientAuth['method'];
};

export type MintCodeInput = {
  clientId: string;
  sub: string;
  redirectUri: string;
  scope?: string;
  nonce?: string;
  codeChallenge?: string;
  /** Microsoft style: the tenant segment the sign-in went through. */
  tenant?: string;
};

export type OidcFake = {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `url` + `issuerPath` (with `{tenantid}` left in, Microsoft style). */
  issuer: string;
  /** The concrete issuer for a tenant segment (Microsoft style); `issuer` otherwise. */
  issuerFor(tenant?: string): string;
  endpoints(tenant?: string): { authorization: string; token: string; userinfo: string; jwks: string; discovery: string };
  knobs: OidcFakeKnobs;
  received: {
    authorize: Array<Record<string, string>>;
    token: OidcFakeTokenRequest[];
    userinfo: Array<{ authorization?: string }>;
    count: Record<OidcFakeEndpoint, number>;
  };
  /** Issues an authorization code directly (what `/authorize` does after the user agreed). */
  mintCode(input: MintCodeInput): string;
  /** Performs the authorization request and returns the callback parameters. */
  authorize(authorizationUrl: string, options?: { sub?: string; deny?: boolean }): Promise<Record<string, string>>;
  /** Clears knobs and what was received (codes and keys stay). */
  reset(): void;
  close(): Promise<void>;
};

/** The tenant of personal Microsoft accounts. */
export const microsoftConsumersTenantId = '9188040d-6c67-4c5b-b112-36a304b66dad';
export const appleClientSecretAudience = 'https://appleid.apple.com';

const profileClaims = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture',
  'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at',
];
const scopedClaims: Record<string, string[]> = {
  profile: profileClaims,
  email: ['email', 'email_verified', 'is_private_email'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
};
const allScopedClaims = new Set(Object.values(scopedClaims).flat());

type IssuedCode = { clientId: string; sub: string; redirectUri: string; scope: string; nonce?: string; codeChallenge?: string; tenant?: string; expiresAt: number; used: boolean };
type IssuedToken = { sub: string; clientId: string; scope: string; tenant?: string };

class OAuthAnswer extends Error {
  constructor(readonly status: number, readonly error: string, description: string, readonly headers: Record<string, string> = {}) {
    super(description);
  }
}

const emptyKnobs = (): OidcFakeKnobs => ({ delayMs: {}, malformed: {}, status: {} });
const randomId = (bytes = 24) => randomBytes(bytes).toString('base64url');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const unescapeHtml = (text: string) =>
  text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
// application/x-www-form-urlencoded, as RFC 6749 2.3.1 wants for Basic credentials.
const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

function claimsForScope(claims: Record<string, unknown>, scope: string, appleStyle: boolean): Record<string, unknown> {
  const scopes = new Set(scope.split(' '));
  const allowed = new Set(Object.entries(scopedClaims).flatMap(([name, list]) => (scopes.has(name) ? list : [])));
  // Apple puts no profile claims in its ID token; the name only arrives in the callback's `user`.
  if (appleStyle) for (const claim of profileClaims) allowed.delete(claim);
  return Object.fromEntries(Object.entries(claims).filter(([key]) => !allScopedClaims.has(key) || allowed.has(key)));
}

export async function startOidcFake(options: OidcFakeOptions): Promise<OidcFake> {
  const alg = options.alg ?? 'RS256';
  const issuerPath = options.issuerPath ?? '';
  const templated = issuerPath.includes('{tenantid}');
  const appleStyle = options.appleStyle ?? false;
  const keys = await generateKeyPair(alg, { extractable: true });
  const foreignKeys = await generateKeyPair(alg, { extractable: true });
  const kid = randomId(8);
  const publicJwk: JWK = { ...(await exportJWK(keys.publicKey)), kid, alg, use: 'sig' };

  const codes = new Map<string, IssuedCode>();
  const accessTokens = new Map<string, IssuedToken>();
  const consented = new Set<string>();
  const received: OidcFake['received'] = {
    authorize: [],
    token: [],
    userinfo: [],
    count: { discovery: 0, jwks: 0, authorize: 0, token: 0, userinfo: 0 },
  };
  const fake = { knobs: emptyKnobs() } as { knobs: OidcFakeKnobs };
  let origin = '';

  // The path prefix of the issuer: fixed, or with any tenant segment (Microsoft style).
  const prefixPattern = new RegExp(`^${escapeRegExp(issuerPath).replace(escapeRegExp('{tenantid}'), '([^/]+)')}(/.*)$`);
  const basePath = (tenant?: string) => (templated ? issuerPath.replace('{tenantid}', tenant ?? 'common') : issuerPath);

  const discoveredIssuer = (segment?: string) => {
    if (!templated) return origin + issuerPath;
    const tenant = (segment !== undefined && options.tenantAliases?.[segment]) || segment;
    if (tenant === 'consumers') return origin + issuerPath.replace('{tenantid}', microsoftConsumersTenantId);
    if (tenant === undefined || tenant === 'common' || tenant === 'organizations') return origin + issuerPath;
    return origin + issuerPath.replace('{tenantid}', tenant);
  };
  const tenantOf = (user: OidcFakeUser, segment?: string) => {
    const tid = user.claims?.tid;
    if (typeof tid === 'string') return tid;
    const tenant = (segment !== undefined && options.tenantAliases?.[segment]) || segment;
    if (tenant === 'consumers') return microsoftConsumersTenantId;
    return tenant ?? 'common';
  };
  const endpoints = (tenant?: string) => {
    const base = origin + basePath(tenant);
    return {
      discovery: `${base}/.well-known/openid-configuration`,
      authorization: `${base}/authorize`,
      token: `${base}/token`,
      userinfo: `${base}/userinfo`,
      jwks: `${base}/jwks`,
    };
  };

  function findClient(clientId: string | undefined) {
    return options.clients.find((client) => client.clientId === clientId);
  }
  function findUser(sub: string | undefined) {
    return options.users.find((user) => user.sub === sub);
  }

  function mintCode(input: MintCodeInput): string {
    const code = randomId();
    const issued: IssuedCode = {
      clientId: input.clientId,
      sub: input.sub,
      redirectUri: input.redirectUri,
      scope: input.scope ?? 'openid profile email',
      expiresAt: Date.now() + 60_000,
      used: false,
    };
    if (input.nonce !== undefined) issued.nonce = input.nonce;
    if (input.codeChallenge !== undefined) issued.codeChallenge = input.codeChallenge;
    if (input.tenant !== undefined) issued.tenant = input.tenant;
    codes.set(code, issued);
    return code;
  }

  async function signIdToken(payload: JWTPayload): Promise<string> {
    const key = fake.knobs.badSignature ? foreignKeys.privateKey : keys.privateKey;
    return new SignJWT(payload).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(key);
  }

  async function idTokenFor(issued: IssuedCode, user: OidcFakeUser): Promise<string> {
    const knobs = fake.knobs;
    const now = Math.floor(Date.now() / 1000);
    const iat = knobs.idTokenExpired ? now - 7200 : now;
    const claims: JWTPayload = { ...claimsForScope(user.claims ?? {}, issued.scope, appleStyle) };
    let issuer = discoveredIssuer(issued.tenant);
    if (templated) {
      const tid = tenantOf(user, issued.tenant);
      claims.tid = tid;
      issuer = origin + issuerPath.replace('{tenantid}', tid);
    }
    const payload: JWTPayload = {
      ...claims,
      iss: knobs.idTokenIssuer ?? issuer,
      sub: user.sub,
      aud: knobs.idTokenAudience ?? issued.clientId,
      iat,
      exp: iat + 3600,
      auth_time: iat,
      ...(issued.nonce !== undefined || knobs.idTokenNonce !== undefined ? { nonce: knobs.idTokenNonce ?? issued.nonce } : {}),
      ...knobs.idTokenClaims,
    };
    return signIdToken(payload);
  }

  // ---- client authentication at the token endpoint ----

  async function authenticateClient(request: IncomingMessage, params: Record<string, string>, tokenEndpoint: string) {
    const header = request.headers.authorization;
    const invalid = (description: string, basic = false) =>
      new OAuthAnswer(401, 'invalid_client', description, basic ? { 'www-authenticate': 'Basic realm="fake"' } : {});
    if (header?.startsWith('Basic ')) {
      if (params.client_secret !== undefined || params.client_assertion !== undefined) {
        throw new OAuthAnswer(400, 'invalid_request', 'more than one client authentication method');
      }
      const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const clientId = formDecode(decoded.slice(0, colon));
      const secret = formDecode(decoded.slice(colon + 1));
      const client = findClient(clientId);
      if (colon < 0 || !client || client.auth.method !== 'client_secret_basic' || client.auth.clientSecret !== secret) {
        throw invalid('client authentication failed', true);
      }
      return { client, method: client.auth.method };
    }
    if (params.client_assertion_type !== undefined) {
      if (params.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || !params.client_assertion) {
        throw invalid('unsupported client assertion');
      }
      let clientId: string | undefined;
      try {
        clientId = decodeJwt(params.client_assertion).sub;
      } catch {
        throw invalid('client assertion is not a JWT');
      }
      const client = findClient(params.client_id ?? clientId);
      if (!client || client.auth.method !== 'client_secret_jwt' || clientId !== client.clientId) throw invalid('client authentication failed');
      try {
        await jwtVerify(params.client_assertion, new TextEncoder().encode(client.auth.clientSecret), {
          algorithms: ['HS256'],
          issuer: client.clientId,
          subject: client.clientId,
          audience: [discoveredIssuer(), tokenEndpoint],
        });
      } catch {
        throw invalid('client assertion failed verification');
      }
      return { client, method: client.auth.method };
    }
    const client = findClient(params.client_id);
    if (!client || params.client_secret === undefined) throw invalid('client authentication failed');
    if (client.auth.method === 'client_secret_post') {
      if (client.auth.clientSecret !== params.client_secret) throw invalid('client authentication failed');
      return { client, method: client.auth.method };
    }
    if (client.auth.method === 'apple_client_secret_jwt') {
      await verifyAppleClientSecret(client.clientId, client.auth, params.client_secret).catch(() => {
        throw invalid('client secret JWT failed verification');
      });
      return { client, method: client.auth.method };
    }
    throw invalid('client authentication failed');
  }

  async function verifyAppleClientSecret(clientId: string, auth: Extract<OidcFakeClientAuth, { method: 'apple_client_secret_jwt' }>, secret: string) {
    const key = typeof auth.publicKey === 'string' ? createPublicKey(auth.publicKey) : auth.publicKey;
    const header = decodeProtectedHeader(secret);
    if (header.kid !== auth.keyId) throw new Error('kid');
    const { payload } = await jwtVerify(secret, key, { algorithms: ['ES256'], issuer: auth.teamId, subject: clientId, audience: appleClientSecretAudience, requiredClaims: ['iat', 'exp'] });
    // Apple refuses client secrets that live longer than six months.
    if (payload.exp! - payload.iat! > 15_777_000) throw new Error('too long');
  }

  // ---- endpoints ----

  function discoveryDocument(tenant?: string) {
    const urls = endpoints(tenant);
    return {
      issuer: fake.knobs.discoveryIssuer ?? discoveredIssuer(tenant),
      authorization_endpoint: urls.authorization,
      token_endpoint: urls.token,
      ...(appleStyle ? {} : { userinfo_endpoint: urls.userinfo }),
      jwks_uri: urls.jwks,
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'form_post'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [alg],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: appleStyle ? ['openid', 'email', 'name'] : ['openid', 'profile', 'email', 'phone', 'address'],
      ...(options.issParameter ? { authorization_response_iss_parameter_supported: true } : {}),
    };
  }

  function authorizeRequest(request: IncomingMessage, url: URL, response: ServerResponse, tenant?: string) {
    const params = Object.fromEntries(url.searchParams);
    received.authorize.push(params);
    const client = findClient(params.client_id);
    const redirectUri = params.redirect_uri;
    // Without a trusted redirect URI, errors are shown, not redirected (RFC 6749 4.1.2.1).
    if (!client || !redirectUri || (client.redirectUris && !client.redirectUris.includes(redirectUri))) {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end(!client ? 'unknown client_id' : 'redirect_uri is not registered');
      return;
    }
    const formPost = params.response_mode === 'form_post';
    const back = (values: Record<string, string>) => {
      const all: Record<string, string> = { ...values };
      if (params.state !== undefined) all.state = params.state;
      if (options.issParameter) all.iss = discoveredIssuer(tenant);
      if (formPost) {
        const inputs = Object.entries(all)
          .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
          .join('');
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(`<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">${inputs}</form></body></html>`);
        return;
      }
      const target = new URL(redirectUri);
      for (const [name, value] of Object.entries(all)) target.searchParams.set(name, value);
      response.writeHead(302, { location: target.href });
      response.end();
    };
    const scopes = (params.scope ?? '').split(' ');
    if (params.response_type !== 'code') return back({ error: 'unsupported_response_type', error_description: 'only response_type=code' });
    if (!appleStyle && !scopes.includes('openid')) return back({ error: 'invalid_scope', error_description: 'openid is required' });
    if (params.code_challenge !== undefined && params.code_challenge_method !== 'S256') {
      return back({ error: 'invalid_request', error_description: 'code_challenge_method must be S256' });
    }
    const denied = request.headers['x-fake-deny'] === '1' ? { error: 'access_denied', error_description: 'The user denied access' } : fake.knobs.authorizeError;
    if (denied) return back(denied.error_description === undefined ? { error: denied.error } : { error: denied.error, error_description: denied.error_description });
    const wanted = (request.headers['x-fake-user'] as string | undefined) ?? fake.knobs.authorizeAs;
    const user = wanted === undefined ? options.users[0] : findUser(wanted);
    if (!user) return back({ error: 'access_denied', error_description: 'no such user' });
    const scope = scopes.filter(Boolean).join(' ');
    const code = mintCode({
      clientId: client.clientId,
      sub: user.sub,
      redirectUri,
      scope,
      ...(params.nonce === undefined ? {} : { nonce: params.nonce }),
      ...(params.code_challenge === undefined ? {} : { codeChallenge: params.code_challenge }),
      ...(tenant === undefined ? {} : { tenant }),
    });
    const values: Record<string, string> = { code };
    // Apple sends the name (and email) once, on the user's first consent to this client.
    const firstConsent = !consented.has(`${client.clientId}\n${user.sub}`);
    consented.add(`${client.clientId}\n${user.sub}`);
    if (appleStyle && firstConsent && (scopes.includes('name') || scopes.includes('email'))) {
      const claims = user.claims ?? {};
      const appleUser: Record<string, unknown> = {};
      if (scopes.includes('name')) appleUser.name = { firstName: claims.given_name, lastName: claims.family_name };
      if (scopes.includes('email')) appleUser.email = claims.email;
      values.user = JSON.stringify(appleUser);
    }
    back(values);
  }

  async function tokenRequest(request: IncomingMessage, response: ServerResponse, tenant?: string) {
    const body = await readBody(request);
    const params = Object.fromEntries(new URLSearchParams(body));
    const record: OidcFakeTokenRequest = { params };
    if (request.headers.authorization !== undefined) record.authorization = request.headers.authorization;
    received.token.push(record);
    try {
      if (!(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        throw new OAuthAnswer(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
      }
      const { client, method } = await authenticateClient(request, params, endpoints(tenant).token);
      record.clientAuthMethod = method;
      const forced = fake.knobs.tokenError;
      if (forced) throw new OAuthAnswer(forced.status, forced.error, forced.error_description ?? '');
      if (params.grant_type !== 'authorization_code') throw new OAuthAnswer(400, 'unsupported_grant_type', 'only authorization_code');
      const issued = params.code === undefined ? undefined : codes.get(params.code);
      if (!issued) throw new OAuthAnswer(400, 'invalid_grant', 'unknown authorization code');
      if (issued.used) throw new OAuthAnswer(400, 'invalid_grant', 'authorization code already used');
      issued.used = true;
      if (issued.expiresAt < Date.now()) throw new OAuthAnswer(400, 'invalid_grant', 'authorization code expired');
      if (issued.clientId !== client.clientId) throw new OAuthAnswer(400, 'invalid_grant', 'authorization code was issued to another client');
      if (issued.redirectUri !== params.redirect_uri) throw new OAuthAnswer(400, 'invalid_grant', 'redirect_uri does not match');
      if (issued.codeChallenge !== undefined) {
        if (!params.code_verifier || s256(params.code_verifier) !== issued.codeChallenge) throw new OAuthAnswer(400, 'invalid_grant', 'PKCE verification failed');
      } else if (params.code_verifier !== undefined) {
        throw new OAuthAnswer(400, 'invalid_grant', 'code_verifier sent but no code_challenge was');
      }
      const user = findUser(issued.sub);
      if (!user) throw new OAuthAnswer(400, 'invalid_grant', 'the user is gone');
      const accessToken = randomId();
      accessTokens.set(accessToken, { sub: user.sub, clientId: client.clientId, scope: issued.scope, ...(issued.tenant === undefined ? {} : { tenant: issued.tenant }) });
      const answer: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: issued.scope };
      if (appleStyle) answer.refresh_token = randomId();
      if (!fake.knobs.omitIdToken) answer.id_token = await idTokenFor(issued, user);
      sendJson(response, 200, answer);
    } catch (error) {
      if (!(error instanceof OAuthAnswer)) throw error;
      sendJson(response, error.status, { error: error.error, ...(error.message ? { error_description: error.message } : {}) }, error.headers);
    }
  }

  function userinfoRequest(request: IncomingMessage, response: ServerResponse) {
    const authorization = request.headers.authorization;
    received.userinfo.push(authorization === undefined ? {} : { authorization });
    const token = authorization?.startsWith('Bearer ') ? accessTokens.get(authorization.slice('Bearer '.length)) : undefined;
    const user = token && findUser(token.sub);
    if (!token || !user) {
      response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token", error_description="unknown access token"', 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'invalid_token', error_description: 'unknown access token' }));
      return;
    }
    const claims = claimsForScope({ ...user.claims, ...user.userinfo }, token.scope, appleStyle);
    sendJson(response, 200, { ...claims, sub: fake.knobs.userinfoSub ?? user.sub });
  }

  const garbage = (response: ServerResponse, kind: 'not-json' | 'wrong-shape') => {
    if (kind === 'not-json') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('<html>Service temporarily unavailable</html>');
    } else sendJson(response, 200, { unexpected: true, keys: 'nope' });
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', origin);
    const match = prefixPattern.exec(url.pathname);
    const tenant = templated ? match?.[1] : undefined;
    const rest = match?.[match.length - 1];
    const endpoint: OidcFakeEndpoint | undefined = (
      { '/.well-known/openid-configuration': 'discovery', '/jwks': 'jwks', '/authorize': 'authorize', '/token': 'token', '/userinfo': 'userinfo' } as const
    )[rest ?? ''];
    if (!endpoint || (endpoint === 'userinfo' && appleStyle)) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    received.count[endpoint] += 1;
    const knobs = fake.knobs;
    const delay = knobs.delayMs[endpoint];
    if (delay) await sleep(delay);
    const status = knobs.status[endpoint];
    if (status) {
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(`HTTP ${status}`);
      return;
    }
    const malformed = knobs.malformed[endpoint];
    if (malformed && endpoint !== 'authorize') return garbage(response, malformed);

    if (endpoint === 'discovery') return sendJson(response, 200, discoveryDocument(tenant));
    if (endpoint === 'jwks') return sendJson(response, 200, { keys: [publicJwk] });
    if (endpoint === 'authorize' && request.method === 'GET') return authorizeRequest(request, url, response, tenant);
    if (endpoint === 'token' && request.method === 'POST') return tokenRequest(request, response, tenant);
    if (endpoint === 'userinfo' && (request.method === 'GET' || request.method === 'POST')) return userinfoRequest(request, response);
    response.writeHead(405, { 'content-type': 'text/plain' });
    response.end('method not allowed');
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fake error: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function authorize(authorizationUrl: string, authorizeOptions: { sub?: string; deny?: boolean } = {}) {
    const headers: Record<string, string> = {};
    if (authorizeOptions.sub !== undefined) headers['x-fake-user'] = authorizeOptions.sub;
    if (authorizeOptions.deny) headers['x-fake-deny'] = '1';
    const response = await fetch(authorizationUrl, { redirect: 'manual', headers });
    const text = await response.text();
    if (response.status === 302) return Object.fromEntries(new URL(response.headers.get('location')!).searchParams);
    if (response.status === 200 && text.includes('<form')) {
      const inputs = [...text.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)];
      return Object.fromEntries(inputs.map((input) => [unescapeHtml(input[1]!), unescapeHtml(input[2]!)]));
    }
    throw new Error(`The fake refused the authorization request (HTTP ${response.status}): ${text}`);
  }

  return {
    url: origin,
    issuer: origin + issuerPath,
    issuerFor: discoveredIssuer,
    endpoints,
    get knobs() {
      return fake.knobs;
    },
    set knobs(value: OidcFakeKnobs) {
      fake.knobs = value;
    },
    received,
    mintCode,
    authorize,
    reset() {
      fake.knobs = emptyKnobs();
      received.authorize.length = 0;
      received.token.length = 0;
      received.userinfo.length = 0;
      for (const key of Object.keys(received.count) as OidcFakeEndpoint[]) received.count[key] = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

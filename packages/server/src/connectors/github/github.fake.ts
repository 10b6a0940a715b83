/**
 * A fake GitHub (OAuth app sign-in and the REST endpoints sign-in reads) over real HTTP, with
 * GitHub's real shapes and quirks, for the `github-universal` connector's tests and any test that
 * needs "Sign in with GitHub" (Management API, end-to-end).
 *
 *   const github = await startGitHubFake({
 *     apps: [{ clientId: 'Iv1.abc', clientSecret: 'shh', callbackUrl: 'http://localhost:3001/callback/gh' }],
 *     users: [{ id: 583231, login: 'octocat', name: 'The Octocat', email: null,
 *               emails: [{ email: 'octocat@example.com', primary: true, verified: true, visibility: 'private' }] }],
 *   });
 *   // config: { clientId, clientSecret, authorizationEndpoint: github.authorizationEndpoint,
 *   //           tokenEndpoint: github.tokenEndpoint, apiBaseUrl: github.apiBaseUrl }
 *   const callback = await github.authorize(authorizationUri);   // { code, state } or { error, … }
 *
 * What it checks and answers, as github.com / api.github.com do:
 * - `GET /login/oauth/authorize`: unknown `client_id` → 404 page; a `redirect_uri` that is not the
 *   app's callback URL (or a path below it, same host and port) → redirect to the callback URL with
 *   `error=redirect_uri_mismatch`; denial → `error=access_denied` + GitHub's description and
 *   `error_uri`; otherwise `code` + `state`. The scopes asked for are granted.
 * - `POST /login/oauth/access_token` (form): ALWAYS HTTP 200, errors included
 *   (`incorrect_client_credentials`, `redirect_uri_mismatch`, `bad_verification_code` with
 *   `error_description` and `error_uri`); JSON when `Accept: application/json`, else form-encoded.
 *   Codes are single-use and expire after 10 minutes; tokens look like `gho_…`.
 * - `GET /user`, `GET /user/emails` (also under `/api/v3`, as on GitHub Enterprise Server): no
 *   `User-Agent` → 403 text; no or bad token (`Bearer` or `token` scheme) → 401 "Bad credentials";
 *   `/user/emails` without the `user:email` (or `user`) scope → 404 "Not Found"; rate-limit
 *   headers on every answer, 403 "API rate limit exceeded" with `x-ratelimit-remaining: 0` when
 *   `setRateLimited(true)`.
 *
 * Knobs: `setConsent({ login } | 'deny')` (default: the first user), `setFault(route, fault)`
 * (`authorize` | `token` | `user` | `emails`; status / delay / malformed / drop),
 * `setRateLimited`, `revokeTokens`, `setRevokeOnIssue` (tokens die as soon as they are issued,
 * as when the user revokes the app right after consenting), `issueCode`, `reset`; every request is in `requests` /
 * `requestsTo(route)`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { form, json, redirect, startFakeServer } from '../oauth2/fake-http.ts';
import type { FakeAnswer, FakeRequest, Fault } from '../oauth2/fake-http.ts';

export type { Fault, FakeRequest } from '../oauth2/fake-http.ts';

export type GitHubFakeEmail = { email: string; primary: boolean; verified: boolean; visibility: 'public' | 'private' | null };

export type GitHubFakeUser = {
  id: number;
  login: string;
  name?: string | null;
  /** The public email (`null` when the user keeps it private). */
  email?: string | null;
  avatar_url?: string;
  /** What `/user/emails` lists. */
  emails?: GitHubFakeEmail[];
};

export type GitHubFakeApp = { clientId: string; clientSecret: string; callbackUrl: string };

export type GitHubFakeOptions = { apps: GitHubFakeApp[]; users: GitHubFakeUser[] };

export type GitHubFakeRoute = 'authorize' | 'token' | 'user' | 'emails';

export type GitHubFake = {
  url: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** The REST API base (`https://api.github.com` in production). */
  apiBaseUrl: string;
  requests: FakeRequest[];
  requestsTo(route: GitHubFakeRoute): FakeRequest[];
  setConsent(consent: { login: string } | 'deny'): void;
  setFault(route: GitHubFakeRoute, fault: Fault | undefined): void;
  /** The REST API answers 403 "API rate limit exceeded" with `x-ratelimit-remaining: 0`. */
  setRateLimited(limited: boolean): void;
  revokeTokens(): void;
  /** Tokens issued from now on are revoked at once: the API answers them 401 "Bad credentials". */
  setRevokeOnIssue(revoke: boolean): void;
  /** Mints a code as the consent screen would; `scope` as asked for (space or comma separated). */
  issueCode(grant: { clientId: string; login: string; scope?: string; redirectUri?: string }): string;
  /** Follows an authorization URI like a browser and returns the callback's query parameters. */
  authorize(authorizationUri: string): Promise<Record<string, string>>;
  reset(): void;
  close(): Promise<void>;
};

const docs = {
  redirectMismatch: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#redirect-uri-mismatch',
  accessDenied: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied',
  badCode: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
  badCredentials: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials',
  tokenRedirectMismatch: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#redirect-uri-mismatch2',
};

type Grant = { clientId: string; login: string; scopes: string[]; redirectUri?: string; expiresAt: number; used: boolean };

function routeOf(path: string): GitHubFakeRoute | undefined {
  if (path === '/login/oauth/authorize') return 'authorize';
  if (path === '/login/oauth/access_token') return 'token';
  const api = path.startsWith('/api/v3/') ? path.slice('/api/v3'.length) : path;
  if (api === '/user') return 'user';
  if (api === '/user/emails') return 'emails';
  return undefined;
}

/** GitHub accepts a callback URL's subdirectories: same scheme, host and port, path below it. */
function matchesCallback(callbackUrl: string, redirectUri: string): boolean {
  let registered: URL;
  let asked: URL;
  try {
    registered = new URL(callbackUrl);
    asked = new URL(redirectUri);
  } catch {
    return false;
  }
  if (registered.origin !== asked.origin) return false;
  const base = registered.pathname.replace(/\/$/, '');
  return asked.pathname === registered.pathname || asked.pathname.startsWith(`${base}/`);
}

/** GitHub's scope normalization is richer; this keeps the ones sign-in cares about. */
function parseScopes(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(/[\s,]+/).filter(Boolean))];
}

export async function startGitHubFake(options: GitHubFakeOptions): Promise<GitHubFake> {
  const apps = new Map(options.apps.map((app) => [app.clientId, app]));
  const users = new Map(options.users.map((user) => [user.login, user]));
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, { login: string; scopes: string[] }>();
  const faults = new Map<GitHubFakeRoute, Fault>();
  let consent: { login: string } | 'deny' | undefined;
  let rateLimited = false;
  let revokeOnIssue = false;
  let apiCalls = 0;

  function issueCode(grant: { clientId: string; login: string; scope?: string; redirectUri?: string }): string {
    const code = randomBytes(10).toString('hex');
    grants.set(code, { clientId: grant.clientId, login: grant.login, scopes: parseScopes(grant.scope), redirectUri: grant.redirectUri, expiresAt: Date.now() + 600_000, used: false });
    return code;
  }

  function handleAuthorize(request: FakeRequest): FakeAnswer {
    const { client_id: clientId, redirect_uri: redirectUri, state, scope } = request.query;
    const app = clientId === undefined ? undefined : apps.get(clientId);
    if (!app) return { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><title>Page not found · GitHub</title>' };
    const back = (target: string, parameters: Record<string, string>) => {
      const url = new URL(target);
      for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
      if (state !== undefined) url.searchParams.set('state', state);
      return redirect(url.toString());
    };
    if (redirectUri !== undefined && !matchesCallback(app.callbackUrl, redirectUri)) {
      return back(app.callbackUrl, {
        error: 'redirect_uri_mismatch',
        error_description: 'The redirect_uri MUST match the registered callback URL for this application.',
        error_uri: docs.redirectMismatch,
      });
    }
    const target = redirectUri ?? app.callbackUrl;
    if (consent === 'deny') {
      return back(target, { error: 'access_denied', error_description: 'The user has denied your application access.', error_uri: docs.accessDenied });
    }
    const login = consent?.login ?? options.users[0]?.login;
    if (login === undefined || !users.has(login)) return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'the fake has no such user' };
    return back(target, { code: issueCode({ clientId: app.clientId, login, scope, redirectUri }) });
  }

  function handleToken(request: FakeRequest): FakeAnswer {
    if (request.method !== 'POST') return { status: 404, headers: { 'content-type': 'text/html' }, body: 'Not Found' };
    const wantsJson = (request.headers.accept ?? '').includes('application/json');
    // GitHub answers token errors with HTTP 200, in the format asked for.
    const answer = (value: Record<string, string>) => (wantsJson ? json(200, value) : form(200, value));
    const { client_id: clientId, client_secret: clientSecret, code, redirect_uri: redirectUri } = request.form;
    const app = clientId === undefined ? undefined : apps.get(clientId);
    if (!app || clientSecret === undefined || !safeEqual(app.clientSecret, clientSecret)) {
      return answer({ error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.', error_uri: docs.badCredentials });
    }
    const grant = code === undefined ? undefined : grants.get(code);
    if (!grant || grant.used || grant.expiresAt < Date.now() || grant.clientId !== app.clientId) {
      return answer({ error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.', error_uri: docs.badCode });
    }
    if (redirectUri !== undefined && !matchesCallback(app.callbackUrl, redirectUri)) {
      return answer({ error: 'redirect_uri_mismatch', error_description: 'The redirect_uri MUST match the registered callback URL for this application.', error_uri: docs.tokenRedirectMismatch });
    }
    grant.used = true;
    const accessToken = `gho_${randomBytes(18).toString('hex')}`;
    if (!revokeOnIssue) tokens.set(accessToken, { login: grant.login, scopes: grant.scopes });
    return answer({ access_token: accessToken, token_type: 'bearer', scope: grant.scopes.join(',') });
  }

  function apiAnswer(request: FakeRequest, route: 'user' | 'emails'): FakeAnswer {
    if (!request.headers['user-agent']) {
      return {
        status: 403,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.\n',
      };
    }
    apiCalls += 1;
    const rateHeaders = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': rateLimited ? '0' : String(Math.max(0, 5000 - apiCalls)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': rateLimited ? '5000' : String(apiCalls),
      'x-ratelimit-resource': 'core',
      'x-github-media-type': 'github.v3; format=json',
    };
    const match = /^(?:Bearer|token)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) {
      return json(401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '401' }, rateHeaders);
    }
    const token = tokens.get(match[1] ?? '');
    if (!token) return json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }, rateHeaders);
    if (rateLimited) {
      return json(
        403,
        { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api', status: '403' },
        rateHeaders,
      );
    }
    const scopeHeaders = { ...rateHeaders, 'x-oauth-scopes': token.scopes.join(', ') };
    const user = users.get(token.login);
    if (!user) return json(404, { message: 'Not Found', status: '404' }, scopeHeaders);
    if (route === 'emails') {
      if (!token.scopes.includes('user:email') && !token.scopes.includes('user')) {
        return json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/users/emails#list-email-addresses-for-the-authenticated-user', status: '404' }, scopeHeaders);
      }
      return json(200, user.emails ?? [], { ...scopeHeaders, 'x-accepted-oauth-scopes': 'user, user:email' });
    }
    return json(200, userJson(user), { ...scopeHeaders, 'x-accepted-oauth-scopes': '' });
  }

  const server = await startFakeServer(
    (request) => {
      const route = routeOf(request.path);
      if (route === 'authorize') return handleAuthorize(request);
      if (route === 'token') return handleToken(request);
      if (route === 'user' || route === 'emails') return apiAnswer(request, route);
      return json(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    },
    (request) => {
      const route = routeOf(request.path);
      return route === undefined ? undefined : faults.get(route);
    },
  );

  return {
    url: server.url,
    authorizationEndpoint: `${server.url}/login/oauth/authorize`,
    tokenEndpoint: `${server.url}/login/oauth/access_token`,
    apiBaseUrl: server.url,
    requests: server.requests,
    requestsTo: (route) => server.requests.filter((request) => routeOf(request.path) === route),
    setConsent(value) {
      consent = value;
    },
    setFault(route, fault) {
      if (fault) faults.set(route, fault);
      else faults.delete(route);
    },
    setRateLimited(limited) {
      rateLimited = limited;
    },
    revokeTokens() {
      tokens.clear();
    },
    setRevokeOnIssue(revoke) {
      revokeOnIssue = revoke;
    },
    issueCode,
    async authorize(authorizationUri) {
      const response = await fetch(authorizationUri, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status !== 302 || !location) throw new Error(`the GitHub fake did not redirect (HTTP ${response.status})`);
      return Object.fromEntries(new URL(location).searchParams);
    },
    reset() {
      faults.clear();
      consent = undefined;
      rateLimited = false;
      revokeOnIssue = false;
      server.requests.length = 0;
    },
    close: () => server.close(),
  };
}

/** `GET /user` as GitHub shapes it for the token's owner (private fields of a user-scoped token left out). */
export function userJson(user: GitHubFakeUser): Record<string, unknown> {
  return {
    login: user.login,
    id: user.id,
    node_id: `MDQ6VXNlcj${Buffer.from(String(user.id)).toString('base64')}`,
    avatar_url: user.avatar_url ?? `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url: `https://api.github.com/users/${user.login}`,
    html_url: `https://github.com/${user.login}`,
    type: 'User',
    site_admin: false,
    name: user.name ?? null,
    company: null,
    blog: '',
    location: null,
    email: user.email ?? null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 8,
    public_gists: 8,
    followers: 20,
    following: 0,
    created_at: '2011-01-25T18:44:36Z',
    updated_at: '2024-01-22T12:00:00Z',
  };
}

function safeEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  return a.length === b.length && timingSafeEqual(a, b);
}

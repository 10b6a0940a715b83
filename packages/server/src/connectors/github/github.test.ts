import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ConnectorError, parseConfig } from '../kit.ts';
import type { ConnectorContext, SocialUserInfo } from '../kit.ts';
import { formItemsOf } from '../form-items.ts';
import type { GitHubConfig } from './config.ts';
import githubDefault, { githubConnector } from './index.ts';
import { startGitHubFake, userJson } from './github.fake.ts';
import type { GitHubFake, GitHubFakeUser } from './github.fake.ts';
import { connectorErrorHiding } from '../testing/connector-error-of.ts';

const redirectUri = 'http://localhost:3001/callback/github';
const context: ConnectorContext = { timeoutMs: 2000 };
const clientSecret = 'gh-client-secret-0123456789abcdef';

const users: GitHubFakeUser[] = [
  {
    id: 583231,
    login: 'octocat',
    name: 'The Octocat',
    email: 'octocat@example.com',
    avatar_url: 'https://avatars.example.com/u/583231',
    emails: [
      { email: 'octocat@example.com', primary: true, verified: true, visibility: 'public' },
      { email: 'old@example.com', primary: false, verified: false, visibility: null },
    ],
  },
  {
    id: 1001,
    login: 'private-pat',
    name: null,
    email: null,
    emails: [
      { email: 'secondary@example.com', primary: false, verified: true, visibility: null },
      { email: 'pat@example.com', primary: true, verified: true, visibility: 'private' },
    ],
  },
  { id: 1002, login: 'unverified-una', name: 'Una', email: null, emails: [{ email: 'una@example.com', primary: true, verified: false, visibility: 'private' }] },
  { id: 1003, login: 'public-unverified', name: '  ', email: 'pu@example.com', emails: [{ email: 'PU@example.com', primary: true, verified: false, visibility: 'public' }] },
];

let github: GitHubFake;

beforeAll(async () => {
  github = await startGitHubFake({ apps: [{ clientId: 'Iv1.app', clientSecret, callbackUrl: 'http://localhost:3001/callback' }], users });
});
afterEach(() => github.reset());
afterAll(() => github.close());

function configFor(overrides: Record<string, unknown> = {}): GitHubConfig {
  return parseConfig(githubConnector, {
    clientId: 'Iv1.app',
    clientSecret,
    authorizationEndpoint: github.authorizationEndpoint,
    tokenEndpoint: github.tokenEndpoint,
    apiBaseUrl: github.apiBaseUrl,
    ...overrides,
  });
}

async function authorizationUriOf(config: GitHubConfig): Promise<string> {
  return githubConnector.getAuthorizationUri(config, { state: 'st-9', redirectUri, connectorInstanceId: 'github', setSession: () => undefined }, context);
}

async function signIn(config: GitHubConfig, login?: string, callContext = context): Promise<SocialUserInfo> {
  if (login) github.setConsent({ login });
  const callback = await github.authorize(await authorizationUriOf(config));
  return githubConnector.getUserInfo(config, callback, { redirectUri, session: {} }, callContext);
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  return connectorErrorHiding(promise, [clientSecret, /gho_/]);
}

describe('github metadata, form and authorization URI', () => {
  test('metadata', () => {
    expect(githubDefault).toBe(githubConnector);
    expect(githubConnector.metadata).toMatchObject({ id: 'github-universal', target: 'github', platform: 'Universal', logoDark: null });
    expect(githubConnector.metadata.isStandard).toBeUndefined();
    expect(Object.keys(githubConnector.metadata.name).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(Object.keys(githubConnector.metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(githubConnector.metadata.readme).toContain('/callback/');
  });

  test('form: two required fields, the secret masked, overrides optional', () => {
    const items = formItemsOf(githubConnector.configSchema);
    expect(items.map((item) => [item.key, item.type, item.required, item.isConfidential ?? false])).toEqual([
      ['clientId', 'Text', true, false],
      ['clientSecret', 'Text', true, true],
      ['scope', 'Text', false, false],
      ['authorizationEndpoint', 'Text', false, false],
      ['tokenEndpoint', 'Text', false, false],
      ['apiBaseUrl', 'Text', false, false],
    ]);
  });

  test('the authorization URI: github.com by default, scope read:user user:email', async () => {
    const uri = await authorizationUriOf(parseConfig(githubConnector, { clientId: 'Iv1.app', clientSecret }));
    expect(uri).toBe(
      `https://github.com/login/oauth/authorize?response_type=code&client_id=Iv1.app&redirect_uri=${encodeURIComponent(redirectUri)}&scope=read%3Auser+user%3Aemail&state=st-9`,
    );
    const custom = new URL(await authorizationUriOf(configFor({ scope: 'read:user' })));
    expect(custom.searchParams.get('scope')).toBe('read:user');
    expect(custom.origin).toBe(github.url);
  });
});

describe('github sign-in', () => {
  test('a public, verified email; every request carries our User-Agent', async () => {
    const info = await signIn(configFor());
    expect(info).toEqual({
      id: '583231',
      name: 'The Octocat',
      avatar: 'https://avatars.example.com/u/583231',
      email: 'octocat@example.com',
      emailVerified: true,
      rawData: userJson(users[0]!),
    });
    const [tokenRequest] = github.requestsTo('token');
    expect(tokenRequest?.headers.accept).toBe('application/json');
    expect(tokenRequest?.form).toMatchObject({ client_id: 'Iv1.app', client_secret: clientSecret, redirect_uri: redirectUri });
    const apiRequests = [...github.requestsTo('user'), ...github.requestsTo('emails')];
    expect(apiRequests).toHaveLength(2);
    for (const request of [tokenRequest, ...apiRequests]) expect(request?.headers['user-agent']).toBe('Signet');
    for (const request of apiRequests) {
      expect(request.headers.accept).toBe('application/vnd.github+json');
      expect(request.headers.authorization).toMatch(/^Bearer gho_[0-9a-f]{36}$/);
    }
    expect(JSON.stringify(info.rawData)).not.toContain('gho_');
  });

  test('a private email: the verified primary from /user/emails; name falls back to the login', async () => {
    const info = await signIn(configFor(), 'private-pat');
    expect(info).toMatchObject({ id: '1001', name: 'private-pat', email: 'pat@example.com', emailVerified: true });
  });

  test('an unverified primary is not used; an unverified public email is not marked verified', async () => {
    const una = await signIn(configFor(), 'unverified-una');
    expect(una.email).toBeUndefined();
    expect(una.emailVerified).toBeUndefined();
    const pu = await signIn(configFor(), 'public-unverified');
    expect(pu).toMatchObject({ name: 'public-unverified', email: 'pu@example.com', emailVerified: false });
  });

  test('without user:email: the email list is 404 and sign-in goes on with the public email, its verification unknown', async () => {
    const octocat = await signIn(configFor({ scope: 'read:user' }));
    expect(octocat.email).toBe('octocat@example.com');
    expect(octocat.emailVerified).toBeUndefined();
    const pat = await signIn(configFor({ scope: 'read:user' }), 'private-pat');
    expect(pat.email).toBeUndefined();
    expect(github.requestsTo('emails').at(-1)?.headers.authorization).toMatch(/^Bearer /);
  });

  test('a GitHub Enterprise style API base with a path (and a trailing slash)', async () => {
    const info = await signIn(configFor({ apiBaseUrl: `${github.url}/api/v3/` }));
    expect(info.id).toBe('583231');
    expect(github.requestsTo('user')[0]?.path).toBe('/api/v3/user');
  });

  test('the fake refuses API calls without a User-Agent, as GitHub does', async () => {
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`${github.apiBaseUrl}/user`);
      const request = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { authorization: 'Bearer x' } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      request.end();
    });
    expect(status.status).toBe(403);
    expect(status.body).toContain('User-Agent');
  });
});

describe('github error paths', () => {
  test('a bad code: HTTP 200 with bad_verification_code → social_auth_code_invalid', async () => {
    const error = await failure(githubConnector.getUserInfo(configFor(), { code: 'deadbeef', state: 'st-9' }, { redirectUri, session: {} }, context));
    expect(error.code).toBe('social_auth_code_invalid');
    expect(error.data).toEqual({ status: 200, providerCode: 'bad_verification_code', providerMessage: 'The code passed is incorrect or expired.' });
  });

  test('a code used twice', async () => {
    const code = github.issueCode({ clientId: 'Iv1.app', login: 'octocat', scope: 'read:user' });
    expect((await githubConnector.getUserInfo(configFor(), { code }, { redirectUri, session: {} }, context)).id).toBe('583231');
    expect((await failure(githubConnector.getUserInfo(configFor(), { code }, { redirectUri, session: {} }, context))).code).toBe('social_auth_code_invalid');
  });

  test('wrong client credentials → general, never the secret', async () => {
    const code = github.issueCode({ clientId: 'Iv1.app', login: 'octocat' });
    const error = await failure(githubConnector.getUserInfo(configFor({ clientSecret: 'not-the-secret' }), { code }, { redirectUri, session: {} }, context));
    expect(error.code).toBe('general');
    expect(error.data).toMatchObject({ providerCode: 'incorrect_client_credentials' });
    expect(JSON.stringify(error.data)).not.toContain('not-the-secret');
  });

  test('a redirect URI outside the callback URL', async () => {
    const callback = await github.authorize(
      await githubConnector.getAuthorizationUri(configFor(), { state: 's', redirectUri: 'http://evil.example.com/callback/github', connectorInstanceId: 'github', setSession: () => undefined }, context),
    );
    expect(callback).toMatchObject({ error: 'redirect_uri_mismatch', state: 's' });
    const error = await failure(githubConnector.getUserInfo(configFor(), callback, { redirectUri, session: {} }, context));
    expect(error.code).toBe('authorization_failed');
    expect(error.data).toMatchObject({ providerCode: 'redirect_uri_mismatch' });
  });

  test('the user denies access', async () => {
    github.setConsent('deny');
    const error = await failure(signIn(configFor()));
    expect(error.code).toBe('authorization_failed');
    expect(error.data).toEqual({ providerCode: 'access_denied', providerMessage: 'The user has denied your application access.' });
    expect(github.requestsTo('token')).toHaveLength(0);
  });

  test('a revoked token: 401 Bad credentials → social_access_token_invalid', async () => {
    github.setRevokeOnIssue(true);
    const error = await failure(signIn(configFor()));
    expect(error.code).toBe('social_access_token_invalid');
    expect(error.data).toEqual({ status: 401 });
    expect(github.requestsTo('user')).toHaveLength(1);
  });

  test('rate limited: 403 with x-ratelimit-remaining 0 → rate_limit_exceeded', async () => {
    github.setRateLimited(true);
    const error = await failure(signIn(configFor()));
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.data).toMatchObject({ status: 403, providerMessage: 'API rate limit exceeded for user ID 1.' });
  });

  test('a plain 403 on the email list is tolerated; a 403 on /user is general', async () => {
    github.setFault('emails', { kind: 'status', status: 403, body: '{"message":"Resource not accessible by integration"}' });
    expect((await signIn(configFor(), 'private-pat')).email).toBeUndefined();
    github.reset();
    github.setFault('user', { kind: 'status', status: 403, body: '{"message":"Resource not accessible by integration"}' });
    const error = await failure(signIn(configFor()));
    expect(error.code).toBe('general');
    expect(error.data).toEqual({ status: 403, providerMessage: 'Resource not accessible by integration' });
  });

  test('timeouts at the token endpoint and the API', async () => {
    github.setFault('token', { kind: 'delay', ms: 1000 });
    const tokenError = await failure(signIn(configFor(), undefined, { timeoutMs: 200 }));
    expect(tokenError.code).toBe('provider_unavailable');
    expect(tokenError.message).toBe('GitHub did not answer within 200 ms');
    github.reset();
    github.setFault('emails', { kind: 'delay', ms: 1000 });
    expect((await failure(signIn(configFor(), undefined, { timeoutMs: 200 }))).code).toBe('provider_unavailable');
  });

  test('malformed answers: token, /user, /user/emails, and a /user without an id', async () => {
    github.setFault('token', { kind: 'malformed' });
    expect((await failure(signIn(configFor()))).code).toBe('invalid_response');
    github.reset();
    github.setFault('user', { kind: 'malformed' });
    expect((await failure(signIn(configFor()))).code).toBe('invalid_response');
    github.reset();
    github.setFault('emails', { kind: 'status', status: 200, body: '{"email":"not-a-list"}' });
    expect((await failure(signIn(configFor()))).code).toBe('invalid_response');
    github.reset();
    github.setFault('user', { kind: 'status', status: 200, body: '{"login":"ghost","id":"583231"}' });
    const noId = await failure(signIn(configFor()));
    expect(noId.code).toBe('invalid_response');
    expect(noId.message).toContain('at id');
  });

  test('an API outage', async () => {
    github.setFault('emails', { kind: 'status', status: 502, body: '<html>Unicorn!</html>', contentType: 'text/html' });
    expect((await failure(signIn(configFor()))).code).toBe('provider_unavailable');
  });
});

describe('github config validation', () => {
  const errorOf = (raw: Record<string, unknown>) => {
    try {
      parseConfig(githubConnector, raw);
    } catch (error) {
      expect((error as ConnectorError).code).toBe('invalid_config');
      expect((error as ConnectorError).message).not.toContain(clientSecret);
      return ((error as ConnectorError).data?.issues as { path: string }[]).map((issue) => issue.path);
    }
    throw new Error('expected invalid_config');
  };

  test('the smallest config is the two credentials', () => {
    expect(parseConfig(githubConnector, { clientId: 'Iv1.app', clientSecret })).toEqual({ clientId: 'Iv1.app', clientSecret });
  });

  test.each(['clientId', 'clientSecret'])('%s is required and not empty', (field) => {
    const raw: Record<string, unknown> = { clientId: 'Iv1.app', clientSecret };
    delete raw[field];
    expect(errorOf(raw)).toEqual([field]);
    expect(errorOf({ clientId: 'Iv1.app', clientSecret, [field]: '' })).toEqual([field]);
    expect(errorOf({ clientId: 'Iv1.app', clientSecret, [field]: 42 })).toEqual([field]);
  });

  test.each(['authorizationEndpoint', 'tokenEndpoint', 'apiBaseUrl'])('%s must be an http(s) URL', (field) => {
    expect(errorOf({ clientId: 'Iv1.app', clientSecret, [field]: 'github.com/login' })).toEqual([field]);
    expect(errorOf({ clientId: 'Iv1.app', clientSecret, [field]: 'file:///etc/passwd' })).toEqual([field]);
  });

  test('scope must be text', () => {
    expect(errorOf({ clientId: 'Iv1.app', clientSecret, scope: ['read:user'] })).toEqual(['scope']);
  });
});

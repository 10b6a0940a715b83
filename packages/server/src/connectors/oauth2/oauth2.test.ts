import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ConnectorError, parseConfig } from '../kit.ts';
import type { ConnectorContext, ConnectorSession, SocialUserInfo } from '../kit.ts';
import { formItemsOf } from '../form-items.ts';
import type { OAuth2Config } from './config.ts';
import oauth2Default, { oauth2Connector } from './index.ts';
import { startOAuth2Fake } from './oauth2.fake.ts';
import type { OAuth2Fake } from './oauth2.fake.ts';
import { connectorErrorHiding } from '../testing/connector-error-of.ts';

const redirectUri = 'http://localhost:3001/callback/oauth2-test';
const context: ConnectorContext = { timeoutMs: 2000 };
const shortContext: ConnectorContext = { timeoutMs: 200 };

const secrets = {
  post: 'post-secret-0123456789',
  basic: 'b@sic:s3cret+/=&%',
  jwt: 'jwt-secret-abcdefghijklmnopqrstuvwxyz',
  pkce: 'pkce-secret-0123456789',
};

const alice = { id: 'u-alice', name: 'Alice Liddell', email: 'alice@example.com', avatar: 'https://img.example.com/alice.png', phone: '+15550100', locale: 'en' };
const carol = {
  data: { user: { id: 'c-1', profile: { display_name: 'Carol' }, images: [{ url: 'https://img.example.com/carol.png' }], contact: { mail: 'carol@example.com' } } },
};

let fake: OAuth2Fake;

beforeAll(async () => {
  fake = await startOAuth2Fake({
    clients: [
      { clientId: 'post-app', clientSecret: secrets.post, redirectUris: [redirectUri], authMethod: 'client_secret_post' },
      { clientId: 'basic-app', clientSecret: secrets.basic, redirectUris: [redirectUri], authMethod: 'client_secret_basic' },
      { clientId: 'jwt-app', clientSecret: secrets.jwt, redirectUris: [redirectUri], authMethod: 'client_secret_jwt' },
      { clientId: 'pkce-app', clientSecret: secrets.pkce, redirectUris: [redirectUri], requirePkce: true },
    ],
    users: {
      alice,
      bob: { id: 42, name: 'Bob', email: null, phone: 15550101 },
      carol,
      nobody: { name: 'No Id' },
      blankId: { id: '   ', name: 'Blank' },
    },
  });
});

afterEach(() => fake.reset());
afterAll(() => fake.close());

function configFor(overrides: Record<string, unknown> = {}): OAuth2Config {
  return parseConfig(oauth2Connector, {
    authorizationEndpoint: fake.authorizationEndpoint,
    tokenEndpoint: fake.tokenEndpoint,
    userInfoEndpoint: fake.userInfoEndpoint,
    clientId: 'post-app',
    clientSecret: secrets.post,
    tokenEndpointResponseType: 'json',
    ...overrides,
  });
}

async function authorizationUriOf(config: OAuth2Config): Promise<{ uri: string; session: ConnectorSession; sessionCalls: number }> {
  let session: ConnectorSession = {};
  let sessionCalls = 0;
  const uri = await oauth2Connector.getAuthorizationUri(
    config,
    {
      state: 'state-123',
      redirectUri,
      connectorInstanceId: 'oauth2-test',
      setSession: (value) => {
        session = value;
        sessionCalls += 1;
      },
    },
    context,
  );
  return { uri, session, sessionCalls };
}

/** The whole flow: authorization URI → the fake's consent → callback → user info. */
async function signIn(config: OAuth2Config, options: { user?: string; context?: ConnectorContext; tamper?: (session: ConnectorSession) => ConnectorSession } = {}): Promise<SocialUserInfo> {
  if (options.user) fake.setConsent({ user: options.user });
  const { uri, session } = await authorizationUriOf(config);
  const callback = await fake.authorize(uri);
  expect(callback.state).toBe('state-123');
  const usedSession = options.tamper ? options.tamper(session) : session;
  return oauth2Connector.getUserInfo(config, callback, { redirectUri, session: usedSession }, options.context ?? context);
}

/** The rejection as a ConnectorError, checked to carry no secret or token anywhere an admin may see. */
async function failure(promise: Promise<unknown>, extraSecrets: string[] = []): Promise<ConnectorError> {
  return connectorErrorHiding(promise, [...Object.values(secrets), ...extraSecrets]);
}

describe('oauth2 metadata and form', () => {
  test('metadata: a standard universal connector with four languages', () => {
    const { metadata } = oauth2Connector;
    expect(oauth2Default).toBe(oauth2Connector);
    expect(metadata).toMatchObject({ id: 'oauth2', target: 'oauth2', platform: 'Universal', isStandard: true, logoDark: null });
    expect(Object.keys(metadata.name).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(Object.keys(metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(metadata.logo.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(metadata.readme).toContain('/callback/');
  });

  test('the form is derived from the schema: required fields, secret, selects, defaults', () => {
    const items = formItemsOf(oauth2Connector.configSchema);
    expect(items.map((item) => item.key)).toEqual([
      'authorizationEndpoint',
      'tokenEndpoint',
      'userInfoEndpoint',
      'clientId',
      'clientSecret',
      'tokenEndpointAuthMethod',
      'clientSecretJwtSigningAlgorithm',
      'tokenEndpointResponseType',
      'responseType',
      'grantType',
      'scope',
      'enablePkce',
      'profileMap',
      'customConfig',
    ]);
    const byKey = Object.fromEntries(items.map((item) => [item.key, item]));
    expect(items.filter((item) => item.required).map((item) => item.key)).toEqual(['authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint', 'clientId', 'clientSecret']);
    expect(items.filter((item) => item.isConfidential).map((item) => item.key)).toEqual(['clientSecret']);
    expect(byKey.tokenEndpointAuthMethod).toMatchObject({ type: 'Select', defaultValue: 'client_secret_post' });
    expect(byKey.tokenEndpointAuthMethod?.selectItems?.map((item) => item.value)).toEqual(['client_secret_post', 'client_secret_basic', 'client_secret_jwt']);
    expect(byKey.tokenEndpointResponseType).toMatchObject({ type: 'Select', defaultValue: 'query-string' });
    expect(byKey.enablePkce).toMatchObject({ type: 'Switch', defaultValue: false });
    expect(byKey.profileMap).toMatchObject({ type: 'Json', defaultValue: { id: 'id', email: 'email', phone: 'phone', name: 'name', avatar: 'avatar' } });
    expect(byKey.customConfig).toMatchObject({ type: 'Json', required: false });
  });
});

describe('oauth2 authorization URI', () => {
  test('without PKCE: exactly the standard parameters, and no session', async () => {
    const { uri, sessionCalls } = await authorizationUriOf(configFor({ scope: 'profile email' }));
    expect(uri).toBe(
      `${fake.authorizationEndpoint}?response_type=code&client_id=post-app&redirect_uri=${encodeURIComponent(redirectUri)}&scope=profile+email&state=state-123`,
    );
    expect(sessionCalls).toBe(0);
  });

  test('keeps the endpoint\'s own query and adds customConfig', async () => {
    const { uri } = await authorizationUriOf(configFor({ authorizationEndpoint: `${fake.authorizationEndpoint}?tenant=acme`, customConfig: { prompt: 'consent' } }));
    const url = new URL(uri);
    expect(url.origin + url.pathname).toBe(fake.authorizationEndpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'acme',
      response_type: 'code',
      client_id: 'post-app',
      redirect_uri: redirectUri,
      state: 'state-123',
      prompt: 'consent',
    });
  });

  test('with PKCE: an S256 challenge of the verifier kept in the session, new each time', async () => {
    const config = configFor({ enablePkce: true });
    const first = await authorizationUriOf(config);
    const second = await authorizationUriOf(config);
    const query = new URL(first.uri).searchParams;
    expect(query.get('code_challenge_method')).toBe('S256');
    const verifier = first.session.codeVerifier ?? '';
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.get('code_challenge')).toBe(createHash('sha256').update(verifier).digest('base64url'));
    expect(second.session.codeVerifier).not.toBe(verifier);
  });
});

describe('oauth2 sign-in flows', () => {
  test('client_secret_post with a JSON token answer', async () => {
    const info = await signIn(configFor());
    expect(info).toEqual({
      id: 'u-alice',
      name: 'Alice Liddell',
      email: 'alice@example.com',
      avatar: 'https://img.example.com/alice.png',
      phone: '+15550100',
      rawData: alice,
    });
    const [tokenRequest] = fake.requestsTo('token');
    expect(tokenRequest?.headers.authorization).toBeUndefined();
    expect(tokenRequest?.headers.accept).toBe('application/json');
    expect(tokenRequest?.form).toEqual({
      grant_type: 'authorization_code',
      code: expect.any(String) as string,
      redirect_uri: redirectUri,
      client_id: 'post-app',
      client_secret: secrets.post,
    });
    const [userInfoRequest] = fake.requestsTo('userinfo');
    expect(userInfoRequest?.method).toBe('GET');
    expect(userInfoRequest?.headers.authorization).toMatch(/^Bearer [A-Za-z0-9_-]{32}$/);
  });

  test('client_secret_basic: form-encoded credentials in the header, none in the body', async () => {
    const info = await signIn(configFor({ clientId: 'basic-app', clientSecret: secrets.basic, tokenEndpointAuthMethod: 'client_secret_basic' }));
    expect(info.id).toBe('u-alice');
    const [tokenRequest] = fake.requestsTo('token');
    const basic = Buffer.from((tokenRequest?.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
    expect(basic).toBe('basic-app:b%40sic%3As3cret%2B%2F%3D%26%25');
    expect(tokenRequest?.form.client_secret).toBeUndefined();
    expect(tokenRequest?.form.client_id).toBeUndefined();
  });

  test('client_secret_jwt: an HMAC assertion for the token endpoint, no secret on the wire', async () => {
    const info = await signIn(configFor({ clientId: 'jwt-app', clientSecret: secrets.jwt, tokenEndpointAuthMethod: 'client_secret_jwt', clientSecretJwtSigningAlgorithm: 'HS512' }));
    expect(info.id).toBe('u-alice');
    const [tokenRequest] = fake.requestsTo('token');
    expect(tokenRequest?.form.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(tokenRequest?.body).not.toContain(secrets.jwt);
    const header = JSON.parse(Buffer.from(tokenRequest?.form.client_assertion?.split('.')[0] ?? '', 'base64url').toString()) as { alg: string };
    expect(header.alg).toBe('HS512');
  });

  test('a form-encoded (query-string) token answer', async () => {
    fake.setTokenResponseType('query-string');
    const info = await signIn(configFor({ tokenEndpointResponseType: 'query-string' }));
    expect(info.id).toBe('u-alice');
    expect(fake.requestsTo('token')[0]?.headers.accept).toBe('application/x-www-form-urlencoded, application/json;q=0.5');
  });

  test('the configured format decides when the Content-Type does not say', async () => {
    fake.setTokenResponseType('query-string');
    fake.setTokenContentType('text/plain');
    expect((await signIn(configFor({ tokenEndpointResponseType: 'query-string' }))).id).toBe('u-alice');
    const error = await failure(signIn(configFor({ tokenEndpointResponseType: 'json' })));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('not JSON');
  });

  test('an explicit JSON Content-Type is followed even when query-string is configured', async () => {
    expect((await signIn(configFor({ tokenEndpointResponseType: 'query-string' }))).id).toBe('u-alice');
  });

  test('PKCE on: the verifier is sent and checked', async () => {
    const info = await signIn(configFor({ clientId: 'pkce-app', clientSecret: secrets.pkce, enablePkce: true }));
    expect(info.id).toBe('u-alice');
    const [authorizeRequest] = fake.requestsTo('authorize');
    const [tokenRequest] = fake.requestsTo('token');
    expect(createHash('sha256').update(tokenRequest?.form.code_verifier ?? '').digest('base64url')).toBe(authorizeRequest?.query.code_challenge);
  });

  test('PKCE tampering: another verifier is refused as a bad code', async () => {
    const forged = 'A'.repeat(43);
    const error = await failure(signIn(configFor({ clientId: 'pkce-app', clientSecret: secrets.pkce, enablePkce: true }), { tamper: () => ({ codeVerifier: forged }) }));
    expect(error.code).toBe('social_auth_code_invalid');
    expect(error.data).toMatchObject({ providerCode: 'invalid_grant', providerMessage: 'PKCE verification failed', status: 400 });
  });

  test('PKCE on but the session lost its verifier: authorization_failed before any token request', async () => {
    const error = await failure(signIn(configFor({ clientId: 'pkce-app', clientSecret: secrets.pkce, enablePkce: true }), { tamper: () => ({}) }));
    expect(error.code).toBe('authorization_failed');
    expect(fake.requestsTo('token')).toHaveLength(0);
  });

  test('PKCE off: no verifier is sent, and a provider requiring PKCE refuses at the redirect', async () => {
    const error = await failure(signIn(configFor({ clientId: 'pkce-app', clientSecret: secrets.pkce })));
    expect(error.code).toBe('authorization_failed');
    expect(error.data).toEqual({ providerCode: 'invalid_request', providerMessage: 'PKCE is required for this client' });
  });

  test('PKCE off with a stale verifier in the session: it is not sent', async () => {
    const info = await signIn(configFor(), { tamper: () => ({ codeVerifier: 'B'.repeat(43) }) });
    expect(info.id).toBe('u-alice');
    expect(fake.requestsTo('token')[0]?.form.code_verifier).toBeUndefined();
  });

  test('nested profileMap paths, with array indexes', async () => {
    const profileMap = { id: 'data.user.id', name: 'data.user.profile.display_name', avatar: 'data.user.images.0.url', email: 'data.user.contact.mail', phone: 'data.user.contact.phone' };
    const info = await signIn(configFor({ profileMap }), { user: 'carol' });
    expect(info).toEqual({ id: 'c-1', name: 'Carol', avatar: 'https://img.example.com/carol.png', email: 'carol@example.com', rawData: carol });
  });

  test('a numeric id becomes a string; a null email is left out; a numeric phone is written out', async () => {
    const info = await signIn(configFor(), { user: 'bob' });
    expect(info).toEqual({ id: '42', name: 'Bob', phone: '15550101', rawData: { id: 42, name: 'Bob', email: null, phone: 15550101 } });
  });

  test('a profile without the id is invalid_response naming the path', async () => {
    const error = await failure(signIn(configFor(), { user: 'nobody' }));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('"id"');
    const blank = await failure(signIn(configFor(), { user: 'blankId' }));
    expect(blank.code).toBe('invalid_response');
    const unmapped = await failure(signIn(configFor({ profileMap: { id: 'sub' } })));
    expect(unmapped.message).toContain('"sub"');
  });
});

describe('oauth2 error paths', () => {
  test('the user denies access', async () => {
    fake.setConsent('deny');
    const error = await failure(signIn(configFor()));
    expect(error.code).toBe('authorization_failed');
    expect(error.data).toEqual({ providerCode: 'access_denied', providerMessage: 'The user denied the request' });
    expect(fake.requestsTo('token')).toHaveLength(0);
  });

  test('a callback without a code', async () => {
    const error = await failure(oauth2Connector.getUserInfo(configFor(), { state: 'state-123' }, { redirectUri, session: {} }, context));
    expect(error.code).toBe('authorization_failed');
    expect(fake.requests).toHaveLength(0);
  });

  test('an unknown code, and a code used twice', async () => {
    const unknown = await failure(oauth2Connector.getUserInfo(configFor(), { code: 'not-a-code' }, { redirectUri, session: {} }, context));
    expect(unknown.code).toBe('social_auth_code_invalid');
    expect(unknown.data).toMatchObject({ providerCode: 'invalid_grant', status: 400 });

    const code = fake.issueCode({ clientId: 'post-app', redirectUri, user: 'alice' });
    const first = await oauth2Connector.getUserInfo(configFor(), { code }, { redirectUri, session: {} }, context);
    expect(first.id).toBe('u-alice');
    const replay = await failure(oauth2Connector.getUserInfo(configFor(), { code }, { redirectUri, session: {} }, context));
    expect(replay.code).toBe('social_auth_code_invalid');
  });

  test('a redirect URI that differs from the authorization request', async () => {
    const code = fake.issueCode({ clientId: 'post-app', redirectUri, user: 'alice' });
    const error = await failure(oauth2Connector.getUserInfo(configFor(), { code }, { redirectUri: 'http://localhost:3001/callback/other', session: {} }, context));
    expect(error.code).toBe('social_auth_code_invalid');
  });

  test('the query-string error shape is read too', async () => {
    fake.setTokenResponseType('query-string');
    const error = await failure(oauth2Connector.getUserInfo(configFor({ tokenEndpointResponseType: 'query-string' }), { code: 'nope' }, { redirectUri, session: {} }, context));
    expect(error.code).toBe('social_auth_code_invalid');
  });

  test('a wrong client secret: general, with the provider code, never the secret', async () => {
    const code = fake.issueCode({ clientId: 'post-app', redirectUri, user: 'alice' });
    const error = await failure(oauth2Connector.getUserInfo(configFor({ clientSecret: 'wrong-secret-value' }), { code }, { redirectUri, session: {} }, context), ['wrong-secret-value']);
    expect(error.code).toBe('general');
    expect(error.data).toEqual({ status: 401, providerCode: 'invalid_client', providerMessage: 'client authentication failed' });
  });

  test('an auth method the client is not registered for', async () => {
    const code = fake.issueCode({ clientId: 'post-app', redirectUri, user: 'alice' });
    const error = await failure(oauth2Connector.getUserInfo(configFor({ tokenEndpointAuthMethod: 'client_secret_basic' }), { code }, { redirectUri, session: {} }, context));
    expect(error.code).toBe('general');
    expect(error.data).toMatchObject({ providerCode: 'invalid_client' });
  });

  test('a provider echoing the secret in its error: redacted', async () => {
    fake.setFault('token', { kind: 'status', status: 400, body: JSON.stringify({ error: 'invalid_client', error_description: `secret ${secrets.post} is wrong` }) });
    const error = await failure(signIn(configFor()));
    expect(error.data).toEqual({ status: 400, providerCode: 'invalid_client', providerMessage: 'secret *** is wrong' });
  });

  test('an expired or revoked access token: userinfo 401 → social_access_token_invalid', async () => {
    fake.setAccessTokenLifetime(0);
    const expired = await failure(signIn(configFor()));
    expect(expired.code).toBe('social_access_token_invalid');
    expect(expired.data).toEqual({ status: 401 });
    expect(fake.requestsTo('userinfo')).toHaveLength(1);
    fake.reset();
    fake.setFault('userinfo', { kind: 'status', status: 401, body: '{"message":"Bad credentials"}' });
    expect((await failure(signIn(configFor()))).code).toBe('social_access_token_invalid');
  });

  test('token endpoint timeout', async () => {
    fake.setFault('token', { kind: 'delay', ms: 1000 });
    const started = Date.now();
    const error = await failure(signIn(configFor(), { context: shortContext }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe(`OAuth 2.0 provider (${new URL(fake.url).host}) did not answer within 200 ms`);
    expect(Date.now() - started).toBeLessThan(900);
  });

  test('userinfo timeout', async () => {
    fake.setFault('userinfo', { kind: 'delay', ms: 1000 });
    const error = await failure(signIn(configFor(), { context: shortContext }));
    expect(error.code).toBe('provider_unavailable');
  });

  test('a dropped connection, and a provider that is not there', async () => {
    fake.setFault('token', { kind: 'drop' });
    expect((await failure(signIn(configFor()))).code).toBe('provider_unavailable');
    const config = configFor({ tokenEndpoint: 'http://127.0.0.1:9/token' });
    const code = fake.issueCode({ clientId: 'post-app', redirectUri, user: 'alice' });
    expect((await failure(oauth2Connector.getUserInfo(config, { code }, { redirectUri, session: {} }, context))).code).toBe('provider_unavailable');
  });

  test('malformed JSON from the token endpoint and from userinfo', async () => {
    fake.setFault('token', { kind: 'malformed' });
    const tokenError = await failure(signIn(configFor()));
    expect(tokenError.code).toBe('invalid_response');
    expect(tokenError.message).toContain('not JSON');
    fake.reset();
    fake.setFault('userinfo', { kind: 'malformed' });
    expect((await failure(signIn(configFor()))).code).toBe('invalid_response');
  });

  test('a token answer without access_token, and a userinfo array', async () => {
    fake.setFault('token', { kind: 'status', status: 200, body: '{"token_type":"bearer"}' });
    const noToken = await failure(signIn(configFor()));
    expect(noToken.code).toBe('invalid_response');
    expect(noToken.message).toContain('access_token');
    fake.reset();
    fake.setFault('userinfo', { kind: 'status', status: 200, body: '[{"id":"x"}]' });
    expect((await failure(signIn(configFor()))).code).toBe('invalid_response');
  });

  test('outages and rate limits at the token endpoint', async () => {
    fake.setFault('token', { kind: 'status', status: 503, body: '<html>down</html>', contentType: 'text/html' });
    expect((await failure(signIn(configFor()))).code).toBe('provider_unavailable');
    fake.setFault('token', { kind: 'status', status: 429, body: '{"error":"slow_down"}' });
    expect((await failure(signIn(configFor()))).code).toBe('rate_limit_exceeded');
    fake.setFault('token', { kind: 'status', status: 400, body: '{"error":"temporarily_unavailable"}' });
    expect((await failure(signIn(configFor()))).code).toBe('provider_unavailable');
    fake.setFault('token', { kind: 'status', status: 418, body: 'teapot', contentType: 'text/plain' });
    const other = await failure(signIn(configFor()));
    expect(other.code).toBe('general');
    expect(other.data).toEqual({ status: 418 });
  });

  test('userinfo refusals: 403 general with the provider message, 500 unavailable, 429 rate limited', async () => {
    fake.setFault('userinfo', { kind: 'status', status: 403, body: '{"message":"app suspended"}' });
    const forbidden = await failure(signIn(configFor()));
    expect(forbidden.code).toBe('general');
    expect(forbidden.data).toEqual({ status: 403, providerMessage: 'app suspended' });
    fake.setFault('userinfo', { kind: 'status', status: 500, body: '' });
    expect((await failure(signIn(configFor()))).code).toBe('provider_unavailable');
    fake.setFault('userinfo', { kind: 'status', status: 429, body: '' });
    expect((await failure(signIn(configFor()))).code).toBe('rate_limit_exceeded');
  });
});

describe('oauth2 config validation', () => {
  const valid = {
    authorizationEndpoint: 'https://provider.example.com/authorize',
    tokenEndpoint: 'https://provider.example.com/token',
    userInfoEndpoint: 'https://provider.example.com/me',
    clientId: 'app',
    clientSecret: 'top-secret-value',
  };

  function configError(raw: Record<string, unknown>): ConnectorError {
    try {
      parseConfig(oauth2Connector, raw);
    } catch (error) {
      expect(error).toBeInstanceOf(ConnectorError);
      const connectorError = error as ConnectorError;
      expect(connectorError.code).toBe('invalid_config');
      expect(JSON.stringify({ message: connectorError.message, data: connectorError.data })).not.toContain('top-secret-value');
      return connectorError;
    }
    throw new Error('expected invalid_config');
  }

  const issuePaths = (error: ConnectorError) => (error.data?.issues as { path: string }[]).map((issue) => issue.path);

  test('the smallest valid config gets Logto\'s defaults', () => {
    expect(parseConfig(oauth2Connector, valid)).toEqual({
      ...valid,
      tokenEndpointAuthMethod: 'client_secret_post',
      clientSecretJwtSigningAlgorithm: 'HS256',
      tokenEndpointResponseType: 'query-string',
      responseType: 'code',
      grantType: 'authorization_code',
      enablePkce: false,
      profileMap: { id: 'id', email: 'email', phone: 'phone', name: 'name', avatar: 'avatar' },
    });
  });

  test.each(['authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint', 'clientId', 'clientSecret'])('%s is required', (field) => {
    const raw: Record<string, unknown> = { ...valid };
    delete raw[field];
    expect(issuePaths(configError(raw))).toEqual([field]);
    expect(issuePaths(configError({ ...valid, [field]: '' }))).toEqual([field]);
  });

  test.each(['not a url', 'ftp://provider.example.com/token', 'javascript:alert(1)', '/relative/path'])('bad URL %s', (url) => {
    const error = configError({ ...valid, authorizationEndpoint: url, tokenEndpoint: url, userInfoEndpoint: url });
    expect(issuePaths(error)).toEqual(['authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint']);
    expect(error.message).toContain('must be an absolute http:// or https:// URL');
  });

  test.each([
    ['tokenEndpointAuthMethod', 'private_key_jwt'],
    ['clientSecretJwtSigningAlgorithm', 'RS256'],
    ['tokenEndpointResponseType', 'xml'],
    ['responseType', 'token'],
    ['grantType', 'implicit'],
    ['enablePkce', 'yes'],
  ])('bad %s: %s', (field, value) => {
    expect(issuePaths(configError({ ...valid, [field]: value }))).toEqual([field]);
  });

  test('profileMap: partial maps get defaults; unknown keys and empty paths are refused', () => {
    expect(parseConfig(oauth2Connector, { ...valid, profileMap: { id: 'sub' } }).profileMap).toEqual({ id: 'sub', email: 'email', phone: 'phone', name: 'name', avatar: 'avatar' });
    expect(issuePaths(configError({ ...valid, profileMap: { id: 'sub', picture: 'avatar_url' } }))).toEqual(['profileMap']);
    expect(issuePaths(configError({ ...valid, profileMap: { id: '' } }))).toEqual(['profileMap.id']);
    expect(issuePaths(configError({ ...valid, profileMap: 'id' }))).toEqual(['profileMap']);
  });

  test('customConfig: string values only, and never the flow\'s own parameters', () => {
    expect(parseConfig(oauth2Connector, { ...valid, customConfig: { prompt: 'consent' } }).customConfig).toEqual({ prompt: 'consent' });
    expect(issuePaths(configError({ ...valid, customConfig: { prompt: 1 } }))).toEqual(['customConfig.prompt']);
    const reserved = configError({ ...valid, customConfig: { state: 'fixed', redirect_uri: 'https://evil.example.com' } });
    expect(reserved.message).toContain('may not set state, redirect_uri');
  });
});

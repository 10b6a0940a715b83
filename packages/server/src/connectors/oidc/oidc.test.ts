import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { formItemsOf } from '../form-items.ts';
import { ConnectorError, parseConfig } from '../kit.ts';
import oidcConnector from './index.ts';
import { startOidcFake } from './oidc.fake.ts';
import type { OidcFake } from './oidc.fake.ts';
import { beginSignIn, completeSignIn, rejectionOf, testRedirectUri } from './sign-in.testkit.ts';

const postSecret = 'post-secret-Hv7q2';
const basicSecret = 'basic secret:with/odd+chars';
const jwtSecret = 'jwt-secret-0123456789-0123456789-0123456789';

const ada = {
  sub: 'ada-248289761001',
  claims: {
    name: 'Ada Lovelace',
    given_name: 'Ada',
    family_name: 'Lovelace',
    picture: 'https://example.com/ada.png',
    email: 'ada@example.com',
    email_verified: true,
    phone_number: '+44 20 7946 0000',
    locale: 'en-GB',
  },
};
const bob = { sub: 'bob-1', claims: { given_name: 'Bob', family_name: 'Stringer', email: 'bob@example.com', email_verified: 'true' }, userinfo: { website: 'https://bob.example' } };

let fake: OidcFake;

beforeAll(async () => {
  fake = await startOidcFake({
    issuerPath: '/realms/test',
    clients: [
      { clientId: 'post-client', auth: { method: 'client_secret_post', clientSecret: postSecret }, redirectUris: [testRedirectUri] },
      { clientId: 'basic-client', auth: { method: 'client_secret_basic', clientSecret: basicSecret } },
      { clientId: 'jwt-client', auth: { method: 'client_secret_jwt', clientSecret: jwtSecret } },
    ],
    users: [ada, bob],
  });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const postConfig = () => ({ issuer: fake.issuer, clientId: 'post-client', clientSecret: postSecret });

async function signIn(config: Record<string, unknown> = postConfig(), options: { sub?: string } = {}) {
  const begun = await beginSignIn(oidcConnector, config);
  const callbackData = await fake.authorize(begun.url.href, options);
  return { begun, callbackData, user: await completeSignIn(oidcConnector, begun, callbackData) };
}

/** The connector error a sign-in ends with, and proof that no secret leaked into it. */
async function failure(promise: Promise<unknown>, secrets: string[] = [postSecret]) {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ConnectorError);
  const shown = JSON.stringify({ message: error.message, data: error.data });
  for (const secret of secrets) expect(shown).not.toContain(secret);
  return error;
}

describe('oidc metadata and form', () => {
  test('metadata: standard, universal, localized', () => {
    expect(oidcConnector.type).toBe('Social');
    expect(oidcConnector.metadata).toMatchObject({ id: 'oidc', target: 'oidc', platform: 'Universal', isStandard: true, logoDark: null });
    expect(Object.keys(oidcConnector.metadata.name).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(Object.keys(oidcConnector.metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(oidcConnector.metadata.logo.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(oidcConnector.metadata.readme).toContain('/callback/');
  });

  test('the form is derived from the schema, secrets confidential', () => {
    const items = formItemsOf(oidcConnector.configSchema);
    expect(items.map((item) => item.key)).toEqual([
      'issuer',
      'clientId',
      'clientSecret',
      'tokenEndpointAuthMethod',
      'scope',
      'authorizationEndpoint',
      'tokenEndpoint',
      'userInfoEndpoint',
      'idTokenVerificationConfig',
      'authRequestOptionalConfig',
      'customConfig',
      'acceptStringTypedBooleanClaims',
    ]);
    const byKey = Object.fromEntries(items.map((item) => [item.key, item]));
    expect(byKey.clientSecret).toMatchObject({ type: 'Text', required: true, isConfidential: true });
    expect(byKey.clientId).toMatchObject({ type: 'Text', required: true });
    expect(byKey.issuer).toMatchObject({ type: 'Text', required: false });
    expect(byKey.tokenEndpointAuthMethod).toMatchObject({ type: 'Select', required: false, defaultValue: 'client_secret_post' });
    expect(byKey.tokenEndpointAuthMethod!.selectItems!.map((item) => item.value)).toEqual(['client_secret_post', 'client_secret_basic', 'client_secret_jwt']);
    expect(byKey.scope).toMatchObject({ type: 'Text', required: false, defaultValue: 'openid profile email' });
    expect(byKey.idTokenVerificationConfig).toMatchObject({ type: 'Json', required: false });
    expect(byKey.acceptStringTypedBooleanClaims).toMatchObject({ type: 'Switch', defaultValue: false });
    expect(items.filter((item) => item.isConfidential).map((item) => item.key)).toEqual(['clientSecret']);
  });
});

describe('oidc config validation', () => {
  const issues = (raw: unknown) => {
    try {
      parseConfig(oidcConnector, raw);
    } catch (error) {
      expect((error as ConnectorError).code).toBe('invalid_config');
      return ((error as ConnectorError).data!.issues as Array<{ path: string }>).map((issue) => issue.path).sort();
    }
    return [];
  };
  const valid = { issuer: 'https://id.example.com', clientId: 'c', clientSecret: 's' };

  test('a minimal config gets the defaults', () => {
    expect(parseConfig(oidcConnector, valid)).toEqual({ ...valid, tokenEndpointAuthMethod: 'client_secret_post', scope: 'openid profile email', acceptStringTypedBooleanClaims: false });
  });
  test('openid is added to a scope without it', () => {
    expect((parseConfig(oidcConnector, { ...valid, scope: 'email  profile' }) as { scope: string }).scope).toBe('openid email profile');
    expect((parseConfig(oidcConnector, { ...valid, scope: 'profile openid' }) as { scope: string }).scope).toBe('profile openid');
  });
  test('each required field', () => {
    expect(issues({ ...valid, clientId: undefined })).toEqual(['clientId']);
    expect(issues({ ...valid, clientSecret: '' })).toEqual(['clientSecret']);
    expect(issues({})).toEqual(['clientId', 'clientSecret']);
  });
  test('without an issuer, the endpoints, jwksUri and the expected issuer are required', () => {
    const { issuer: _issuer, ...rest } = valid;
    expect(issues({ ...rest, authorizationEndpoint: 'https://id.example.com/auth' })).toEqual(['idTokenVerificationConfig.issuer', 'idTokenVerificationConfig.jwksUri', 'tokenEndpoint']);
    expect(
      issues({
        ...rest,
        authorizationEndpoint: 'https://id.example.com/auth',
        tokenEndpoint: 'https://id.example.com/token',
        idTokenVerificationConfig: { jwksUri: 'https://id.example.com/jwks', issuer: 'https://id.example.com' },
      }),
    ).toEqual([]);
  });
  test('bad values', () => {
    expect(issues({ ...valid, tokenEndpointAuthMethod: 'private_key_jwt' })).toEqual(['tokenEndpointAuthMethod']);
    expect(issues({ ...valid, issuer: 'http://id.example.com' })).toEqual(['issuer']);
    expect(issues({ ...valid, issuer: 'not a url' })).toEqual(['issuer']);
    expect(issues({ ...valid, issuer: 'http://127.0.0.1:8080/realm' })).toEqual([]);
    expect(issues({ ...valid, customConfig: { nonce: 'fixed' } })).toEqual(['customConfig']);
    expect(issues({ ...valid, customConfig: { access_type: 'offline' } })).toEqual([]);
    expect(issues({ ...valid, idTokenVerificationConfig: { audience: 'x' } })).toEqual(['idTokenVerificationConfig']);
    expect(issues({ ...valid, idTokenVerificationConfig: { algorithms: ['HS256'] } })).toEqual(['idTokenVerificationConfig.algorithms.0']);
    expect(issues({ ...valid, authRequestOptionalConfig: { prompt: 'sometimes' } })).toEqual(['authRequestOptionalConfig.prompt']);
    expect(issues({ ...valid, authRequestOptionalConfig: { maxAge: 'soon' } })).toEqual(['authRequestOptionalConfig.maxAge']);
  });
});

describe('oidc authorization URI', () => {
  test('code flow with PKCE S256, nonce and state, at the discovered endpoint', async () => {
    const begun = await beginSignIn(oidcConnector, postConfig(), { state: 'state-123' });
    expect(begun.url.origin + begun.url.pathname).toBe(`${fake.issuer}/authorize`);
    const params = Object.fromEntries(begun.url.searchParams);
    expect(Object.keys(params).sort()).toEqual(['client_id', 'code_challenge', 'code_challenge_method', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state']);
    expect(params).toMatchObject({ client_id: 'post-client', response_type: 'code', redirect_uri: testRedirectUri, scope: 'openid profile email', state: 'state-123', code_challenge_method: 'S256' });
    expect(Object.keys(begun.session).sort()).toEqual(['codeVerifier', 'nonce', 'state']);
    expect(params.nonce).toBe(begun.session.nonce);
    expect(begun.session.state).toBe('state-123');
    expect(params.code_challenge).toBe(createHash('sha256').update(begun.session.codeVerifier!).digest('base64url'));
    expect(begun.session.codeVerifier!.length).toBeGreaterThanOrEqual(43);
    expect(begun.url.href).not.toContain(postSecret);
  });

  test('every sign-in gets its own verifier and nonce', async () => {
    const first = await beginSignIn(oidcConnector, postConfig());
    const second = await beginSignIn(oidcConnector, postConfig());
    expect(first.session.codeVerifier).not.toBe(second.session.codeVerifier);
    expect(first.session.nonce).not.toBe(second.session.nonce);
  });

  test('optional request parameters and custom parameters; protocol parameters keep their values', async () => {
    const begun = await beginSignIn(oidcConnector, {
      ...postConfig(),
      scope: 'email',
      authRequestOptionalConfig: { prompt: 'login consent', loginHint: 'ada@example.com', uiLocales: 'fr', maxAge: '600', acrValues: 'urn:mfa', display: 'popup', responseMode: 'form_post' },
      customConfig: { access_type: 'offline', hd: 'example.com' },
    });
    const params = Object.fromEntries(begun.url.searchParams);
    expect(params).toMatchObject({
      scope: 'openid email',
      prompt: 'login consent',
      login_hint: 'ada@example.com',
      ui_locales: 'fr',
      max_age: '600',
      acr_values: 'urn:mfa',
      display: 'popup',
      response_mode: 'form_post',
      access_type: 'offline',
      hd: 'example.com',
      response_type: 'code',
    });
  });

  test('endpoints given by hand: no discovery', async () => {
    const urls = fake.endpoints();
    const begun = await beginSignIn(oidcConnector, {
      clientId: 'post-client',
      clientSecret: postSecret,
      authorizationEndpoint: urls.authorization,
      tokenEndpoint: urls.token,
      idTokenVerificationConfig: { jwksUri: urls.jwks, issuer: fake.issuer },
    });
    expect(begun.url.origin + begun.url.pathname).toBe(urls.authorization);
    expect(fake.received.count.discovery).toBe(0);
  });
});

describe('oidc sign-in', () => {
  test('client_secret_post: code exchange with the PKCE verifier, ID token, userinfo → user info', async () => {
    const { begun, callbackData, user } = await signIn();
    expect(user).toEqual({
      id: ada.sub,
      name: 'Ada Lovelace',
      avatar: 'https://example.com/ada.png',
      email: 'ada@example.com',
      emailVerified: true,
      rawData: expect.objectContaining({ name: 'Ada Lovelace', locale: 'en-GB', email_verified: true, sub: ada.sub, iss: fake.issuer, aud: 'post-client' }),
    });
    // `phone` was not in the scope, so the provider left the phone number out.
    expect(user.rawData).not.toHaveProperty('phone_number');
    expect(user.rawData).not.toHaveProperty('nonce');
    expect(JSON.stringify(user.rawData)).not.toContain(postSecret);

    expect(fake.received.token).toHaveLength(1);
    const token = fake.received.token[0]!;
    expect(token.clientAuthMethod).toBe('client_secret_post');
    expect(token.authorization).toBeUndefined();
    expect(token.params).toMatchObject({
      grant_type: 'authorization_code',
      code: callbackData.code,
      redirect_uri: testRedirectUri,
      code_verifier: begun.session.codeVerifier,
      client_id: 'post-client',
      client_secret: postSecret,
    });
    expect(fake.received.userinfo).toHaveLength(1);
    expect(fake.received.userinfo[0]!.authorization).toMatch(/^Bearer /);
  });

  test('client_secret_basic: credentials in the Authorization header, form-encoded', async () => {
    const { user } = await signIn({ issuer: fake.issuer, clientId: 'basic-client', clientSecret: basicSecret, tokenEndpointAuthMethod: 'client_secret_basic' });
    expect(user.id).toBe(ada.sub);
    const token = fake.received.token[0]!;
    expect(token.clientAuthMethod).toBe('client_secret_basic');
    expect(token.params.client_secret).toBeUndefined();
    // RFC 6749 2.3.1: both parts form-encoded before Base64.
    const [id, secret] = Buffer.from(token.authorization!.slice('Basic '.length), 'base64').toString().split(':');
    expect(decodeURIComponent(id!.replace(/\+/g, ' '))).toBe('basic-client');
    expect(decodeURIComponent(secret!.replace(/\+/g, ' '))).toBe(basicSecret);
    expect(secret).not.toContain(':');
  });

  test('client_secret_jwt: an HS256 assertion signed with the secret', async () => {
    const { user } = await signIn({ issuer: fake.issuer, clientId: 'jwt-client', clientSecret: jwtSecret, tokenEndpointAuthMethod: 'client_secret_jwt' });
    expect(user.id).toBe(ada.sub);
    expect(fake.received.token[0]!.clientAuthMethod).toBe('client_secret_jwt');
    expect(fake.received.token[0]!.params.client_secret).toBeUndefined();
  });

  test('userinfo claims are merged; a name is made of given and family names; string booleans only when accepted', async () => {
    const { user } = await signIn(postConfig(), { sub: bob.sub });
    expect(user).toEqual({
      id: 'bob-1',
      name: 'Bob Stringer',
      email: 'bob@example.com',
      emailVerified: false,
      rawData: expect.objectContaining({ website: 'https://bob.example', email_verified: 'true' }),
    });
    const accepted = await signIn({ ...postConfig(), acceptStringTypedBooleanClaims: true }, { sub: bob.sub });
    expect(accepted.user.emailVerified).toBe(true);
  });

  test('the phone scope brings the phone number', async () => {
    const { user } = await signIn({ ...postConfig(), scope: 'openid phone' });
    expect(user).toEqual({ id: ada.sub, phone: '+44 20 7946 0000', rawData: expect.objectContaining({ phone_number: '+44 20 7946 0000' }) });
  });

  test('the scope limits the claims: openid alone gives only the id', async () => {
    const { user } = await signIn({ ...postConfig(), scope: 'openid' });
    expect(user.id).toBe(ada.sub);
    expect(user.email).toBeUndefined();
    expect(user.name).toBeUndefined();
    expect(user.emailVerified).toBeUndefined();
  });

  test('endpoints and keys given by hand (no discovery)', async () => {
    const urls = fake.endpoints();
    const { user } = await signIn({
      clientId: 'post-client',
      clientSecret: postSecret,
      authorizationEndpoint: urls.authorization,
      tokenEndpoint: urls.token,
      userInfoEndpoint: urls.userinfo,
      idTokenVerificationConfig: { jwksUri: urls.jwks, issuer: fake.issuer, algorithms: ['RS256'], clockTolerance: 5 },
    });
    expect(user.email).toBe('ada@example.com');
    expect(fake.received.count.discovery).toBe(0);
    expect(fake.received.count.jwks).toBe(1);
  });

  test('an ES256 provider', async () => {
    const es = await startOidcFake({ alg: 'ES256', clients: [{ clientId: 'c', auth: { method: 'client_secret_post', clientSecret: 's' } }], users: [ada] });
    try {
      const { user } = await (async () => {
        const begun = await beginSignIn(oidcConnector, { issuer: es.issuer, clientId: 'c', clientSecret: 's' });
        return { user: await completeSignIn(oidcConnector, begun, await es.authorize(begun.url.href)) };
      })();
      expect(user.id).toBe(ada.sub);
    } finally {
      await es.close();
    }
  });

  test('an algorithm the config does not allow is refused', async () => {
    const error = await failure(signIn({ ...postConfig(), idTokenVerificationConfig: { algorithms: ['ES256'] } }));
    expect(error.code).toBe('social_id_token_invalid');
  });

  test('max_age: an auth_time that is recent enough passes', async () => {
    const { user } = await signIn({ ...postConfig(), authRequestOptionalConfig: { maxAge: 300 } });
    expect(user.id).toBe(ada.sub);
  });
});

describe('oidc callback errors', () => {
  test('the user denied access → authorization_failed with the provider code', async () => {
    const begun = await beginSignIn(oidcConnector, postConfig());
    const callbackData = await fake.authorize(begun.url.href, { deny: true });
    expect(callbackData).toEqual({ error: 'access_denied', error_description: 'The user denied access', state: begun.state });
    const error = await failure(completeSignIn(oidcConnector, begun, callbackData));
    expect(error.code).toBe('authorization_failed');
    expect(error.data).toEqual({ providerCode: 'access_denied', providerMessage: 'The user denied access' });
    expect(fake.received.count.token).toBe(0);
  });

  test('no code → authorization_failed', async () => {
    const begun = await beginSignIn(oidcConnector, postConfig());
    expect((await failure(completeSignIn(oidcConnector, begun, { state: begun.state }))).code).toBe('authorization_failed');
  });

  test('a session without the verifier or nonce → authorization_failed', async () => {
    const begun = await beginSignIn(oidcConnector, postConfig());
    const callbackData = await fake.authorize(begun.url.href);
    const error = await failure(completeSignIn(oidcConnector, begun, callbackData, { session: {} }));
    expect(error.code).toBe('authorization_failed');
    expect(fake.received.count.token).toBe(0);
  });

  test('a state of another sign-in → authorization_failed', async () => {
    const begun = await beginSignIn(oidcConnector, postConfig());
    const callbackData = await fake.authorize(begun.url.href);
    expect((await failure(completeSignIn(oidcConnector, begun, { ...callbackData, state: 'forged' }))).code).toBe('authorization_failed');
  });
});

describe('oidc PKCE and nonce are enforced', () => {
  test('a different code verifier → the provider refuses the code', async () => {
    const begun = await beginSignIn(oidcConnector, postConfig());
    const callbackData = await fake.authorize(begun.url.href);
    const other = await beginSignIn(oidcConnector, postConfig());
    const error = await failure(completeSignIn(oidcConnector, begun, callbackData, { session: { ...begun.session, codeVerifier: other.session.codeVerifier! } }));
    expect(error.code).toBe('social_auth_code_invalid');
    expect(error.data).toMatchObject({ providerCode: 'invalid_grant', providerMessage: 'PKCE verification failed', status: 400 });
  });

  test('a different nonce in the session → the ID token is refused', async () => {
    const begun = await beginSignIn(oidcConnector, postConfig());
    const callbackData = await fake.authorize(begun.url.href);
    const error = await failure(completeSignIn(oidcConnector, begun, callbackData, { session: { ...begun.session, nonce: 'another-nonce' } }));
    expect(error.code).toBe('social_id_token_invalid');
    expect(error.data).toMatchObject({ claim: 'nonce' });
  });

  test('an ID token with another nonce → refused', async () => {
    fake.knobs.idTokenNonce = 'replayed-nonce';
    const error = await failure(signIn());
    expect(error.code).toBe('social_id_token_invalid');
    expect(error.data).toMatchObject({ claim: 'nonce' });
  });

  test('a code from a request without PKCE is refused when a verifier is sent', async () => {
    const begun = await beginSignIn(oidcConnector, postConfig());
    const code = fake.mintCode({ clientId: 'post-client', sub: ada.sub, redirectUri: testRedirectUri, nonce: begun.session.nonce! });
    expect((await failure(completeSignIn(oidcConnector, begun, { code, state: begun.state }))).code).toBe('social_auth_code_invalid');
  });
});

describe('oidc token endpoint errors', () => {
  test('a code is single-use', async () => {
    const { begun, callbackData } = await signIn();
    const error = await failure(completeSignIn(oidcConnector, begun, callbackData));
    expect(error.code).toBe('social_auth_code_invalid');
    expect(error.data).toMatchObject({ providerCode: 'invalid_grant', providerMessage: 'authorization code already used' });
  });

  test('an unknown code', async () => {
    const begun = await beginSignIn(oidcConnector, postConfig());
    expect((await failure(completeSignIn(oidcConnector, begun, { code: 'made-up', state: begun.state }))).code).toBe('social_auth_code_invalid');
  });

  test('another redirect URI than the authorization request’s', async () => {
    const begun = await beginSignIn(oidcConnector, postConfig());
    const callbackData = await fake.authorize(begun.url.href);
    const error = await failure(completeSignIn(oidcConnector, begun, callbackData, { redirectUri: 'http://localhost:3001/callback/other' }));
    expect(error.code).toBe('social_auth_code_invalid');
    expect(error.data).toMatchObject({ providerMessage: 'redirect_uri does not match' });
  });

  test('a wrong client secret → general with the provider’s code, never the secret', async () => {
    const wrong = 'wrong-secret-8Jx';
    const begun = await beginSignIn(oidcConnector, { ...postConfig(), clientSecret: wrong });
    const error = await failure(completeSignIn(oidcConnector, begun, await fake.authorize(begun.url.href)), [wrong, postSecret]);
    expect(error.code).toBe('general');
    expect(error.data).toEqual({ providerCode: 'invalid_client', providerMessage: 'client authentication failed', status: 401 });
  });

  test('a wrong Basic secret (401 with WWW-Authenticate) → general with the body’s error', async () => {
    const wrong = 'wrong-basic-secret';
    const config = { issuer: fake.issuer, clientId: 'basic-client', clientSecret: wrong, tokenEndpointAuthMethod: 'client_secret_basic' };
    const error = await failure(signIn(config), [wrong, basicSecret]);
    expect(error.code).toBe('general');
    expect(error.data).toEqual({ providerCode: 'invalid_client', providerMessage: 'client authentication failed', status: 401 });
  });

  test('other OAuth errors', async () => {
    fake.knobs.tokenError = { status: 400, error: 'unauthorized_client', error_description: 'not allowed' };
    expect(await failure(signIn())).toMatchObject({ code: 'general', data: { providerCode: 'unauthorized_client', providerMessage: 'not allowed', status: 400 } });
    fake.knobs.tokenError = { status: 429, error: 'too_many_requests' };
    expect((await failure(signIn())).code).toBe('rate_limit_exceeded');
    fake.knobs.tokenError = { status: 503, error: 'temporarily_unavailable' };
    expect((await failure(signIn())).code).toBe('provider_unavailable');
  });

  test('bare HTTP statuses', async () => {
    fake.knobs.status.token = 502;
    expect((await failure(signIn())).code).toBe('provider_unavailable');
    fake.knobs.status.token = 429;
    expect((await failure(signIn())).code).toBe('rate_limit_exceeded');
    fake.knobs.status.token = 404;
    expect((await failure(signIn())).code).toBe('invalid_response');
  });

  test('malformed token answers → invalid_response', async () => {
    fake.knobs.malformed.token = 'not-json';
    expect((await failure(signIn())).code).toBe('invalid_response');
    fake.knobs.malformed.token = 'wrong-shape';
    expect((await failure(signIn())).code).toBe('invalid_response');
  });

  test('no ID token in the answer → invalid_response', async () => {
    fake.knobs.omitIdToken = true;
    expect((await failure(signIn())).code).toBe('invalid_response');
  });
});

describe('oidc ID token validation', () => {
  test.each([
    ['another issuer', { idTokenIssuer: 'https://evil.example.com' }, 'iss'],
    ['another audience', { idTokenAudience: 'someone-else' }, 'aud'],
    ['several audiences without azp', { idTokenAudience: ['post-client', 'someone-else'] }, 'aud'],
    ['expired', { idTokenExpired: true }, 'exp'],
  ] as const)('%s → social_id_token_invalid', async (_name, knobs, claim) => {
    Object.assign(fake.knobs, knobs);
    const error = await failure(signIn());
    expect(error.code).toBe('social_id_token_invalid');
    expect(error.data).toMatchObject({ claim });
    expect(fake.received.count.userinfo).toBe(0);
  });

  test('signed by a key not in the JWKS → social_id_token_invalid', async () => {
    fake.knobs.badSignature = true;
    const error = await failure(signIn());
    expect(error.code).toBe('social_id_token_invalid');
    expect(error.message).toContain('signature');
    expect(fake.received.count.jwks).toBe(1);
  });

  test('a malformed JWKS → invalid_response', async () => {
    fake.knobs.malformed.jwks = 'wrong-shape';
    expect((await failure(signIn())).code).toBe('invalid_response');
  });
});

describe('oidc discovery', () => {
  test('a discovery document naming another issuer is refused', async () => {
    fake.knobs.discoveryIssuer = 'https://evil.example.com';
    const error = await failure(beginSignIn(oidcConnector, postConfig()));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('https://evil.example.com');
  });

  test('a trailing slash on the configured issuer is fine', async () => {
    const begun = await beginSignIn(oidcConnector, { ...postConfig(), issuer: `${fake.issuer}/` });
    expect(begun.url.pathname).toBe('/realms/test/authorize');
  });

  test('malformed and failing discovery', async () => {
    fake.knobs.malformed.discovery = 'not-json';
    expect((await failure(beginSignIn(oidcConnector, postConfig()))).code).toBe('invalid_response');
    fake.knobs.malformed.discovery = 'wrong-shape';
    expect((await failure(beginSignIn(oidcConnector, postConfig()))).code).toBe('invalid_response');
    fake.knobs.malformed = {};
    fake.knobs.status.discovery = 404;
    expect((await failure(beginSignIn(oidcConnector, postConfig()))).code).toBe('invalid_response');
    fake.knobs.status.discovery = 503;
    expect((await failure(beginSignIn(oidcConnector, postConfig()))).code).toBe('provider_unavailable');
  });
});

describe('oidc timeouts and unreachable providers', () => {
  const slow = { timeoutMs: 200 };

  test.each(['discovery', 'token', 'jwks', 'userinfo'] as const)('a slow %s endpoint → provider_unavailable', async (endpoint) => {
    const begun = await beginSignIn(oidcConnector, postConfig());
    const callbackData = await fake.authorize(begun.url.href);
    fake.knobs.delayMs[endpoint] = 1000;
    const started = Date.now();
    const error = await failure(completeSignIn(oidcConnector, begun, callbackData, { context: slow }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toContain('200 ms');
    expect(Date.now() - started).toBeLessThan(900);
  });

  test('a provider that is down → provider_unavailable', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await failure(beginSignIn(oidcConnector, { issuer: `http://127.0.0.1:${port}`, clientId: 'c', clientSecret: postSecret }));
    expect(error.code).toBe('provider_unavailable');
  });
});

describe('oidc userinfo', () => {
  test('a userinfo answer for another subject → invalid_response', async () => {
    fake.knobs.userinfoSub = 'someone-else';
    expect((await failure(signIn())).code).toBe('invalid_response');
  });

  test('malformed userinfo → invalid_response', async () => {
    fake.knobs.malformed.userinfo = 'not-json';
    expect((await failure(signIn())).code).toBe('invalid_response');
  });

  test('userinfo refusing the access token → social_access_token_invalid', async () => {
    fake.knobs.status.userinfo = 401;
    expect((await failure(signIn())).code).toBe('social_access_token_invalid');
  });
});

describe('oidc callback issuer (RFC 9207)', () => {
  let issFake: OidcFake;
  beforeAll(async () => {
    issFake = await startOidcFake({ issParameter: true, clients: [{ clientId: 'c', auth: { method: 'client_secret_post', clientSecret: 's' } }], users: [ada] });
  });
  afterAll(() => issFake.close());

  test('the provider’s iss in the callback is checked', async () => {
    const config = { issuer: issFake.issuer, clientId: 'c', clientSecret: 's' };
    const begun = await beginSignIn(oidcConnector, config);
    const callbackData = await issFake.authorize(begun.url.href);
    expect(callbackData.iss).toBe(issFake.issuer);
    const { iss: _iss, ...withoutIss } = callbackData;
    expect((await failure(completeSignIn(oidcConnector, begun, { ...callbackData, iss: 'https://evil.example.com' }))).code).toBe('authorization_failed');
    expect((await failure(completeSignIn(oidcConnector, begun, withoutIss))).code).toBe('authorization_failed');
    expect((await completeSignIn(oidcConnector, begun, callbackData)).id).toBe(ada.sub);
  });
});

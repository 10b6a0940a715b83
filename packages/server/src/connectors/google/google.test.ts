import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { formItemsOf } from '../form-items.ts';
import { ConnectorError, parseConfig } from '../kit.ts';
import { startOidcFake } from '../oidc/oidc.fake.ts';
import type { OidcFake } from '../oidc/oidc.fake.ts';
import { beginSignIn, completeSignIn, rejectionOf, testRedirectUri } from '../oidc/sign-in.testkit.ts';
import googleConnector from './index.ts';

const clientId = '1234567890-abc.apps.googleusercontent.com';
const clientSecret = 'GOCSPX-google-secret-42';
const user = {
  sub: '110169484474386276334',
  claims: {
    name: 'Grace Hopper',
    given_name: 'Grace',
    family_name: 'Hopper',
    picture: 'https://lh3.googleusercontent.com/a/grace',
    email: 'grace@example.org',
    email_verified: true,
    hd: 'example.org',
    locale: 'en',
  },
};

let fake: OidcFake;
beforeAll(async () => {
  // Google's issuer has no path: the fake's origin plays accounts.google.com.
  fake = await startOidcFake({ clients: [{ clientId, auth: { method: 'client_secret_post', clientSecret }, redirectUris: [testRedirectUri] }], users: [user] });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const config = (extra: Record<string, unknown> = {}) => ({ clientId, clientSecret, issuer: fake.issuer, ...extra });

async function signIn(raw = config()) {
  const begun = await beginSignIn(googleConnector, raw);
  const callbackData = await fake.authorize(begun.url.href);
  return { begun, callbackData, user: await completeSignIn(googleConnector, begun, callbackData) };
}

async function failure(promise: Promise<unknown>) {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ConnectorError);
  expect(JSON.stringify({ message: error.message, data: error.data })).not.toContain(clientSecret);
  return error;
}

describe('google metadata and config', () => {
  test('metadata', () => {
    expect(googleConnector.metadata).toMatchObject({ id: 'google-universal', target: 'google', platform: 'Universal', logoDark: null });
    expect(googleConnector.metadata.isStandard).toBeUndefined();
    expect(Object.keys(googleConnector.metadata.name).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(Object.keys(googleConnector.metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(googleConnector.metadata.readme).toContain('/callback/');
  });

  test('form', () => {
    const items = formItemsOf(googleConnector.configSchema);
    expect(items.map((item) => [item.key, item.type, item.required, item.isConfidential ?? false])).toEqual([
      ['clientId', 'Text', true, false],
      ['clientSecret', 'Text', true, true],
      ['scope', 'Text', false, false],
      ['prompts', 'MultiSelect', false, false],
      ['issuer', 'Text', false, false],
    ]);
    expect(items[3]!.selectItems!.map((item) => item.value)).toEqual(['none', 'consent', 'select_account']);
    expect(items[4]!.defaultValue).toBe('https://accounts.google.com');
  });

  test('defaults and validation', () => {
    expect(parseConfig(googleConnector, { clientId, clientSecret })).toEqual({ clientId, clientSecret, scope: 'openid profile email', issuer: 'https://accounts.google.com' });
    expect((parseConfig(googleConnector, { clientId, clientSecret, scope: 'email https://www.googleapis.com/auth/calendar.readonly' }) as { scope: string }).scope).toBe(
      'openid email https://www.googleapis.com/auth/calendar.readonly',
    );
    const paths = (raw: unknown) => {
      try {
        parseConfig(googleConnector, raw);
        return [];
      } catch (error) {
        return ((error as ConnectorError).data!.issues as Array<{ path: string }>).map((issue) => issue.path);
      }
    };
    expect(paths({ clientSecret })).toEqual(['clientId']);
    expect(paths({ clientId })).toEqual(['clientSecret']);
    expect(paths({ clientId, clientSecret, prompts: ['login'] })).toEqual(['prompts.0']);
    expect(paths({ clientId, clientSecret, prompts: ['none', 'consent'] })).toEqual(['prompts']);
    expect(paths({ clientId, clientSecret, prompts: ['consent', 'select_account'] })).toEqual([]);
    expect(paths({ clientId, clientSecret, issuer: 'http://accounts.google.com' })).toEqual(['issuer']);
  });
});

describe('google sign-in', () => {
  test('authorization URI: code flow, PKCE, nonce, prompts', async () => {
    const begun = await beginSignIn(googleConnector, config({ prompts: ['consent', 'select_account'] }), { state: 'st' });
    expect(begun.url.origin + begun.url.pathname).toBe(`${fake.url}/authorize`);
    expect(Object.fromEntries(begun.url.searchParams)).toEqual({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: testRedirectUri,
      scope: 'openid profile email',
      state: 'st',
      nonce: begun.session.nonce,
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: 'S256',
      prompt: 'consent select_account',
    });
  });

  test('full flow → Google profile', async () => {
    const { begun, user: info } = await signIn();
    expect(info).toEqual({
      id: user.sub,
      name: 'Grace Hopper',
      avatar: 'https://lh3.googleusercontent.com/a/grace',
      email: 'grace@example.org',
      emailVerified: true,
      rawData: expect.objectContaining({ hd: 'example.org', locale: 'en', iss: fake.issuer, aud: clientId }),
    });
    expect(fake.received.token[0]).toMatchObject({ clientAuthMethod: 'client_secret_post', params: { code_verifier: begun.session.codeVerifier, redirect_uri: testRedirectUri } });
    expect(fake.received.count.userinfo).toBe(1);
  });

  test('an ID token whose iss is the host without https:// (as Google may send) is accepted', async () => {
    fake.knobs.idTokenIssuer = new URL(fake.url).host;
    const { user: info } = await signIn();
    expect(info.id).toBe(user.sub);
    expect(info.rawData.iss).toBe(new URL(fake.url).host);
  });

  test('any other issuer is refused, also after the host form is tried', async () => {
    fake.knobs.idTokenIssuer = 'https://accounts.google.com.evil.example';
    const error = await failure(signIn());
    expect(error.code).toBe('social_id_token_invalid');
    expect(error.data).toMatchObject({ claim: 'iss' });
  });

  test('a host-form issuer with a bad signature is still refused', async () => {
    Object.assign(fake.knobs, { idTokenIssuer: new URL(fake.url).host, badSignature: true });
    expect((await failure(signIn())).code).toBe('social_id_token_invalid');
  });

  test('ID token for another client, or expired → social_id_token_invalid', async () => {
    fake.knobs.idTokenAudience = 'other.apps.googleusercontent.com';
    expect(await failure(signIn())).toMatchObject({ code: 'social_id_token_invalid', data: { claim: 'aud' } });
    fake.reset();
    fake.knobs.idTokenExpired = true;
    expect(await failure(signIn())).toMatchObject({ code: 'social_id_token_invalid', data: { claim: 'exp' } });
  });

  test('user denied, used code, wrong secret, timeout', async () => {
    const begun = await beginSignIn(googleConnector, config());
    const denied = await fake.authorize(begun.url.href, { deny: true });
    expect((await failure(completeSignIn(googleConnector, begun, denied))).code).toBe('authorization_failed');

    const { begun: done, callbackData } = await signIn();
    expect((await failure(completeSignIn(googleConnector, done, callbackData))).code).toBe('social_auth_code_invalid');

    const wrong = await beginSignIn(googleConnector, config({ clientSecret: 'not-the-secret' }));
    const refused = await failure(completeSignIn(googleConnector, wrong, await fake.authorize(wrong.url.href)));
    expect(refused).toMatchObject({ code: 'general', data: { providerCode: 'invalid_client' } });
    expect(refused.message).not.toContain('not-the-secret');

    const slow = await beginSignIn(googleConnector, config());
    const slowCallback = await fake.authorize(slow.url.href);
    fake.knobs.delayMs.token = 800;
    expect((await failure(completeSignIn(googleConnector, slow, slowCallback, { context: { timeoutMs: 150 } }))).code).toBe('provider_unavailable');
  });

  test('PKCE verifier tampering → social_auth_code_invalid', async () => {
    const begun = await beginSignIn(googleConnector, config());
    const callbackData = await fake.authorize(begun.url.href);
    const verifier = begun.session.codeVerifier!;
    const tampered = { ...begun.session, codeVerifier: `${verifier.slice(0, -1)}${verifier.endsWith('x') ? 'y' : 'x'}` };
    expect((await failure(completeSignIn(googleConnector, begun, callbackData, { session: tampered }))).code).toBe('social_auth_code_invalid');
  });
});

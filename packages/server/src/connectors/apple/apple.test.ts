import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { formItemsOf } from '../form-items.ts';
import { ConnectorError, parseConfig } from '../kit.ts';
import { startOidcFake } from '../oidc/oidc.fake.ts';
import type { OidcFake } from '../oidc/oidc.fake.ts';
import { beginSignIn, completeSignIn, rejectionOf, testRedirectUri } from '../oidc/sign-in.testkit.ts';
import { appleClientSecret } from './client-secret.ts';
import appleConnector from './index.ts';

const ecKeys = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: ReturnType<typeof ecKeys>['privateKey']) => key.export({ format: 'pem', type: 'pkcs8' }).toString();

const signingKeys = ecKeys();
const privateKey = pem(signingKeys.privateKey);
const clientId = 'com.example.signin';
const teamId = 'A1B2C3D4E5';
const keyId = 'KEY1234567';

// Apple's ID token: email claims as strings, no name.
const tim = {
  sub: '001234.5f1a2b3c4d5e6f708192a3b4c5d6e7f8.0915',
  claims: { email: 'x7k2@privaterelay.appleid.com', email_verified: 'true', is_private_email: 'true', given_name: 'Tim', family_name: 'Cook' },
};
const ann = { sub: '001235.ann', claims: { email: 'ann@example.com', email_verified: 'false', given_name: 'Ann', family_name: 'Other' } };

let fake: OidcFake;
beforeAll(async () => {
  fake = await startOidcFake({
    appleStyle: true,
    clients: [{ clientId, auth: { method: 'apple_client_secret_jwt', teamId, keyId, publicKey: signingKeys.publicKey }, redirectUris: [testRedirectUri] }],
    users: [tim, ann],
  });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const config = (extra: Record<string, unknown> = {}) => ({ clientId, teamId, keyId, privateKey, issuer: fake.issuer, ...extra });

async function signIn(raw: Record<string, unknown> = config(), sub = tim.sub) {
  const begun = await beginSignIn(appleConnector, raw);
  const callbackData = await fake.authorize(begun.url.href, { sub });
  return { begun, callbackData, user: await completeSignIn(appleConnector, begun, callbackData) };
}

async function failure(promise: Promise<unknown>, secrets: string[] = [privateKey]) {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(ConnectorError);
  const shown = JSON.stringify({ message: error.message, data: error.data });
  for (const secret of secrets) {
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain(secret.split('\n')[1]!); // not even one line of a PEM key
  }
  return error;
}

describe('apple metadata and config', () => {
  test('metadata', () => {
    expect(appleConnector.metadata).toMatchObject({ id: 'apple-universal', target: 'apple', platform: 'Universal' });
    expect(Object.keys(appleConnector.metadata.name).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(Object.keys(appleConnector.metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
  });

  test('form: the private key is a confidential multi-line field', () => {
    expect(formItemsOf(appleConnector.configSchema).map((item) => [item.key, item.type, item.required, item.isConfidential ?? false])).toEqual([
      ['clientId', 'Text', true, false],
      ['teamId', 'Text', true, false],
      ['keyId', 'Text', true, false],
      ['privateKey', 'MultilineText', true, true],
      ['scope', 'Text', false, false],
      ['issuer', 'Text', false, false],
    ]);
  });

  test('validation', () => {
    const paths = (raw: unknown) => {
      try {
        parseConfig(appleConnector, raw);
        return [];
      } catch (error) {
        const connectorError = error as ConnectorError;
        expect(connectorError.message).not.toContain('PRIVATE KEY-----\n');
        return (connectorError.data!.issues as Array<{ path: string }>).map((issue) => issue.path);
      }
    };
    const base = { clientId, teamId, keyId, privateKey };
    expect(parseConfig(appleConnector, base)).toEqual({ ...base, scope: 'name email', issuer: 'https://appleid.apple.com' });
    expect(paths({ ...base, privateKey: privateKey.replace(/\n/g, '\\n') })).toEqual([]); // pasted with \n escapes
    for (const key of ['clientId', 'teamId', 'keyId', 'privateKey'] as const) {
      const { [key]: _dropped, ...rest } = base;
      expect(paths(rest)).toEqual([key]);
    }
    expect(paths({ ...base, teamId: 'abc' })).toEqual(['teamId']);
    expect(paths({ ...base, keyId: 'KEY12345678' })).toEqual(['keyId']);
    expect(paths({ ...base, privateKey: 'not a key' })).toEqual(['privateKey']);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(paths({ ...base, privateKey: rsa })).toEqual(['privateKey']);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(paths({ ...base, privateKey: p384 })).toEqual(['privateKey']);
    expect(paths({ ...base, scope: 'name profile' })).toEqual(['scope']);
  });
});

describe('apple client secret', () => {
  test('an ES256 JWT: kid = key id, iss = team id, sub = Services ID, aud = Apple, short-lived', async () => {
    const secret = await appleClientSecret({ clientId, teamId, keyId, privateKey }, Date.UTC(2030, 0, 1));
    expect(decodeProtectedHeader(secret)).toEqual({ alg: 'ES256', kid: keyId });
    const { payload } = await jwtVerify(secret, signingKeys.publicKey, { currentDate: new Date(Date.UTC(2030, 0, 1)) });
    expect(payload).toEqual({ iss: teamId, sub: clientId, aud: 'https://appleid.apple.com', iat: Date.UTC(2030, 0, 1) / 1000, exp: Date.UTC(2030, 0, 1) / 1000 + 300 });
  });
});

describe('apple sign-in', () => {
  test('authorization URI: form_post, name email, PKCE, nonce', async () => {
    const begun = await beginSignIn(appleConnector, config(), { state: 'apple-state' });
    expect(begun.url.origin + begun.url.pathname).toBe(`${fake.url}/authorize`);
    expect(Object.fromEntries(begun.url.searchParams)).toEqual({
      client_id: clientId,
      response_type: 'code',
      response_mode: 'form_post',
      redirect_uri: testRedirectUri,
      scope: 'name email',
      state: 'apple-state',
      nonce: begun.session.nonce,
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: 'S256',
    });
  });

  test('first sign-in: the form_post callback with the user JSON gives the name; email from the ID token', async () => {
    const begun = await beginSignIn(appleConnector, config());
    const callbackData = await fake.authorize(begun.url.href, { sub: tim.sub });
    // What the browser posts to the callback.
    expect(Object.keys(callbackData).sort()).toEqual(['code', 'state', 'user']);
    expect(JSON.parse(callbackData.user!)).toEqual({ name: { firstName: 'Tim', lastName: 'Cook' }, email: tim.claims.email });
    const user = await completeSignIn(appleConnector, begun, callbackData);
    expect(user).toEqual({
      id: tim.sub,
      name: 'Tim Cook',
      email: 'x7k2@privaterelay.appleid.com',
      emailVerified: true,
      rawData: expect.objectContaining({ is_private_email: 'true', iss: fake.issuer, aud: clientId, user: { name: { firstName: 'Tim', lastName: 'Cook' }, email: tim.claims.email } }),
    });
  });

  test('the token request carries a client-secret JWT the provider verified', async () => {
    const { begun } = await signIn();
    const request = fake.received.token[0]!;
    expect(request.clientAuthMethod).toBe('apple_client_secret_jwt');
    expect(request.params).toMatchObject({ client_id: clientId, grant_type: 'authorization_code', redirect_uri: testRedirectUri, code_verifier: begun.session.codeVerifier });
    const claims = decodeJwt(request.params.client_secret!);
    expect(claims).toMatchObject({ iss: teamId, sub: clientId, aud: 'https://appleid.apple.com' });
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(fake.received.count.userinfo).toBe(0);
  });

  test('later sign-ins have no user JSON: no name, same id', async () => {
    await signIn(config(), ann.sub);
    const { callbackData, user } = await signIn(config(), ann.sub);
    expect(callbackData.user).toBeUndefined();
    expect(user).toEqual({ id: ann.sub, email: 'ann@example.com', emailVerified: false, rawData: expect.objectContaining({ email_verified: 'false' }) });
  });

  test('a malformed user JSON is ignored; its email is never used', async () => {
    const begun = await beginSignIn(appleConnector, config());
    const callbackData = await fake.authorize(begun.url.href, { sub: tim.sub });
    const broken = await completeSignIn(appleConnector, begun, { ...callbackData, user: '{"name": ' });
    expect(broken.name).toBeUndefined();
    expect(broken.email).toBe(tim.claims.email);

    const again = await beginSignIn(appleConnector, config());
    const forged = await completeSignIn(appleConnector, again, {
      ...(await fake.authorize(again.url.href, { sub: tim.sub })),
      user: JSON.stringify({ name: { firstName: 'Eve' }, email: 'ceo@example.com' }),
    });
    expect(forged).toMatchObject({ name: 'Eve', email: tim.claims.email });
  });

  test('a key pasted with \\n escapes signs just as well', async () => {
    const { user } = await signIn(config({ privateKey: privateKey.replace(/\n/g, '\\n') }));
    expect(user.id).toBe(tim.sub);
  });
});

describe('apple errors', () => {
  test('the user cancelled → authorization_failed', async () => {
    const begun = await beginSignIn(appleConnector, config());
    const error = await failure(completeSignIn(appleConnector, begun, { error: 'user_cancelled_authorize', state: begun.state }));
    expect(error).toMatchObject({ code: 'authorization_failed', data: { providerCode: 'user_cancelled_authorize' } });
  });

  test('a client secret signed by another key → invalid_client, no key in the error', async () => {
    const otherKey = pem(ecKeys().privateKey);
    const error = await failure(signIn(config({ privateKey: otherKey })), [otherKey, privateKey]);
    expect(error).toMatchObject({ code: 'general', data: { providerCode: 'invalid_client', status: 401 } });
  });

  test('a wrong team id or key id → invalid_client', async () => {
    expect(await failure(signIn(config({ teamId: 'ZZZZZZZZZZ' })))).toMatchObject({ code: 'general', data: { providerCode: 'invalid_client' } });
    expect(await failure(signIn(config({ keyId: 'OTHERKEY00' })))).toMatchObject({ code: 'general', data: { providerCode: 'invalid_client' } });
  });

  test('nonce and PKCE tampering', async () => {
    const begun = await beginSignIn(appleConnector, config());
    const callbackData = await fake.authorize(begun.url.href);
    expect(await failure(completeSignIn(appleConnector, begun, callbackData, { session: { ...begun.session, nonce: 'other' } }))).toMatchObject({
      code: 'social_id_token_invalid',
      data: { claim: 'nonce' },
    });
    const second = await beginSignIn(appleConnector, config());
    const secondCallback = await fake.authorize(second.url.href);
    const verifier = second.session.codeVerifier!;
    const tampered = { ...second.session, codeVerifier: `${verifier.slice(0, -1)}${verifier.endsWith('A') ? 'B' : 'A'}` };
    expect((await failure(completeSignIn(appleConnector, second, secondCallback, { session: tampered }))).code).toBe('social_auth_code_invalid');
  });

  test('ID token checks: issuer, audience, signature', async () => {
    fake.knobs.idTokenIssuer = 'https://appleid.apple.com.evil.example';
    expect((await failure(signIn())).code).toBe('social_id_token_invalid');
    fake.reset();
    fake.knobs.idTokenAudience = 'com.example.other';
    expect((await failure(signIn())).code).toBe('social_id_token_invalid');
    fake.reset();
    fake.knobs.badSignature = true;
    expect((await failure(signIn())).code).toBe('social_id_token_invalid');
  });

  test('Apple slow or down → provider_unavailable; garbage → invalid_response', async () => {
    const begun = await beginSignIn(appleConnector, config());
    const callbackData = await fake.authorize(begun.url.href);
    fake.knobs.delayMs.token = 800;
    expect((await failure(completeSignIn(appleConnector, begun, callbackData, { context: { timeoutMs: 150 } }))).code).toBe('provider_unavailable');
    fake.reset();
    fake.knobs.malformed.token = 'not-json';
    expect((await failure(signIn())).code).toBe('invalid_response');
  });
});

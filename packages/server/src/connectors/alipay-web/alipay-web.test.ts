import { describe, test, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { ConnectorError, parseConfig } from '../kit.ts';
import type { AuthorizationRequest, CallbackRequest, SocialConnector } from '../kit.ts';
import { formItemsOf } from '../form-items.ts';
import { createAlipayAppKeys, startAlipayFake } from '../alipay-gateway/alipay-gateway.fake.ts';
import type { AlipayFake } from '../alipay-gateway/alipay-gateway.fake.ts';
import alipayWeb from './index.ts';
import { connectorErrorOf as connectorError } from '../testing/connector-error-of.ts';

const connector = alipayWeb as SocialConnector<unknown>;
const appId = '2021000000000777';
const keys = createAlipayAppKeys();
const context = { timeoutMs: 2000 };
const redirectUri = 'http://localhost:3001/callback/alipay-web-1';
const callback: CallbackRequest = { redirectUri, session: {} };
const bo = { user_id: '2088000000000042', nick_name: 'Bo', avatar: 'https://tfs.alipayobjects.com/images/partner/bo.png' };

let fake: AlipayFake;

beforeAll(async () => {
  fake = await startAlipayFake({ apps: [{ appId, publicKeyPem: keys.publicKeyPem }] });
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

function config(overrides: Record<string, unknown> = {}): unknown {
  return parseConfig(connector, {
    appId,
    privateKey: keys.privateKeyPkcs8Pem,
    signType: 'RSA2',
    gatewayUrl: fake.url,
    alipayPublicKey: fake.gatewayPublicKeyPem,
    ...overrides,
  });
}

/** What Alipay's redirect back to us carries. */
const callbackData = (authCode: string) => ({ app_id: appId, source: 'alipay_wallet', scope: 'auth_user', auth_code: authCode, state: 'st' });
const signIn = (authCode: string, configuration = config(), timeoutMs = context.timeoutMs) =>
  connector.getUserInfo(configuration, callbackData(authCode), callback, { timeoutMs });

describe('metadata and form', () => {
  test('metadata', () => {
    expect(connector.type).toBe('Social');
    expect(connector.metadata).toMatchObject({ id: 'alipay-web', target: 'alipay', platform: 'Web', logoDark: null });
    expect(connector.metadata.name).toEqual({ en: 'Alipay', es: 'Alipay', fr: 'Alipay', 'zh-CN': '支付宝' });
    expect(Object.keys(connector.metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(connector.metadata.logo.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(connector.metadata.readme).toContain('/callback/');
  });

  test('the form is derived from the config schema', () => {
    const items = formItemsOf(connector.configSchema);
    expect(items.map((item) => [item.key, item.type, item.required, item.defaultValue])).toEqual([
      ['appId', 'Text', true, undefined],
      ['privateKey', 'MultilineText', true, undefined],
      ['signType', 'Select', false, 'RSA2'],
      ['alipayPublicKey', 'MultilineText', false, undefined],
      ['gatewayUrl', 'Text', false, 'https://openapi.alipay.com/gateway.do'],
      ['scope', 'Select', false, 'auth_user'],
      ['authorizationEndpoint', 'Text', false, 'https://openauth.alipay.com/oauth2/publicAppAuthorize.htm'],
    ]);
    expect(items.filter((item) => item.isConfidential).map((item) => item.key)).toEqual(['privateKey']);
  });
});

describe('config', () => {
  test('a reference config (appId, privateKey, signType, charset, scope) is accepted', () => {
    expect(parseConfig(connector, { appId, privateKey: keys.privateKeyPkcs1Pem.replace(/\n/g, '\\n'), signType: 'RSA', charset: 'utf8', scope: 'auth_base' })).toEqual({
      appId,
      privateKey: keys.privateKeyPkcs1Pem.replace(/\n/g, '\\n'),
      signType: 'RSA',
      scope: 'auth_base',
      gatewayUrl: 'https://openapi.alipay.com/gateway.do',
      authorizationEndpoint: 'https://openauth.alipay.com/oauth2/publicAppAuthorize.htm',
    });
  });

  test.each([
    ['no appId', { privateKey: keys.privateKeyPkcs8Pem }, ['appId']],
    ['no privateKey', { appId }, ['privateKey']],
    ['an appId of 17 characters', { appId: '20210000000007770', privateKey: keys.privateKeyPkcs8Pem }, ['appId']],
    ['a bad signType', { appId, privateKey: keys.privateKeyPkcs8Pem, signType: 'rsa2' }, ['signType']],
    ['a bad scope', { appId, privateKey: keys.privateKeyPkcs8Pem, scope: 'auth_zhima' }, ['scope']],
    ['a bad authorizationEndpoint', { appId, privateKey: keys.privateKeyPkcs8Pem, authorizationEndpoint: 'javascript:alert(1)' }, ['authorizationEndpoint']],
    ['a privateKey that does not parse', { appId, privateKey: 'TOPSECRET' }, ['privateKey']],
  ])('refused: %s', (_name, raw, paths) => {
    let caught: unknown;
    try {
      parseConfig(connector, raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConnectorError);
    const error = caught as ConnectorError;
    expect(error.code).toBe('invalid_config');
    expect((error.data?.issues as { path: string }[]).map((issue) => issue.path)).toEqual(paths);
    expect(error.message).not.toContain('TOPSECRET');
  });
});

describe('getAuthorizationUri', () => {
  const request = (state: string, uri = redirectUri): AuthorizationRequest => ({ state, redirectUri: uri, connectorInstanceId: 'alipay-web-1', setSession: () => {} });

  test('Alipay’s authorization page with app_id, scope, redirect_uri and state', async () => {
    expect(await connector.getAuthorizationUri(config(), request('Zx9_-abc'), context)).toBe(
      'https://openauth.alipay.com/oauth2/publicAppAuthorize.htm?app_id=2021000000000777&scope=auth_user&redirect_uri=http%3A%2F%2Flocalhost%3A3001%2Fcallback%2Falipay-web-1&state=Zx9_-abc',
    );
  });

  test('auth_base scope, a custom endpoint keeping its own query, and encoded values', async () => {
    const uri = await connector.getAuthorizationUri(
      config({ scope: 'auth_base', authorizationEndpoint: 'https://openauth-sandbox.dl.alipaydev.com/oauth2/publicAppAuthorize.htm?x=1' }),
      request('a&b=c', 'https://id.example.com/callback/alipay-web-1?q=1'),
      context,
    );
    expect(uri).toBe(
      'https://openauth-sandbox.dl.alipaydev.com/oauth2/publicAppAuthorize.htm?x=1&app_id=2021000000000777&scope=auth_base&redirect_uri=https%3A%2F%2Fid.example.com%2Fcallback%2Falipay-web-1%3Fq%3D1&state=a%26b%3Dc',
    );
  });
});

describe('getUserInfo against the fake gateway', () => {
  test.each([
    ['RSA2, PKCS#8', 'RSA2', keys.privateKeyPkcs8Pem],
    ['RSA, PKCS#1', 'RSA', keys.privateKeyPkcs1Pem],
    ['RSA2, \\n-escaped PKCS#1', 'RSA2', keys.privateKeyPkcs1Pem.replace(/\n/g, '\\n')],
  ])('success: %s', async (_name, signType, privateKey) => {
    const userInfo = await signIn(fake.issueAuthCode(bo), config({ signType, privateKey }));
    expect(userInfo).toEqual({ id: bo.user_id, name: 'Bo', avatar: bo.avatar, rawData: bo });
    expect(fake.requests.map((request) => [request.method, request.params.sign_type, request.signatureValid])).toEqual([
      ['alipay.system.oauth.token', signType, true],
      ['alipay.user.info.share', signType, true],
    ]);
  });

  test('auth_base: the user id from the token answer, no profile call', async () => {
    const authCode = fake.issueAuthCode(bo, { scope: 'auth_base' });
    expect(await signIn(authCode, config({ scope: 'auth_base' }))).toEqual({ id: bo.user_id, rawData: { user_id: bo.user_id } });
    expect(fake.requests.map((request) => request.method)).toEqual(['alipay.system.oauth.token']);
  });

  test('auth_base with open_id', async () => {
    const authCode = fake.issueAuthCode({ open_id: '074aOPEN' }, { scope: 'auth_base' });
    expect(await signIn(authCode, config({ scope: 'auth_base' }))).toEqual({ id: '074aOPEN', rawData: { open_id: '074aOPEN' } });
  });

  test('a user who only granted auth_base cannot be read with auth_user (general, 40006)', async () => {
    const error = await connectorError(() => signIn(fake.issueAuthCode(bo, { scope: 'auth_base' })));
    expect(error.code).toBe('general');
    expect(error.data).toMatchObject({ providerCode: '40006', subCode: 'isv.insufficient-user-permissions' });
  });

  test('a reused auth code is social_auth_code_invalid', async () => {
    const authCode = fake.issueAuthCode(bo);
    await signIn(authCode);
    expect((await connectorError(() => signIn(authCode))).code).toBe('social_auth_code_invalid');
  });

  test('the user cancelled (no auth_code) is authorization_failed', async () => {
    const error = await connectorError(() => connector.getUserInfo(config(), { state: 'st' }, callback, context));
    expect(error.code).toBe('authorization_failed');
  });

  test('an invalid access token is social_access_token_invalid', async () => {
    fake.knobs.forceError = { method: 'alipay.user.info.share', as: 'method_response', error: { code: '20001', msg: 'Invalid Auth Token', sub_code: 'aop.invalid-auth-token' } };
    expect((await connectorError(() => signIn(fake.issueAuthCode(bo)))).code).toBe('social_access_token_invalid');
  });

  test('an expired token (the fake’s own 20001 answer) is social_access_token_invalid', async () => {
    fake.knobs.accessTokenTtlMs = 0;
    const error = await connectorError(() => signIn(fake.issueAuthCode(bo)));
    expect(error.code).toBe('social_access_token_invalid');
    expect(error.data).toMatchObject({ providerCode: '20001', subCode: 'aop.auth-token-time-out' });
  });

  test('a tampered answer is rejected with alipayPublicKey, accepted without', async () => {
    fake.knobs.tamperSignature = true;
    const error = await connectorError(() => signIn(fake.issueAuthCode(bo)));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('signature check failed');
    expect((await signIn(fake.issueAuthCode(bo), config({ alipayPublicKey: undefined }))).id).toBe(bo.user_id);
  });

  test('a slow gateway is provider_unavailable', async () => {
    fake.knobs.delayMs = 500;
    const error = await connectorError(() => signIn(fake.issueAuthCode(bo), config(), 150));
    expect(error.code).toBe('provider_unavailable');
  });

  test('malformed JSON is invalid_response', async () => {
    fake.knobs.rawBody = '{"alipay_system_oauth_token_response":';
    expect((await connectorError(() => signIn('code'))).code).toBe('invalid_response');
  });
});

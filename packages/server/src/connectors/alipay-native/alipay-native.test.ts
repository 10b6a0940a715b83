import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, test, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { ConnectorError, parseConfig } from '../kit.ts';
import type { AuthorizationRequest, CallbackRequest, SocialConnector } from '../kit.ts';
import { formItemsOf } from '../form-items.ts';
import { createAlipayAppKeys, startAlipayFake } from '../alipay-gateway/alipay-gateway.fake.ts';
import type { AlipayFake } from '../alipay-gateway/alipay-gateway.fake.ts';
import alipayNative from './index.ts';
import { connectorErrorOf as connectorError } from '../testing/connector-error-of.ts';

const connector = alipayNative as SocialConnector<unknown>;
const appId = '2021000000000001';
const keys = createAlipayAppKeys();
const context = { timeoutMs: 2000 };
const callback: CallbackRequest = { redirectUri: 'http://localhost:3001/callback/social/alipay-native-1', session: {} };
const ada = { user_id: '2088102150477652', nick_name: '阿达', avatar: 'https://tfs.alipayobjects.com/images/partner/ada.png', province: '浙江省', city: '杭州市', gender: 'F' };

let fake: AlipayFake;

beforeAll(async () => {
  fake = await startAlipayFake({ apps: [{ appId, publicKeyPem: keys.publicKeyPem }] });
});
afterEach(() => fake.reset());
afterAll(async () => {
  await fake.close();
});

/** A validated config against the fake, checking gateway signatures unless told otherwise. */
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

const signIn = (authCode: string, configuration = config(), timeoutMs = context.timeoutMs) =>
  connector.getUserInfo(configuration, { auth_code: authCode, state: 'st' }, callback, { timeoutMs });

describe('metadata and form', () => {
  test('metadata', () => {
    expect(connector.type).toBe('Social');
    expect(connector.metadata).toMatchObject({ id: 'alipay-native', target: 'alipay', platform: 'Native', logoDark: null });
    expect(connector.metadata.name).toEqual({ en: 'Alipay', es: 'Alipay', fr: 'Alipay', 'zh-CN': '支付宝' });
    expect(Object.keys(connector.metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(connector.metadata.logo.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(connector.metadata.readme).toContain('# Alipay (Native)');
  });

  test('the form is derived from the config schema', () => {
    const items = formItemsOf(connector.configSchema);
    expect(items.map((item) => [item.key, item.type, item.required])).toEqual([
      ['appId', 'Text', true],
      ['privateKey', 'MultilineText', true],
      ['signType', 'Select', false],
      ['alipayPublicKey', 'MultilineText', false],
      ['gatewayUrl', 'Text', false],
    ]);
    const byKey = Object.fromEntries(items.map((item) => [item.key, item]));
    expect(byKey.privateKey?.isConfidential).toBe(true);
    expect(byKey.appId?.isConfidential).toBeUndefined();
    expect(byKey.signType?.defaultValue).toBe('RSA2');
    expect(byKey.signType?.selectItems).toEqual([
      { value: 'RSA', title: 'RSA (SHA1withRSA)' },
      { value: 'RSA2', title: 'RSA2 (SHA256withRSA)' },
    ]);
    expect(byKey.gatewayUrl?.defaultValue).toBe('https://openapi.alipay.com/gateway.do');
  });
});

describe('config', () => {
  test('the three reference fields work alone; defaults fill the rest', () => {
    expect(parseConfig(connector, { appId, privateKey: keys.privateKeyPkcs1Pem, signType: 'RSA' })).toEqual({
      appId,
      privateKey: keys.privateKeyPkcs1Pem,
      signType: 'RSA',
      gatewayUrl: 'https://openapi.alipay.com/gateway.do',
    });
    expect(parseConfig(connector, { appId, privateKey: keys.privateKeyPkcs1Pem })).toMatchObject({ signType: 'RSA2' });
  });

  test('unknown keys (e.g. a reference config’s charset) are dropped; a blank alipayPublicKey is allowed', () => {
    const parsed = parseConfig(connector, { appId, privateKey: keys.privateKeyPkcs8Pem, charset: 'utf8', alipayPublicKey: '' });
    expect(parsed).not.toHaveProperty('charset');
  });

  test('an appId of 16 characters is fine; 17 is not', () => {
    expect(parseConfig(connector, { appId: '1'.repeat(16), privateKey: keys.privateKeyPkcs8Pem })).toMatchObject({ appId: '1'.repeat(16) });
    const error = (() => {
      try {
        parseConfig(connector, { appId: '1'.repeat(17), privateKey: keys.privateKeyPkcs8Pem });
      } catch (caught) {
        return caught as ConnectorError;
      }
      throw new Error('expected an error');
    })();
    expect(error.code).toBe('invalid_config');
    expect(error.data).toEqual({ issues: [{ path: 'appId', message: 'must be at most 16 characters (the APPID of the Alipay application)' }] });
  });

  const garbageKey = '-----BEGIN PRIVATE KEY-----\nTOPSECRETbutbroken\n-----END PRIVATE KEY-----';
  test.each([
    ['no appId', { privateKey: keys.privateKeyPkcs8Pem }, ['appId']],
    ['an empty appId', { appId: '  ', privateKey: keys.privateKeyPkcs8Pem }, ['appId']],
    ['no privateKey', { appId }, ['privateKey']],
    ['nothing', {}, ['appId', 'privateKey']],
    ['a bad signType', { appId, privateKey: keys.privateKeyPkcs8Pem, signType: 'RSA256' }, ['signType']],
    ['a privateKey that does not parse', { appId, privateKey: garbageKey }, ['privateKey']],
    ['a public key as privateKey', { appId, privateKey: keys.publicKeyPem }, ['privateKey']],
    ['an alipayPublicKey that does not parse', { appId, privateKey: keys.privateKeyPkcs8Pem, alipayPublicKey: 'MIIBIjANBgkq' }, ['alipayPublicKey']],
    ['a gatewayUrl that is not http(s)', { appId, privateKey: keys.privateKeyPkcs8Pem, gatewayUrl: 'ftp://example.com/gateway.do' }, ['gatewayUrl']],
    ['a gatewayUrl that is not a URL', { appId, privateKey: keys.privateKeyPkcs8Pem, gatewayUrl: 'gateway' }, ['gatewayUrl']],
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
    expect(JSON.stringify(error.data)).not.toContain('TOPSECRET');
  });

  test('a key that slipped past the schema is still invalid_config naming privateKey, without the key', async () => {
    const raw = { appId, privateKey: 'TOPSECRET', signType: 'RSA2', gatewayUrl: fake.url };
    const error = await connectorError(() => signIn('code', raw));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain('privateKey');
    expect(error.message).not.toContain('TOPSECRET');
    expect(fake.requests).toEqual([]);
  });
});

describe('getAuthorizationUri', () => {
  const request = (state: string): AuthorizationRequest => ({
    state,
    redirectUri: 'http://localhost:3001/callback/social/alipay-native-1',
    connectorInstanceId: 'alipay-native-1',
    setSession: () => {},
  });

  test('alipay:// with the app id and state', async () => {
    expect(await connector.getAuthorizationUri(config(), request('Zx9_-.~abc'), context)).toBe('alipay://?app_id=2021000000000001&state=Zx9_-.~abc');
  });

  test('values are URL-encoded', async () => {
    expect(await connector.getAuthorizationUri(config({ appId: 'a&b=c' }), request('s t/&=?#'), context)).toBe('alipay://?app_id=a%26b%3Dc&state=s%20t%2F%26%3D%3F%23');
  });
});

describe('getUserInfo against the fake gateway', () => {
  test.each([
    ['RSA2, PKCS#8', 'RSA2', keys.privateKeyPkcs8Pem],
    ['RSA, PKCS#1', 'RSA', keys.privateKeyPkcs1Pem],
    ['RSA2, PKCS#1 with \\n escapes', 'RSA2', keys.privateKeyPkcs1Pem.replace(/\n/g, '\\n')],
    ['RSA, PKCS#8 with \\n escapes', 'RSA', keys.privateKeyPkcs8Pem.replace(/\n/g, '\\n')],
  ])('success: %s', async (_name, signType, privateKey) => {
    const authCode = fake.issueAuthCode(ada);
    const userInfo = await signIn(authCode, config({ signType, privateKey }));
    expect(userInfo).toEqual({
      id: '2088102150477652',
      name: '阿达',
      avatar: 'https://tfs.alipayobjects.com/images/partner/ada.png',
      rawData: ada,
    });

    expect(fake.requests.map((request) => [request.method, request.params.sign_type, request.signatureValid])).toEqual([
      ['alipay.system.oauth.token', signType, true],
      ['alipay.user.info.share', signType, true],
    ]);
    const [tokenRequest, infoRequest] = fake.requests;
    expect(tokenRequest?.params).toMatchObject({ app_id: appId, format: 'JSON', charset: 'utf-8', version: '1.0', grant_type: 'authorization_code', code: authCode });
    expect(tokenRequest?.params.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(infoRequest?.params.auth_token).toMatch(/^authusrB[0-9a-f]{32}$/);
    expect(Object.keys(infoRequest?.params ?? {}).sort()).toEqual(['app_id', 'auth_token', 'charset', 'format', 'method', 'sign', 'sign_type', 'timestamp', 'version']);
  });

  test('the three reference fields alone (no response verification) sign in', async () => {
    const authCode = fake.issueAuthCode(ada);
    const raw = parseConfig(connector, { appId, privateKey: keys.privateKeyPkcs8Pem, signType: 'RSA2' }) as Record<string, unknown>;
    const userInfo = await signIn(authCode, { ...raw, gatewayUrl: fake.url });
    expect(userInfo.id).toBe('2088102150477652');
  });

  test('open_id instead of user_id; no nickname or avatar', async () => {
    const profile = { open_id: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5' };
    expect(await signIn(fake.issueAuthCode(profile))).toEqual({ id: profile.open_id, rawData: profile });
  });

  test('an empty nickname is no name', async () => {
    const userInfo = await signIn(fake.issueAuthCode({ user_id: '2088000000000003', nick_name: '' }));
    expect(userInfo).toEqual({ id: '2088000000000003', rawData: { user_id: '2088000000000003', nick_name: '' } });
  });

  test('a reused auth code is social_auth_code_invalid', async () => {
    const authCode = fake.issueAuthCode(ada);
    await signIn(authCode);
    const error = await connectorError(() => signIn(authCode));
    expect(error.code).toBe('social_auth_code_invalid');
    expect(error.data).toEqual({ providerCode: '40002', providerMessage: 'Invalid Arguments', subCode: 'isv.code-invalid', subMsg: '授权码code无效' });
  });

  test('an unknown auth code, or one for another app, is social_auth_code_invalid', async () => {
    expect((await connectorError(() => signIn('0123456789abcdef'))).code).toBe('social_auth_code_invalid');
    const otherAppsCode = fake.issueAuthCode(ada, { appId: '2021000000000002' });
    expect((await connectorError(() => signIn(otherAppsCode))).code).toBe('social_auth_code_invalid');
  });

  test.each<Record<string, string>>([{}, { auth_code: '' }, { error: 'access_denied', state: 'st' }])('no auth_code in %j is authorization_failed', async (data) => {
    const error = await connectorError(() => connector.getUserInfo(config(), data, callback, context));
    expect(error.code).toBe('authorization_failed');
    expect(fake.requests).toEqual([]);
  });

  test('an invalid access token (code 20001) is social_access_token_invalid', async () => {
    fake.knobs.forceError = {
      method: 'alipay.user.info.share',
      as: 'method_response',
      error: { code: '20001', msg: 'Invalid Auth Token', sub_code: 'aop.invalid-auth-token', sub_msg: '无效的访问令牌' },
    };
    const error = await connectorError(() => signIn(fake.issueAuthCode(ada)));
    expect(error.code).toBe('social_access_token_invalid');
    expect(error.data).toEqual({ providerCode: '20001', providerMessage: 'Invalid Auth Token', subCode: 'aop.invalid-auth-token', subMsg: '无效的访问令牌' });
  });

  test.each(['error_response', 'method_response'] as const)('another refusal (as %s) is general with code and sub-code', async (as) => {
    fake.knobs.forceError = { as, error: { code: '40004', msg: 'Business Failed', sub_code: 'isv.app-unauthorized', sub_msg: '应用未授权' } };
    const error = await connectorError(() => signIn(fake.issueAuthCode(ada)));
    expect(error.code).toBe('general');
    expect(error.data).toEqual({ providerCode: '40004', providerMessage: 'Business Failed', subCode: 'isv.app-unauthorized', subMsg: '应用未授权' });
    expect(error.message).toBe('Alipay refused alipay.system.oauth.token (40004 / isv.app-unauthorized): Business Failed: 应用未授权');
  });

  test('a request signed with a key Alipay does not know is refused (general, isv.invalid-signature)', async () => {
    const error = await connectorError(() => signIn(fake.issueAuthCode(ada), config({ privateKey: createAlipayAppKeys().privateKeyPkcs8Pem })));
    expect(error.code).toBe('general');
    expect(error.data).toMatchObject({ providerCode: '40002', subCode: 'isv.invalid-signature' });
  });

  test('a tampered answer signature is rejected when alipayPublicKey is set…', async () => {
    fake.knobs.tamperSignature = true;
    const error = await connectorError(() => signIn(fake.issueAuthCode(ada)));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('signature check failed');
    expect(fake.requests).toHaveLength(1);
  });

  test('…and accepted when it is not', async () => {
    fake.knobs.tamperSignature = true;
    expect((await signIn(fake.issueAuthCode(ada), config({ alipayPublicKey: undefined }))).id).toBe(ada.user_id);
    expect((await signIn(fake.issueAuthCode(ada), config({ alipayPublicKey: '  ' }))).id).toBe(ada.user_id);
  });

  test('a missing answer signature is rejected when alipayPublicKey is set', async () => {
    fake.knobs.omitSignature = true;
    expect((await connectorError(() => signIn(fake.issueAuthCode(ada)))).code).toBe('invalid_response');
    expect((await signIn(fake.issueAuthCode(ada), config({ alipayPublicKey: undefined }))).id).toBe(ada.user_id);
  });

  test('an alipayPublicKey of another key pair rejects genuine answers', async () => {
    const error = await connectorError(() => signIn(fake.issueAuthCode(ada), config({ alipayPublicKey: createAlipayAppKeys().publicKeyPem })));
    expect(error.code).toBe('invalid_response');
  });

  test('a slow gateway is provider_unavailable', async () => {
    fake.knobs.delayMs = 600;
    const started = Date.now();
    const error = await connectorError(() => signIn(fake.issueAuthCode(ada), config(), 150));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe('Alipay gateway did not answer within 150 ms');
    expect(Date.now() - started).toBeLessThan(550);
  });

  test('an unreachable gateway is provider_unavailable', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await connectorError(() => signIn('code', config({ gatewayUrl: `http://127.0.0.1:${port}/gateway.do` })));
    expect(error.code).toBe('provider_unavailable');
  });

  test.each([
    ['not JSON', '<html>系统繁忙</html>', 200, 'invalid_response'],
    ['truncated JSON', '{"alipay_system_oauth_token_response":{"user_id":"1"', 200, 'invalid_response'],
    ['no member', '{"sign":"x"}', 200, 'invalid_response'],
    ['a member without access_token', '{"alipay_system_oauth_token_response":{"code":"10000","msg":"Success","user_id":"1"},"sign":"x"}', 200, 'invalid_response'],
    ['HTTP 503', 'Service Unavailable', 503, 'provider_unavailable'],
  ])('a malformed answer (%s) is %s', async (_name, body, status, code) => {
    fake.knobs.rawBody = body;
    fake.knobs.httpStatus = status;
    const error = await connectorError(() => signIn('code', config({ alipayPublicKey: undefined })));
    expect(error.code).toBe(code);
  });

  test('a profile answer without an id falls back to the token answer’s user_id', async () => {
    fake.knobs.forceError = { method: 'alipay.user.info.share', as: 'method_response', error: { code: '10000', msg: 'Success' } };
    expect(await signIn(fake.issueAuthCode(ada))).toEqual({ id: ada.user_id, rawData: {} });
  });

  test('no id in either answer is invalid_response', async () => {
    // Both calls get this body: a token member without an id, a profile member without one either.
    fake.knobs.rawBody = '{"alipay_system_oauth_token_response":{"access_token":"t"},"alipay_user_info_share_response":{"code":"10000","msg":"Success"},"sign":"x"}';
    const error = await connectorError(() => signIn('code', config({ alipayPublicKey: undefined })));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toBe('Alipay gateway answered without user_id or open_id');
    expect(fake.requests.map((request) => request.method)).toEqual(['alipay.system.oauth.token', 'alipay.user.info.share']);
  });
});

import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test, expect, beforeAll, afterAll } from 'vitest';
import type { ProviderResponse } from '../kit.ts';
import { createAlipayAppKeys, startAlipayFake } from './alipay-gateway.fake.ts';
import type { AlipayFake } from './alipay-gateway.fake.ts';
import type { AlipayGatewayConfig } from './config.ts';
import { callAlipayGateway } from './gateway-client.ts';
import { readRsaKey, rsaKeyOfField } from './keys.ts';
import { extractRawMember } from './raw-member.ts';
import { alipayTimestamp, signedGatewayParams } from './request.ts';
import { readGatewayResponse } from './response.ts';
import type { GatewayVerifier } from './response.ts';
import { buildSignContent, signContent, verifyContent } from './signature.ts';
import { connectorErrorOf as connectorError } from '../testing/connector-error-of.ts';

// A copy of /work/shared/specs/vectors/alipay-signature.json (throwaway keys only).
type SignedRequestVector = { params: Record<string, string>; signContent: string; sign: string };
type Vector = {
  appPrivateKeyPem: string;
  appPublicKeyPem: string;
  alipayPrivateKeyPem: string;
  alipayPublicKeyPem: string;
  requestRSA2: SignedRequestVector;
  requestRSA: SignedRequestVector;
  oauthTokenResponse: { body: string; signedNode: string; sign: string };
};
const vector = JSON.parse(readFileSync(new URL('./alipay-signature.vector.json', import.meta.url), 'utf8')) as Vector;

const key = (pem: string, kind: 'private' | 'public') => {
  const result = readRsaKey(pem, kind);
  if (!result) throw new Error('test key does not parse');
  return result;
};
const appPrivateKey = key(vector.appPrivateKeyPem, 'private');
const gatewayVerifier: GatewayVerifier = { publicKey: key(vector.alipayPublicKeyPem, 'public'), signType: 'RSA2' };
const tokenMethod = 'alipay.system.oauth.token';

const answer = (text: string, status = 200): ProviderResponse => ({ status, headers: new Headers(), text });

/** The ConnectorError `run` throws (fails the test when it throws something else or nothing). */
describe('request signing (vector)', () => {
  test.each([
    ['RSA2', vector.requestRSA2],
    ['RSA', vector.requestRSA],
  ] as const)('%s: sign content and sign are reproduced byte for byte', (signType, request) => {
    expect(buildSignContent(request.params)).toBe(request.signContent);
    expect(signContent(request.signContent, appPrivateKey, signType)).toBe(request.sign);
    expect(verifyContent(request.signContent, request.sign, key(vector.appPublicKeyPem, 'public'), signType)).toBe(true);
  });

  test.each([
    ['RSA2', vector.requestRSA2],
    ['RSA', vector.requestRSA],
  ] as const)('%s: the full signed parameter set, timestamp in Beijing time', (signType, request) => {
    const params = signedGatewayParams({
      appId: '2021000000000001',
      method: tokenMethod,
      signType,
      privateKey: appPrivateKey,
      params: { grant_type: 'authorization_code', code: '4b203fe6c11548bcabd8da5bb087a83b' },
      now: new Date('2026-11-21T02:00:00Z'),
    });
    expect(params).toEqual({ ...request.params, sign: request.sign });
  });

  test('sign content leaves out sign and empty values and does not URL-encode', () => {
    expect(buildSignContent({ b: 'x y&z', a: '1', sign: 'nope', empty: '', missing: undefined, biz_content: '{"k":"中"}' })).toBe(
      'a=1&b=x y&z&biz_content={"k":"中"}',
    );
  });

  test('a method parameter cannot shadow a common one', () => {
    const params = signedGatewayParams({
      appId: 'app',
      method: tokenMethod,
      signType: 'RSA2',
      privateKey: appPrivateKey,
      params: { method: 'other', app_id: 'evil', code: 'c' },
      now: new Date('2026-11-21T02:00:00Z'),
    });
    expect(params.method).toBe(tokenMethod);
    expect(params.app_id).toBe('app');
  });
});

describe('alipayTimestamp', () => {
  test.each([
    ['2026-11-21T02:00:00Z', '2026-11-21 10:00:00'],
    ['2026-12-31T16:00:00.999Z', '2027-01-01 00:00:00'],
    ['2024-02-28T20:05:09Z', '2024-02-29 04:05:09'],
    ['2026-06-30T15:59:59Z', '2026-06-30 23:59:59'],
  ])('%s is %s in UTC+8', (iso, expected) => {
    expect(alipayTimestamp(new Date(iso))).toBe(expected);
  });

  test('whatever the machine’s timezone', () => {
    const saved = process.env.TZ;
    try {
      for (const zone of ['America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai', 'UTC']) {
        process.env.TZ = zone;
        expect(alipayTimestamp(new Date('2026-03-08T10:30:00Z'))).toBe('2026-03-08 18:30:00');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('extractRawMember', () => {
  test('the vector response member, exactly as written', () => {
    expect(extractRawMember(vector.oauthTokenResponse.body, 'alipay_system_oauth_token_response')).toBe(vector.oauthTokenResponse.signedNode);
    expect(extractRawMember(vector.oauthTokenResponse.body, 'sign')).toBe(JSON.stringify(vector.oauthTokenResponse.sign));
  });

  test('strings with escaped quotes, braces and brackets do not end the member', () => {
    const member = '{"msg":"a \\"}\\" b","x":["]","{",{"y":"}"}],"z":"\\\\","u":"\\u007d","avatar":"https:\\/\\/a.b\\/c"}';
    const json = ` {  "r" : ${member} ,\n"sign":"s"}`;
    expect(extractRawMember(json, 'r')).toBe(member);
    expect(JSON.parse(member)).toEqual(JSON.parse(json).r);
  });

  test('scalars, arrays and whitespace around values', () => {
    const json = '{"n": -1.5e3 ,"t":true,"f" :false,"z":null,"a":[1,[2],{"b":[]}],"s":"x"}';
    expect(extractRawMember(json, 'n')).toBe('-1.5e3');
    expect(extractRawMember(json, 't')).toBe('true');
    expect(extractRawMember(json, 'z')).toBe('null');
    expect(extractRawMember(json, 'a')).toBe('[1,[2],{"b":[]}]');
    expect(extractRawMember(json, 's')).toBe('"x"');
  });

  test('keys are compared decoded, and only at the top level', () => {
    expect(extractRawMember('{"a\\u0062":1}', 'ab')).toBe('1');
    expect(extractRawMember('{"outer":{"inner":1}}', 'inner')).toBeUndefined();
    expect(extractRawMember('{"x":"\\"inner\\":2"}', 'inner')).toBeUndefined();
  });

  test('the last of duplicate members, as JSON.parse keeps', () => {
    expect(extractRawMember('{"r":{"v":1},"r":{"v":2}}', 'r')).toBe('{"v":2}');
  });

  test.each(['', '[]', '"r"', '{}', '{"r":1', '{"r":{"a":1}', '{"r" 1}', '{"r":1,}x', '{"r":1} x', '{"r":"abc}', '{r:1}'])(
    'nothing from %j',
    (json) => {
      expect(extractRawMember(json, 'r')).toBeUndefined();
    },
  );
});

describe('response verification (vector)', () => {
  const body = vector.oauthTokenResponse.body;

  test('a signed answer verifies and gives the member', () => {
    const member = readGatewayResponse(tokenMethod, answer(body), gatewayVerifier);
    expect(member).toEqual(JSON.parse(vector.oauthTokenResponse.signedNode));
  });

  test('spacing outside the member does not matter', () => {
    const spaced = `{ "alipay_system_oauth_token_response" :\n${vector.oauthTokenResponse.signedNode} , "sign" : "${vector.oauthTokenResponse.sign}" }`;
    expect(readGatewayResponse(tokenMethod, answer(spaced), gatewayVerifier).user_id).toBe('2088102150477652');
  });

  test.each([
    ['a changed user_id', body.replace('2088102150477652', '2088102150477653')],
    ['re-serialized member (spaces)', body.replace('"code":"10000"', '"code": "10000"')],
    ['another sign', body.replace(vector.oauthTokenResponse.sign, vector.requestRSA2.sign)],
    ['no sign', body.replace(/,"sign":"[^"]*"/, '')],
    ['a sign that is not base64', body.replace(vector.oauthTokenResponse.sign, '!!!')],
    ['a second member after the signed one', body.replace(/}$/, ',"alipay_system_oauth_token_response":{"user_id":"1","access_token":"x"}}')],
  ])('rejected: %s', async (_name, tampered) => {
    const error = await connectorError(() => readGatewayResponse(tokenMethod, answer(tampered), gatewayVerifier));
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('signature check failed');
  });

  test('the signature type must match (RSA2 sign checked as RSA fails)', async () => {
    const error = await connectorError(() => readGatewayResponse(tokenMethod, answer(body), { ...gatewayVerifier, signType: 'RSA' }));
    expect(error.code).toBe('invalid_response');
  });

  test('without a verifier a tampered answer is accepted', () => {
    const tampered = body.replace('2088102150477652', '2088102150477653');
    expect(readGatewayResponse(tokenMethod, answer(tampered), undefined).user_id).toBe('2088102150477653');
  });
});

describe('response errors', () => {
  const unsigned = (member: string, content: object) => answer(JSON.stringify({ [member]: content, sign: 'x' }));

  test('error_response with isv.code-invalid is social_auth_code_invalid', async () => {
    const error = await connectorError(() =>
      readGatewayResponse(
        tokenMethod,
        unsigned('error_response', { code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid', sub_msg: '授权码code无效' }),
        undefined,
      ),
    );
    expect(error.code).toBe('social_auth_code_invalid');
    expect(error.data).toEqual({ providerCode: '40002', providerMessage: 'Invalid Arguments', subCode: 'isv.code-invalid', subMsg: '授权码code无效' });
  });

  test('code 20001 in the method member is social_access_token_invalid', async () => {
    const error = await connectorError(() =>
      readGatewayResponse(
        'alipay.user.info.share',
        unsigned('alipay_user_info_share_response', { code: '20001', msg: 'Invalid Auth Token', sub_code: 'aop.invalid-auth-token' }),
        undefined,
      ),
    );
    expect(error.code).toBe('social_access_token_invalid');
    expect(error.data).toEqual({ providerCode: '20001', providerMessage: 'Invalid Auth Token', subCode: 'aop.invalid-auth-token' });
  });

  test('other codes are general, with code, message and sub-code; echoed secrets are redacted', async () => {
    const error = await connectorError(() =>
      readGatewayResponse(
        tokenMethod,
        unsigned('error_response', {
          code: '40002',
          msg: 'Invalid Arguments',
          sub_code: 'isv.invalid-signature',
          sub_msg: '验签出错：app_auth_token=t0k&app_id=1&auth_token=secret123&code=abc&method=m&sub_code=x',
        }),
        undefined,
      ),
    );
    expect(error.code).toBe('general');
    expect(error.data).toEqual({
      providerCode: '40002',
      providerMessage: 'Invalid Arguments',
      subCode: 'isv.invalid-signature',
      subMsg: '验签出错：app_auth_token=***&app_id=1&auth_token=***&code=***&method=m&sub_code=x',
    });
    expect(error.message).toBe(
      'Alipay refused alipay.system.oauth.token (40002 / isv.invalid-signature): Invalid Arguments: 验签出错：app_auth_token=***&app_id=1&auth_token=***&code=***&method=m&sub_code=x',
    );
    expect(error.message).not.toContain('secret123');
  });

  test('a method member with code 10000 is success; one without code too', () => {
    expect(readGatewayResponse(tokenMethod, unsigned('alipay_system_oauth_token_response', { code: '10000', user_id: 'u' }), undefined).user_id).toBe('u');
    expect(readGatewayResponse(tokenMethod, unsigned('alipay_system_oauth_token_response', { user_id: 'u' }), undefined).user_id).toBe('u');
  });

  test.each([
    ['not JSON', answer('<html>busy</html>'), 'invalid_response'],
    ['neither member', unsigned('alipay_user_info_share_response', { code: '10000' }), 'invalid_response'],
    ['member not an object', answer('{"alipay_system_oauth_token_response":"x","sign":"s"}'), 'invalid_response'],
    ['code not a string', unsigned('alipay_system_oauth_token_response', { code: 10000 }), 'invalid_response'],
    ['error_response without code', unsigned('error_response', { msg: 'x' }), 'invalid_response'],
    ['HTTP 502', answer('Bad Gateway', 502), 'provider_unavailable'],
    ['HTTP 404', answer('{}', 404), 'invalid_response'],
  ] as const)('%s → %s', async (_name, response, code) => {
    const error = await connectorError(() => readGatewayResponse(tokenMethod, response, undefined));
    expect(error.code).toBe(code);
  });
});

describe('keys', () => {
  const pair = createAlipayAppKeys();
  const derBase64 = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');

  test.each([
    ['PKCS#8 PEM', pair.privateKeyPkcs8Pem],
    ['PKCS#1 PEM', pair.privateKeyPkcs1Pem],
    ['PEM with literal \\n escapes', pair.privateKeyPkcs1Pem.replace(/\n/g, '\\n')],
    ['PEM squashed onto one line', pair.privateKeyPkcs8Pem.replace(/\n/g, ' ')],
    ['PEM with CRLF and surrounding blanks', `\n  ${pair.privateKeyPkcs8Pem.replace(/\n/g, '\r\n')}  \n`],
    ['bare base64 PKCS#8 (Alipay key tool)', derBase64(pair.privateKeyPkcs8Pem)],
    ['bare base64 PKCS#1', derBase64(pair.privateKeyPkcs1Pem)],
  ])('private key: %s', (_name, text) => {
    const read = readRsaKey(text, 'private');
    expect(read?.type).toBe('private');
    const signed = signContent('hello', read!, 'RSA2');
    expect(verifyContent('hello', signed, key(pair.publicKeyPem, 'public'), 'RSA2')).toBe(true);
  });

  test.each([
    ['PEM', pair.publicKeyPem],
    ['bare base64 (as Alipay shows it)', derBase64(pair.publicKeyPem)],
    ['escaped PEM', pair.publicKeyPem.replace(/\n/g, '\\n')],
  ])('public key: %s', (_name, text) => {
    expect(readRsaKey(text, 'public')?.type).toBe('public');
  });

  test.each([
    ['garbage', 'not a key'],
    ['empty', ''],
    ['a public key', pair.publicKeyPem],
    ['a truncated key', pair.privateKeyPkcs8Pem.slice(0, 300) + '\n-----END PRIVATE KEY-----'],
    ['an EC key', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()],
  ])('not a private key: %s', (_name, text) => {
    expect(readRsaKey(text, 'private')).toBeUndefined();
  });

  test('a private key is not accepted as a public key', () => {
    expect(readRsaKey(pair.privateKeyPkcs8Pem, 'public')).toBeUndefined();
  });

  test('invalid_config names the field and never echoes the key', async () => {
    const text = pair.privateKeyPkcs8Pem.slice(0, 200);
    const error = await connectorError(() => rsaKeyOfField('privateKey', text, 'private'));
    expect(error.code).toBe('invalid_config');
    expect(error.message).toBe('Invalid connector config: privateKey: is not a readable RSA private key (PEM, PKCS#1 or PKCS#8, unencrypted)');
    expect(JSON.stringify(error.data)).not.toContain(text.slice(40, 80));
    expect(error.data).toEqual({ issues: [{ path: 'privateKey', message: 'is not a readable RSA private key (PEM, PKCS#1 or PKCS#8, unencrypted)' }] });
  });
});

describe('the fake gateway', () => {
  const appId = '2021000000000001';
  let fake: AlipayFake;
  let config: AlipayGatewayConfig;
  const context = { timeoutMs: 2000 };

  beforeAll(async () => {
    fake = await startAlipayFake({
      apps: [{ appId, publicKeyPem: vector.appPublicKeyPem }],
      gatewayKeys: { privateKeyPem: vector.alipayPrivateKeyPem, publicKeyPem: vector.alipayPublicKeyPem },
    });
    config = { appId, privateKey: vector.appPrivateKeyPem, signType: 'RSA2', gatewayUrl: fake.url, alipayPublicKey: vector.alipayPublicKeyPem };
  });
  afterAll(async () => {
    await fake.close();
  });

  /** Posts a signed token request, with `change` applied to the signed parameters. */
  async function post(change: (params: Record<string, string>) => void, now = new Date()): Promise<Record<string, Record<string, string>>> {
    const params = signedGatewayParams({
      appId,
      method: tokenMethod,
      signType: 'RSA2',
      privateKey: appPrivateKey,
      params: { grant_type: 'authorization_code', code: 'nope' },
      now,
    });
    change(params);
    const response = await fetch(fake.url, { method: 'POST', body: new URLSearchParams(params) });
    return (await response.json()) as Record<string, Record<string, string>>;
  }

  test.each([
    ['no sign', (params: Record<string, string>) => delete params.sign, { code: '40001', sub_code: 'isv.missing-signature' }],
    ['no app_id', (params: Record<string, string>) => delete params.app_id, { code: '40001', sub_code: 'isv.missing-app-id' }],
    ['no timestamp', (params: Record<string, string>) => delete params.timestamp, { code: '40001', sub_code: 'isv.missing-timestamp' }],
    ['no method', (params: Record<string, string>) => delete params.method, { code: '40001', sub_code: 'isv.missing-method' }],
    ['no charset', (params: Record<string, string>) => delete params.charset, { code: '40001', sub_code: 'isv.missing-charset' }],
    ['a bad charset', (params: Record<string, string>) => (params.charset = 'latin1'), { code: '40002', sub_code: 'isv.invalid-charset' }],
    ['ISO timestamp', (params: Record<string, string>) => (params.timestamp = new Date().toISOString()), { code: '40002', sub_code: 'isv.invalid-timestamp' }],
    ['bad sign_type', (params: Record<string, string>) => (params.sign_type = 'RSA3'), { code: '40002', sub_code: 'isv.invalid-signature-type' }],
    ['unknown app', (params: Record<string, string>) => (params.app_id = '2021000000000009'), { code: '40002', sub_code: 'isv.invalid-app-id' }],
    ['a changed parameter', (params: Record<string, string>) => (params.code = 'other'), { code: '40002', sub_code: 'isv.invalid-signature' }],
    ['XML format', (params: Record<string, string>) => (params.format = 'XML'), { code: '40002', sub_code: 'isv.invalid-format' }],
  ])('refuses a request with %s', async (_name, change, expected) => {
    const body = await post(change);
    expect(body.error_response).toMatchObject(expected);
  });

  test('refuses a timestamp in UTC rather than Beijing time', async () => {
    const body = await post((params) => {
      params.timestamp = new Date().toISOString().slice(0, 19).replace('T', ' ');
    });
    expect(body.error_response).toMatchObject({ code: '40002', sub_code: 'isv.invalid-timestamp' });
  });

  test('an unknown code gets Alipay’s real error shape, signed', async () => {
    const body = await post(() => {});
    expect(body.error_response).toEqual({ code: '40002', msg: 'Invalid Arguments', sub_code: 'isv.code-invalid', sub_msg: '授权码code无效' });
    expect(fake.requests.at(-1)?.signatureValid).toBe(true);
  });

  test('answers are signed over the raw member text and escape "/"', async () => {
    const authCode = fake.issueAuthCode({ user_id: '2088000000000001' });
    const tokenMember = await callAlipayGateway(config, { method: tokenMethod, params: { grant_type: 'authorization_code', code: authCode } }, context);
    const response = await fetch(fake.url, {
      method: 'POST',
      body: new URLSearchParams(
        signedGatewayParams({ appId, method: 'alipay.user.info.share', signType: 'RSA2', privateKey: appPrivateKey, params: { auth_token: String(tokenMember.access_token) } }),
      ),
    });
    const text = await response.text();
    // No avatar in this profile; the refresh below checks the escaping with one.
    expect(text.startsWith('{"alipay_user_info_share_response":{"code":"10000","msg":"Success","user_id":"2088000000000001"},"sign":"')).toBe(true);

    const withAvatar = fake.issueAuthCode({ user_id: '2088000000000002', avatar: 'https://tfs.alipayobjects.com/images/a.png' });
    const token2 = await callAlipayGateway(config, { method: tokenMethod, params: { grant_type: 'authorization_code', code: withAvatar } }, context);
    const info = await fetch(fake.url, {
      method: 'POST',
      body: new URLSearchParams(
        signedGatewayParams({ appId, method: 'alipay.user.info.share', signType: 'RSA2', privateKey: appPrivateKey, params: { auth_token: String(token2.access_token) } }),
      ),
    });
    const infoText = await info.text();
    expect(infoText).toContain('"avatar":"https:\\/\\/tfs.alipayobjects.com\\/images\\/a.png"');
    expect(readGatewayResponse('alipay.user.info.share', answer(infoText), gatewayVerifier).avatar).toBe('https://tfs.alipayobjects.com/images/a.png');
  });

  test('refresh_token grant issues new tokens; the old refresh token is spent', async () => {
    const authCode = fake.issueAuthCode({ open_id: '074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5' });
    const first = await callAlipayGateway(config, { method: tokenMethod, params: { grant_type: 'authorization_code', code: authCode } }, context);
    expect(first.open_id).toBe('074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5');
    expect(first.user_id).toBeUndefined();
    const refreshed = await callAlipayGateway(config, { method: tokenMethod, params: { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) } }, context);
    expect(refreshed.access_token).not.toBe(first.access_token);
    const again = await connectorError(() =>
      callAlipayGateway(config, { method: tokenMethod, params: { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) } }, context),
    );
    expect(again.code).toBe('general');
    expect(again.data).toMatchObject({ subCode: 'isv.refresh-token-invalid' });
  });

  test('revokeAllTokens: a revoked token gets 20001 (social_access_token_invalid)', async () => {
    const authCode = fake.issueAuthCode({ user_id: '2088000000000005' });
    const tokenMember = await callAlipayGateway(config, { method: tokenMethod, params: { grant_type: 'authorization_code', code: authCode } }, context);
    const infoCall = { method: 'alipay.user.info.share', params: { auth_token: String(tokenMember.access_token) } };
    expect((await callAlipayGateway(config, infoCall, context)).user_id).toBe('2088000000000005');
    fake.revokeAllTokens();
    const error = await connectorError(() => callAlipayGateway(config, infoCall, context));
    expect(error.code).toBe('social_access_token_invalid');
    expect(error.data).toMatchObject({ providerCode: '20001', subCode: 'aop.invalid-auth-token' });
  });

  test('an unknown method is refused', async () => {
    const error = await connectorError(() => callAlipayGateway(config, { method: 'alipay.trade.pay', params: {} }, context));
    expect(error.code).toBe('general');
    expect(error.data).toMatchObject({ providerCode: '40002', subCode: 'isv.invalid-method' });
  });

  test('a request signed with the wrong key: isv.invalid-signature, the echoed code redacted', async () => {
    const other = createAlipayAppKeys();
    const error = await connectorError(() =>
      callAlipayGateway({ ...config, privateKey: other.privateKeyPkcs8Pem }, { method: tokenMethod, params: { grant_type: 'authorization_code', code: 'c0de' } }, context),
    );
    expect(error.code).toBe('general');
    expect(error.data).toMatchObject({ providerCode: '40002', subCode: 'isv.invalid-signature' });
    expect(error.message).toContain('code=***');
    expect(error.message).not.toContain('c0de');
    expect(fake.requests.at(-1)?.signatureValid).toBe(false);
  });

  test('reset restores the knobs in place and forgets requests', () => {
    const knobs = fake.knobs;
    knobs.delayMs = 999;
    fake.reset();
    expect(knobs.delayMs).toBe(0);
    expect(fake.requests).toEqual([]);
  });
});

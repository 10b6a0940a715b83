import { describe, test, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { ConnectorError, parseConfig } from '../kit.ts';
import type { ConnectorContext, Message, MessageConnector } from '../kit.ts';
import { confidentialKeysOf, formItemsOf } from '../form-items.ts';
import connector from './index.ts';
import { smsEndpoint } from './config.ts';
import type { AliyunSmsConfig } from './config.ts';
import { startAliyunSmsFake } from './aliyun-sms.fake.ts';
import type { AliyunSmsFake } from './aliyun-sms.fake.ts';
import { connectorErrorOf as failure } from '../testing/connector-error-of.ts';

const context: ConnectorContext = { timeoutMs: 2000 };
const templates = [
  { usageType: 'Register', templateCode: 'SMS_100000001' },
  { usageType: 'SignIn', templateCode: 'SMS_100000002' },
  { usageType: 'ForgotPassword', templateCode: 'SMS_100000003' },
  { usageType: 'Generic', templateCode: 'SMS_100000004' },
];

let fake: AliyunSmsFake;
beforeAll(async () => {
  fake = await startAliyunSmsFake({ signNames: ['书店'], templateCodes: templates.map((template) => template.templateCode) });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const sms = connector as MessageConnector<AliyunSmsConfig>;

function rawConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { accessKeyId: fake.accessKeyId, accessKeySecret: fake.accessKeySecret, signName: '书店', templates, endpoint: fake.url, ...overrides };
}
const config = (overrides: Record<string, unknown> = {}) => parseConfig(sms, rawConfig(overrides));
const signIn: Message = { to: '8613800000000', type: 'SignIn', payload: { code: '123456', locale: 'zh-CN' } };
const send = (overrides: Record<string, unknown> = {}, message: Message = signIn, ctx: ConnectorContext = context) =>
  sms.sendMessage(config(overrides), message, ctx);

describe('metadata and form', () => {
  test('metadata', () => {
    expect(connector.type).toBe('Sms');
    const { metadata } = connector;
    expect(metadata).toMatchObject({ id: 'aliyun-sms', target: 'aliyun-sms', platform: null, logoDark: null });
    expect(metadata.name).toEqual({ en: 'Aliyun SMS', es: 'Aliyun SMS', fr: 'Aliyun SMS', 'zh-CN': '阿里云短信服务' });
    expect(Object.keys(metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(metadata.logo).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(metadata.readme).toContain('# Aliyun SMS');
  });

  test('form items derived from the schema', () => {
    const items = formItemsOf(connector.configSchema);
    expect(items.map(({ key, type, required }) => [key, type, required])).toEqual([
      ['accessKeyId', 'Text', true],
      ['accessKeySecret', 'Text', true],
      ['signName', 'Text', true],
      ['templates', 'Json', true],
      ['endpoint', 'Text', false],
    ]);
    expect(confidentialKeysOf(connector.configSchema)).toEqual(['accessKeySecret']);
  });
});

describe('config validation', () => {
  test('a full config parses', () => {
    expect(config({ endpoint: undefined })).toEqual({ accessKeyId: fake.accessKeyId, accessKeySecret: fake.accessKeySecret, signName: '书店', templates });
  });

  test.each(['accessKeyId', 'accessKeySecret', 'signName', 'templates'])('missing %s → invalid_config naming it', (field) => {
    const raw = rawConfig();
    delete raw[field];
    const error = (() => {
      try {
        parseConfig(sms, raw);
      } catch (caught) {
        return caught as ConnectorError;
      }
      throw new Error('expected invalid_config');
    })();
    expect(error.code).toBe('invalid_config');
    expect(error.data).toEqual({ issues: [{ path: field, message: expect.any(String) }] });
  });

  test('templates must cover the four required usage types and name what is missing', () => {
    const withoutRegister = templates.filter((template) => template.usageType !== 'Register');
    expect(() => parseConfig(sms, rawConfig({ templates: withoutRegister }))).toThrow('templates: needs a template for every one of Register, SignIn, ForgotPassword, Generic; missing: Register');
  });

  test('each template needs a templateCode; usage types are checked', () => {
    const blank = templates.map((template) => (template.usageType === 'Generic' ? { usageType: 'Generic', templateCode: ' ' } : template));
    expect(() => parseConfig(sms, rawConfig({ templates: blank }))).toThrow('templates.3.templateCode: is required');
    expect(() => parseConfig(sms, rawConfig({ templates: [...templates, { usageType: 'Login', templateCode: 'SMS_1' }] }))).toThrow('templates.4.usageType');
  });

  test('endpoint: default, override, and URL check', () => {
    expect(smsEndpoint(config({ endpoint: undefined }))).toBe('https://dysmsapi.aliyuncs.com/');
    expect(smsEndpoint(config({ endpoint: '' }))).toBe('https://dysmsapi.aliyuncs.com/');
    expect(smsEndpoint(config({ endpoint: 'https://dysmsapi.ap-southeast-1.aliyuncs.com/' }))).toBe('https://dysmsapi.ap-southeast-1.aliyuncs.com/');
    expect(() => parseConfig(sms, rawConfig({ endpoint: 'dysmsapi.aliyuncs.com' }))).toThrow('endpoint: must be an http(s) URL');
  });
});

describe('sendMessage', () => {
  test('sends SendSms with the SignIn template and the code as TemplateParam', async () => {
    await send();
    expect(fake.messages).toEqual([
      {
        bizId: expect.stringMatching(/^\d+\^0$/),
        requestId: expect.any(String),
        phoneNumbers: '8613800000000',
        signName: '书店',
        templateCode: 'SMS_100000002',
        templateParam: '{"code":"123456"}',
        variables: { code: '123456' },
        regionId: 'cn-hangzhou',
      },
    ]);
    const params = fake.requests[0]!.params;
    expect(Object.keys(params).sort()).toEqual(
      ['AccessKeyId', 'Action', 'Format', 'PhoneNumbers', 'RegionId', 'SignName', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'TemplateCode', 'TemplateParam', 'Timestamp', 'Version'],
    );
    expect(params).toMatchObject({ Action: 'SendSms', Version: '2017-05-25', Format: 'JSON', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0' });
  });

  test('a usage type without a template uses Generic', async () => {
    await send({}, { to: '8613800000001', type: 'BindMfa', payload: { code: '999000' } });
    expect(fake.messages[0]).toMatchObject({ phoneNumbers: '8613800000001', templateCode: 'SMS_100000004', variables: { code: '999000' } });
  });

  test('a leading + is dropped', async () => {
    await send({}, { ...signIn, to: '+14155550100' });
    expect(fake.messages[0]?.phoneNumbers).toBe('14155550100');
  });
});

describe('errors', () => {
  const wrongSecret = 'wrong-secret-2b7e151628';
  const secretFree = (error: ConnectorError) => {
    const text = `${error.message} ${JSON.stringify(error.data ?? {})}`;
    expect(text).not.toContain(wrongSecret);
    expect(text).not.toContain(fake.accessKeySecret);
  };

  test('wrong AccessKey Secret → general, SignatureDoesNotMatch surfaced', async () => {
    const error = await failure(send({ accessKeySecret: wrongSecret }));
    expect(error.code).toBe('general');
    expect(error.message).toMatch(/^Aliyun SMS refused the request: SignatureDoesNotMatch: /);
    expect(error.data).toMatchObject({ providerCode: 'SignatureDoesNotMatch', httpStatus: 400, hostId: 'dysmsapi.aliyuncs.com', requestId: fake.requests[0]?.requestId });
    expect(fake.messages).toEqual([]);
    secretFree(error);
  });

  test('unknown AccessKey ID → InvalidAccessKeyId.NotFound', async () => {
    const error = await failure(send({ accessKeyId: 'LTAI-nobody' }));
    expect(error.code).toBe('general');
    expect(error.message).toBe('Aliyun SMS refused the request: InvalidAccessKeyId.NotFound: Specified access key is not found.');
    secretFree(error);
  });

  test('business errors with HTTP 200: illegal number, unknown signature, unknown template', async () => {
    const illegal = await failure(send({}, { ...signIn, to: 'abc' }));
    expect(illegal.code).toBe('general');
    expect(illegal.message).toBe('Aliyun SMS refused the request: isv.MOBILE_NUMBER_ILLEGAL: Invalid mobile number.');
    expect(illegal.data).toEqual({ providerCode: 'isv.MOBILE_NUMBER_ILLEGAL', providerMessage: 'Invalid mobile number.', requestId: fake.requests[0]?.requestId, httpStatus: 200 });

    expect((await failure(send({ signName: 'Other' }))).data).toMatchObject({ providerCode: 'isv.SMS_SIGNATURE_ILLEGAL' });
    const unknownTemplate = templates.map((template) => (template.usageType === 'SignIn' ? { ...template, templateCode: 'SMS_404' } : template));
    expect((await failure(send({ templates: unknownTemplate }))).data).toMatchObject({ providerCode: 'isv.SMS_TEMPLATE_ILLEGAL' });
    expect(fake.messages).toEqual([]);
  });

  test('isv.BUSINESS_LIMIT_CONTROL and isv.DAY_LIMIT_CONTROL (HTTP 200) → rate_limit_exceeded', async () => {
    fake.failWith({ status: 200, code: 'isv.BUSINESS_LIMIT_CONTROL', message: 'Too many messages to this number.' });
    const error = await failure(send());
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.message).toBe('Aliyun SMS refused the request: isv.BUSINESS_LIMIT_CONTROL: Too many messages to this number.');
    expect(error.data).toMatchObject({ providerCode: 'isv.BUSINESS_LIMIT_CONTROL', providerMessage: 'Too many messages to this number.', httpStatus: 200 });
    fake.failWith({ status: 200, code: 'isv.DAY_LIMIT_CONTROL', message: 'Daily limit reached.' });
    expect((await failure(send())).code).toBe('rate_limit_exceeded');
  });

  test('gateway throttling (HTTP 400 Throttling.User) → rate_limit_exceeded', async () => {
    fake.failWith({ status: 400, code: 'Throttling.User', message: 'Request was denied due to user flow control.' });
    expect((await failure(send())).code).toBe('rate_limit_exceeded');
  });

  test('other provider errors → general with the code and message in data', async () => {
    fake.failWith({ status: 200, code: 'isv.AMOUNT_NOT_ENOUGH', message: 'Account balance is not enough.' });
    const error = await failure(send());
    expect(error.code).toBe('general');
    expect(error.data).toEqual({ providerCode: 'isv.AMOUNT_NOT_ENOUGH', providerMessage: 'Account balance is not enough.', requestId: fake.requests[0]?.requestId, httpStatus: 200 });
    secretFree(error);
  });

  test('timeout → provider_unavailable within the timeout', async () => {
    fake.delayAnswers(3000);
    const started = Date.now();
    const error = await failure(send({}, signIn, { timeoutMs: 200 }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe('Aliyun SMS did not answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('malformed JSON → invalid_response', async () => {
    fake.answerMalformed();
    const error = await failure(send());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toBe('Aliyun SMS answered with something that is not JSON');
  });

  test('an answer without Code → invalid_response', async () => {
    fake.answerMalformed('{"RequestId":"r-1","BizId":"1^0"}');
    const error = await failure(send());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toBe('Aliyun SMS answered with an unexpected shape (at Code)');
  });
});

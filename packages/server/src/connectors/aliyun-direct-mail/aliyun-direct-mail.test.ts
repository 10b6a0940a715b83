import { describe, test, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { ConnectorError, parseConfig } from '../kit.ts';
import type { ConnectorContext, Message, MessageConnector } from '../kit.ts';
import { confidentialKeysOf, formItemsOf } from '../form-items.ts';
import connector from './index.ts';
import { directMailEndpoint, directMailEndpoints } from './config.ts';
import type { AliyunDirectMailConfig } from './config.ts';
import { startAliyunDirectMailFake } from './aliyun-direct-mail.fake.ts';
import type { AliyunDirectMailFake } from './aliyun-direct-mail.fake.ts';
import { connectorErrorOf as failure } from '../testing/connector-error-of.ts';

const sender = 'no-reply@mail.example.com';
const context: ConnectorContext = { timeoutMs: 2000 };
const templates = [
  { usageType: 'Register', subject: 'Welcome, your code is {{code}}', content: '<p>Register with <b>{{code}}</b></p>' },
  { usageType: 'SignIn', subject: 'Sign-in code (Bookstore)', content: '<p>Your sign-in code is <b>{{code}}</b>. It expires in 10 minutes.</p>' },
  { usageType: 'ForgotPassword', subject: 'Reset', content: 'Reset with {{code}}' },
  { usageType: 'Generic', subject: 'Your code', content: 'Generic code {{code}}' },
];

let fake: AliyunDirectMailFake;
beforeAll(async () => {
  fake = await startAliyunDirectMailFake({ verifiedSenders: [sender] });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const email = connector as MessageConnector<AliyunDirectMailConfig>;

function rawConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { accessKeyId: fake.accessKeyId, accessKeySecret: fake.accessKeySecret, accountName: sender, fromAlias: 'Bookstore', endpoint: fake.url, templates, ...overrides };
}
const config = (overrides: Record<string, unknown> = {}) => parseConfig(email, rawConfig(overrides));
const signIn: Message = { to: 'ana@example.com', type: 'SignIn', payload: { code: '123456', locale: 'en' } };
const send = (overrides: Record<string, unknown> = {}, message: Message = signIn, ctx: ConnectorContext = context) =>
  email.sendMessage(config(overrides), message, ctx);

describe('metadata and form', () => {
  test('metadata', () => {
    expect(connector.type).toBe('Email');
    const { metadata } = connector;
    expect(metadata).toMatchObject({ id: 'aliyun-direct-mail', target: 'aliyun-direct-mail', platform: null, logoDark: null });
    expect(metadata.name).toEqual({ en: 'Aliyun Direct Mail', es: 'Aliyun Direct Mail', fr: 'Aliyun Direct Mail', 'zh-CN': '阿里云邮件推送' });
    expect(Object.keys(metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(metadata.logo).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(metadata.readme).toContain('# Aliyun Direct Mail');
  });

  test('form items derived from the schema', () => {
    const items = formItemsOf(connector.configSchema);
    expect(items.map(({ key, type, required }) => [key, type, required])).toEqual([
      ['accessKeyId', 'Text', true],
      ['accessKeySecret', 'Text', true],
      ['accountName', 'Text', true],
      ['fromAlias', 'Text', false],
      ['regionId', 'Select', false],
      ['endpoint', 'Text', false],
      ['templates', 'Json', true],
    ]);
    const region = items.find((item) => item.key === 'regionId');
    expect(region?.defaultValue).toBe('cn-hangzhou');
    expect(region?.selectItems?.map((item) => item.value)).toEqual(['cn-hangzhou', 'ap-southeast-1', 'ap-southeast-2', 'eu-central-1', 'us-east-1']);
    expect(confidentialKeysOf(connector.configSchema)).toEqual(['accessKeySecret']);
  });
});

describe('config validation', () => {
  test('a full config parses; regionId defaults to cn-hangzhou', () => {
    const parsed = config({ endpoint: undefined, fromAlias: undefined });
    expect(parsed).toEqual({ accessKeyId: fake.accessKeyId, accessKeySecret: fake.accessKeySecret, accountName: sender, regionId: 'cn-hangzhou', templates });
  });

  test.each(['accessKeyId', 'accessKeySecret', 'accountName', 'templates'])('missing %s → invalid_config naming it', (field) => {
    const raw = rawConfig();
    delete raw[field];
    const error = (() => {
      try {
        parseConfig(email, raw);
      } catch (caught) {
        return caught as ConnectorError;
      }
      throw new Error('expected invalid_config');
    })();
    expect(error.code).toBe('invalid_config');
    expect(error.data).toEqual({ issues: [{ path: field, message: expect.any(String) }] });
  });

  test('blank required strings are refused', () => {
    expect(() => parseConfig(email, rawConfig({ accessKeyId: '  ' }))).toThrow('accessKeyId: is required');
    expect(() => parseConfig(email, rawConfig({ accountName: '' }))).toThrow('accountName: is required');
  });

  test('a region outside the five is refused', () => {
    expect(() => parseConfig(email, rawConfig({ regionId: 'cn-beijing' }))).toThrow(/^Invalid connector config: regionId: /);
  });

  test('templates must cover Register, SignIn, ForgotPassword, Generic and name what is missing', () => {
    const withoutRegister = templates.filter((template) => template.usageType !== 'Register');
    expect(() => parseConfig(email, rawConfig({ templates: withoutRegister }))).toThrow('templates: needs a template for every one of Register, SignIn, ForgotPassword, Generic; missing: Register');
    const onlyGeneric = templates.filter((template) => template.usageType === 'Generic');
    expect(() => parseConfig(email, rawConfig({ templates: onlyGeneric }))).toThrow('missing: Register, SignIn, ForgotPassword');
  });

  test('each template needs a subject and content', () => {
    const broken = templates.map((template) => (template.usageType === 'SignIn' ? { usageType: 'SignIn', subject: 'x' } : template));
    expect(() => parseConfig(email, rawConfig({ templates: broken }))).toThrow('templates.1.content');
  });

  test('endpoint must be an http(s) URL; empty means unset', () => {
    expect(() => parseConfig(email, rawConfig({ endpoint: 'not a url' }))).toThrow('endpoint: must be an http(s) URL');
    expect(() => parseConfig(email, rawConfig({ endpoint: 'ftp://dm.aliyuncs.com/' }))).toThrow('endpoint: must be an http(s) URL');
    expect(directMailEndpoint(config({ endpoint: '' }))).toBe('https://dm.aliyuncs.com/');
  });
});

describe('region endpoints', () => {
  test.each(Object.entries(directMailEndpoints))('%s → %s', (regionId, endpoint) => {
    expect(directMailEndpoint(config({ regionId, endpoint: undefined }))).toBe(endpoint);
  });

  test('the endpoint override wins over the region', () => {
    expect(directMailEndpoint(config({ regionId: 'eu-central-1', endpoint: 'https://proxy.example.com/dm/' }))).toBe('https://proxy.example.com/dm/');
  });

  test('the region is sent as RegionId', async () => {
    await send({ regionId: 'ap-southeast-2' });
    expect(fake.requests[0]?.params.RegionId).toBe('ap-southeast-2');
    expect(fake.mails[0]?.regionId).toBe('ap-southeast-2');
  });
});

describe('sendMessage', () => {
  test('sends SingleSendMail with the rendered SignIn template', async () => {
    await send();
    expect(fake.mails).toEqual([
      {
        envId: expect.any(String),
        requestId: expect.any(String),
        accountName: sender,
        fromAlias: 'Bookstore',
        toAddress: 'ana@example.com',
        subject: 'Sign-in code (Bookstore)',
        htmlBody: '<p>Your sign-in code is <b>123456</b>. It expires in 10 minutes.</p>',
        textBody: undefined,
        addressType: '1',
        replyToAddress: 'false',
        regionId: 'cn-hangzhou',
      },
    ]);
    const params = fake.requests[0]!.params;
    expect(Object.keys(params).sort()).toEqual(
      ['AccessKeyId', 'AccountName', 'Action', 'AddressType', 'Format', 'FromAlias', 'HtmlBody', 'RegionId', 'ReplyToAddress', 'Signature', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Subject', 'Timestamp', 'ToAddress', 'Version'],
    );
    expect(params).toMatchObject({ Action: 'SingleSendMail', Version: '2015-11-23', Format: 'JSON', SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', AccessKeyId: fake.accessKeyId });
    expect(params.Timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  test('the code also replaces {{code}} in the subject', async () => {
    await send({}, { to: 'bo@example.com', type: 'Register', payload: { code: '654321' } });
    expect(fake.mails[0]).toMatchObject({ toAddress: 'bo@example.com', subject: 'Welcome, your code is 654321', htmlBody: '<p>Register with <b>654321</b></p>' });
  });

  test('a usage type without a template uses Generic', async () => {
    await send({}, { to: 'ana@example.com', type: 'MfaVerification', payload: { code: '000111' } });
    expect(fake.mails[0]).toMatchObject({ subject: 'Your code', htmlBody: 'Generic code 000111' });
  });

  test('no FromAlias parameter when fromAlias is unset or empty', async () => {
    await send({ fromAlias: undefined });
    await send({ fromAlias: '' });
    expect(fake.requests.map((request) => 'FromAlias' in request.params)).toEqual([false, false]);
    expect(fake.mails.map((mail) => mail.fromAlias)).toEqual([undefined, undefined]);
  });

  test('every request has its own nonce', async () => {
    await send();
    await send();
    const [first, second] = fake.requests;
    expect(first?.params.SignatureNonce).not.toBe(second?.params.SignatureNonce);
    expect(fake.mails).toHaveLength(2);
  });
});

describe('errors', () => {
  const wrongSecret = 'wrong-secret-6f1c2a9d';
  const secretFree = (error: ConnectorError) => {
    const text = `${error.message} ${JSON.stringify(error.data ?? {})}`;
    expect(text).not.toContain(wrongSecret);
    expect(text).not.toContain(fake.accessKeySecret);
  };

  test('wrong AccessKey Secret → general, SignatureDoesNotMatch surfaced', async () => {
    const error = await failure(send({ accessKeySecret: wrongSecret }));
    expect(error.code).toBe('general');
    expect(error.message).toMatch(/^Aliyun Direct Mail refused the request: SignatureDoesNotMatch: /);
    expect(error.data).toMatchObject({ providerCode: 'SignatureDoesNotMatch', httpStatus: 400, hostId: 'dm.aliyuncs.com', requestId: fake.requests[0]?.requestId });
    expect(fake.mails).toEqual([]);
    secretFree(error);
  });

  test('unknown AccessKey ID → InvalidAccessKeyId.NotFound', async () => {
    const error = await failure(send({ accessKeyId: 'LTAI-nobody' }));
    expect(error.code).toBe('general');
    expect(error.message).toBe('Aliyun Direct Mail refused the request: InvalidAccessKeyId.NotFound: Specified access key is not found.');
    secretFree(error);
  });

  test('unverified sender → InvalidMailAddress.NotFound', async () => {
    const error = await failure(send({ accountName: 'someone@else.example.com' }));
    expect(error.code).toBe('general');
    expect(error.message).toBe('Aliyun Direct Mail refused the request: InvalidMailAddress.NotFound: The specified mail address is not found.');
    expect(error.data).toMatchObject({ providerCode: 'InvalidMailAddress.NotFound', providerMessage: 'The specified mail address is not found.', httpStatus: 404 });
    secretFree(error);
  });

  test('invalid recipient → InvalidToAddress', async () => {
    const error = await failure(send({}, { ...signIn, to: 'not-an-address' }));
    expect(error.data).toMatchObject({ providerCode: 'InvalidToAddress', providerMessage: 'The specified toAddress is invalid.' });
  });

  test('a provider error code and message reach the admin in data', async () => {
    fake.failWith({ status: 400, code: 'InvalidBody', message: 'The mail body is invalid.' });
    const error = await failure(send());
    expect(error.code).toBe('general');
    expect(error.message).toBe('Aliyun Direct Mail refused the request: InvalidBody: The mail body is invalid.');
    expect(error.data).toEqual({
      providerCode: 'InvalidBody',
      providerMessage: 'The mail body is invalid.',
      requestId: fake.requests[0]?.requestId,
      hostId: 'dm.aliyuncs.com',
      recommend: expect.any(String),
      httpStatus: 400,
    });
    secretFree(error);
  });

  test('throttling → rate_limit_exceeded', async () => {
    fake.failWith({ status: 400, code: 'Throttling.User', message: 'Request was denied due to user flow control.' });
    const error = await failure(send());
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.data).toMatchObject({ providerCode: 'Throttling.User' });
  });

  test('timeout → provider_unavailable within the timeout', async () => {
    fake.delayAnswers(3000);
    const started = Date.now();
    const error = await failure(send({}, signIn, { timeoutMs: 200 }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe('Aliyun Direct Mail did not answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('malformed JSON → invalid_response', async () => {
    fake.answerMalformed();
    const error = await failure(send());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toBe('Aliyun Direct Mail answered with something that is not JSON');
  });

  test('a success answer without EnvId → invalid_response', async () => {
    fake.answerMalformed('{"RequestId":"r-1"}');
    const error = await failure(send());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toBe('Aliyun Direct Mail answered with an unexpected shape (at EnvId)');
  });
});

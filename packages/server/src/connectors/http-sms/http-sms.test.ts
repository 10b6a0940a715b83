import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { MessageConnector } from '../kit.ts';
import { ConnectorError, parseConfig } from '../kit.ts';
import { confidentialKeysOf, formItemsOf } from '../form-items.ts';
import type { HttpMessageFake } from '../http-message/http-message.fake.ts';
import { closedPort, startHttpMessageFake } from '../http-message/http-message.fake.ts';
import { signatureHeader } from '../http-message/signature.ts';
import httpSmsConnector from './index.ts';
import type { HttpSmsConfig } from './config.ts';
import { connectorErrorHiding } from '../testing/connector-error-of.ts';

const connector = httpSmsConnector as MessageConnector<HttpSmsConfig>;
const signingSecret = 'sms-signing-secret-4b7e9a';
const authorization = 'Basic c21zOmh1bnRlcjI=';
const templates = [
  { usageType: 'Register', content: 'Your sign-up code is {{code}}' },
  { usageType: 'SignIn', content: 'Your sign-in code is {{code}}' },
  { usageType: 'ForgotPassword', content: 'Reset code {{code}}' },
  { usageType: 'Generic', content: 'Code {{code}}' },
];

const configFor = (endpoint: string, overrides: Record<string, unknown> = {}) => parseConfig(connector, { endpoint, authorization, signingSecret, ...overrides });

async function failure(send: Promise<void>): Promise<ConnectorError> {
  return connectorErrorHiding(send, [signingSecret, 'c21zOmh1bnRlcjI=']);
}

function issues(raw: Record<string, unknown>): string[] {
  try {
    parseConfig(connector, raw);
  } catch (error) {
    expect((error as ConnectorError).code).toBe('invalid_config');
    return ((error as ConnectorError).data?.issues as { path: string; message: string }[]).map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('the config was accepted');
}

describe('http-sms metadata and config', () => {
  test('metadata and form', () => {
    expect(connector.type).toBe('Sms');
    expect(connector.metadata).toMatchObject({ id: 'http-sms', target: 'http-sms', platform: null, logoDark: null });
    expect(Object.keys(connector.metadata.name).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(Object.keys(connector.metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(connector.metadata.logo.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(connector.metadata.readme).toContain('# HTTP SMS');
    expect(formItemsOf(connector.configSchema).map((item) => `${item.key}:${item.type}:${item.required}`)).toEqual([
      'endpoint:Text:true',
      'authorization:Text:false',
      'signingSecret:Text:false',
      'templates:Json:false',
    ]);
    expect(confidentialKeysOf(connector.configSchema)).toEqual(['authorization', 'signingSecret']);
  });

  test('invalid configs name the field', () => {
    expect(issues({ authorization })).toEqual([expect.stringMatching(/^endpoint:/)]);
    expect(issues({ endpoint: '/relative/path' })).toEqual(['endpoint: must be an http:// or https:// URL']);
    expect(issues({ endpoint: 'https://sms.example.com/', templates: [{ usageType: 'Generic', content: 'Code {{code}}' }] })).toEqual([
      'templates: needs a template for every one of Register, SignIn, ForgotPassword, Generic; missing: Register, SignIn, ForgotPassword',
    ]);
    expect(issues({ endpoint: 'https://sms.example.com/', templates: [...templates, { usageType: 'SignIn', content: 'again' }] })).toEqual([
      'templates: has two templates for usage type "SignIn"',
    ]);
    expect(issues({ endpoint: 'https://sms.example.com/', templates: templates.map((template) => ({ ...template, content: '' })) })).toHaveLength(4);
  });
});

describe('http-sms against a receiver', () => {
  let fake: HttpMessageFake;

  beforeAll(async () => {
    fake = await startHttpMessageFake({ signingSecret, authorization });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await fake.close();
  });

  test('posts to, type and payload, signed and authorized', async () => {
    await connector.sendMessage(configFor(fake.url), { to: '+33612345678', type: 'Register', payload: { code: '123456', locale: 'fr' } }, { timeoutMs: 5000 });
    const [request] = fake.requests;
    expect(request?.accepted).toBe(true);
    expect(request?.signature).toMatchObject({ ok: true });
    expect(request?.headers.authorization).toBe(authorization);
    expect(request?.rawBody).toBe('{"to":"+33612345678","type":"Register","payload":{"code":"123456","locale":"fr"}}');
  });

  test('with templates: the rendered content is added (Generic as fallback)', async () => {
    const config = configFor(fake.url, { templates });
    await connector.sendMessage(config, { to: '+33612345678', type: 'SignIn', payload: { code: '654321' } }, { timeoutMs: 5000 });
    await connector.sendMessage(config, { to: '+33612345678', type: 'MfaVerification', payload: { code: '999999' } }, { timeoutMs: 5000 });
    expect(fake.requests.map((request) => request.body)).toEqual([
      { to: '+33612345678', type: 'SignIn', payload: { code: '654321' }, content: 'Your sign-in code is 654321' },
      { to: '+33612345678', type: 'MfaVerification', payload: { code: '999999' }, content: 'Code 999999' },
    ]);
  });

  test('the receiver fake refuses a replayed (old) or tampered request', async () => {
    const body = '{"to":"+33612345678","type":"Generic","payload":{"code":"1"}}';
    const post = (signature: string, text: string) =>
      fetch(fake.url, { method: 'POST', headers: { authorization, 'content-type': 'application/json', 'signet-signature': signature }, body: text });
    const old = await post(signatureHeader(signingSecret, body, Math.floor(Date.now() / 1000) - 600), body);
    expect(old.status).toBe(401);
    expect(await old.json()).toEqual({ error: 'invalid_signature', reason: 'expired' });
    const tampered = await post(signatureHeader(signingSecret, body), body.replace('"1"', '"2"'));
    expect(await tampered.json()).toEqual({ error: 'invalid_signature', reason: 'mismatch' });
    const fresh = await post(signatureHeader(signingSecret, body), body);
    expect(fresh.status).toBe(200);
    expect(fake.requests.map((request) => request.accepted)).toEqual([false, false, true]);
  });

  test('non-2xx: general with status and answer', async () => {
    fake.knobs.status = 422;
    fake.knobs.body = '{"error":"invalid phone number"}';
    const error = await failure(connector.sendMessage(configFor(fake.url), { to: '+1', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('general');
    expect(error.message).toBe('HTTP SMS endpoint refused the message (HTTP 422): {"error":"invalid phone number"}');
    expect(error.data).toEqual({ status: 422, providerMessage: '{"error":"invalid phone number"}' });
  });

  test('an answer that echoes the Authorization header is redacted', async () => {
    fake.knobs.status = 403;
    fake.knobs.body = `forbidden for ${authorization}`;
    const error = await failure(connector.sendMessage(configFor(fake.url), { to: '+1', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.message).toBe('HTTP SMS endpoint refused the message (HTTP 403): forbidden for [redacted]');
  });

  test('429: rate_limit_exceeded', async () => {
    fake.knobs.status = 429;
    fake.knobs.body = '';
    const error = await failure(connector.sendMessage(configFor(fake.url), { to: '+1', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.message).toBe('HTTP SMS endpoint is rate limiting (HTTP 429)');
    expect(error.data).toEqual({ status: 429, providerMessage: '' });
  });

  test('503: provider_unavailable', async () => {
    fake.knobs.status = 503;
    fake.knobs.body = 'maintenance';
    const error = await failure(connector.sendMessage(configFor(fake.url), { to: '+1', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe('HTTP SMS endpoint is unavailable (HTTP 503): maintenance');
  });

  test('timeout and down: provider_unavailable', async () => {
    fake.knobs.delayMs = 1000;
    const slow = await failure(connector.sendMessage(configFor(fake.url), { to: '+1', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 200 }));
    expect(slow.code).toBe('provider_unavailable');
    expect(slow.message).toBe('HTTP SMS endpoint did not answer within 200 ms');

    const port = await closedPort();
    const down = await failure(connector.sendMessage(configFor(`http://127.0.0.1:${port}/`), { to: '+1', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 2000 }));
    expect(down.code).toBe('provider_unavailable');
    expect(down.message).toBe('HTTP SMS endpoint cannot be reached (ECONNREFUSED)');
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { MessageConnector } from '../kit.ts';
import { ConnectorError, parseConfig } from '../kit.ts';
import { confidentialKeysOf, formItemsOf } from '../form-items.ts';
import type { HttpMessageFake } from '../http-message/http-message.fake.ts';
import { closedPort, startHttpMessageFake } from '../http-message/http-message.fake.ts';
import httpEmailConnector from './index.ts';
import type { HttpEmailConfig } from './config.ts';
import { connectorErrorHiding } from '../testing/connector-error-of.ts';

const connector = httpEmailConnector as MessageConnector<HttpEmailConfig>;
const signingSecret = 'whsec-Zq8v1LmN0pR4sT6u';
const authorization = 'Bearer tok_9f8e7d6c5b4a';
const templates = [
  { usageType: 'Register', subject: 'Welcome {{code}}', content: 'Sign-up code {{code}}' },
  { usageType: 'SignIn', contentType: 'text/html', subject: 'Sign in', content: '<p>Code <b>{{code}}</b> <a href="{{link}}">go</a></p>' },
  { usageType: 'ForgotPassword', subject: 'Reset', content: 'Reset code {{code}}' },
  { usageType: 'Generic', subject: 'Code', content: 'Generic {{code}}' },
];

function rawConfig(endpoint: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { endpoint, authorization, signingSecret, ...overrides };
}
const configFor = (endpoint: string, overrides: Record<string, unknown> = {}) => parseConfig(connector, rawConfig(endpoint, overrides));

async function failure(send: Promise<void>): Promise<ConnectorError> {
  return connectorErrorHiding(send, [signingSecret, 'tok_9f8e7d6c5b4a']);
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

describe('http-email metadata and config', () => {
  test('metadata and form', () => {
    expect(connector.type).toBe('Email');
    expect(connector.metadata).toMatchObject({ id: 'http-email', target: 'http-email', platform: null, logoDark: null });
    expect(Object.keys(connector.metadata.name).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(Object.keys(connector.metadata.description).sort()).toEqual(['en', 'es', 'fr', 'zh-CN']);
    expect(connector.metadata.logo.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(connector.metadata.readme).toContain('Signet-Signature: t=');
    const items = formItemsOf(connector.configSchema).map(({ key, type, required, isConfidential }) => ({ key, type, required, isConfidential }));
    expect(items).toEqual([
      { key: 'endpoint', type: 'Text', required: true, isConfidential: undefined },
      { key: 'authorization', type: 'Text', required: false, isConfidential: true },
      { key: 'signingSecret', type: 'Text', required: false, isConfidential: true },
      { key: 'templates', type: 'Json', required: false, isConfidential: undefined },
    ]);
    expect(confidentialKeysOf(connector.configSchema)).toEqual(['authorization', 'signingSecret']);
  });

  test('only the endpoint is required', () => {
    expect(parseConfig(connector, { endpoint: 'https://hooks.example.com/mail' })).toEqual({ endpoint: 'https://hooks.example.com/mail' });
  });

  test('invalid configs name the field', () => {
    expect(issues({})).toEqual([expect.stringMatching(/^endpoint:/)]);
    expect(issues({ endpoint: 'not a url' })).toEqual(['endpoint: must be an http:// or https:// URL']);
    expect(issues({ endpoint: 'ftp://files.example.com/x' })).toEqual(['endpoint: must be an http:// or https:// URL']);
    expect(issues({ endpoint: 'https://user:pw@hooks.example.com/' })).toEqual(['endpoint: must not contain a user name or password; use the Authorization header field instead']);
    expect(issues(rawConfig('https://hooks.example.com/', { authorization: 'Bearer x\r\nX-Evil: 1' }))).toEqual(['authorization: must be printable ASCII (no line breaks)']);
    expect(issues(rawConfig('https://hooks.example.com/', { signingSecret: 'short' }))).toEqual(['signingSecret: must be at least 16 characters']);
    expect(issues(rawConfig('https://hooks.example.com/', { templates: templates.slice(1, 3) }))).toEqual([
      'templates: needs a template for every one of Register, SignIn, ForgotPassword, Generic; missing: Register, Generic',
    ]);
    expect(issues(rawConfig('https://hooks.example.com/', { templates: [...templates.slice(1), { usageType: 'Register', subject: 's', content: 'c', contentType: 'text/rtf' }] }))).toEqual([
      expect.stringMatching(/^templates\.3\.contentType:/),
    ]);
  });

  test('validation errors do not contain the secrets', () => {
    const list = issues(rawConfig('nope', { authorization: `${authorization}\n`, signingSecret: 123 }));
    expect(list.join(' ')).not.toContain('tok_9f8e7d6c5b4a');
  });
});

describe('http-email against a receiver', () => {
  let fake: HttpMessageFake;

  beforeAll(async () => {
    fake = await startHttpMessageFake({ signingSecret, authorization });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await fake.close();
  });

  test('posts to, type and payload as JSON, signed and authorized', async () => {
    await connector.sendMessage(configFor(fake.url), { to: 'jane@example.com', type: 'SignIn', payload: { code: '123456', locale: 'de' } }, { timeoutMs: 5000 });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/messages');
    expect(request?.accepted).toBe(true);
    expect(request?.signature).toMatchObject({ ok: true });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe(authorization);
    expect(request?.headers['signet-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(request?.rawBody).toBe('{"to":"jane@example.com","type":"SignIn","payload":{"code":"123456","locale":"de"}}');
  });

  test('with templates: the rendered subject, content and content type are added', async () => {
    const config = configFor(fake.url, { templates });
    await connector.sendMessage(config, { to: 'jane@example.com', type: 'SignIn', payload: { code: '654321', link: 'https://a.test/?x=1&y=2' } }, { timeoutMs: 5000 });
    await connector.sendMessage(config, { to: 'jane@example.com', type: 'Register', payload: { code: '111111' } }, { timeoutMs: 5000 });
    await connector.sendMessage(config, { to: 'jane@example.com', type: 'BindMfa', payload: { code: '222222' } }, { timeoutMs: 5000 });
    expect(fake.requests.map((request) => request.body)).toEqual([
      {
        to: 'jane@example.com',
        type: 'SignIn',
        payload: { code: '654321', link: 'https://a.test/?x=1&y=2' },
        subject: 'Sign in',
        content: '<p>Code <b>654321</b> <a href="https://a.test/?x=1&amp;y=2">go</a></p>',
        contentType: 'text/html',
      },
      { to: 'jane@example.com', type: 'Register', payload: { code: '111111' }, subject: 'Welcome 111111', content: 'Sign-up code 111111', contentType: 'text/plain' },
      { to: 'jane@example.com', type: 'BindMfa', payload: { code: '222222' }, subject: 'Code', content: 'Generic 222222', contentType: 'text/plain' },
    ]);
  });

  test('without secret and authorization: no such headers', async () => {
    const open = await startHttpMessageFake();
    try {
      await connector.sendMessage(parseConfig(connector, { endpoint: open.url }), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 });
      expect(open.requests[0]?.headers.authorization).toBeUndefined();
      expect(open.requests[0]?.headers['signet-signature']).toBeUndefined();
    } finally {
      await open.close();
    }
  });

  test.each([200, 201, 202, 204])('HTTP %i is success', async (status) => {
    fake.knobs.status = status;
    fake.knobs.body = status === 204 ? '' : 'queued';
    await expect(connector.sendMessage(configFor(fake.url), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 })).resolves.toBeUndefined();
  });

  test('a wrong signing secret is refused by the receiver: general with the status and answer', async () => {
    const error = await failure(
      connector.sendMessage(configFor(fake.url, { signingSecret: 'another-secret-of-16+' }), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }),
    );
    expect(error.code).toBe('general');
    expect(error.message).toBe('HTTP email endpoint refused the message (HTTP 401): {"error":"invalid_signature","reason":"mismatch"}');
    expect(error.data).toEqual({ status: 401, providerMessage: '{"error":"invalid_signature","reason":"mismatch"}' });
    expect(fake.requests[0]?.accepted).toBe(false);
  });

  test('a wrong authorization is refused by the receiver', async () => {
    const error = await failure(
      connector.sendMessage(configFor(fake.url, { authorization: 'Bearer wrong-token' }), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }),
    );
    expect(error.message).toBe('HTTP email endpoint refused the message (HTTP 401): {"error":"unauthorized"}');
  });

  test('non-2xx: general, answer truncated to 500 characters', async () => {
    fake.knobs.status = 500;
    fake.knobs.body = 'x'.repeat(2000);
    const error = await failure(connector.sendMessage(configFor(fake.url), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('general');
    expect(error.data?.status).toBe(500);
    expect(error.data?.providerMessage).toBe(`${'x'.repeat(499)}…`);
    expect(error.message).toBe(`HTTP email endpoint refused the message (HTTP 500): ${'x'.repeat(499)}…`);
  });

  test('an answer that echoes the secrets is redacted', async () => {
    fake.knobs.status = 400;
    fake.knobs.body = `bad request; you sent Authorization: ${authorization} and secret ${signingSecret}; token tok_9f8e7d6c5b4a`;
    const error = await failure(connector.sendMessage(configFor(fake.url), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.message).toBe('HTTP email endpoint refused the message (HTTP 400): bad request; you sent Authorization: [redacted] and secret [redacted]; token [redacted]');
  });

  test('429: rate_limit_exceeded with Retry-After', async () => {
    fake.knobs.status = 429;
    fake.knobs.body = 'slow down';
    fake.knobs.headers = { 'retry-after': '30' };
    const error = await failure(connector.sendMessage(configFor(fake.url), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.message).toBe('HTTP email endpoint is rate limiting (HTTP 429): slow down');
    expect(error.data).toEqual({ status: 429, providerMessage: 'slow down', retryAfter: '30' });
  });

  test.each([502, 503, 504])('HTTP %i: provider_unavailable', async (status) => {
    fake.knobs.status = status;
    fake.knobs.body = '';
    const error = await failure(connector.sendMessage(configFor(fake.url), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe(`HTTP email endpoint is unavailable (HTTP ${status})`);
  });

  test('a redirect is not followed: general', async () => {
    fake.knobs.status = 308;
    fake.knobs.body = '';
    fake.knobs.headers = { location: 'https://elsewhere.example.com/hook' };
    const error = await failure(connector.sendMessage(configFor(fake.url), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 5000 }));
    expect(error.code).toBe('general');
    expect(error.message).toBe(
      'HTTP email endpoint answered with a redirect (HTTP 308 to https://elsewhere.example.com/hook); redirects are not followed, put the final URL in the config',
    );
    expect(fake.requests).toHaveLength(1);
  });

  test('an answer later than the timeout: provider_unavailable', async () => {
    fake.knobs.delayMs = 1000;
    const started = Date.now();
    const error = await failure(connector.sendMessage(configFor(fake.url), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 200 }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe('HTTP email endpoint did not answer within 200 ms');
    expect(Date.now() - started).toBeLessThan(900);
  });

  test('the receiver hangs up: provider_unavailable', async () => {
    fake.knobs.hangUp = true;
    const error = await failure(connector.sendMessage(configFor(fake.url), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 2000 }));
    expect(error.code).toBe('provider_unavailable');
  });

  test('nothing listens: provider_unavailable', async () => {
    const port = await closedPort();
    const error = await failure(connector.sendMessage(configFor(`http://127.0.0.1:${port}/hook`), { to: 'jane@example.com', type: 'Generic', payload: { code: '1' } }, { timeoutMs: 2000 }));
    expect(error.code).toBe('provider_unavailable');
    expect(error.message).toBe('HTTP email endpoint cannot be reached (ECONNREFUSED)');
  });
});

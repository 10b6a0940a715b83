// Provider connectors through the Management API and the sign-in flow's delivery path, against
// their fake providers on loopback: configs with secrets (masked, kept on PATCH, encrypted at rest),
// test messages that reach the fake with a verified signature, provider errors surfaced to the admin.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorResponse } from '@signet/schemas';
import { apiClient, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { dumpDatabase, expectApiError, send } from '../management/helpers.ts';
import { startAliyunDirectMailFake, type AliyunDirectMailFake } from '../../src/connectors/aliyun-direct-mail/aliyun-direct-mail.fake.ts';
import { maskedValue } from '../../src/domain/connectors/connectors.service.ts';
import { startSmtpFake, type SmtpFake } from '../../src/connectors/smtp/smtp.fake.ts';

const sender = 'no-reply@mail.example.com';
const templates = [
  { usageType: 'Register', subject: 'Welcome to Bookstore', content: '<p>Your registration code is <b>{{code}}</b>.</p>' },
  { usageType: 'SignIn', subject: 'Bookstore sign-in code', content: '<p>Use <b>{{code}}</b> to sign in to Bookstore.</p>' },
  { usageType: 'ForgotPassword', subject: 'Reset your Bookstore password', content: '<p>Reset code: {{code}}</p>' },
  { usageType: 'Generic', subject: 'Your Bookstore code', content: '<p>Your code is {{code}}</p>' },
];

describe('Aliyun Direct Mail through the Management API', () => {
  let instance: TestSignet;
  let api: ReturnType<typeof apiClient>;
  let token: string;
  let fake: AliyunDirectMailFake;

  beforeAll(async () => {
    fake = await startAliyunDirectMailFake({ verifiedSenders: [sender] });
    instance = await startTestSignet({ kind: 'pglite', env: { SIGNET_DEV_OUTBOX: 'false', SIGNET_CONNECTOR_TIMEOUT_MS: '1000' } });
    token = await managementToken(instance.url);
    api = apiClient(instance.url, token);
  });
  afterAll(async () => {
    await instance.close();
    await fake.close();
  });
  beforeEach(async () => {
    fake.reset();
    for (const connector of (await api<ConnectorResponse[]>('GET', '/api/connectors')).body) await api('DELETE', `/api/connectors/${connector.id}`);
  });

  const raw = (method: string, path: string, body?: unknown) => send(instance.url, { method, path, body, token });
  const config = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    accessKeyId: fake.accessKeyId,
    accessKeySecret: fake.accessKeySecret,
    accountName: sender,
    fromAlias: 'Bookstore',
    endpoint: fake.url,
    templates,
    ...overrides,
  });

  it('masks the AccessKey secret, keeps it when the mask is sent back, and stores it encrypted', async () => {
    const created = await api<ConnectorResponse>('POST', '/api/connectors', { connectorId: 'aliyun-direct-mail', config: config() });
    expect(created.status).toBe(201);
    expect(created.body.config.accessKeySecret).toBe(maskedValue);
    expect(created.body.config.accessKeyId).toBe(fake.accessKeyId);
    expect(JSON.stringify(created.body)).not.toContain(fake.accessKeySecret);
    expect(JSON.stringify((await api('GET', '/api/connectors')).body)).not.toContain(fake.accessKeySecret);
    expect(JSON.stringify([...(await dumpDatabase(instance)).values()])).not.toContain(fake.accessKeySecret);

    // The Console sends the form back as it read it: the mask keeps the stored secret.
    const updated = await api<ConnectorResponse>('PATCH', `/api/connectors/${created.body.id}`, { config: { ...created.body.config, fromAlias: 'Books' } });
    expect(updated.status).toBe(200);
    expect(updated.body.config).toMatchObject({ fromAlias: 'Books', accessKeySecret: maskedValue });

    await instance.signet.services.connectors.sendMessage('Email', { to: 'reader@example.com', type: 'SignIn', payload: { code: '493817' } });
    expect(fake.mails).toHaveLength(1);
    expect(fake.mails[0]).toMatchObject({ accountName: sender, fromAlias: 'Books', toAddress: 'reader@example.com', subject: 'Bookstore sign-in code' });
    expect(fake.mails[0]!.htmlBody).toBe('<p>Use <b>493817</b> to sign in to Bookstore.</p>');
  });

  it('sends a real SignIn code through the email connector in use, signed as Aliyun checks it', async () => {
    await api('POST', '/api/connectors', { connectorId: 'aliyun-direct-mail', config: config() });
    await instance.signet.services.connectors.sendMessage('Email', { to: 'ana@example.com', type: 'SignIn', payload: { code: '120934', locale: 'en' } });
    expect(fake.requests.map((request) => request.outcome)).toEqual(['accepted']);
    expect(fake.mails[0]).toMatchObject({ subject: 'Bookstore sign-in code', htmlBody: '<p>Use <b>120934</b> to sign in to Bookstore.</p>', toAddress: 'ana@example.com' });
  });

  it('test-sends a Generic message with the unsaved config, or answers with Aliyun\'s error', async () => {
    const ok = await raw('POST', '/api/connectors/aliyun-direct-mail/test', { email: 'admin@example.com', config: config() });
    expect(ok.status).toBe(204);
    expect(fake.mails).toHaveLength(1);
    expect(fake.mails[0]!.subject).toBe('Your Bookstore code');
    expect(fake.mails[0]!.htmlBody).toMatch(/^<p>Your code is \d{6}<\/p>$/);
    expect((await api<ConnectorResponse[]>('GET', '/api/connectors')).body).toEqual([]);

    const wrongSecret = await raw('POST', '/api/connectors/aliyun-direct-mail/test', { email: 'admin@example.com', config: config({ accessKeySecret: 'not-the-secret' }) });
    expectApiError(wrongSecret, 400, 'connector.general');
    expect(wrongSecret.json).toMatchObject({ data: { providerCode: 'SignatureDoesNotMatch' } });
    expect(wrongSecret.text).not.toContain('not-the-secret');

    const unverified = await raw('POST', '/api/connectors/aliyun-direct-mail/test', { email: 'admin@example.com', config: config({ accountName: 'someone@else.example' }) });
    expectApiError(unverified, 400, 'connector.general');
    expect(unverified.json).toMatchObject({ data: { providerCode: 'InvalidMailAddress.NotFound' } });

    fake.delayAnswers(3000);
    const slow = await raw('POST', '/api/connectors/aliyun-direct-mail/test', { email: 'admin@example.com', config: config() });
    expectApiError(slow, 504, 'connector.provider_unavailable');
    fake.reset();

    // Testing an edit of the saved connector: the mask stands for the stored secret.
    await api('POST', '/api/connectors', { connectorId: 'aliyun-direct-mail', config: config() });
    const edited = await raw('POST', '/api/connectors/aliyun-direct-mail/test', { email: 'admin@example.com', config: config({ accessKeySecret: maskedValue }) });
    expect(edited.status).toBe(204);
  }, 20_000);

  it('refuses each missing required field, a bad region and templates without the required usage types', async () => {
    for (const field of ['accessKeyId', 'accessKeySecret', 'accountName', 'templates']) {
      const { [field]: _omitted, ...rest } = config();
      const response = await raw('POST', '/api/connectors', { connectorId: 'aliyun-direct-mail', config: rest });
      expectApiError(response, 400, 'connector.invalid_config', field);
      expect((response.json as { message: string }).message).toContain(field);
    }
    const region = await raw('POST', '/api/connectors', { connectorId: 'aliyun-direct-mail', config: config({ regionId: 'mars-1' }) });
    expectApiError(region, 400, 'connector.invalid_config');
    expect((region.json as { message: string }).message).toContain('regionId');
    const partial = await raw('POST', '/api/connectors', { connectorId: 'aliyun-direct-mail', config: config({ templates: templates.slice(1, 2) }) });
    expectApiError(partial, 400, 'connector.invalid_config');
    expect((partial.json as { message: string }).message).toContain('missing: Register, ForgotPassword, Generic');
    // A mask with nothing stored behind it is not a value.
    expectApiError(await raw('POST', '/api/connectors', { connectorId: 'aliyun-direct-mail', config: config({ accessKeySecret: maskedValue }) }), 400, 'connector.invalid_config');
    expect((await api<ConnectorResponse[]>('GET', '/api/connectors')).body).toEqual([]);
  });

  it('has no email delivery when nothing is set up and the dev outbox fallback is off', async () => {
    expect(await instance.signet.services.connectors.canSend('Email')).toBe(false);
    await expect(instance.signet.services.connectors.sendMessage('Email', { to: 'a@b.co', type: 'SignIn', payload: { code: '1' } })).rejects.toMatchObject({ code: 'connector.not_configured' });
  });
});

describe('SMTP through the Management API, against a real SMTP server', () => {
  let instance: TestSignet;
  let api: ReturnType<typeof apiClient>;
  let token: string;
  let server: SmtpFake;

  beforeAll(async () => {
    server = await startSmtpFake({ users: { mailer: 'smtp-pa55word' } });
    instance = await startTestSignet({ kind: 'pglite', env: { SIGNET_DEV_OUTBOX: 'false', SIGNET_CONNECTOR_TIMEOUT_MS: '2000' } });
    token = await managementToken(instance.url);
    api = apiClient(instance.url, token);
  });
  afterAll(async () => {
    await instance.close();
    await server.close();
  });

  const raw = (method: string, path: string, body?: unknown) => send(instance.url, { method, path, body, token });
  const smtpConfig = (pass = 'smtp-pa55word') => ({
    host: server.host,
    port: server.port,
    auth: { user: 'mailer', pass },
    fromEmail: 'Bookstore <no-reply@bookstore.example>',
    templates: templates.map((template) => ({ ...template, contentType: 'text/html' })),
  });

  it('sends a real SignIn code; the received subject and body hold the template text with the code', async () => {
    const created = await api<ConnectorResponse>('POST', '/api/connectors', { connectorId: 'smtp', config: smtpConfig() });
    expect(created.status).toBe(201);
    expect(created.body.config.auth).toBe(maskedValue);
    expect(JSON.stringify(created.body)).not.toContain('smtp-pa55word');

    await instance.signet.services.connectors.sendMessage('Email', { to: 'reader@example.com', type: 'SignIn', payload: { code: '807212' } });
    expect(server.messages).toHaveLength(1);
    const [mail] = server.messages;
    expect(mail!.parsed.subject).toBe('Bookstore sign-in code');
    expect(mail!.parsed.html).toContain('Use <b>807212</b> to sign in to Bookstore.');
    expect(mail!.parsed.to).toMatchObject({ text: 'reader@example.com' });
    await api('DELETE', `/api/connectors/${created.body.id}`);
  });

  it('test-sends with an unsaved config, and reports a rejected login without the password', async () => {
    server.reset();
    const ok = await raw('POST', '/api/connectors/smtp/test', { email: 'admin@example.com', config: smtpConfig() });
    expect(ok.status).toBe(204);
    expect(server.messages[0]!.parsed.subject).toBe('Your Bookstore code');

    const refused = await raw('POST', '/api/connectors/smtp/test', { email: 'admin@example.com', config: smtpConfig('wrong-password-123') });
    expectApiError(refused, 400, 'connector.general');
    expect(refused.text).toMatch(/login/i);
    expect(refused.text).not.toContain('wrong-password-123');
    expect(server.messages).toHaveLength(1);

    for (const field of ['host', 'port', 'fromEmail', 'templates']) {
      const { [field]: _omitted, ...rest } = smtpConfig() as Record<string, unknown>;
      const response = await raw('POST', '/api/connectors', { connectorId: 'smtp', config: rest });
      expectApiError(response, 400, 'connector.invalid_config', field);
      expect((response.json as { message: string }).message).toContain(field);
    }
  });
});

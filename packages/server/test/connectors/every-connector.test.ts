// Every built-in connector through the Management API, table-driven: create with a valid config
// (confidential fields masked on every read, and absent from the database in clear text), update,
// delete; each required field missing gets a 400 that names it; email/SMS connectors send a test
// message with the unsaved config to their fake provider; social connectors refuse a test message.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorFactory, ConnectorResponse } from '@signet/schemas';
import { apiClient, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { dumpDatabase, expectApiError, send } from '../management/helpers.ts';
import { maskedValue } from '../../src/domain/connectors/connectors.service.ts';
import { startAliyunDirectMailFake, type AliyunDirectMailFake } from '../../src/connectors/aliyun-direct-mail/aliyun-direct-mail.fake.ts';
import { startAliyunSmsFake, type AliyunSmsFake } from '../../src/connectors/aliyun-sms/aliyun-sms.fake.ts';
import { startSmtpFake, type SmtpFake } from '../../src/connectors/smtp/smtp.fake.ts';
import { startHttpMessageFake, type HttpMessageFake } from '../../src/connectors/http-message/http-message.fake.ts';
import { createAlipayAppKeys } from '../../src/connectors/alipay-gateway/alipay-gateway.fake.ts';

const usageTypes = ['Register', 'SignIn', 'ForgotPassword', 'Generic'];
const mailTemplates = usageTypes.map((usageType) => ({ usageType, subject: `${usageType} subject`, content: `${usageType} body {{code}}` }));
const signingSecret = 'http-signing-secret-0123456789';
const alipayKey = createAlipayAppKeys().privateKeyPkcs8Pem;
const appleKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

type Fakes = { mail: AliyunDirectMailFake; sms: AliyunSmsFake; smtp: SmtpFake; http: HttpMessageFake };

/** A valid config per factory, the secret values in it, and (email/SMS) what the fake received. */
type Row = {
  config: (fakes: Fakes) => Record<string, unknown>;
  secrets: (fakes: Fakes) => string[];
  received?: (fakes: Fakes) => string[];
};

const rows: Record<string, Row> = {
  'aliyun-direct-mail': {
    config: (f) => ({ accessKeyId: f.mail.accessKeyId, accessKeySecret: f.mail.accessKeySecret, accountName: 'no-reply@mail.example.com', endpoint: f.mail.url, templates: mailTemplates }),
    secrets: (f) => [f.mail.accessKeySecret],
    received: (f) => f.mail.mails.map((mail) => `${mail.toAddress} ${mail.subject} ${mail.htmlBody}`),
  },
  'aliyun-sms': {
    config: (f) => ({
      accessKeyId: f.sms.accessKeyId,
      accessKeySecret: f.sms.accessKeySecret,
      signName: 'Bookstore',
      endpoint: f.sms.url,
      templates: usageTypes.map((usageType, index) => ({ usageType, templateCode: `SMS_10000${index}` })),
    }),
    secrets: (f) => [f.sms.accessKeySecret],
    received: (f) => f.sms.messages.map((message) => `${message.phoneNumbers} ${message.templateCode} ${message.templateParam}`),
  },
  smtp: {
    config: (f) => ({ host: f.smtp.host, port: f.smtp.port, auth: { user: 'mailer', pass: 'smtp-secret-pass' }, fromEmail: 'no-reply@bookstore.example', templates: mailTemplates }),
    secrets: () => ['smtp-secret-pass'],
    received: (f) => f.smtp.messages.map((mail) => `${mail.parsed.to && 'text' in mail.parsed.to ? mail.parsed.to.text : ''} ${mail.parsed.subject} ${mail.parsed.text}`),
  },
  'http-email': {
    config: (f) => ({ endpoint: f.http.url, signingSecret, authorization: 'Bearer http-auth-token' }),
    secrets: () => [signingSecret, 'http-auth-token'],
    received: (f) => f.http.requests.filter((request) => request.accepted).map((request) => JSON.stringify(request.body)),
  },
  'http-sms': {
    config: (f) => ({ endpoint: f.http.url, signingSecret, authorization: 'Bearer http-auth-token' }),
    secrets: () => [signingSecret, 'http-auth-token'],
    received: (f) => f.http.requests.filter((request) => request.accepted).map((request) => JSON.stringify(request.body)),
  },
  'dev-outbox-email': { config: () => ({}), secrets: () => [] },
  'dev-outbox-sms': { config: () => ({}), secrets: () => [] },
  'alipay-native': { config: () => ({ appId: '2021000000000001', privateKey: alipayKey, signType: 'RSA2' }), secrets: () => [alipayKey.split('\n')[1]!] },
  'alipay-web': { config: () => ({ appId: '2021000000000001', privateKey: alipayKey, signType: 'RSA' }), secrets: () => [alipayKey.split('\n')[1]!] },
  oidc: { config: () => ({ issuer: 'https://id.example.com', clientId: 'signet', clientSecret: 'oidc-client-secret' }), secrets: () => ['oidc-client-secret'] },
  oauth2: {
    config: () => ({
      authorizationEndpoint: 'https://auth.example.com/authorize',
      tokenEndpoint: 'https://auth.example.com/token',
      userInfoEndpoint: 'https://auth.example.com/userinfo',
      clientId: 'signet',
      clientSecret: 'oauth2-client-secret',
    }),
    secrets: () => ['oauth2-client-secret'],
  },
  'github-universal': { config: () => ({ clientId: 'Iv1.abc', clientSecret: 'github-client-secret' }), secrets: () => ['github-client-secret'] },
  'google-universal': { config: () => ({ clientId: 'x.apps.googleusercontent.com', clientSecret: 'google-client-secret' }), secrets: () => ['google-client-secret'] },
  'azuread-universal': { config: () => ({ clientId: '00000000-0000-0000-0000-000000000001', clientSecret: 'azure-client-secret', tenantId: 'common' }), secrets: () => ['azure-client-secret'] },
  'apple-universal': { config: () => ({ clientId: 'com.example.signin', teamId: 'TEAM123456', keyId: 'KEY1234567', privateKey: appleKey }), secrets: () => [appleKey.split('\n')[1]!] },
};

describe('every connector through the Management API', () => {
  let instance: TestSignet;
  let token: string;
  let api: ReturnType<typeof apiClient>;
  let factories: ConnectorFactory[];
  let fakes: Fakes;

  beforeAll(async () => {
    fakes = {
      mail: await startAliyunDirectMailFake(),
      sms: await startAliyunSmsFake({ signNames: ['Bookstore'] }),
      smtp: await startSmtpFake({ users: { mailer: 'smtp-secret-pass' } }),
      http: await startHttpMessageFake({ signingSecret, authorization: 'Bearer http-auth-token' }),
    };
    instance = await startTestSignet({ kind: 'pglite', env: { SIGNET_CONNECTOR_TIMEOUT_MS: '3000' } });
    token = await managementToken(instance.url);
    api = apiClient(instance.url, token);
    factories = (await api<ConnectorFactory[]>('GET', '/api/connector-factories')).body;
  });
  afterAll(async () => {
    await instance.close();
    await Promise.all(Object.values(fakes).map((fake) => fake.close()));
  });

  const raw = (method: string, path: string, body?: unknown) => send(instance.url, { method, path, body, token });

  it('has a row for every factory', () => {
    expect(factories.map((factory) => factory.id).toSorted()).toEqual(Object.keys(rows).toSorted());
  });

  it.each(Object.keys(rows))('%s: create, read masked, update, delete', async (factoryId) => {
    const row = rows[factoryId]!;
    const factory = factories.find((item) => item.id === factoryId)!;
    const config = row.config(fakes);
    const created = await api<ConnectorResponse>('POST', '/api/connectors', { connectorId: factoryId, config });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const confidential = factory.formItems.filter((item) => item.isConfidential && config[item.key] !== undefined).map((item) => item.key);
    for (const key of confidential) expect(created.body.config[key], key).toBe(maskedValue);
    const read = await api<ConnectorResponse>('GET', `/api/connectors/${created.body.id}`);
    for (const secret of row.secrets(fakes)) {
      expect(JSON.stringify(created.body)).not.toContain(secret);
      expect(JSON.stringify(read.body)).not.toContain(secret);
    }
    const stored = JSON.stringify([...(await dumpDatabase(instance)).values()]);
    for (const secret of row.secrets(fakes)) expect(stored).not.toContain(secret);

    // Saved back as read (masks and all), with one change.
    const updated = await api<ConnectorResponse>('PATCH', `/api/connectors/${created.body.id}`, { config: read.body.config, metadata: { name: { en: 'Renamed' } } });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.name.en).toBe('Renamed');
    expect(updated.body.config).toEqual(read.body.config);

    expect((await api('DELETE', `/api/connectors/${created.body.id}`)).status).toBe(204);
    expectApiError(await raw('GET', `/api/connectors/${created.body.id}`), 404, 'entity.not_found');
  });

  it.each(Object.keys(rows))('%s: each required field missing is refused, naming the field', async (factoryId) => {
    const factory = factories.find((item) => item.id === factoryId)!;
    const config = rows[factoryId]!.config(fakes);
    for (const item of factory.formItems.filter((formItem) => formItem.required)) {
      const { [item.key]: _missing, ...rest } = config;
      const response = await raw('POST', '/api/connectors', { connectorId: factoryId, config: rest });
      expectApiError(response, 400, 'connector.invalid_config', `${factoryId}.${item.key}`);
      expect((response.json as { message: string }).message).toContain(item.key);
    }
    for (const item of factory.formItems.filter((formItem) => formItem.type === 'Select')) {
      const response = await raw('POST', '/api/connectors', { connectorId: factoryId, config: { ...config, [item.key]: 'not-an-option' } });
      expectApiError(response, 400, 'connector.invalid_config', `${factoryId}.${item.key}`);
      expect((response.json as { message: string }).message).toContain(item.key);
    }
    expect((await api<ConnectorResponse[]>('GET', '/api/connectors')).body).toEqual([]);
  });

  it('refuses an Alipay appId over 16 characters', async () => {
    for (const factoryId of ['alipay-native', 'alipay-web']) {
      const response = await raw('POST', '/api/connectors', { connectorId: factoryId, config: { ...rows[factoryId]!.config(fakes), appId: '20210000000000012' } });
      expectApiError(response, 400, 'connector.invalid_config');
      expect((response.json as { message: string }).message).toContain('appId');
    }
  });

  it.each(Object.keys(rows).filter((id) => rows[id]!.received))('%s: a test message reaches the provider with the unsaved config', async (factoryId) => {
    const factory = factories.find((item) => item.id === factoryId)!;
    const to = factory.type === 'Email' ? { email: 'admin@example.com' } : { phone: '+8613800000000' };
    const row = rows[factoryId]!;
    const before = row.received!(fakes).length;
    const response = await raw('POST', `/api/connectors/${factoryId}/test`, { ...to, config: row.config(fakes) });
    expect(response.status, response.text).toBe(204);
    const received = row.received!(fakes);
    expect(received).toHaveLength(before + 1);
    expect(received.at(-1)).toContain(factory.type === 'Email' ? 'admin@example.com' : '8613800000000');
    expect(received.at(-1)).toMatch(/\d{6}/);
    expect((await api<ConnectorResponse[]>('GET', '/api/connectors')).body).toEqual([]);
  });

  it('social connectors cannot send test messages', async () => {
    for (const factory of factories.filter((item) => item.type === 'Social')) {
      const response = await raw('POST', `/api/connectors/${factory.id}/test`, { email: 'admin@example.com', config: rows[factory.id]!.config(fakes) });
      expectApiError(response, 400, 'connector.not_implemented', factory.id);
    }
  });

  it('reuses a stored secret for a mask only while the destination is unchanged', async () => {
    const created = await api<ConnectorResponse>('POST', '/api/connectors', { connectorId: 'http-email', config: rows['http-email']!.config(fakes) });
    const elsewhere = { ...created.body.config, endpoint: 'https://attacker.example/collect' };
    const patched = await raw('PATCH', `/api/connectors/${created.body.id}`, { config: elsewhere });
    expectApiError(patched, 400, 'connector.invalid_config');
    expect((patched.json as { message: string }).message).toContain('endpoint');
    const tested = await raw('POST', '/api/connectors/http-email/test', { email: 'admin@example.com', config: elsewhere });
    expectApiError(tested, 400, 'connector.invalid_config');
    // Given again, the secrets may go to the new place.
    const given = await raw('PATCH', `/api/connectors/${created.body.id}`, { config: { ...rows['http-email']!.config(fakes), endpoint: `${fakes.http.url}/v2` } });
    expect(given.status).toBe(200);
    await api('DELETE', `/api/connectors/${created.body.id}`);
    // An Aliyun config read back without its default region still counts as unchanged.
    const mail = await api<ConnectorResponse>('POST', '/api/connectors', { connectorId: 'aliyun-direct-mail', config: rows['aliyun-direct-mail']!.config(fakes) });
    const { regionId: _region, ...withoutRegion } = mail.body.config;
    expect((await raw('PATCH', `/api/connectors/${mail.body.id}`, { config: withoutRegion })).status).toBe(200);
    await api('DELETE', `/api/connectors/${mail.body.id}`);
  });

  it('keeps the targets of built-in connectors for them', async () => {
    const response = await raw('POST', '/api/connectors', { connectorId: 'oidc', metadata: { target: 'github' }, config: rows.oidc!.config(fakes) });
    expectApiError(response, 400, 'guard.invalid_input');
    expect((response.json as { message: string }).message).toContain('github-universal');
  });

  it('allows one social connector per target and platform', async () => {
    const first = await api<ConnectorResponse>('POST', '/api/connectors', { connectorId: 'alipay-native', config: rows['alipay-native']!.config(fakes) });
    expect(first.status).toBe(201);
    const web = await api<ConnectorResponse>('POST', '/api/connectors', { connectorId: 'alipay-web', config: rows['alipay-web']!.config(fakes) });
    expect(web.status).toBe(201);
    const second = await raw('POST', '/api/connectors', { connectorId: 'alipay-native', config: rows['alipay-native']!.config(fakes) });
    expectApiError(second, 422, 'connector.multiple_instances_not_supported');
    expect((second.json as { data: { existingId: string } }).data.existingId).toBe(first.body.id);
    // Standard connectors may have several instances, one per target.
    const acme = await api('POST', '/api/connectors', { connectorId: 'oidc', metadata: { target: 'acme' }, config: rows.oidc!.config(fakes) });
    const globex = await api('POST', '/api/connectors', { connectorId: 'oidc', metadata: { target: 'globex' }, config: rows.oidc!.config(fakes) });
    expect([acme.status, globex.status]).toEqual([201, 201]);
    expectApiError(await raw('POST', '/api/connectors', { connectorId: 'oidc', metadata: { target: 'acme' }, config: rows.oidc!.config(fakes) }), 422, 'connector.multiple_instances_not_supported');
    // Moving one onto another's target is refused too.
    expectApiError(await raw('PATCH', `/api/connectors/${(globex.body as { id: string }).id}`, { metadata: { target: 'acme' } }), 422, 'connector.multiple_instances_not_supported');
    for (const connector of (await api<ConnectorResponse[]>('GET', '/api/connectors')).body) await api('DELETE', `/api/connectors/${connector.id}`);
  });
});

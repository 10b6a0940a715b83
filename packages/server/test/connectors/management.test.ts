// Connectors through the Management API: factories, create/read/update/delete, config validation
// that names the field, the one-per-type rules (also under concurrent creation), test messages with
// an unsaved config, and the dev outbox. Provider-specific cases live in provider-connectors.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorFactory, ConnectorResponse, OutboxMessage } from '@signet/schemas';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { countRows, expectApiError, send } from '../management/helpers.ts';

describe.each(databaseKinds)('Connectors Management API on %s', (kind) => {
  let instance: TestSignet;
  let token: string;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    token = await managementToken(instance.url);
    api = apiClient(instance.url, token);
  });
  afterAll(() => instance.close());

  const raw = (method: string, path: string, body?: unknown) => send(instance.url, { method, path, body, token });
  const removeAll = async () => {
    for (const connector of (await api<ConnectorResponse[]>('GET', '/api/connectors')).body) {
      expect((await api('DELETE', `/api/connectors/${connector.id}`)).status).toBe(204);
    }
  };

  it('lists every factory with localized metadata, a README and a form derived from its schema', async () => {
    const response = await api<ConnectorFactory[]>('GET', '/api/connector-factories');
    expect(response.status).toBe(200);
    const outbox = response.body.find((factory) => factory.id === 'dev-outbox-email');
    expect(outbox).toMatchObject({ type: 'Email', platform: null, target: 'dev-outbox', isDemo: true });
    for (const factory of response.body) {
      expect(Object.keys(factory.name)).toEqual(expect.arrayContaining(['en', 'es', 'fr', 'zh-CN']));
      expect(Object.keys(factory.description)).toEqual(expect.arrayContaining(['en', 'es', 'fr', 'zh-CN']));
      expect(factory.logo).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(factory.readme.length).toBeGreaterThan(100);
      expect(factory.formItems.length).toBeGreaterThan(0);
    }
    expect(outbox!.formItems).toEqual([expect.objectContaining({ key: 'templates', type: 'Json', required: false })]);
    const one = await api<ConnectorFactory>('GET', '/api/connector-factories/dev-outbox-sms');
    expect(one.body).toMatchObject({ id: 'dev-outbox-sms', type: 'Sms' });
    expectApiError(await raw('GET', '/api/connector-factories/nope'), 404, 'connector.factory_not_found');
  });

  it('creates, reads, updates and deletes a connector', async () => {
    await removeAll();
    const created = await api<ConnectorResponse>('POST', '/api/connectors', { connectorId: 'dev-outbox-email', metadata: { name: { en: 'Local mail' } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ connectorId: 'dev-outbox-email', type: 'Email', syncProfile: false, name: { en: 'Local mail', fr: 'Local mail' } });
    expect(created.body.id).toMatch(/^[a-z0-9]{12}$/);
    // Defaults are filled in and stored, so what is read back is what runs.
    expect((created.body.config.templates as unknown[]).length).toBe(4);

    const read = await api<ConnectorResponse>('GET', `/api/connectors/${created.body.id}`);
    expect(read.body).toEqual(created.body);
    expect((await api<ConnectorResponse[]>('GET', '/api/connectors')).body.map((item) => item.id)).toEqual([created.body.id]);

    const templates = ['Register', 'SignIn', 'ForgotPassword', 'Generic'].map((usageType) => ({ usageType, subject: `S ${usageType}`, content: `C {{code}} ${usageType}` }));
    const updated = await api<ConnectorResponse>('PATCH', `/api/connectors/${created.body.id}`, { config: { templates }, syncProfile: true });
    expect(updated.status).toBe(200);
    expect(updated.body.config).toEqual({ templates });
    expect(updated.body.syncProfile).toBe(true);
    expect(updated.body.name.en).toBe('Local mail');
    expect(updated.body.updatedAt).toBeGreaterThanOrEqual(created.body.updatedAt);

    expect((await api('DELETE', `/api/connectors/${created.body.id}`)).status).toBe(204);
    expectApiError(await raw('GET', `/api/connectors/${created.body.id}`), 404, 'entity.not_found');
    expectApiError(await raw('DELETE', `/api/connectors/${created.body.id}`), 404, 'entity.not_found');
    expectApiError(await raw('PATCH', `/api/connectors/${created.body.id}`, { syncProfile: true }), 404, 'entity.not_found');
  });

  it('accepts a proposed id, so the callback URI can be registered first', async () => {
    await removeAll();
    const created = await api<ConnectorResponse>('POST', '/api/connectors', { connectorId: 'dev-outbox-sms', id: 'my-sms' });
    expect(created.status).toBe(201);
    expect(created.body.id).toBe('my-sms');
    expectApiError(await raw('POST', '/api/connectors', { connectorId: 'dev-outbox-email', id: 'my-sms' }), 422, 'connector.id_already_exists');
    for (const id of ['My-Id', '', '-x', 'a/b', 'x'.repeat(65)]) {
      expectApiError(await raw('POST', '/api/connectors', { connectorId: 'dev-outbox-email', id }), 400, 'guard.invalid_input', id);
    }
    await removeAll();
  });

  it('refuses unknown factories, unknown fields and invalid configs, naming the field, and writes nothing', async () => {
    await removeAll();
    expectApiError(await raw('POST', '/api/connectors', { connectorId: 'no-such-connector' }), 404, 'connector.factory_not_found');
    expectApiError(await raw('POST', '/api/connectors', { connectorId: 'dev-outbox-email', extra: 1 }), 400, 'guard.invalid_input');
    expectApiError(await raw('POST', '/api/connectors', {}), 400, 'guard.invalid_input');

    const partial = [{ usageType: 'SignIn', subject: 's', content: 'c {{code}}' }];
    const response = await raw('POST', '/api/connectors', { connectorId: 'dev-outbox-email', config: { templates: partial } });
    expectApiError(response, 400, 'connector.invalid_config');
    const body = response.json as { message: string; data: { issues: { path: string; message: string }[] } };
    expect(body.message).toContain('templates');
    expect(body.message).toContain('missing: Register, ForgotPassword, Generic');
    expect(body.data.issues[0]!.path).toBe('templates');

    const badEnum = await raw('POST', '/api/connectors', { connectorId: 'dev-outbox-email', config: { templates: [{ usageType: 'Welcome', subject: 's', content: 'c' }] } });
    expectApiError(badEnum, 400, 'connector.invalid_config');
    expect((badEnum.json as { message: string }).message).toContain('templates.0.usageType');

    expectApiError(await raw('POST', '/api/connectors', { connectorId: 'dev-outbox-email', metadata: { target: 'other' } }), 400, 'guard.invalid_input');
    expect(await countRows(instance, 'connectors')).toBe(0);
  });

  it('allows one email and one SMS connector in use, even when created at the same time', async () => {
    await removeAll();
    const attempts = await Promise.all(Array.from({ length: 6 }, () => raw('POST', '/api/connectors', { connectorId: 'dev-outbox-email' })));
    expect(attempts.filter((response) => response.status === 201)).toHaveLength(1);
    for (const refused of attempts.filter((response) => response.status !== 201)) {
      expectApiError(refused, 422, 'connector.multiple_instances_not_supported');
    }
    const winner = attempts.find((response) => response.status === 201)!.json as ConnectorResponse;
    const again = await raw('POST', '/api/connectors', { connectorId: 'dev-outbox-email' });
    expect((again.json as { message: string; data: { existingId: string } }).data.existingId).toBe(winner.id);
    // SMS is a separate slot.
    expect((await raw('POST', '/api/connectors', { connectorId: 'dev-outbox-sms' })).status).toBe(201);
    expect(await countRows(instance, 'connectors')).toBe(2);
    await removeAll();
  });

  it('sends a Generic test message with an unsaved config, and saves nothing', async () => {
    await removeAll();
    await api('DELETE', '/api/dev-outbox/messages');
    const templates = ['Register', 'SignIn', 'ForgotPassword', 'Generic'].map((usageType) => ({ usageType, subject: `Subject ${usageType}`, content: `Body ${usageType} {{code}}` }));
    const sent = await raw('POST', '/api/connectors/dev-outbox-email/test', { email: 'admin@example.com', config: { templates }, locale: 'fr' });
    expect(sent.status).toBe(204);
    expect(sent.text).toBe('');
    const messages = await api<OutboxMessage[]>('GET', '/api/dev-outbox/messages?to=admin@example.com');
    expect(messages.body).toHaveLength(1);
    const [message] = messages.body;
    expect(message).toMatchObject({ channel: 'Email', to: 'admin@example.com', usageType: 'Generic', subject: 'Subject Generic' });
    expect(message!.payload.code).toMatch(/^\d{6}$/);
    expect(message!.payload.locale).toBe('fr');
    expect(message!.content).toBe(`Body Generic ${message!.payload.code}`);
    expect(await countRows(instance, 'connectors')).toBe(0);

    const sms = await raw('POST', '/api/connectors/dev-outbox-sms/test', { phone: '+1 415 555 0100', config: {} });
    expect(sms.status).toBe(204);
    const smsMessages = await api<OutboxMessage[]>('GET', '/api/dev-outbox/messages?channel=Sms');
    expect(smsMessages.body[0]).toMatchObject({ to: '14155550100', channel: 'Sms' });
    expect(smsMessages.headers.get('total-number')).toBe('1');

    expectApiError(await raw('POST', '/api/connectors/dev-outbox-email/test', { phone: '+14155550100', config: {} }), 400, 'guard.invalid_input');
    expectApiError(await raw('POST', '/api/connectors/dev-outbox-email/test', { email: 'a@b.co', phone: '+14155550100', config: {} }), 400, 'guard.invalid_input');
    expectApiError(await raw('POST', '/api/connectors/dev-outbox-email/test', { email: 'not-an-email', config: {} }), 400, 'guard.invalid_input');
    expectApiError(await raw('POST', '/api/connectors/dev-outbox-email/test', { email: 'a@b.co', config: { templates: [] } }), 400, 'connector.invalid_config');
    expectApiError(await raw('POST', '/api/connectors/nope/test', { email: 'a@b.co', config: {} }), 404, 'connector.factory_not_found');
    expect((await api('DELETE', '/api/dev-outbox/messages')).status).toBe(204);
    expect((await api<OutboxMessage[]>('GET', '/api/dev-outbox/messages')).body).toEqual([]);
  });

  it('needs a Management API token', async () => {
    expectApiError(await send(instance.url, { method: 'GET', path: '/api/connectors' }), 401, 'auth.unauthorized');
    expectApiError(await send(instance.url, { method: 'GET', path: '/api/connector-factories' }), 401, 'auth.unauthorized');
    expectApiError(await send(instance.url, { method: 'GET', path: '/api/dev-outbox/messages' }), 401, 'auth.unauthorized');
  });
});

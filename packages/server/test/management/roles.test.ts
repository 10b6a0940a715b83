// Roles through the Management API: built-ins, create, unique names, delete, type checks on
// assignment, and the effect of an application's roles on the Management API tokens it can get.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Application, Role } from '@signet/schemas';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { clientCredentialsToken, countRows, expectApiError, send } from './helpers.ts';

describe.each(databaseKinds)('Management API roles on %s', (kind) => {
  let instance: TestSignet;
  let token: string;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    token = await managementToken(instance.url);
    api = apiClient(instance.url, token);
  });
  afterAll(() => instance.close());

  const createRole = async (body: Record<string, unknown>) => {
    const response = await api<Role>('POST', '/api/roles', body);
    expect(response.status).toBe(201);
    return response.body;
  };
  const createApp = async (type: string) => {
    const response = await api<Application>('POST', '/api/applications', { name: `${type} app`, type });
    expect(response.status).toBe(201);
    return response.body;
  };

  it('lists the built-in roles', async () => {
    const response = await api<Role[]>('GET', '/api/roles');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'management-api-access', type: 'MachineToMachine', managementScopes: ['all'], isBuiltIn: true }),
        expect.objectContaining({ id: 'admin', type: 'User', managementScopes: ['all'], isBuiltIn: true }),
      ]),
    );
  });

  it('creates roles with defaults and lists them', async () => {
    const before = Date.now();
    const support = await createRole({ name: '  Support  ', description: 'Help desk staff' });
    expect(support).toEqual({
      id: expect.stringMatching(/^[a-z0-9]{16}$/),
      name: 'Support',
      description: 'Help desk staff',
      type: 'User',
      managementScopes: [],
      isBuiltIn: false,
      createdAt: expect.any(Number),
    });
    expect(support.createdAt).toBeGreaterThanOrEqual(before - 5_000);
    const robot = await createRole({ name: 'Robot', type: 'MachineToMachine', managementScopes: ['all'] });
    expect(robot).toMatchObject({ name: 'Robot', description: '', type: 'MachineToMachine', managementScopes: ['all'], isBuiltIn: false });

    const listed = (await api<Role[]>('GET', '/api/roles')).body;
    expect(listed).toEqual(expect.arrayContaining([support, robot]));
  });

  it('refuses a duplicate name, whatever its case: 422 role.name_in_use', async () => {
    await createRole({ name: 'Billing' });
    const before = await countRows(instance, 'roles');
    for (const name of ['Billing', 'billing', ' BILLING ', 'admin']) {
      expectApiError(await send(instance.url, { method: 'POST', path: '/api/roles', token, body: { name } }), 422, 'role.name_in_use', name);
    }
    expect(await countRows(instance, 'roles')).toBe(before);
  });

  it('deletes a custom role, removing it from its holders', async () => {
    const role = await createRole({ name: 'Temporary' });
    const user = await api<{ id: string }>('POST', '/api/users', { username: 'temp_holder' });
    expect((await api('POST', `/api/users/${user.body.id}/roles`, { roleIds: [role.id] })).status).toBe(201);

    const deleted = await send(instance.url, { method: 'DELETE', path: `/api/roles/${role.id}`, token });
    expect(deleted.status).toBe(204);
    expect((await api<Role[]>('GET', '/api/roles')).body.map((listed) => listed.id)).not.toContain(role.id);
    expect((await api<Role[]>('GET', `/api/users/${user.body.id}/roles`)).body).toEqual([]);
    expectApiError(await send(instance.url, { method: 'DELETE', path: `/api/roles/${role.id}`, token }), 404, 'entity.not_found');
  });

  it.each(['management-api-access', 'admin'])('refuses to delete the built-in role %s', async (id) => {
    const response = await send(instance.url, { method: 'DELETE', path: `/api/roles/${id}`, token });
    expectApiError(response, 422, 'role.cannot_delete_built_in');
    expect(await countRows(instance, 'roles', sql`id = ${id}`)).toBe(1);
  });

  describe('type checks', () => {
    it('refuses a User role for an application: 422 role.type_mismatch, nothing assigned', async () => {
      const app = await createApp('MachineToMachine');
      const userRole = await createRole({ name: 'Editors' });
      for (const roleIds of [['admin'], [userRole.id], ['management-api-access', userRole.id]]) {
        const response = await send(instance.url, { method: 'POST', path: `/api/applications/${app.id}/roles`, token, body: { roleIds } });
        expectApiError(response, 422, 'role.type_mismatch', roleIds.join());
      }
      expect((await api<Role[]>('GET', `/api/applications/${app.id}/roles`)).body).toEqual([]);
    });

    it('refuses a MachineToMachine role for a user: 422 role.type_mismatch, nothing assigned', async () => {
      const user = await api<{ id: string }>('POST', '/api/users', { username: 'typed_user' });
      for (const roleIds of [['management-api-access'], ['admin', 'management-api-access']]) {
        expectApiError(
          await send(instance.url, { method: 'POST', path: `/api/users/${user.body.id}/roles`, token, body: { roleIds } }),
          422,
          'role.type_mismatch',
        );
      }
      expect((await api<Role[]>('GET', `/api/users/${user.body.id}/roles`)).body).toEqual([]);
    });

    it.each(['Traditional', 'SPA', 'Native'])('refuses any role for a %s application', async (type) => {
      const app = await createApp(type);
      expectApiError(
        await send(instance.url, { method: 'POST', path: `/api/applications/${app.id}/roles`, token, body: { roleIds: ['management-api-access'] } }),
        422,
        'role.type_mismatch',
      );
      expect(await countRows(instance, 'applications_roles', sql`application_id = ${app.id}`)).toBe(0);
    });
  });

  describe('application roles and Management API tokens', () => {
    it('grants tokens exactly while the application holds a role with scopes', async () => {
      const app = await createApp('MachineToMachine');
      const resource = `${instance.url}/api`;
      const noAccess = await clientCredentialsToken(instance.url, app, { auth: 'basic', resource });
      expect({ status: noAccess.status, error: noAccess.json.error }).toEqual({ status: 400, error: 'invalid_target' });

      const scopeless = await createRole({ name: 'Scopeless robot', type: 'MachineToMachine' });
      expect((await api('POST', `/api/applications/${app.id}/roles`, { roleIds: [scopeless.id] })).status).toBe(201);
      expect((await clientCredentialsToken(instance.url, app, { auth: 'basic', resource })).json.error).toBe('invalid_target');

      const fullAccess = await createRole({ name: 'Full robot', type: 'MachineToMachine', managementScopes: ['all'] });
      const assigned = await api('POST', `/api/applications/${app.id}/roles`, { roleIds: [fullAccess.id] });
      expect(assigned).toMatchObject({ status: 201, body: { roleIds: [fullAccess.id] } });
      const listed = await api<Role[]>('GET', `/api/applications/${app.id}/roles`);
      expect(listed.body.map((role) => role.id).toSorted()).toEqual([scopeless.id, fullAccess.id].toSorted());
      const granted = await clientCredentialsToken(instance.url, app, { auth: 'post', resource });
      expect(granted.status).toBe(200);
      expect(granted.json.scope).toBe('all');
      expect((await send(instance.url, { method: 'GET', path: '/api/roles', token: granted.json.access_token })).status).toBe(200);

      expect((await send(instance.url, { method: 'DELETE', path: `/api/applications/${app.id}/roles/${fullAccess.id}`, token })).status).toBe(204);
      expectApiError(await send(instance.url, { method: 'DELETE', path: `/api/applications/${app.id}/roles/${fullAccess.id}`, token }), 404, 'entity.not_found');
      expect((await clientCredentialsToken(instance.url, app, { auth: 'basic', resource })).json.error).toBe('invalid_target');
    });
  });
});

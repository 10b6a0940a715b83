// Several admins, and never none: the users of a role (listed, added, removed), and the refusal
// (409 user.last_admin) of anything that would leave no active Console admin — taking the admin
// role away through either route, suspending or deleting the last one — also when two requests
// race to remove the last two admins.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Role, User } from '@signet/schemas';
import { queryRows } from '../../src/db/client.ts';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { databaseFingerprint, expectApiError, send } from '../management/helpers.ts';
import type { Api } from '../support/experience-kit.ts';
import { strongPassword } from './console-flow.ts';

describe.each(databaseKinds)('Console admins on %s', (kind) => {
  let instance: TestSignet;
  let api: Api;
  let token: string;
  let serial = 0;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    token = await managementToken(instance.url);
    api = apiClient(instance.url, token);
  });
  afterAll(() => instance.close());
  // Each test starts with no admin at all.
  beforeEach(async () => {
    await instance.database.db.execute(sql`delete from users_roles where role_id = 'admin'`);
  });

  async function createUser(prefix = 'user'): Promise<User> {
    serial += 1;
    const created = await api<User>('POST', '/api/users', { username: `${prefix}_${serial}`, password: strongPassword });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  async function makeAdmins(count: number): Promise<User[]> {
    const users = await Promise.all(Array.from({ length: count }, () => createUser('admin')));
    const added = await api('POST', '/api/roles/admin/users', { userIds: users.map((user) => user.id) });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    return users;
  }

  const activeAdmins = async () => {
    const [row] = await queryRows<{ n: number }>(instance.database.db, sql`
      select count(*)::int as n from users_roles ur join users u on u.tenant_id = ur.tenant_id and u.id = ur.user_id
      where ur.role_id = 'admin' and not u.is_suspended`);
    return Number(row!.n);
  };

  const adminIds = async () => (await api<User[]>('GET', '/api/roles/admin/users?page_size=100')).body.map((user) => user.id).toSorted();

  it('lists, adds and removes the users of a role, with Total-Number and pagination', async () => {
    const [first, second, third] = await makeAdmins(3);
    const listed = await api<User[]>('GET', '/api/roles/admin/users?page_size=2');
    expect(listed.status).toBe(200);
    expect(listed.headers.get('total-number')).toBe('3');
    expect(listed.body).toHaveLength(2);
    const page2 = await api<User[]>('GET', '/api/roles/admin/users?page_size=2&page=2');
    expect(page2.body).toHaveLength(1);
    expect([...listed.body, ...page2.body].map((user) => user.id).toSorted()).toEqual([first!.id, second!.id, third!.id].toSorted());
    expect(JSON.stringify(listed.body)).not.toMatch(/argon2|passwordHash/);

    // Adding again is harmless; removing answers 204, then 404.
    expect((await api('POST', '/api/roles/admin/users', { userIds: [first!.id, first!.id] })).status).toBe(201);
    expect((await api('DELETE', `/api/roles/admin/users/${third!.id}`)).status).toBe(204);
    expectApiError(await send(instance.url, { method: 'DELETE', path: `/api/roles/admin/users/${third!.id}`, token }), 404, 'entity.not_found');
    expect(await adminIds()).toEqual([first!.id, second!.id].toSorted());

    // Any user role works the same way.
    const role = (await api<Role>('POST', '/api/roles', { name: `Editors ${serial}` })).body;
    expect((await api('POST', `/api/roles/${role.id}/users`, { userIds: [third!.id] })).status).toBe(201);
    expect((await api<User[]>('GET', `/api/roles/${role.id}/users`)).body.map((user) => user.id)).toEqual([third!.id]);
    expect((await api('DELETE', `/api/roles/${role.id}/users/${third!.id}`)).status).toBe(204);
  });

  it('adds users all or nothing, to user roles only', async () => {
    const user = await createUser();
    const before = await databaseFingerprint(instance);
    const missing = await send(instance.url, { method: 'POST', path: '/api/roles/admin/users', token, body: { userIds: [user.id, 'no-such-user'] } });
    expectApiError(missing, 404, 'entity.not_found');
    expect((missing.json as { message: string }).message).toContain('no-such-user');
    expectApiError(await send(instance.url, { method: 'POST', path: '/api/roles/management-api-access/users', token, body: { userIds: [user.id] } }), 422, 'role.type_mismatch');
    expectApiError(await send(instance.url, { method: 'POST', path: '/api/roles/no-such-role/users', token, body: { userIds: [user.id] } }), 404, 'entity.not_found');
    expectApiError(await send(instance.url, { method: 'GET', path: '/api/roles/no-such-role/users', token }), 404, 'entity.not_found');
    expect(await databaseFingerprint(instance)).toEqual(before);
  });

  it('refuses to take the admin role from the last active admin, through either route', async () => {
    const [admin] = await makeAdmins(1);
    const before = await databaseFingerprint(instance);
    for (const path of [`/api/roles/admin/users/${admin!.id}`, `/api/users/${admin!.id}/roles/admin`]) {
      const refused = await send(instance.url, { method: 'DELETE', path, token });
      expectApiError(refused, 409, 'user.last_admin', path);
      expect((refused.json as { message: string }).message).toBe(`${admin!.username} is the last Console administrator: add another admin first`);
    }
    expect(await databaseFingerprint(instance)).toEqual(before);

    // With a second admin, either route works.
    const [other] = await makeAdmins(1);
    expect((await api('DELETE', `/api/users/${admin!.id}/roles/admin`)).status).toBe(204);
    expectApiError(await send(instance.url, { method: 'DELETE', path: `/api/roles/admin/users/${other!.id}`, token }), 409, 'user.last_admin');
  });

  it('refuses to suspend or delete the last active admin; a suspended admin does not count', async () => {
    const [first, second] = await makeAdmins(2);
    expect((await api('PATCH', `/api/users/${first!.id}/is-suspended`, { isSuspended: true })).status).toBe(200);
    const before = await databaseFingerprint(instance);
    expectApiError(await send(instance.url, { method: 'PATCH', path: `/api/users/${second!.id}/is-suspended`, token, body: { isSuspended: true } }), 409, 'user.last_admin');
    expectApiError(await send(instance.url, { method: 'DELETE', path: `/api/users/${second!.id}`, token }), 409, 'user.last_admin');
    expectApiError(await send(instance.url, { method: 'DELETE', path: `/api/users/${second!.id}/roles/admin`, token }), 409, 'user.last_admin');
    expect(await databaseFingerprint(instance)).toEqual(before);

    // The suspended admin may go (it was not active), and reinstating is never refused.
    expect((await api('PATCH', `/api/users/${first!.id}/is-suspended`, { isSuspended: false })).status).toBe(200);
    expect((await api('DELETE', `/api/users/${second!.id}`)).status).toBe(204);
    expect(await adminIds()).toEqual([first!.id]);
    // Other users are never affected by the rule.
    const plain = await createUser();
    expect((await api('PATCH', `/api/users/${plain.id}/is-suspended`, { isSuspended: true })).status).toBe(200);
    expect((await api('DELETE', `/api/users/${plain.id}`)).status).toBe(204);
  });

  it('lets one of two concurrent removals of the last two admins through, whatever the route', async () => {
    const removals: [string, (user: User) => { method: string; path: string; body?: unknown }][] = [
      ['role route', (user) => ({ method: 'DELETE', path: `/api/roles/admin/users/${user.id}` })],
      ['user route', (user) => ({ method: 'DELETE', path: `/api/users/${user.id}/roles/admin` })],
      ['suspension', (user) => ({ method: 'PATCH', path: `/api/users/${user.id}/is-suspended`, body: { isSuspended: true } })],
      ['deletion', (user) => ({ method: 'DELETE', path: `/api/users/${user.id}` })],
    ];
    for (const [firstLabel, firstRequest] of removals) {
      for (const [secondLabel, secondRequest] of removals) {
        await instance.database.db.execute(sql`delete from users_roles where role_id = 'admin'`);
        const [a, b] = await makeAdmins(2);
        const answers = await Promise.all([send(instance.url, { ...firstRequest(a!), token }), send(instance.url, { ...secondRequest(b!), token })]);
        const label = `${firstLabel} + ${secondLabel}`;
        const refused = answers.filter((answer) => answer.status === 409);
        expect(refused, label).toHaveLength(1);
        expectApiError(refused[0]!, 409, 'user.last_admin', label);
        expect(answers.filter((answer) => answer.status === 200 || answer.status === 204), label).toHaveLength(1);
        expect(await activeAdmins(), label).toBe(1);
      }
    }
  });
});

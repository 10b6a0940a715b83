// Users through the Management API: CRUD, search and pagination, case-insensitive uniqueness (also
// under concurrent creation), passwords (never returned), suspension, custom data, identities, roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Role, User } from '@signet/schemas';
import { apiClient, databaseKinds, managementToken, startTestSignet, type TestSignet } from '../support/test-signet.ts';
import { queryRows } from '../../src/db/client.ts';
import { countRows, expectApiError, expectNoPasswordMaterial, send } from './helpers.ts';

describe.each(databaseKinds)('Management API users on %s', (kind) => {
  let instance: TestSignet;
  let token: string;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    instance = await startTestSignet({ kind });
    token = await managementToken(instance.url);
    api = apiClient(instance.url, token);
  });
  afterAll(() => instance.close());

  /** Every user answer is checked for password material. */
  async function call<T>(method: string, path: string, body?: unknown) {
    const response = await send<T>(instance.url, { method, path, token, body });
    expectNoPasswordMaterial(response.json);
    return response;
  }

  async function createUser(body: Record<string, unknown>): Promise<User> {
    const response = await call<User>('POST', '/api/users', body);
    expect(response.status).toBe(201);
    return response.json;
  }

  const passwordHashOf = async (id: string) =>
    (await queryRows<{ password_hash: string | null }>(instance.database.db, sql`select password_hash from users where id = ${id}`))[0]?.password_hash;

  describe('create, read, update, delete', () => {
    let alice: User;

    it('creates a user with every field and returns no password or hash', async () => {
      const before = Date.now();
      alice = await createUser({
        username: 'Alice',
        primaryEmail: 'Alice@Example.com',
        primaryPhone: '+1 (415) 555-0100',
        password: 'correct horse battery staple',
        name: 'Alice Liddell',
        avatar: 'https://images.example.com/alice.png',
        profile: { givenName: 'Alice', familyName: 'Liddell', locale: 'en-GB', address: { country: 'GB', locality: 'Oxford' } },
        customData: { plan: 'pro', flags: { beta: true }, tags: ['a', 'b'] },
      });
      expect(alice).toEqual({
        id: expect.stringMatching(/^[a-z0-9]{12}$/),
        username: 'Alice',
        primaryEmail: 'Alice@Example.com',
        primaryPhone: '14155550100',
        name: 'Alice Liddell',
        avatar: 'https://images.example.com/alice.png',
        profile: { givenName: 'Alice', familyName: 'Liddell', locale: 'en-GB', address: { country: 'GB', locality: 'Oxford' } },
        customData: { plan: 'pro', flags: { beta: true }, tags: ['a', 'b'] },
        identities: {},
        hasPassword: true,
        isSuspended: false,
        lastSignInAt: null,
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      });
      expect(alice.createdAt).toBeGreaterThanOrEqual(before - 5_000);
      // Stored as an argon2id hash, never as the password.
      const hash = await passwordHashOf(alice.id);
      expect(hash).toMatch(/^\$argon2id\$/);
      expect(hash).not.toContain('correct horse battery staple');
    });

    it('creates a user with nothing but a username, without a password', async () => {
      const bare = await createUser({ username: 'bare_user' });
      expect(bare).toMatchObject({ username: 'bare_user', primaryEmail: null, primaryPhone: null, name: null, hasPassword: false, profile: {}, customData: {} });
      expect(await passwordHashOf(bare.id)).toBeNull();
    });

    it('stores any valid Unicode exactly (emoji, CJK, RTL, combining marks)', async () => {
      const name = 'Zoë 😀👩‍💻 山田太郎 مرحبا e\u0301';
      const user = await createUser({ name, customData: { [name]: name }, profile: { nickname: '🦄' } });
      expect(user).toMatchObject({ name, customData: { [name]: name }, profile: { nickname: '🦄' } });
      expect((await call<User>('GET', `/api/users/${user.id}`)).json).toEqual(user);
    });

    it('gets a user', async () => {
      const response = await call<User>('GET', `/api/users/${alice.id}`);
      expect(response.status).toBe(200);
      expect(response.json).toEqual(alice);
      expectApiError(await send(instance.url, { method: 'GET', path: '/api/users/no-such-user', token }), 404, 'entity.not_found');
    });

    it('updates a user: identifiers, name, avatar, profile (merged) and customData (replaced)', async () => {
      const response = await call<User>('PATCH', `/api/users/${alice.id}`, {
        username: 'alice_l',
        primaryEmail: 'alice@wonderland.example',
        primaryPhone: '+44 20 7946 0000',
        name: 'Alice L.',
        avatar: null,
        profile: { nickname: 'Al', locale: 'fr-FR' },
        customData: { plan: 'free' },
      });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        ...alice,
        username: 'alice_l',
        primaryEmail: 'alice@wonderland.example',
        primaryPhone: '442079460000',
        name: 'Alice L.',
        avatar: null,
        profile: { givenName: 'Alice', familyName: 'Liddell', locale: 'fr-FR', nickname: 'Al', address: { country: 'GB', locality: 'Oxford' } },
        customData: { plan: 'free' },
        updatedAt: expect.any(Number),
      });
      expect(response.json.updatedAt).toBeGreaterThanOrEqual(alice.updatedAt);
      alice = response.json;
      expect((await call<User>('GET', `/api/users/${alice.id}`)).json).toEqual(alice);

      const cleared = await call<User>('PATCH', `/api/users/${alice.id}`, { primaryPhone: null, name: null });
      expect(cleared.status).toBe(200);
      expect(cleared.json).toMatchObject({ primaryPhone: null, name: null, username: 'alice_l', primaryEmail: 'alice@wonderland.example' });
      alice = cleared.json;
      // The password is untouched by a profile update.
      expect(alice.hasPassword).toBe(true);
    });

    it('deletes a user: 204, then 404; their roles go with them', async () => {
      const doomed = await createUser({ username: 'doomed' });
      // Another admin stays, or deleting the last Console admin would be refused (user.last_admin).
      const keeper = await createUser({ username: 'keeper' });
      expect((await api('POST', `/api/users/${keeper.id}/roles`, { roleIds: ['admin'] })).status).toBe(201);
      expect((await api('POST', `/api/users/${doomed.id}/roles`, { roleIds: ['admin'] })).status).toBe(201);
      const deleted = await send(instance.url, { method: 'DELETE', path: `/api/users/${doomed.id}`, token });
      expect(deleted.status).toBe(204);
      expect(await countRows(instance, 'users', sql`id = ${doomed.id}`)).toBe(0);
      expect(await countRows(instance, 'users_roles', sql`user_id = ${doomed.id}`)).toBe(0);
      expectApiError(await send(instance.url, { method: 'GET', path: `/api/users/${doomed.id}`, token }), 404, 'entity.not_found');
      expectApiError(await send(instance.url, { method: 'DELETE', path: `/api/users/${doomed.id}`, token }), 404, 'entity.not_found');
      expectApiError(await send(instance.url, { method: 'PATCH', path: `/api/users/${doomed.id}`, token, body: { name: 'x' } }), 404, 'entity.not_found');
      // The username is free again.
      expect((await createUser({ username: 'Doomed' })).username).toBe('Doomed');
    });
  });

  describe('uniqueness', () => {
    beforeAll(async () => {
      await createUser({ username: 'Unique_One', primaryEmail: 'Unique.One@Example.com', primaryPhone: '+33 1 23 45 67 89' });
    });

    it.each([
      ['username', { username: 'unique_one' }, 'user.username_already_in_use'],
      ['username', { username: 'UNIQUE_ONE' }, 'user.username_already_in_use'],
      ['email', { primaryEmail: 'unique.one@example.com' }, 'user.email_already_in_use'],
      ['email', { primaryEmail: 'UNIQUE.ONE@EXAMPLE.COM' }, 'user.email_already_in_use'],
      ['phone', { primaryPhone: '33123456789' }, 'user.phone_already_in_use'],
      ['phone', { primaryPhone: '+33 (1) 23-45-67-89' }, 'user.phone_already_in_use'],
    ])('refuses a %s that differs only in case or formatting: %o', async (_what, body, code) => {
      const before = await countRows(instance, 'users');
      expectApiError(await send(instance.url, { method: 'POST', path: '/api/users', token, body: { ...body, name: 'copycat' } }), 422, code);
      expect(await countRows(instance, 'users')).toBe(before);

      const other = await createUser({ name: 'other' });
      expectApiError(await send(instance.url, { method: 'PATCH', path: `/api/users/${other.id}`, token, body: { ...body, name: 'changed' } }), 422, code);
      expect((await call<User>('GET', `/api/users/${other.id}`)).json).toEqual(other);
    });

    it('lets a user change the case of their own username', async () => {
      const user = await createUser({ username: 'case_changer' });
      const response = await call<User>('PATCH', `/api/users/${user.id}`, { username: 'Case_Changer' });
      expect(response.status).toBe(200);
      expect(response.json.username).toBe('Case_Changer');
    });

    it('lets exactly one of two concurrent creations with the same username win', async () => {
      for (const [index, [first, second]] of [
        ['racer_a', 'racer_a'],
        ['Racer_B', 'racer_b'],
        ['racer_c', 'RACER_C'],
      ].entries()) {
        const responses = await Promise.all(
          [first, second].map((username, which) =>
            send<User>(instance.url, { method: 'POST', path: '/api/users', token, body: { username, password: 'a fine password', name: `racer ${index}.${which}` } }),
          ),
        );
        expect(responses.map((response) => response.status).toSorted()).toEqual([201, 422]);
        const loser = responses.find((response) => response.status === 422)!;
        expectApiError(loser, 422, 'user.username_already_in_use');
        expect(await countRows(instance, 'users', sql`lower(username) = ${first!.toLowerCase()}`)).toBe(1);
      }
    });

    it('lets exactly one of two concurrent creations with the same email win', async () => {
      const responses = await Promise.all(
        ['Race@Example.com', 'race@example.com'].map((primaryEmail) =>
          send<User>(instance.url, { method: 'POST', path: '/api/users', token, body: { primaryEmail } }),
        ),
      );
      expect(responses.map((response) => response.status).toSorted()).toEqual([201, 422]);
      expectApiError(responses.find((response) => response.status === 422)!, 422, 'user.email_already_in_use');
      expect(await countRows(instance, 'users', sql`lower(primary_email) = 'race@example.com'`)).toBe(1);
    });
  });

  describe('search and pagination', () => {
    let bob: User;
    let carol: User;

    beforeAll(async () => {
      bob = await createUser({ username: 'search_bob', primaryEmail: 'Bob.Builder@Example.org', primaryPhone: '+44 20 7946 0958', name: 'Robert Builder' });
      carol = await createUser({ username: 'carol', primaryEmail: 'carol@example.net', name: 'Carol Danvers' });
    });

    const search = async (text: string) => {
      const response = await call<User[]>('GET', `/api/users?search=${encodeURIComponent(text)}&page_size=100`);
      expect(response.status).toBe(200);
      expect(response.headers.get('total-number')).toBe(String(response.json.length));
      return response.json.map((user) => user.id).toSorted();
    };

    it('finds users by a case-insensitive substring of username, email, phone, name or id', async () => {
      expect(await search('SEARCH_B')).toEqual([bob.id]); // username
      expect(await search('builder@EXAMPLE')).toEqual([bob.id]); // email
      expect(await search('79460958')).toEqual([bob.id]); // phone
      expect(await search('rOBERT')).toEqual([bob.id]); // name
      expect(await search('example.NET')).toEqual([carol.id]);
      expect(await search('danv')).toEqual([carol.id]);
      expect(await search(carol.id.slice(2, 10).toUpperCase())).toEqual([carol.id]); // id
      expect(await search('no such user anywhere')).toEqual([]);
    });

    it('treats LIKE wildcards in the search text literally', async () => {
      expect(await search('h_b')).toEqual([bob.id]); // "search_bob" holds a literal "h_b"
      expect(await search('c_r')).toEqual([]); // would match "car" if "_" were a wildcard
      expect(await search('%')).toEqual([]);
      expect(await search('\\')).toEqual([]);
    });

    it('pages through users, newest first, with Total-Number', async () => {
      const created: string[] = [];
      for (let index = 0; index < 7; index += 1) created.push((await createUser({ username: `pager_${index}` })).id);
      const seen: User[] = [];
      for (const page of [1, 2, 3]) {
        const response = await call<User[]>('GET', `/api/users?search=pager_&page=${page}&page_size=3`);
        expect(response.status).toBe(200);
        expect(response.headers.get('total-number')).toBe('7');
        expect(response.json.length).toBe(page === 3 ? 1 : 3);
        seen.push(...response.json);
      }
      expect(seen.map((user) => user.id).toSorted()).toEqual(created.toSorted());
      const createdAts = seen.map((user) => user.createdAt);
      expect(createdAts).toEqual(createdAts.toSorted((a, b) => b - a));

      const all = await call<User[]>('GET', '/api/users?page_size=100');
      expect(all.headers.get('total-number')).toBe(String(await countRows(instance, 'users')));
      const empty = await call<User[]>('GET', '/api/users?search=pager_&page=4&page_size=3');
      expect(empty.json).toEqual([]);
      expect(empty.headers.get('total-number')).toBe('7');
    });
  });

  describe('password, suspension, custom data, identities, roles', () => {
    let user: User;

    beforeAll(async () => {
      user = await createUser({ username: 'dana', password: 'first password 1' });
    });

    it('verifies a password: 204 when it matches, 422 when it does not', async () => {
      expect((await call('POST', `/api/users/${user.id}/password/verify`, { password: 'first password 1' })).status).toBe(204);
      expectApiError(await call('POST', `/api/users/${user.id}/password/verify`, { password: 'first password 2' }), 422, 'session.verification_failed');
      expectApiError(await call('POST', `/api/users/${user.id}/password/verify`, { password: '' }), 422, 'session.verification_failed');
    });

    it('sets a new password: the new one verifies, the old one no longer does', async () => {
      const hashBefore = await passwordHashOf(user.id);
      const response = await call<User>('PATCH', `/api/users/${user.id}/password`, { password: 'second password 2' });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ id: user.id, hasPassword: true });
      expect(await passwordHashOf(user.id)).not.toBe(hashBefore);
      expect((await call('POST', `/api/users/${user.id}/password/verify`, { password: 'second password 2' })).status).toBe(204);
      expectApiError(await call('POST', `/api/users/${user.id}/password/verify`, { password: 'first password 1' }), 422, 'session.verification_failed');
    });

    it('gives a user without a password one, and never verifies a password before that', async () => {
      const passwordless = await createUser({ username: 'no_password_yet' });
      expectApiError(await call('POST', `/api/users/${passwordless.id}/password/verify`, { password: 'anything at all' }), 422, 'session.verification_failed');
      const response = await call<User>('PATCH', `/api/users/${passwordless.id}/password`, { password: 'now it has one' });
      expect(response.json.hasPassword).toBe(true);
      expect((await call('POST', `/api/users/${passwordless.id}/password/verify`, { password: 'now it has one' })).status).toBe(204);
    });

    it('refuses a too short password and keeps the old one', async () => {
      const hashBefore = await passwordHashOf(user.id);
      expectApiError(await call('PATCH', `/api/users/${user.id}/password`, { password: 'short' }), 400, 'guard.invalid_input');
      expect(await passwordHashOf(user.id)).toBe(hashBefore);
    });

    it('suspends and reinstates a user; suspension ends their sessions only', async () => {
      const other = await createUser({ username: 'bystander' });
      const session = (accountId: string, id: string) =>
        sql`insert into oidc_model_instances (model_name, id, payload, expires_at)
            values ('Session', ${id}, ${JSON.stringify({ accountId })}::jsonb, now() + interval '1 hour')`;
      await instance.database.db.execute(session(user.id, 'session-of-dana'));
      await instance.database.db.execute(session(other.id, 'session-of-bystander'));

      const suspended = await call<User>('PATCH', `/api/users/${user.id}/is-suspended`, { isSuspended: true });
      expect(suspended.status).toBe(200);
      expect(suspended.json.isSuspended).toBe(true);
      expect((await call<User>('GET', `/api/users/${user.id}`)).json.isSuspended).toBe(true);
      expect(await countRows(instance, 'oidc_model_instances', sql`id = 'session-of-dana'`)).toBe(0);
      expect(await countRows(instance, 'oidc_model_instances', sql`id = 'session-of-bystander'`)).toBe(1);
      const reinstated = await call<User>('PATCH', `/api/users/${user.id}/is-suspended`, { isSuspended: false });
      expect(reinstated.json.isSuspended).toBe(false);
      expect((await call<User>('GET', `/api/users/${user.id}`)).json.isSuspended).toBe(false);
    });

    it('replaces custom data', async () => {
      await call('PATCH', `/api/users/${user.id}`, { customData: { keep: false, old: 1 } });
      const response = await call<Record<string, unknown>>('PATCH', `/api/users/${user.id}/custom-data`, { customData: { theme: 'dark', nested: { list: [1, 2, 3] } } });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ theme: 'dark', nested: { list: [1, 2, 3] } });
      expect((await call<User>('GET', `/api/users/${user.id}`)).json.customData).toEqual({ theme: 'dark', nested: { list: [1, 2, 3] } });
      const emptied = await call('PATCH', `/api/users/${user.id}/custom-data`, { customData: {} });
      expect(emptied.json).toEqual({});
    });

    it('links, replaces and unlinks social identities', async () => {
      const linked = await call('PUT', `/api/users/${user.id}/identities/github`, { socialUserId: '1234', socialIdentity: { login: 'dana' } });
      expect(linked.status).toBe(200);
      expect(linked.json).toEqual({ github: { userId: '1234', details: { login: 'dana' } } });
      const second = await call('PUT', `/api/users/${user.id}/identities/google`, { socialUserId: 'g-99' });
      expect(second.json).toEqual({ github: { userId: '1234', details: { login: 'dana' } }, google: { userId: 'g-99' } });
      const replaced = await call('PUT', `/api/users/${user.id}/identities/github`, { socialUserId: '5678' });
      expect(replaced.json).toEqual({ github: { userId: '5678' }, google: { userId: 'g-99' } });
      expect((await call<User>('GET', `/api/users/${user.id}`)).json.identities).toEqual({ github: { userId: '5678' }, google: { userId: 'g-99' } });

      const unlinked = await call('DELETE', `/api/users/${user.id}/identities/github`);
      expect(unlinked.status).toBe(200);
      expect(unlinked.json).toEqual({ google: { userId: 'g-99' } });
      expectApiError(await call('DELETE', `/api/users/${user.id}/identities/github`), 404, 'user.identity_not_found');
      expect((await call<User>('GET', `/api/users/${user.id}`)).json.identities).toEqual({ google: { userId: 'g-99' } });
    });

    it('refuses linking one social account to two users', async () => {
      const other = (await call<User>('POST', '/api/users', { username: 'identity_twin' })).json;
      expect((await call('PUT', `/api/users/${other.id}/identities/gitlab`, { socialUserId: 'same-account' })).status).toBe(200);
      expectApiError(await call('PUT', `/api/users/${user.id}/identities/gitlab`, { socialUserId: 'same-account' }), 422, 'user.identity_already_in_use');
      expect((await call<User>('GET', `/api/users/${user.id}`)).json.identities).not.toHaveProperty('gitlab');
      // Re-linking to the same user is fine.
      expect((await call('PUT', `/api/users/${other.id}/identities/gitlab`, { socialUserId: 'same-account' })).status).toBe(200);
    });

    it('assigns, lists and removes user roles', async () => {
      expect((await call<Role[]>('GET', `/api/users/${user.id}/roles`)).json).toEqual([]);
      const custom = await call<Role>('POST', '/api/roles', { name: 'Auditor' });
      expect(custom.status).toBe(201);
      const assigned = await call('POST', `/api/users/${user.id}/roles`, { roleIds: ['admin', custom.json.id] });
      expect(assigned.status).toBe(201);
      // Assigning again is harmless.
      expect((await call('POST', `/api/users/${user.id}/roles`, { roleIds: ['admin'] })).status).toBe(201);
      const roles = await call<Role[]>('GET', `/api/users/${user.id}/roles`);
      expect(roles.json.map((role) => role.id).toSorted()).toEqual(['admin', custom.json.id].toSorted());
      expect(roles.json.find((role) => role.id === 'admin')).toMatchObject({ type: 'User', isBuiltIn: true, managementScopes: ['all'] });

      expectApiError(await call('POST', `/api/users/${user.id}/roles`, { roleIds: ['management-api-access'] }), 422, 'role.type_mismatch');
      expectApiError(await call('POST', `/api/users/${user.id}/roles`, { roleIds: ['no-such-role'] }), 404, 'entity.not_found');

      expect((await call('DELETE', `/api/users/${user.id}/roles/admin`)).status).toBe(204);
      expectApiError(await call('DELETE', `/api/users/${user.id}/roles/admin`), 404, 'entity.not_found');
      expect((await call<Role[]>('GET', `/api/users/${user.id}/roles`)).json.map((role) => role.id)).toEqual([custom.json.id]);
      expectApiError(await call('GET', '/api/users/no-such-user/roles'), 404, 'entity.not_found');
    });
  });
});
